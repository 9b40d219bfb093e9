"""The preview's problem panel: while content/ (or a template) is broken, every preview page says so.

``./scripts/build`` stops on the first error; the preview instead keeps serving the last good pages
and puts this panel at the top of each one, with every error's file, line and message, until the next
save fixes it. The panel speaks the language of the page it sits on (the Chinese site in Chinese),
unless ``FANGCHENG_LANG`` chooses one for every page. MkDocs-free: the hooks only insert the HTML.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError
from markupsafe import Markup

from fangcheng.codes import Level
from fangcheng.media import MediaError
from fangcheng.problems import Problem, chosen_language
from fangcheng.render import template_location

PANEL_CLASS = "fc-preview-problems"
MAX_ITEMS = 50
_BODY_TAG = re.compile(r"<body\b[^>]*>", re.IGNORECASE)

_TEXT = {
    "zh": {
        "title": "内容有错误，预览暂未更新",
        "lead": (
            "无法读取的条目暂时显示上一次没有错误时的样子，也暂时不出现在列表里。"
            "请修改下面这些地方并保存，预览会自动刷新，这个提示随之消失。"
        ),
        "more": "还有 {count} 个错误，见运行 ./scripts/serve 的终端。",
        "warnings": "另有 {count} 个警告（不影响发布），见 ./scripts/validate。",
        "template": "模板错误",
        "image": "图片无法处理",
    },
    "en": {
        "title": "Content has errors: the preview is not up to date",
        "lead": "An entry that cannot be read shows as it last was without errors, and is left out of lists for now. "
        "Fix these places and save: the preview reloads and this notice goes away.",
        "more": "{count} more errors: see the terminal running ./scripts/serve.",
        "warnings": "Plus {count} warnings (they do not stop publishing): see ./scripts/validate.",
        "template": "template error",
        "image": "image could not be processed",
    },
}


@dataclass(frozen=True)
class PanelItem:
    """One thing to fix: where (``path:line:col``), what kind of problem, and what to do."""

    where: str
    what: str
    message: str


def items_from_problems(problems: Iterable[Problem], lang: str) -> list[PanelItem]:
    """The errors among ``problems`` as panel items, messages in ``lang``."""
    return [
        PanelItem(
            f"{p.path}:{p.line}:{p.col}", f"{p.effective_level.value} {p.code}", " ".join(p.message(lang).split())
        )
        for p in problems
        if p.effective_level is Level.ERROR
    ]


def item_from_error(error: Exception, project: Path, lang: str) -> PanelItem:
    """A template or image error as a panel item, located at the template line (or the image) when known."""
    if isinstance(error, MediaError):
        file, _, detail = str(error).partition(": ")
        return PanelItem(file or "?", _text(lang)["image"], " ".join((detail or str(error)).split()))
    filename, line = template_location(error)
    where = "?"
    if filename:
        path = Path(filename)
        shown = path.relative_to(project) if path.is_absolute() and path.is_relative_to(project) else path
        where = f"{shown.as_posix()}:{line or 1}"
    message = getattr(error, "message", None) or str(error) or type(error).__name__
    if not isinstance(error, TemplateError):
        message = f"{type(error).__name__}: {message}"
    return PanelItem(where, _text(lang)["template"], " ".join(str(message).split()))


def problems_panel(items: list[PanelItem], lang: str, *, warnings: int = 0) -> Markup:
    """The panel's HTML (styled inline, so that it shows whatever the theme's CSS does)."""
    text = _text(lang)
    rows = Markup("").join(
        Markup(
            '<li style="margin:.3em 0"><code style="font-weight:700">{}</code> <span '
            'style="color:#5f1410">{}</span><br>{}</li>'
        ).format(item.where, item.what, item.message)
        for item in items[:MAX_ITEMS]
    )
    extra = Markup("")
    if len(items) > MAX_ITEMS:
        extra += Markup("<p>{}</p>").format(text["more"].format(count=len(items) - MAX_ITEMS))
    if warnings:
        extra += Markup("<p>{}</p>").format(text["warnings"].format(count=warnings))
    return Markup(
        '<aside class="{cls}" role="alert" lang="{lang}" style="background:#fdecea;color:#1f1f1f;border-bottom:4px '
        "solid #b3261e;"
        'padding:1em 1.25em;font-size:.9rem;line-height:1.5;overflow-wrap:anywhere">'
        '<h2 style="margin:0 0 .4em;font-size:1.1rem;color:#8c1d18">{title}</h2><p style="margin:0 0 .5em">{lead}</p>'
        '<ol style="margin:0;padding-left:1.5em">{rows}</ol>{extra}</aside>'
    ).format(cls=PANEL_CLASS, lang=lang, title=text["title"], lead=text["lead"], rows=rows, extra=extra)


def panel_language(page_lang: str, environ: Mapping[str, str] | None = None) -> str:
    """The language of the panel on a page in ``page_lang``: ``FANGCHENG_LANG`` when it is set (zh or en),
    else the page's own, or English on a page in a language the messages are not written in."""
    chosen = chosen_language(os.environ if environ is None else environ)
    if chosen:
        return chosen
    return page_lang if page_lang in _TEXT else "en"


class ProblemPanels:
    """The panel for every page of a preview build, in the language of each page (:func:`panel_language`).

    Made from the build's errors (problems of level error; warnings are only counted) and any template or
    image errors added while rendering; each language's HTML is made once, when a page first needs it.
    """

    def __init__(
        self, problems: Iterable[Problem], *, warnings: int = 0, environ: Mapping[str, str] | None = None
    ) -> None:
        self.problems = [p for p in problems if p.effective_level is Level.ERROR]
        self.warnings = warnings
        self.errors: list[tuple[Exception, Path]] = []
        self._environ = dict(os.environ if environ is None else environ)
        self._html: dict[str, str] = {}

    def add_error(self, error: Exception, project: Path) -> None:
        """A template or image error met while rendering, shown after the content's problems."""
        self.errors.append((error, project))
        self._html.clear()

    def __len__(self) -> int:
        return len(self.problems) + len(self.errors)

    def html(self, page_lang: str) -> str:
        """The panel's HTML for a page in ``page_lang``."""
        lang = panel_language(page_lang, self._environ)
        if lang not in self._html:
            items = items_from_problems(self.problems, lang)
            items += [item_from_error(error, project, lang) for error, project in self.errors]
            self._html[lang] = str(problems_panel(items, lang, warnings=self.warnings))
        return self._html[lang]

    def insert(self, page_html: str, page_lang: str) -> str:
        """``page_html`` with the panel in its language first in its body."""
        return insert_panel(page_html, self.html(page_lang))


def insert_panel(html: str, panel: str) -> str:
    """``html`` with ``panel`` as the first thing in its body."""
    match = _BODY_TAG.search(html)
    if match is None:
        return panel + html
    return html[: match.end()] + panel + html[match.end() :]


def _text(lang: str) -> dict[str, str]:
    return _TEXT.get(lang, _TEXT["en"])
