"""Time a full build of the synthetic corpus against the stock toolchain doing the same core job.

Run: ``.venv/bin/python benchmarks/build.py [--shops 1500 3000] [--runs 5] [--against DIR ...]``.

For each size it builds (1) Fangcheng: ``python -m fangcheng build`` (validate, render, MkDocs, plaques,
open data, the Pagefind index), and (2) the stock toolchain: a Material + mkdocs-static-i18n site with the
same number of plain pages in both languages, kept out of the nav, built by ``mkdocs build`` and then
indexed by Pagefind's own command line (``pagefind --site site``). Builds are interleaved (every run builds
every size and every site, one after another, so a slow spell of the machine weighs on all of them);
medians are compared. With ``--against DIR ...`` (other checkouts of this project, e.g. each without one
mechanism) their builds are timed too, with the same corpus, in the same interleaving: an A/B of versions of
the code.

Targets (issue "A simpler house"): ours ≤ 1.3x stock at 1,500 entries; ours at 3,000 ≤ 2.1x ours at
1,500; peak memory at 3,000 entries ≤ 600 MiB (PSS summed over the build's processes, sampled every
50 ms by :class:`MemorySampler`). Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import generate  # noqa: E402

# The stock site has the same shape as ours (home plus four section pages in the nav, pages kept
# out of the nav, the same theme features), so the difference is what Fangcheng adds: validation,
# rendering, plaques, maps, open data.
STOCK_CONFIG = """\
site_name: bare
site_url: http://127.0.0.1:8000/
theme: {name: material, language: zh, font: false, features: [navigation.tabs, navigation.top]}
nav: [index.md, shops/index.md, streets/index.md, parks/index.md, members/index.md]
validation: {nav: {omitted_files: ignore}}
plugins:
  - i18n:
      docs_structure: suffix
      reconfigure_search: false
      languages:
        - {locale: zh, name: 中文, default: true}
        - {locale: en, name: English}
