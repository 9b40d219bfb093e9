"""Fangcheng: a static, multilingual cultural-heritage microsite generator.

The core (load, model, rules, catalogue) knows nothing about MkDocs; the MkDocs
adapter lives in ``mkdocs_hooks`` so that a future move to another site builder
is one module.
"""

from __future__ import annotations

__version__ = "0.1.0"
