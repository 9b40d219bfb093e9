"""Markdown from editors (the ``description`` field) to safe HTML.

Editors may use Markdown for emphasis, lists and links; any raw HTML they type is
sanitized by nh3 (Ammonia) with a small allow-list, so a ``<script>`` in YAML can never
reach a page, and links may only be http(s), mailto or tel.
"""

from __future__ import annotations

import re

import markdown
import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "h3", "h4", "code", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")  # built once: building is the slow part


# Anything Markdown might treat specially, and any line with white space at either end.
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]#>\\<&|~!\t]|^\s*(?:[-+]\s|\d+[.)]\s)|^[=-]+$|^[ \t]|[ \t]$", re.MULTILINE)


def markdown_to_safe_html(text: str) -> str:
    """Render ``text`` as Markdown and sanitize the result (see :func:`render_markdown`).

    Text with no Markdown syntax at all (most descriptions) takes a fast path that gives the
    same HTML: paragraphs split on blank lines, ``"`` and ``'`` left as they are.
    """
    if not _MARKDOWN_SYNTAX.search(text):
        paragraphs = [p for p in re.split(r"\n{2,}", text.strip("\n")) if p]
        return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return render_markdown(text)


def render_markdown(text: str) -> str:
    """Render Markdown, then sanitize: only an allow-list of tags, attributes and URL schemes survives.

    Headings are shifted down two levels (``#`` becomes ``h3``) so that they sit under the
    page's own h1 and h2.
    """
    html = _MARKDOWN.reset().convert(text)
    for level in (4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 2, 4)}>").replace(f"</h{level}>", f"</h{min(level + 2, 4)}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()
