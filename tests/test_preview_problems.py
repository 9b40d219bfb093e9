"""The preview's problem panel: escaped, located, in the page's language (or FANGCHENG_LANG's), first in the body."""

from __future__ import annotations

from pathlib import Path

import jinja2
from conftest import ContentFolder

from fangcheng.preview_problems import (
    MAX_ITEMS,
    PANEL_CLASS,
    PanelItem,
    ProblemPanels,
    insert_panel,
    item_from_error,
    items_from_problems,
    panel_language,
    problems_panel,
)


def test_errors_become_items_with_place_and_message_in_the_editors_language(site: ContentFolder) -> None:
    site.write("shops/bad.yml", "name: {zh: 坏店, en: Bad}\nfounded: <script>alert(1)</script>\n")
    problems = site.validate().problems
    [item] = items_from_problems(problems, "zh")
    assert item.where == "content/shops/bad.yml:3:10" and item.what == "error wrong-type"
    assert "整数" in item.message
    html = str(problems_panel([item], "zh"))
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert 'lang="zh"' in html and 'role="alert"' in html and "内容有错误" in html
    assert "Content has errors" in str(problems_panel(items_from_problems(problems, "en"), "en"))


def test_warnings_are_counted_not_listed(site: ContentFolder) -> None:
    site.write("shops/half.yml", "name: {zh: 半}\n")
    problems = site.validate().problems
    assert problems and items_from_problems(problems, "en") == []
    assert "Plus 1 warnings" in str(problems_panel([PanelItem("a:1:1", "error x", "m")], "en", warnings=1))


def test_long_lists_are_cut(site: ContentFolder) -> None:
    items = [PanelItem(f"f.yml:{n}:1", "error x", "m") for n in range(MAX_ITEMS + 7)]
    html = str(problems_panel(items, "en"))
    assert html.count("<li") == MAX_ITEMS and "7 more errors" in html


def test_template_errors_point_at_the_template_line(tmp_path: Path) -> None:
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "t.html").write_text("ok\n{{ missing() }}\n", encoding="utf-8")
    (folder / "s.html").write_text("ok\n\n{% if %}\n", encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder))
    try:
        env.get_template("t.html").render()
    except jinja2.TemplateError as error:
        assert item_from_error(error, tmp_path, "en").where == "overrides/t.html:2"
    try:
        env.get_template("s.html")
    except jinja2.TemplateError as error:
        item = item_from_error(error, tmp_path, "zh")
        assert item.where == "overrides/s.html:3" and item.what == "模板错误"


def test_panel_goes_first_in_the_body() -> None:
    html = '<html><head><title>x</title></head><body dir="ltr" class="a"><main>m</main></body></html>'
    assert (
        insert_panel(html, "<aside>P</aside>")
        == '<html><head><title>x</title></head><body dir="ltr" class="a"><aside>P</aside><main>m</main></body></html>'
    )
    assert insert_panel("<p>fragment</p>", "<aside>P</aside>").startswith("<aside>P</aside>")
    assert PANEL_CLASS in str(problems_panel([PanelItem("a", "b", "c")], "en"))


def test_image_and_other_errors_are_labelled(tmp_path: Path) -> None:
    from fangcheng.media import MediaError

    item = item_from_error(MediaError("media/shops/a.jpg: cannot identify image file"), tmp_path, "zh")
    assert (item.where, item.what) == ("media/shops/a.jpg", "图片无法处理")
    assert item.message == "cannot identify image file"
    try:
        jinja2.Environment().from_string('{{ 1 + "a" }}').render()
    except TypeError as error:
        item = item_from_error(error, tmp_path, "en")
        assert item.what == "template error" and item.message.startswith("TypeError:")


def test_each_page_gets_the_panel_in_its_own_language(site: ContentFolder) -> None:
    site.write("shops/bad.yml", "name: {zh: 坏店, en: Bad}\nfounded：1920\ncategory: bakery\n")
    site.write("shops/half.yml", "name: {zh: 半}\n")  # a warning: counted, not listed
    problems = site.validate().problems
    panels = ProblemPanels(problems, warnings=1, environ={"LANG": "en_US.UTF-8"})
    assert len(panels) == 1
    zh, en = panels.html("zh"), panels.html("en")
    assert 'lang="zh"' in zh and "内容有错误" in zh and "第 3 行第 8 列的“：”是全角冒号" in zh and "另有 1 个警告" in zh
    assert 'lang="en"' in en and "Content has errors" in en and "Line 3, column 8 has a full-width colon" in en
    assert "内容有错误" not in en and "Content has errors" not in zh
    page = '<html lang="en"><body><main>m</main></body></html>'
    assert panels.insert(page, "en") == page.replace("<body>", "<body>" + en)


def test_fangcheng_lang_chooses_the_panels_language_on_every_page(site: ContentFolder) -> None:
    site.write("shops/bad.yml", "name: {zh: 坏店, en: Bad}\nfounded: 一九二〇\n")
    problems = site.validate().problems
    english = ProblemPanels(problems, environ={"FANGCHENG_LANG": "en", "LANG": "zh_CN.UTF-8"})
    assert "should be a whole number" in english.html("zh") and "Content has errors" in english.html("zh")
    chinese = ProblemPanels(problems, environ={"FANGCHENG_LANG": "zh"})
    assert "应当是整数" in chinese.html("en")
    assert panel_language("zh", {}) == "zh" and panel_language("en", {}) == "en"
    assert panel_language("ja", {}) == "en"  # the messages are written in Chinese and English
    assert panel_language("zh", {"FANGCHENG_LANG": "fr"}) == "zh"


def test_template_errors_join_the_panel_in_each_language(tmp_path: Path) -> None:
    panels = ProblemPanels([], environ={})
    assert not panels
    try:
        jinja2.Environment().from_string('{{ 1 + "a" }}').render()
    except TypeError as error:
        panels.add_error(error, tmp_path)
    assert len(panels) == 1
    assert "模板错误" in panels.html("zh") and "template error" in panels.html("en")
