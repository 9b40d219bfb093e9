"""Markdown from editors (the ``description`` field) to safe HTML.

Editors may use Markdown for emphasis, lists and links; any raw HTML they type is
sanitized by nh3 (Ammonia) with a small allow-list, so a ``<script>`` in YAML can never
reach a page, and links may only be http(s), mailto or tel.

The parser is markdown-it-py (CommonMark), which works in time linear in the text and
stops nesting at ``MAX_NESTING``: Python-Markdown took quadratic time on runs of ``[``
(15,000 of them: 30 s) and raised RecursionError on ``1. 1. 1. …``. With the model's length
limit, any accepted description renders in well under a second (``benchmarks/description_markdown.py``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
    "code",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
MAX_NESTING = 20
"""Lists and quotes nested deeper than this stay text (markdown-it's own guard against recursion)."""
_MARKDOWN = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING})  # built once
_MARKDOWN.validateLink = lambda url: True  # type: ignore[method-assign]  # every link becomes <a>; nh3 drops an href with a bad scheme
# A second parser with room for more nesting, only to tell whether MAX_NESTING cut a text short: markdown-it
# drops whatever lies past its limit. 40 levels recurse a few hundred frames at most.
_DEEPER = MarkdownIt("commonmark", {"html": True, "maxNesting": 2 * MAX_NESTING})


# Anything Markdown might treat specially, and any line with white space at either end.
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]#>\\<&|~!\t]|^\s*(?:[-+]|\d+[.)])(?:\s|$)|^[=-]+$|^[ \t]|[ \t]$", re.MULTILINE)


def markdown_to_safe_html(text: str) -> str:
    """Render ``text`` as Markdown and sanitize the result (see :func:`render_markdown`).

    Text with no Markdown syntax at all (most descriptions) takes a fast path that gives the
    same HTML: paragraphs split on blank lines, ``"`` and ``'`` left as they are.
    """
    if not _MARKDOWN_SYNTAX.search(text):
        paragraphs = [p for p in re.split(r"\n{2,}", text.strip("\n")) if p]
        return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return render_markdown(text)


def is_nested_too_deep(text: str) -> bool:
    """Whether lists or quotes in ``text`` nest past what :func:`render_markdown` shows (it would drop the rest).

    Such text is refused by the validator (``markdown-too-deep``) rather than published with parts missing.
    """
    if not _MARKDOWN_SYNTAX.search(text):
        return False
    return len(_MARKDOWN.parse(text)) != len(_DEEPER.parse(text))


def render_markdown(text: str) -> str:
    """Render Markdown, then sanitize: only an allow-list of tags, attributes and URL schemes survives.

    Headings are shifted down two levels (``#`` becomes ``h3``) so that they sit under the
    page's own h1 and h2.
    """
    html = _MARKDOWN.render(text)
    for level in (4, 3, 2, 1):
        html = html.replace(f"<h{level}>", f"<h{min(level + 2, 4)}>").replace(
            f"</h{level}>", f"</h{min(level + 2, 4)}>"
        )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()


# What browsers drop from an address before reading it: ASCII whitespace and controls at its ends, and tabs
# and line breaks anywhere in it.
_URL_IGNORED = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$|[\t\n\r]")


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """An ``href`` only with one of ``ALLOWED_SCHEMES``: nh3 checks the scheme of an address that has one, but
    keeps a relative one, and ``//evil.example/b`` (or ``/\\evil.example/b``, which browsers read alike) is an
    address on another site that borrows the page's scheme."""
    if attribute != "href":
        return value
    scheme = urlsplit(_URL_IGNORED.sub("", value)).scheme.lower()
    return value if scheme in ALLOWED_SCHEMES else None


# Letters that show nothing: the Hangul fillers (Unicode's Default_Ignorable_Code_Point letters) and the blank
# braille pattern. Everything else that shows is a letter, a number, a punctuation mark or a symbol; white space,
# controls, format characters (U+200B …) and combining marks on their own show nothing.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def has_visible_character(text: str) -> bool:
    """Whether ``text`` has a character a reader can see (a name made of U+200B or U+3164 has none)."""
    return any(unicodedata.category(char)[0] in "LNPS" and char not in _BLANK_LETTERS for char in text)


_LINK = re.compile(r"<a\b[^>]*\bhref=\"([^\"]*)\"[^>]*>(.*?)</a>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def invisible_links(text: str) -> list[str]:
    """The addresses of the links in Markdown ``text`` whose text, as the page shows it, has no visible character."""
    if "[" not in text and "<" not in text:
        return []
    rendered = markdown_to_safe_html(text)
    return [
        html.unescape(match.group(1))
        for match in _LINK.finditer(rendered)
        if not has_visible_character(html.unescape(_TAG.sub("", match.group(2))))
    ]
