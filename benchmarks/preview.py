"""Time the live preview (``fangcheng serve``) from a save to the page that shows it, as an editor sees it.

Run: ``.venv/bin/python benchmarks/preview.py [--shops 1500] [--saves 5] [--only sample|synthetic]``.

For the sample site and for the synthetic corpus (``benchmarks/synthetic.py``, ``--shops`` shops on one
street), it starts ``python -m fangcheng serve`` on a free loopback port, waits for the first build and the
search index, then saves files as an editor would and polls the pages over HTTP until they show the change:

- summary: one shop's Chinese summary, polled on its own page (median of ``--saves`` saves);
- name: one shop's English name, polled on its street's page (the "what links here" list and the street's
  map), the browse page (its card and pin) and the timeline, until all of them show it;
- add, rename, delete: an entry's file; polled until its page is there (or gone) and the browse page lists
  it (or not);
- search: from a save until the preview's search index was made again after it (its status page says so);
- rebuilds: how many rebuilds each save made (one).

Between two saves it waits until the preview has nothing left to do (open data, "print all" plaques, the
search index), as an editor's saves are seconds apart. Targets (issue "Editors", point 4): a save shows
within 1 s at 1,500 entries and 0.5 s on the sample site, for the page saved and for the pages it changes;
the search index follows within 5 s; one rebuild per save. Prints a table; exits 1 when a target is missed.
The machine's load average is printed with it: the figures are wall-clock times.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import generate  # noqa: E402

POLL_SECONDS = 0.02
GIVE_UP_SECONDS = 120.0
SEARCH_TARGET = 5.0
PROJECT_PARTS = ("mkdocs.yml", "content", "overrides")


@dataclass
class Case:
    """One measured case: its times (seconds) and its target."""

    name: str
    target: float
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("inf")

    @property
    def met(self) -> bool:
        return self.median <= self.target


@dataclass
class Project:
    """A copy of the project with the entries the cases edit."""

    name: str
    path: Path
    target: float  # seconds from a save to the page
    shop: str  # the shop whose summary and name are saved
    street: str
    zh_summary: str  # a piece of the shop's Chinese summary
    en_name: str


def copy_project(dest: Path) -> Path:
    """What a build reads: config, content, templates, hand-written pages."""
    dest.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    (dest / "docs").mkdir()
    for page in (ROOT / "docs").glob("*.md"):
        shutil.copy2(page, dest / "docs" / page.name)
    return dest


def sample_project(work: Path) -> Project:
    path = copy_project(work / "sample")
    shop = (path / "content/shops/tianyitang.yml").read_text(encoding="utf-8")
    summary = re.search(r"summary:\n  zh: (\S{4})", shop)
    assert summary is not None
    return Project("sample", path, 0.5, "tianyitang", "zhongjie", summary.group(1), "Tianyitang Pharmacy")


def synthetic_project(work: Path, shops: int) -> Project:
    path = copy_project(work / f"synthetic-{shops}")
    generate(path / "content", shops)
    shop = (path / "content/shops/shop-00007.yml").read_text(encoding="utf-8")
    summary = re.search(r"summary:\n  zh: (\S{4})", shop)
    name = re.search(r"name:\n  zh: .*\n  en: (.*)\n", shop)
    assert summary is not None and name is not None
    return Project(f"{shops} entries", path, 1.0, "shop-00007", "zhongjie", summary.group(1), name.group(1))


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """A running ``fangcheng serve`` and what its status page says."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}
        env.pop("FANGCHENG_PREVIEW", None)
        env.pop("FANGCHENG_SEARCH", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "fangcheng", "serve", "--port", str(self.port)],
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def status(self) -> dict[str, object]:
        code, text = fetch(self.url + "__fangcheng/status")
        return json.loads(text) if code == 200 else {}

    def settled(self) -> dict[str, object] | None:
        status = self.status()
        quiet = status and not status.get("busy") and status.get("finished")
        return status if quiet and status.get("search") == status.get("version") else None

    def wait_settled(self, seconds: float = 900) -> dict[str, object]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status = self.settled()
            if status:
                return status
            if self.process.poll() is not None:
                raise SystemExit("fangcheng serve stopped")
            time.sleep(0.1)
        raise SystemExit(f"the preview did not settle: {self.status()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextlib.contextmanager
def running(project: Path) -> Iterator[Preview]:
    preview = Preview(project)
    try:
        preview.wait_settled()
        yield preview
    finally:
        preview.stop()


def until(check: Callable[[], bool]) -> float:
    """Seconds until ``check()`` holds, polling; raises when it never does."""
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > GIVE_UP_SECONDS:
            raise SystemExit("gave up waiting for a page")
        time.sleep(POLL_SECONDS)
    return time.perf_counter() - started


def shows(url: str, text: str) -> Callable[[], bool]:
    return lambda: text in fetch(url)[1]


def all_of(*checks: Callable[[], bool]) -> Callable[[], bool]:
    pending = list(checks)

    def check() -> bool:
        pending[:] = [one for one in pending if not one()]
        return not pending

    return check


def lacks(url: str, text: str) -> Callable[[], bool]:
    return lambda: text not in fetch(url)[1]


def gone(url: str) -> Callable[[], bool]:
    return lambda: fetch(url)[0] == 404


def replacing(path: Path, old: str, new: str) -> Callable[[], None]:
    """A save of ``path`` with ``old`` replaced by ``new``."""

    def change() -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def measure(project: Project, saves: int) -> list[Case]:
    """Every case on ``project``; the preview settles before each save."""
    summary, name = Case("summary: own page", project.target), Case("name: street, browse, timeline", project.target)
    added, renamed = Case("add an entry", project.target), Case("rename an entry", project.target)
    deleted, search = Case("delete an entry", project.target), Case("search index after a save", SEARCH_TARGET)
    rebuilds = Case("rebuilds per save", 1.0)
    shops = project.path / "content" / "shops"
    shop_file = shops / f"{project.shop}.yml"
    with running(project.path) as preview:
        base = preview.url

        def save(change: Callable[[], object], check: Callable[[], bool], case: Case) -> None:
            before = preview.wait_settled()
            saved = time.perf_counter()
            change()
            until(check)
            case.times.append(time.perf_counter() - saved)
            indexed = int(before["version"]) + 1  # type: ignore[call-overload]
            until(lambda: int(preview.status().get("search") or 0) >= indexed)  # type: ignore[call-overload]
            search.times.append(time.perf_counter() - saved)
            after = preview.wait_settled()
            rebuilds.times.append(float(after["rebuilds"]) - float(before["rebuilds"]))  # type: ignore[arg-type]

        old_summary, old_name = project.zh_summary, project.en_name
        for number in range(saves):
            new_summary = f"改{number}{project.zh_summary}"
            save(
                replacing(shop_file, old_summary, new_summary),
                shows(f"{base}shops/{project.shop}/", new_summary),
                summary,
            )
            old_summary = new_summary
        pages = [f"{base}en/streets/{project.street}/", f"{base}en/shops/", f"{base}en/timeline/"]
        for number in range(saves):
            new_name = f"{project.en_name} R{number}"
            save(replacing(shop_file, old_name, new_name), all_of(*(shows(page, new_name) for page in pages)), name)
            old_name = new_name
        browse = f"{base}en/shops/"
        for number in range(saves):
            entry, title = shops / f"bench-new-{number}.yml", f"Bench New {number}"
            moved = entry.with_name(f"bench-new-{number}-moved.yml")
            page, moved_page = f"{base}en/shops/{entry.stem}/", f"{base}en/shops/{moved.stem}/"
            text = shop_file.read_text(encoding="utf-8").replace(old_name, title)
            save(
                partial(entry.write_text, text, encoding="utf-8"),
                all_of(shows(page, title), shows(browse, title)),
                added,
            )
            save(partial(entry.rename, moved), all_of(shows(moved_page, title), gone(page)), renamed)
            save(moved.unlink, all_of(gone(moved_page), lacks(browse, title)), deleted)
    return [summary, name, added, renamed, deleted, search, rebuilds]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, default=1500)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--only", choices=("sample", "synthetic"))
    args = parser.parse_args()
    load = os.getloadavg()[0]
    missed = False
    with tempfile.TemporaryDirectory(prefix="fangcheng-preview-bench-") as work:
        projects = []
        if args.only != "synthetic":
            projects.append(sample_project(Path(work)))
        if args.only != "sample":
            projects.append(synthetic_project(Path(work), args.shops))
        for project in projects:
            cases = measure(project, args.saves)
            print(f"\n{project.name} (load average {load:.1f} when started, {os.getloadavg()[0]:.1f} now)")
            print(f"  {'case':34} {'median':>8} {'min':>8} {'max':>8} {'target':>8}")
            for case in cases:
                unit = "" if case.name.startswith("rebuilds") else " s"
                print(
                    f"  {case.name:34} {case.median:>7.2f}{unit[:1]} {min(case.times):>7.2f}{unit[:1]} "
                    f"{max(case.times):>7.2f}{unit[:1]} {case.target:>7.2f}{unit[:1]}  {'ok' if case.met else 'MISSED'}"
                )
                missed |= not case.met or (case.name.startswith("rebuilds") and max(case.times) != 1)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
