"""Every touch point in fangcheng.compat against the installed MkDocs, Material and mkdocs-static-i18n.

Each test fails when the upstream code a touch point depends on changes: read the named upstream
code again, adapt compat.py (and the template copies), then update the recorded versions or digests.
"""

from __future__ import annotations

import inspect
import logging
import re
import tomllib

import pytest
from conftest import ROOT, copy_project
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.base import LegacyConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.plugin import I18n
from mkdocs_static_i18n.reconfigure import ExtendedPlugin
from packaging.requirements import Requirement

from fangcheng import compat


def test_the_supported_ranges_are_pyprojects_and_the_pinned_versions_lie_in_them() -> None:
    from packaging.specifiers import SpecifierSet

    supported = compat.supported_versions()
    assert sorted(supported) == sorted(compat.TOUCHED)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for name, allowed in supported.items():
        assert any(line.split("#")[0].replace(" ", "") == f"{name}{allowed}" for line in project) or any(
            Requirement(line).name == name and str(Requirement(line).specifier) == allowed for line in project
        ), name
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    for name, allowed in supported.items():
        pinned = re.search(rf"^{re.escape(name)}==([^ \\\n]+)", lock, re.M).group(1)
        assert pinned in SpecifierSet(allowed), (name, pinned, allowed)
    assert compat.version_mismatches(compat.installed_versions()) == []


def test_a_version_outside_the_range_names_each_package_in_both_languages() -> None:
    supported = {"mkdocs": ">=1.6.1,<1.7", "mkdocs-material": ">=9.8.2,<9.9"}
    mismatches = compat.version_mismatches({"mkdocs-material": "9.9.0", "mkdocs": None}, supported)
    assert mismatches == ["mkdocs — (supported: >=1.6.1,<1.7)", "mkdocs-material 9.9.0 (supported: >=9.8.2,<9.9)"]
    assert compat.version_mismatches({"mkdocs-material": "9.8.5", "mkdocs": "1.6.1"}, supported) == []
    message = compat.version_message(mismatches)
    assert message.startswith(
        "已安装的版本不在支持的范围内 / the installed versions are outside the supported ranges: mkdocs —"
    )
    assert "version_check: warn" in message and "CONTRIBUTING.md" in message


@pytest.mark.parametrize("ours", sorted(compat.TEMPLATE_COPIES))
def test_each_template_copy_was_made_from_the_installed_upstream_text(ours: str) -> None:
    package, name, block = compat.TEMPLATE_COPIES[ours]
    installed = compat.upstream_template(package, name, block)
    assert installed, f"{name} {block or ''} is gone"
    kept = compat.upstream_copy(package, name, block, ROOT)
    assert installed.rstrip("\n") == kept.read_text(encoding="utf-8").rstrip("\n"), (
        f"{package}/{name} changed: compare it with {kept.relative_to(ROOT)}, carry the change over to {ours}, "
        "then replace the kept text (CONTRIBUTING.md)"
    )
    assert (ROOT / ours.partition("#")[0]).is_file()


@pytest.mark.parametrize("block", compat.SHARED_BLOCKS)
def test_the_shared_blocks_are_the_ones_read(block: str) -> None:
    kept = compat.upstream_copy("material", "base.html", block, ROOT)
    assert compat.upstream_template("material", "base.html", block).rstrip("\n") == kept.read_text("utf-8").rstrip()


def test_every_kept_upstream_text_belongs_to_a_copy_or_a_shared_block() -> None:
    wanted = {compat.upstream_copy(*source, ROOT) for source in compat.TEMPLATE_COPIES.values()} | {
        compat.upstream_copy("material", "base.html", block, ROOT) for block in compat.SHARED_BLOCKS
    }
    assert {p for p in (ROOT / "upstream").rglob("*") if p.is_file()} == wanted


def test_titles_and_descriptions_are_escaped_once_for_the_theme(tmp_path) -> None:
    from markupsafe import Markup

    page = Page("t", File("x.md", str(tmp_path), str(tmp_path), use_directory_urls=True), {})  # type: ignore[arg-type]
    page.meta = {"title": '<b>"A" & B</b>', "description": "x < y", "other": "<i>"}
    compat.escape_meta(page)
    assert page.meta["title"] == "&lt;b&gt;&#34;A&#34; &amp; B&lt;/b&gt;" and isinstance(page.meta["title"], Markup)
    assert page.meta["description"] == "x &lt; y" and page.meta["other"] == "<i>"
    compat.escape_meta(page)  # again: nothing escaped twice
    assert page.meta["title"] == "&lt;b&gt;&#34;A&#34; &amp; B&lt;/b&gt;"


