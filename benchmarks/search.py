"""Search budget on the synthetic 1,500-shop site, next to Material's built-in search on the same site.

Run: ``.venv/bin/python benchmarks/search.py [--shops 1500]`` (needs /usr/bin/chromium). It first measures the
query set (tests/search_queries.yml) on the sample site: recall@5 and first hits per language, and for the
queries that name a place in the other language than the site's (``cross``); ``--recall-only`` stops there.
Then it builds the
synthetic corpus twice, once as shipped (Pagefind) and once with Material's search plugin added, serves
both on loopback and, in headless Chromium, types a query into each search box on a fresh page:
bytes downloaded for the first search and time until results show. It also times builds with and
without the search index (``FANGCHENG_SEARCH=off``), interleaved, to show what indexing adds, and the
indexing job alone (in the build it runs beside the plaques, images and open data). Targets (issue
"Search"): first search ≤ 300 KB and ≤ 500 ms; indexing adds ≤ 20 % to the build.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from build import ours, timed  # noqa: E402
from conftest import CHROMIUM_ARGS  # noqa: E402  (the browser tests' Chromium flags)

from fangcheng.model import KINDS  # noqa: E402
from fangcheng.search_index import index_languages  # noqa: E402

QUERIES = [("en", "dumplings"), ("en", "laobian"), ("zh", "饺子"), ("zh", "laobian")]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def measure(browser, url: str, marker: str, box: str, result: str, query: str) -> tuple[float, int]:
    """Milliseconds from typing ``query`` to the first result, and bytes of search files (URLs with
    ``marker``) fetched from opening the page until the results show (Material fetches its index on load)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    fetched: list[int] = []
    page.on(
        "requestfinished",
        lambda request: (
            fetched.append((request.sizes() or {}).get("responseBodySize", 0)) if marker in request.url else None
        ),
    )
    page.goto(url, wait_until="networkidle")
    start = time.perf_counter()
    page.fill(box, query)
    page.wait_for_selector(result, timeout=30_000)
    elapsed = (time.perf_counter() - start) * 1000
    page.wait_for_load_state("networkidle")
    context.close()
    return elapsed, sum(fetched)


def query_set_recall(browser) -> bool:
    """Run every query of tests/search_queries.yml on the sample site (built here) and print recall@5 and the
    share of named entries ranked first, per language and for the cross-language queries; True if all found."""
    from conftest import copy_project, run_build
    from test_search import QUERIES, search

    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "sample")
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(project / "site"))
        )
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        result = run_build(project, env={"SITE_URL": url})
        if result.returncode != 0:
            raise SystemExit(result.stdout + result.stderr)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        outcomes = []
        for item in QUERIES:
            results = search(page, url, item["lang"], item["query"])
            outcomes.append((item, item["expect"] in results[:5], results[:1] == [item["expect"]]))
        page.close()
        server.shutdown()
    print("query set (tests/search_queries.yml) on the sample site:")
    groups = [(f"{lang} site", lambda item, lang=lang: item["lang"] == lang) for lang in ("zh", "en")]
    groups.append(("other-language place names", lambda item: bool(item.get("cross"))))
    for name, member in groups:
        rows = [(found, first) for item, found, first in outcomes if member(item)]
        named = [first for (item, _, first) in outcomes if member(item) and item.get("first")]
        print(
            f"  {name:<28} {len(rows):>3} queries  recall@5 {sum(f for f, _ in rows) / len(rows):.0%}"
            f"  named entry first {sum(named)}/{len(named)}"
        )
    for item, found, first in outcomes:
        if not found or (item.get("first") and not first):
            print(f"  miss: {item['lang']} {item['query']!r} (expected {item['expect']})")
    return all(found and (first or not item.get("first")) for item, found, first in outcomes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shops", type=int, default=1500)
    parser.add_argument("--recall-only", action="store_true", help="measure the query set only")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        all_found = query_set_recall(browser)
        browser.close()
    if args.recall_only:
        return 0 if all_found else 1

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        project = ours(base, args.shops)
        # What indexing adds to the build: builds with and without it, interleaved (medians of 5).
        with_search, without_search = [], []
        for _ in range(5):
            shutil.rmtree(project / "docs" / "shops", ignore_errors=True)
            without_search.append(
                timed([sys.executable, "-m", "fangcheng", "build"], project, FANGCHENG_SEARCH="off")[0]
            )
            shutil.rmtree(project / "docs" / "shops", ignore_errors=True)
            with_search.append(timed([sys.executable, "-m", "fangcheng", "build"], project)[0])
        build_time, bare_time = statistics.median(with_search), statistics.median(without_search)
        site = project / "site"
        # The indexing job alone (in the build it runs while MkDocs builds), on pages rendered into docs/.
        timed([sys.executable, "-m", "fangcheng", "render"], project)
        start = time.perf_counter()
        index_languages(project / "docs", "zh", list(KINDS), ["zh", "en"], base / "index-alone" / "pagefind")
        index_time = time.perf_counter() - start
        pagefind_bytes = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())

        material = base / "material"
        shutil.copytree(project, material, ignore=shutil.ignore_patterns("site", ".cache"))
        config = material / "mkdocs.yml"
        config.write_text(
            config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n", 1), encoding="utf-8"
        )
        timed([sys.executable, "-m", "fangcheng", "build"], material)
        material_index = sum(p.stat().st_size for p in (material / "site" / "search").rglob("*.json"))

        ours_url, ours_server = serve(site)
        material_url, material_server = serve(material / "site")
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for lang, query in QUERIES:
                prefix = "" if lang == "zh" else f"{lang}/"
                ours_ms, ours_bytes = measure(
                    browser, f"{ours_url}{prefix}search/", "/pagefind/", "#fc-q", ".fc-result__link", query
                )
                material_ms, material_bytes = measure(
                    browser, f"{material_url}{prefix}", "search", ".md-search__input", ".md-search-result__item", query
                )
                rows.append((lang, query, ours_ms, ours_bytes, material_ms, material_bytes))
            browser.close()
        ours_server.shutdown()
        material_server.shutdown()

    added = build_time / bare_time - 1
    print(
        f"site: {args.shops} shops × 2 languages; build {build_time:.1f} s with search, {bare_time:.1f} s without: "
        f"indexing adds {added:.0%} (target ≤ 20 %); the indexing job alone takes {index_time:.1f} s"
    )
    runs_with, runs_without = (" ".join(f"{t:.1f}" for t in runs) for runs in (with_search, without_search))
    print(f"  runs with search: {runs_with}; without: {runs_without}")
    print(
        f"index on disk: Pagefind {pagefind_bytes / 1e6:.1f} MB in chunks; "
        f"Material search_index.json {material_index / 1e6:.1f} MB, fetched whole"
    )
    print(f"{'lang':<5}{'query':<12}{'Pagefind ms':>12}{'Pagefind KB':>13}{'Material ms':>13}{'Material KB':>13}")
    failed = added > 0.2 or not all_found
    for lang, query, ours_ms, ours_bytes, material_ms, material_bytes in rows:
        sizes = f"{ours_ms:>12.0f}{ours_bytes / 1024:>13.0f}{material_ms:>13.0f}{material_bytes / 1024:>13.0f}"
        print(f"{lang:<5}{query:<12}{sizes}")
        failed |= ours_ms > 500 or ours_bytes > 300 * 1024
    print("targets: first search ≤ 500 ms and ≤ 300 KB (Pagefind columns)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