"""


def environment() -> dict[str, str]:
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
        "PYTHONPATH": str(ROOT / "scripts"),
    }


def ours(folder: Path, shops: int, source: Path = ROOT, name: str = "ours") -> Path:
    """A copy of the project at ``source`` (its configuration, templates and pages) whose content is the
    synthetic corpus."""
    project = folder / name
    for part in ("mkdocs.yml", "overrides"):
        origin, target = source / part, project / part
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(origin, target) if origin.is_dir() else shutil.copy2(origin, target)
    (project / "docs").mkdir()
    for page in (source / "docs").glob("*.md"):
        shutil.copy2(page, project / "docs" / page.name)
    generate(project / "content", shops)
    return project


def stock(folder: Path, pages: int) -> Path:
    """A plain Material + static-i18n project with ``pages`` pages per language."""
    project = folder / "stock"
    docs = project / "docs" / "shops"
    docs.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(STOCK_CONFIG, encoding="utf-8")
    for section in ("", "shops/", "streets/", "parks/", "members/"):
        (project / "docs" / section).mkdir(exist_ok=True)
        (project / "docs" / f"{section}index.zh.md").write_text(f"# 首页 {section}\n", encoding="utf-8")
        (project / "docs" / f"{section}index.en.md").write_text(f"# Home {section}\n", encoding="utf-8")
    for index in range(pages):
        (docs / f"shop-{index}.zh.md").write_text(
            f"# 老字号 {index}\n\n" + "创立于 1829 年，以饺子闻名。" * 40 + "\n", encoding="utf-8"
        )
        (docs / f"shop-{index}.en.md").write_text(
            f"# Shop {index}\n\n" + "Founded in 1829 and known for its dumplings. " * 30 + "\n", encoding="utf-8"
        )
    return project


MIB = 1024 * 1024
MEMORY_TARGET_MIB = 600  # summed over the build's processes, at 3,000 entries


@dataclass
class Memory:
    """Peak proportional set size of a build: of the sum over its processes, and of each process."""

    peak: int = 0  # bytes
    processes: dict[int, tuple[str, int]] = field(default_factory=dict)  # pid -> (its last role, its own peak in bytes)

    def describe(self) -> str:
        parts = sorted(self.processes.values(), key=lambda item: -item[1])
        return f"{self.peak / MIB:.0f} MiB (" + ", ".join(f"{name} {size / MIB:.0f}" for name, size in parts) + ")"


class MemorySampler(threading.Thread):
    """Samples the Pss of a process and all its descendants every ``interval`` seconds, until stopped.

    Pss (proportional set size) shares each page among the processes that map it, so a forked
    worker's pages shared with its parent count once in the sum, and the sum is the memory the
    build really takes.
    """

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.memory = Memory()
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.is_set():
            self.sample()
            self._stopping.wait(self.interval)

    def stop(self) -> Memory:
        self._stopping.set()
        self.join()
        return self.memory

    def sample(self) -> None:
        total = 0
        for pid in self._tree():
            pss = _pss(pid)
            if pss is None:
                continue  # ended meanwhile
            total += pss
            name, peak = self.memory.processes.get(pid, ("?", 0))
            role = self._role(pid)  # a child forked to run a program is "fork of …" until it runs it
            self.memory.processes[pid] = (name if role == "?" else role, max(peak, pss))
        self.memory.peak = max(self.memory.peak, total)

    def _tree(self) -> list[int]:
        pids, queue = [], [self.pid]
        while queue:
            pid = queue.pop()
            pids.append(pid)
            for children in Path(f"/proc/{pid}/task").glob("*/children"):
                with contextlib.suppress(OSError):  # ended meanwhile
                    queue.extend(int(child) for child in children.read_text().split())
        return pids

    def _role(self, pid: int) -> str:
        """What a process is: its command (module or program), "fork of …" while a child runs its parent's."""
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            parent = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
            parent_argv = Path(f"/proc/{parent}/cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            return "?"
        if not argv[0]:
            return "?"  # ending: a zombie has no command line
        module = argv[argv.index(b"-m") + 1].decode() if b"-m" in argv[:-1] else Path(argv[0].decode()).name
        return f"fork of {module}" if pid != self.pid and argv == parent_argv else module


def _pss(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return 0


def timed(command: list[str], cwd: Path, **env: str) -> tuple[float, float, Memory]:
    """Seconds ``command`` takes, after the disk has caught up with the previous build's writes, the
    processor time (user and system) of it and its helpers, and its memory.

    Without the ``sync`` each build would pay for writing back (and, on a disk mounted with
    ``discard``, trimming) what the build before it wrote and deleted: times then grew run after run.
    """
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env={**environment(), **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = MemorySampler(process.pid)
    sampler.start()
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # helpers count once their parents waited for them
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    memory = sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stdout}\n{stderr}")
    return elapsed, cpu, memory


def site_size(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


STOCK_COMMAND = (
    "import subprocess, sys\n"
    "subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '-q'], check=True)\n"
    "subprocess.run([sys.executable, '-m', 'pagefind', '--site', 'site', '--silent'], check=True)\n"
)
TARGET_RATIO = 1.3  # ours / stock at 1,500 entries
TARGET_GROWTH = 2.1  # ours at 3,000 / ours at 1,500


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shops", type=int, nargs="+", default=[1500, 3000])
    parser.add_argument(
        "--runs", type=int, default=5, help="builds per measurement (the median is kept: this machine is noisy)"
    )
    parser.add_argument(
        "--against", type=Path, nargs="+", default=[], help="other checkouts of this project, timed in the same runs"
    )
    args = parser.parse_args()
    python = sys.executable
    others = {f"against-{index + 1}": folder.resolve() for index, folder in enumerate(args.against)}
    columns = ["ours", "stock", *others]
    with tempfile.TemporaryDirectory() as folder:
        builds: dict[int, dict[str, tuple[list[str], Path, dict[str, str]]]] = {}
        for shops in args.shops:
            base = Path(folder) / str(shops)
            builds[shops] = {
                "ours": ([python, "-m", "fangcheng", "build"], ours(base, shops), {}),
                "stock": ([python, "-c", STOCK_COMMAND], stock(base, shops), {}),
            }
            for column, other in others.items():
                builds[shops][column] = (
                    [python, "-m", "fangcheng", "build"],
                    ours(base, shops, other, column),
                    {"PYTHONPATH": str(other / "scripts")},
                )
        runs: dict[tuple[int, str], list[tuple[float, float, Memory]]] = {}
        for run in range(args.runs):
            # Sizes and builds interleaved: a slow spell of the machine affects every measurement alike.
            for shops, by_column in builds.items():
                for column in columns:
                    command, project, env = by_column[column]
                    result = timed(command, project, **env)
                    runs.setdefault((shops, column), []).append(result)
                    print(f"run {run + 1}, {shops} entries, {column}: {result[0]:.1f} s", file=sys.stderr)
        medians = {key: statistics.median(t for t, _, _ in results) for key, results in runs.items()}
        print(f"{'entries':>8} " + " ".join(f"{c + ' s':>10}" for c in columns) + f" {'ours/stock':>10}")
        for shops, by_column in builds.items():
            row = " ".join(f"{medians[shops, c]:>10.1f}" for c in columns)
            print(f"{shops:>8} {row} {medians[shops, 'ours'] / medians[shops, 'stock']:>10.2f}")
            for column in columns:
                results = runs[shops, column]
                times = " ".join(f"{t:.1f}" for t, _, _ in results)
                cpu = statistics.median(c for _, c, _ in results)
                peaks = "; ".join(memory.describe() for _, _, memory in results)
                print(f"{'':>8} {column}: runs {times} s; processor {cpu:.1f} s; peak memory {peaks}")
            files, size = site_size(by_column["ours"][1] / "site")
            print(f"{'':>8} ours' site: {files} files, {size / 1e6:.1f} MB")
    failed = False
    if 1500 in args.shops:
        ratio = medians[1500, "ours"] / medians[1500, "stock"]
        failed |= ratio > TARGET_RATIO
        print(f"ours / stock at 1,500 (medians): {ratio:.2f} (target ≤ {TARGET_RATIO})")
        for column, other in others.items():
            ratio_other = medians[1500, "ours"] / medians[1500, column]
            print(f"ours / {column} ({other}) at 1,500 (medians): {ratio_other:.3f}")
    if 1500 in args.shops and 3000 in args.shops:
        growth = medians[3000, "ours"] / medians[1500, "ours"]
        failed |= growth > TARGET_GROWTH
        print(f"ours 3,000 / ours 1,500 (medians): {growth:.2f} (target ≤ {TARGET_GROWTH})")
        stock_growth = medians[3000, "stock"] / medians[1500, "stock"]
        print(f"stock 3,000 / stock 1,500 (medians, for comparison): {stock_growth:.2f}")
    if 3000 in args.shops:
        peak = max(memory.peak for _, _, memory in runs[3000, "ours"]) / MIB
        failed |= peak > MEMORY_TARGET_MIB
        print(
            f"peak memory at 3,000 (highest run, PSS summed over the build's processes): {peak:.0f} MiB "
            f"(target ≤ {MEMORY_TARGET_MIB})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
