"""The description's Markdown: nesting and long runs of syntax neither crash nor stall the build."""

from __future__ import annotations

import pytest

from fangcheng.markup import markdown_to_safe_html, render_markdown
from fangcheng.model import DESCRIPTION_CHARS


@pytest.mark.parametrize("unit", ["1. ", "+ ", "> ", "- 1) "])
def test_deeply_nested_lists_and_quotes_do_not_raise(unit: str) -> None:
    """Python-Markdown raised RecursionError on a description of ``1. 1. 1. …`` (a build traceback)."""
    text = unit * (DESCRIPTION_CHARS // len(unit))
    assert markdown_to_safe_html(text).startswith(("<ol>", "<ul>", "<blockquote>"))


@pytest.mark.parametrize("line", ["21)", "3.", "-", "+", "1)\nx"])
def test_a_bare_list_marker_is_markdown_not_the_fast_path(line: str) -> None:
    """CommonMark starts a list at a marker that ends its line; the fast path must not call it a paragraph."""
    assert markdown_to_safe_html(f"text\n\n{line}") == render_markdown(f"text\n\n{line}")


def test_a_link_with_a_bad_scheme_keeps_its_text_and_loses_its_address() -> None:
    html = markdown_to_safe_html("[a](javascript:alert(1)) [b](data:text/html,x) [c](https://example.org)")
    assert "javascript:" not in html and "data:" not in html
    assert html.count("<a ") == 3 and '<a href="https://example.org" rel="noopener noreferrer nofollow">c</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "[b](//evil.example/b)",
        "[b](/\\evil.example/b)",
        "[b]( //evil.example/b)",
        '<a href="//evil.example/b">b</a>',
        "<a href='\t//evil.example/b'>b</a>",
        "[b](/shops/other/)",
        "[b](#top)",
    ],
)
def test_a_link_without_an_allowed_scheme_keeps_its_text_and_loses_its_address(text: str) -> None:
    """``[b](//evil.example/b)`` was kept: an address on another site that borrows the page's scheme, though
    only http(s), mailto and tel are allowed (issue 19, point 6)."""
    html = markdown_to_safe_html(text)
    assert html == '<p><a rel="noopener noreferrer nofollow">b</a></p>'


@pytest.mark.parametrize(
    "href", ["https://example.org/x", "http://example.org/", "mailto:a@example.org", "tel:+86-24-1"]
)
def test_links_with_an_allowed_scheme_stay(href: str) -> None:
    assert f'href="{href}"' in markdown_to_safe_html(f"[b]({href})")
