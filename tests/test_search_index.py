"""The search index: Pagefind's own command line run on the built site, only entry pages indexed, and never
left half-done."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import build_env, copy_project, pagefind_pages, run_build, tree_digest

from fangcheng.search_index import SearchDocuments, SearchIndexError, index_site, search_document


def test_only_entry_pages_are_indexed_one_index_per_language(sample_site: Path) -> None:
    entry = json.loads((sample_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["en", "zh"]  # sorted: Pagefind's own order changes from run to run
    fragments = list((sample_site / "pagefind" / "fragment").iterdir())
    entry_pages = [page for page in sample_site.rglob("index.html") if "data-pagefind-body" in page.read_text("utf-8")]
    assert len(entry_pages) > 30  # the sample entries, in both languages
    assert len(fragments) == len(entry_pages) == sum(language["page_count"] for language in entry["languages"].values())


def test_the_index_of_the_search_documents_is_pagefinds_index_of_the_whole_site(
    sample_site: Path, tmp_path: Path
) -> None:
    """The build indexes what Pagefind reads of each page (fangcheng.search_index.SearchDocuments); Pagefind's
    own command line on the finished site makes the same index, byte for byte."""
    index_site(sample_site, output=tmp_path / "whole")
    assert tree_digest(tmp_path / "whole") == tree_digest(sample_site / "pagefind")
    assert len(pagefind_pages(tmp_path / "whole")) > 30


PAGE = (
    '<!doctype html><html lang="zh" class="no-js"><head><title>{title}</title>'
    '<meta name="description" content="{title}"></head><body><header><div>站名</div></header>'
    "{article}<footer><div>页脚</div></footer></body></html>"
)
ARTICLE = (
    '<div class="fc-entry" data-pagefind-body data-pagefind-meta="kind:老字号店铺"><h1>甲</h1><div><p>乙</p>'
    "<!-- <div> --><script>let a = '<div>';</script><div data-pagefind-ignore>丙</div></div></div>"
)


@pytest.mark.parametrize(
    "title",
    ["老边饺子馆", "x data-pagefind-body y", "&lt;div data-pagefind-body&gt;", "&#34; data-pagefind-body=&#34;"],
)
def test_a_search_document_is_the_pages_language_and_indexed_element(title: str) -> None:
    """Only a real start tag's attribute counts: the same words in a title or an attribute value (hostile
    text arrives escaped) do not; comments and scripts inside the element do not unbalance it."""
    document = search_document(PAGE.format(title=title, article=ARTICLE))
    assert document == (
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"></head><body>{ARTICLE}</body></html>'
    )


@pytest.mark.parametrize(
    "article",
    [
        "<div data-pagefind-body><p>甲</p>",  # never closed
        "<div data-pagefind-body>甲</div><div data-pagefind-body>乙</div>",  # two: Pagefind indexes both
    ],
)
def test_a_page_whose_indexed_part_cannot_be_cut_out_is_kept_whole(article: str) -> None:
    page = PAGE.format(title="甲", article=article)
    assert search_document(page) == page


@pytest.mark.parametrize(
    "outside",
    ["<h1>站名</h1>", "<H1 class='x'>站名</H1>", '<span data-pagefind-filter="区:沈河">沈河</span>'],
    ids=["a title", "a title in capitals", "a filter"],
)
def test_a_page_pagefind_reads_outside_its_indexed_element_is_kept_whole(outside: str) -> None:
    """Pagefind takes a page's title from its first h1, and metadata and filters from anywhere on the page."""
    page = PAGE.format(title="甲", article=ARTICLE).replace("<div>站名</div>", outside)
    assert search_document(page) == page


def test_search_documents_go_to_their_languages_folder_at_the_pages_place(tmp_path: Path) -> None:
    documents = SearchDocuments(tmp_path / "search", ("zh", "en"))
    documents.clear()
    documents.put("shops/a/index.html", PAGE.format(title="甲", article=ARTICLE))
    documents.put("en/shops/a/index.html", PAGE.format(title="A", article=ARTICLE))
    assert (tmp_path / "search/zh/shops/a/index.html").is_file()
    assert (tmp_path / "search/en/en/shops/a/index.html").is_file()  # Pagefind's --site: search/en
    assert documents.has("zh") and documents.has("en")


