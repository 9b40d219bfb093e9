"""Fangcheng: a static, multilingual cultural-heritage microsite generator.

The core (load, model, rules, catalogue, render) knows nothing about MkDocs; the
MkDocs plugin is ``plugin`` (with ``site_build``, which runs MkDocs, and ``config``,
which reads mkdocs.yml), and every use of Material's or mkdocs-static-i18n's
internals is in ``compat``.
"""

from __future__ import annotations

__version__ = "0.2.0"
