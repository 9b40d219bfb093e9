"""``python -m fangcheng``: the command line."""

from __future__ import annotations

import sys

from fangcheng.cli import run

sys.exit(run())