def test_material_fetches_a_sitemap_next_to_every_alternate_link() -> None:
    """If this fails, Material no longer does: page-level hreflang links could go back into the head."""
    assert compat.material_selects_alternate_links()


def test_static_i18n_sets_the_theme_language_of_each_build() -> None:
    source = inspect.getsource(ExtendedPlugin.reconfigure_material_theme)
    assert 'config.theme["language"] = locale' in source
    assert compat.current_language(type("C", (), {"theme": {"language": "en"}})(), "zh") == "en"  # type: ignore[arg-type]


def test_static_i18n_builds_the_other_languages_inside_its_post_build() -> None:
    assert I18n.on_post_build.mkdocs_priority == -100  # type: ignore[attr-defined]
    source = inspect.getsource(I18n.on_post_build)
    assert source.index("self.building = True") < source.index("build(config") < source.index("self.building = False")

    class Config:
        plugins = {"i18n": type("I", (), {"building": True})()}

    assert compat.in_nested_build(Config())  # type: ignore[arg-type]


def test_static_i18n_points_the_menu_at_each_page_through_an_attribute_that_shadows_the_item() -> None:
    assert "config.extra.alternate = deepcopy(self.extra_alternate)" in inspect.getsource(
        ExtendedPlugin.reconfigure_page_context
    )
    assert 'config.extra["alternate"] = deepcopy(self.extra_alternate)' in inspect.getsource(
        ExtendedPlugin.reconfigure_material_theme
    )
    extra = LegacyConfig(())
    extra.load_dict({})
    extra["alternate"] = [{"link": "/"}]
    extra.alternate = [{"link": "shops/x/"}]  # as reconfigure_page_context does
    assert extra.alternate != extra["alternate"]  # LegacyConfig: the attribute shadows the item

    class Config:
        pass

    config = Config()
    config.extra = extra  # type: ignore[attr-defined]
    compat.set_language_menu(config, [{"link": "/en/"}])  # type: ignore[arg-type]
    assert extra.alternate == extra["alternate"] == [{"link": "/en/"}]


def test_mkdocs_renders_a_page_right_after_its_markdown_event(tmp_path) -> None:
    source = inspect.getsource(mkdocs_build._populate_page)
    markdown_event = source.index("config.plugins.on_page_markdown(")
    assert source.index("page.render(config, files)") > markdown_event
    assert "page.render(" not in source[:markdown_event]
    page = Page("t", File("x.md", str(tmp_path), str(tmp_path), use_directory_urls=True), {})  # type: ignore[arg-type]
    compat.skip_markdown(page, "<p>ready</p>")
    page.render(None, None)  # type: ignore[arg-type]
    assert page.content == "<p>ready</p>" and not page.toc
    assert "render" not in vars(page)  # the closure (holding the page's text) is gone once used


def test_shared_blocks_are_rendered_once_per_folder_for_generated_entries_only() -> None:
    class FakePage:
        def __init__(self, url: str, meta: dict, toc: list | None = None) -> None:
            self.url, self.meta, self.toc = url, meta, toc or []

    shared = compat.SharedBlocks()
    calls: list[str] = []

    def render(text: str):
        return lambda: calls.append(text) or text

    entry = {"fangcheng": {"generated": True, "id": "a"}, "hide": ["toc"]}
    assert shared("tabs", FakePage("en/shops/a/", entry), render("one")) == "one"
    assert shared("tabs", FakePage("en/shops/b/", entry), render("two")) == "one"  # same folder: reused
    assert shared("tabs", FakePage("shops/b/", entry), render("three")) == "three"  # another language
    assert shared("tabs", FakePage("en/shops/c/", entry, toc=["heading"]), render("four")) == "four"  # has a TOC
    assert shared("tabs", FakePage("en/shops/", {"fangcheng": {"generated": True}}), render("five")) == "five"  # browse
    assert shared("content", FakePage("en/shops/d/", entry), render("six")) == "six"  # not a shared block
    assert calls == ["one", "three", "four", "five", "six"]


def test_the_plugin_refuses_other_versions_unless_told_to_warn(monkeypatch, caplog) -> None:
    from mkdocs.config import load_config

    installed = compat.installed_versions()
    monkeypatch.setattr(compat, "installed_versions", lambda: {**installed, "mkdocs-static-i18n": "1.4.0"})
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["fangcheng"]
    plugin._versions_checked = False  # MkDocs keeps plugin instances between load_config calls in one process
    with pytest.raises(PluginError, match=r"mkdocs-static-i18n 1\.4\.0 \(supported: <1\.4,>=1\.3\.1\)"):
        plugin.on_config(config)
    plugin._versions_checked = False
    plugin.config.version_check = "warn"
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.fangcheng"):
        plugin.on_config(config)
    assert "mkdocs-static-i18n 1.4.0 (supported: <1.4,>=1.3.1)" in caplog.text