def test_a_page_without_an_indexed_element_has_no_search_document(tmp_path: Path) -> None:
    documents = SearchDocuments(tmp_path / "search", ("zh", "en"))
    documents.clear()
    documents.put("shops/a/index.html", PAGE.format(title="甲", article=ARTICLE))
    documents.put("shops/a/index.html", PAGE.format(title="甲", article="<p>x</p>"))  # it no longer is indexed
    documents.put("index.html", PAGE.format(title="甲", article="<p>x</p>"))
    assert not [p for p in (tmp_path / "search").rglob("*") if p.is_file()]
    assert not documents.has("zh")


def test_a_document_written_from_the_pages_content_is_the_finished_pages_document(tmp_path: Path) -> None:
    """The build writes each entry page's document as it renders the page, so that Pagefind can index while
    MkDocs builds; the finished page then finds it unchanged."""
    documents = SearchDocuments(tmp_path / "search", ("zh", "en"))
    documents.clear()
    documents.put_fragment("shops/a/index.html", f"---\ntitle: 甲\n---\n{ARTICLE}\n", "zh")
    assert documents.put("shops/a/index.html", PAGE.format(title="甲", article=ARTICLE)) is False
    assert documents.put("shops/a/index.html", PAGE.format(title="甲", article=ARTICLE + "<p>新</p>")) is False


@pytest.mark.parametrize(
    ("content", "page"),
    [
        (ARTICLE, PAGE.format(title="甲", article=ARTICLE).replace('lang="zh"', 'lang="zh-Hans"')),
        (ARTICLE, PAGE.format(title="甲", article=ARTICLE).replace("<footer>", "<footer data-pagefind-body>")),
        ("<div data-pagefind-body><p>甲</p>", PAGE.format(title="甲", article="<div data-pagefind-body><p>甲</p>")),
    ],
    ids=["the theme's own language code", "a theme that indexes more", "an element that is not closed"],
)
def test_the_finished_page_corrects_a_document_written_from_its_content(
    tmp_path: Path, content: str, page: str
) -> None:
    documents = SearchDocuments(tmp_path / "search", ("zh", "en"))
    documents.clear()
    documents.put_fragment("shops/a/index.html", content, "zh")
    assert documents.put("shops/a/index.html", page) is True
    assert (tmp_path / "search/zh/shops/a/index.html").read_text(encoding="utf-8") == search_document(page)


def test_a_theme_that_indexes_more_than_the_entry_still_gets_pagefinds_index_of_the_site(tmp_path: Path) -> None:
    """A deployer's main.html puts data-pagefind-body on every page: the documents written as the pages were
    rendered are wrong, Pagefind may have read them already; the build indexes again what changed."""
    project = copy_project(tmp_path / "p")
    main = project / "overrides" / "main.html"
    with main.open("a", encoding="utf-8") as theme:
        theme.write("{% block content %}<div data-pagefind-body>{{ super() }}</div>{% endblock %}\n")
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    index_site(project / "site", output=tmp_path / "whole")
    whole = pagefind_pages(tmp_path / "whole")
    assert pagefind_pages(project / "site" / "pagefind") == whole  # rewritten documents: Pagefind may number
    assert len(whole) > 40  # the entry pages and the others          # the pages in another order


def test_a_theme_that_indexes_nothing_gets_pagefinds_index_of_the_whole_site(tmp_path: Path) -> None:
    """Every document written as the pages were rendered goes when the finished pages have no indexed element:
    a language Pagefind had started on is not kept, and the site is indexed whole, as Pagefind would."""
    project = copy_project(tmp_path / "p")
    with (project / "overrides" / "main.html").open("a", encoding="utf-8") as theme:
        theme.write('{% block content %}{{ super() | replace("data-pagefind-body", "data-x") }}{% endblock %}\n')
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    index_site(project / "site", output=tmp_path / "whole")
    whole = pagefind_pages(tmp_path / "whole")
    assert pagefind_pages(project / "site" / "pagefind") == whole
    assert len(whole) > 80  # every page of both languages, not only the entries