# --- the live preview's touch points (fangcheng.live_site) -----------------------------------------


def test_mkdocs_keeps_plugins_with_startup_or_shutdown_events_for_every_later_config(tmp_path) -> None:
    from mkdocs.config import config_options, load_config

    source = inspect.getsource(config_options.Plugins.load_plugin)
    assert "self.plugin_cache.get(inst_name)" in source and "self.plugin_cache[inst_name] = plugin" in source
    project = copy_project(tmp_path / "p")
    kept = load_config(str(project / "mkdocs.yml")).plugins["fangcheng"]
    assert load_config(str(project / "mkdocs.yml")).plugins["fangcheng"] is kept  # what mkdocs serve relies on
    fresh = compat.load_fresh_config(project / "mkdocs.yml").plugins["fangcheng"]
    assert fresh is not kept and compat.load_fresh_config(project / "mkdocs.yml").plugins["fangcheng"] is not fresh


def test_static_i18n_reconfigures_the_one_config_for_each_language_in_its_config_event(tmp_path) -> None:
    assert "config = self.reconfigure_mkdocs_config(config)" in inspect.getsource(I18n.on_config)
    assert "config = self.apply_user_overrides(config)" in inspect.getsource(ExtendedPlugin.reconfigure_mkdocs_config)
    assert "self.reset_to_original_config(config)" in inspect.getsource(ExtendedPlugin.apply_user_overrides)
    config = compat.load_fresh_config(copy_project(tmp_path / "p") / "mkdocs.yml")
    names = {lang.locale: lang.site_name for lang in config.plugins["i18n"].config.languages}
    default = config.site_name
    compat.switch_language(config, "en")
    assert (config.theme["language"], config.site_name) == ("en", names["en"]) and names["en"] != default
    compat.switch_language(config, "zh")
    assert (config.theme["language"], config.site_name) == ("zh", default)


def test_mkdocs_page_handling_is_two_functions_and_writes_where_the_page_file_says() -> None:
    populate = inspect.signature(mkdocs_build._populate_page)
    assert list(populate.parameters) == ["page", "config", "files", "dirty"]
    build_page = inspect.signature(mkdocs_build._build_page)
    assert list(build_page.parameters) == ["page", "config", "doc_files", "nav", "env", "dirty", "excluded"]
    source = inspect.getsource(mkdocs_build._build_page)
    assert "page.file.abs_dest_path" in source and "utils.write_file(" in source
    assert "config.plugins.on_post_page(" in source and "config.plugins.on_page_context(" in source


def test_static_i18n_makes_each_languages_files_and_their_alternates_in_its_files_event() -> None:
    assert list(inspect.signature(ExtendedPlugin.reconfigure_files).parameters) == ["self", "files", "mkdocs_config"]
    on_files = inspect.getsource(I18n.on_files)
    assert "self.reconfigure_files(files, config)" in on_files
    assert "self.i18n_files_per_language[self.current_language] = i18n_files.documentation_pages()" in on_files
    assert "self.reconfigure_files_alternates(" in inspect.getsource(ExtendedPlugin.reconfigure_files)


def test_the_walk_order_is_the_order_mkdocs_finds_pages_in(tmp_path) -> None:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import get_files

    docs = tmp_path / "docs"
    names = ["index.zh.md", "index.en.md", "data.en.md", "a/index.zh.md", "a/b.en.md", "a/c/d.md", "a-b/x.md", "b.md"]
    for name in names:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("x", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(docs), "site_dir": str(tmp_path / "site")})
    assert not config.validate()[0]
    found = [file.src_uri for file in get_files(config)]
    assert "filenames.sort(key=_file_sort_key)" in inspect.getsource(get_files)
    assert sorted(found, key=lambda uri: compat.walk_order(File(uri, str(docs), "", True))) == found


def test_static_i18n_gives_its_sitemap_every_languages_pages() -> None:
    assert 'context["i18n_alternates"] = self.i18n_files_per_language' in inspect.getsource(I18n.on_template_context)
    source = inspect.getsource(mkdocs_build._build_theme_template)
    assert "os.path.join(config.site_dir, template_name)" in source and "sitemap.xml" in source