def test_an_entry_page_mkdocs_leaves_out_is_not_searched(tmp_path: Path) -> None:
    """Its document was written as the page was rendered; MkDocs never made the page (exclude_docs)."""
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "exclude_docs: |\n  shops/baofayuan.*.md\n", encoding="utf-8"
    )
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (project / "site" / "shops" / "baofayuan").exists()
    index_site(project / "site", output=tmp_path / "whole")
    pages = pagefind_pages(project / "site" / "pagefind")
    assert pages == pagefind_pages(tmp_path / "whole")
    assert "/shops/tianyitang/" in pages and not [url for url in pages if "baofayuan" in url]


def test_a_site_without_entries_still_has_a_search_index(tmp_path: Path) -> None:
    """No page has data-pagefind-body: Pagefind indexes the whole site, as its own command line would."""
    project = copy_project(tmp_path / "p")
    for entry in (project / "content").glob("*/*.yml"):
        entry.unlink()
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_a_pagefind_that_fails_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "index.html").write_text("<html lang='zh'><body data-pagefind-body>甲</body></html>", "utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchIndexError, match="exit status 1"):
        index_site(tmp_path)


def test_a_failed_search_index_fails_the_build_and_keeps_the_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    assert run_build(project).returncode == 0
    before = tree_digest(project / "site")
    result = run_build(project, env={"PAGEFIND_BINARY_PATH": "/bin/false"})
    assert result.returncode == 1
    assert "搜索索引失败 / building the search index failed: exit status 1" in result.stderr
    assert tree_digest(project / "site") == before
    assert not list((project / ".cache").glob("build-*"))


def test_search_off_builds_without_an_index(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    result = run_build(project, env={"FANGCHENG_SEARCH": "off"})
    assert result.returncode == 0, result.stderr
    assert (project / "site" / "shops" / "index.html").is_file()
    assert not (project / "site" / "pagefind").exists()


# --- Pagefind ends with the build, however it ends --------------------------------------------------

HANGING_PAGEFIND = """#!/bin/sh
# Stands in for Pagefind: says who it is, then never answers.
echo "$$" > "$FANGCHENG_TEST_PIDS.tmp" && mv "$FANGCHENG_TEST_PIDS.tmp" "$FANGCHENG_TEST_PIDS"
exec sleep 600
"""


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by its parent, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.parametrize("how", ["ctrl-c", "sigint-to-the-build-alone"])
def test_an_interrupted_build_leaves_no_pagefind_and_no_work_folder(tmp_path: Path, how: str) -> None:
    """Ctrl-C in a terminal interrupts the whole process group; a SIGINT to the build alone must end
    Pagefind too."""
    project = copy_project(tmp_path / "p")
    assert run_build(project, env={"FANGCHENG_SEARCH": "off"}).returncode == 0
    before = tree_digest(project / "site")
    fake = tmp_path / "pagefind"
    fake.write_text(HANGING_PAGEFIND, encoding="utf-8")
    fake.chmod(0o755)
    pids = tmp_path / "pids"
    build = subprocess.Popen(
        [sys.executable, "-m", "fangcheng", "build"],
        cwd=project,
        env=build_env({"PAGEFIND_BINARY_PATH": str(fake), "FANGCHENG_TEST_PIDS": str(pids)}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not pids.exists():
        assert build.poll() is None, build.communicate()
        assert time.monotonic() < deadline, "Pagefind was never started"
        time.sleep(0.05)
    pagefind = int(pids.read_text())
    if how == "ctrl-c":
        os.killpg(build.pid, signal.SIGINT)
    else:
        build.send_signal(signal.SIGINT)
    build.communicate(timeout=30)
    assert build.returncode != 0
    deadline = time.monotonic() + 10
    while _alive(pagefind) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pagefind)
    assert tree_digest(project / "site") == before
    assert not list((project / ".cache").glob("build-*"))
