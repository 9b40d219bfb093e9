"""Time a full build of the synthetic corpus against a bare mkdocs-material + static-i18n build.

Run: ``.venv/bin/python benchmarks/build.py [--shops 1500 3000] [--runs 5]``. For each size it
builds (1) Fangcheng: validate + render + MkDocs + Pagefind, through ``python -m fangcheng build``,
and (2) a bare MkDocs Material + mkdocs-static-i18n site with the same number of plain pages in both
languages and no nav entries for them. Every run builds every size and both sites, one after another,
so a slow spell of the machine weighs on all of them; medians are compared. Targets (issue
"Bilingual site"): ours ≤ 1.2× bare at 1,500 entries, and ours at 3,000 ≤ 2.2× ours at 1,500.
Exits 1 when a target is missed.

Every build's memory is sampled too (:class:`MemorySampler`): the proportional set size (``Pss`` of
``/proc/<pid>/smaps_rollup``) of the build's whole process tree every 50 ms; it prints the peak of the
sum and each process's own peak (target issue "A house to live in": ≤ 500 MiB summed at 3,000 entries).
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

# The bare site has the same shape as ours (home plus four section pages in the nav, pages kept
# out of the nav, the same theme features), so the difference is what Fangcheng adds: validation,
# rendering, hooks.
BARE_CONFIG = """\
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


def ours(folder: Path, shops: int) -> Path:
    """A copy of the project whose content is the synthetic corpus."""
    project = folder / "ours"
    for part in ("mkdocs.yml", "overrides", "scripts/fangcheng"):
        source, target = ROOT / part, project / part
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source, target) if source.is_dir() else shutil.copy2(source, target)
    (project / "docs").mkdir()
    for page in (ROOT / "docs").glob("*.md"):
        shutil.copy2(page, project / "docs" / page.name)
    generate(project / "content", shops)
    return project


def bare(folder: Path, pages: int) -> Path:
    """A plain Material + static-i18n project with ``pages`` pages per language."""
    project = folder / "bare"
    docs = project / "docs" / "shops"
    docs.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(BARE_CONFIG, encoding="utf-8")
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
MEMORY_TARGET_MIB = 500  # summed over the build's processes, at 3,000 entries


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shops", type=int, nargs="+", default=[1500, 3000])
    parser.add_argument(
        "--runs", type=int, default=5, help="builds per measurement (the median is kept: this machine is noisy)"
    )
    args = parser.parse_args()
    python = sys.executable
    results: dict[int, tuple[float, float]] = {}
    print(
        f"{'entries':>8} {'ours s':>8} {'bare s':>8} {'ratio':>6} {'best ratio':>10} "
        f"{'ours files':>11} {'ours MB':>8} {'entry page KB':>14}"
    )
    with tempfile.TemporaryDirectory() as folder:
        projects = {
            shops: (ours(Path(folder) / str(shops), shops), bare(Path(folder) / str(shops), shops))
            for shops in args.shops
        }
        times: dict[int, tuple[list[float], list[float]]] = {shops: ([], []) for shops in args.shops}
        memories: dict[int, tuple[list[Memory], list[Memory]]] = {shops: ([], []) for shops in args.shops}
        cpus: dict[int, tuple[list[float], list[float]]] = {shops: ([], []) for shops in args.shops}
        for _ in range(args.runs):
            # Sizes and builds interleaved: a slow spell of the machine affects every measurement alike.
            for shops, (ours_project, bare_project) in projects.items():
                shutil.rmtree(ours_project / "docs" / "shops", ignore_errors=True)  # every run renders from scratch
                for column, (command, project) in enumerate(
                    (
                        ([python, "-m", "fangcheng", "build"], ours_project),
                        ([python, "-m", "mkdocs", "build", "-q"], bare_project),
                    )
                ):
                    elapsed, cpu, memory = timed(command, project)
                    times[shops][column].append(elapsed)
                    cpus[shops][column].append(cpu)
                    memories[shops][column].append(memory)
        for shops, (ours_project, _) in projects.items():
            ours_times, bare_times = times[shops]
            ours_time, bare_time = statistics.median(ours_times), statistics.median(bare_times)
            best_ratio = min(ours_times) / min(bare_times)
            files, size = site_size(ours_project / "site")
            page_kb = (ours_project / "site" / "shops" / "shop-00001" / "index.html").stat().st_size / 1024
            results[shops] = (ours_time, bare_time)
            print(
                f"{shops:>8} {ours_time:>8.1f} {bare_time:>8.1f} {ours_time / bare_time:>6.2f} {best_ratio:>10.2f} "
                f"{files:>11} {size / 1e6:>8.1f} {page_kb:>14.1f}"
            )
            runs_ours, runs_bare = (" ".join(f"{t:.1f}" for t in runs) for runs in (ours_times, bare_times))
            print(f"{'':>8} runs, ours: {runs_ours}; bare: {runs_bare}")
            cpu_ours, cpu_bare = (statistics.median(runs) for runs in cpus[shops])
            print(
                f"{'':>8} processor time (user + system, all processes; medians): ours {cpu_ours:.1f} s, "
                f"bare {cpu_bare:.1f} s, ratio {cpu_ours / cpu_bare:.2f}"
            )
            for label, runs in zip(("ours", "bare"), memories[shops], strict=True):
                print(f"{'':>8} peak memory (Pss, summed), {label}: " + "; ".join(memory.describe() for memory in runs))
    failed = False
    if 1500 in results:
        ratio = results[1500][0] / results[1500][1]
        failed |= ratio > 1.2
        print(f"ours / bare at 1,500 (medians): {ratio:.2f} (target ≤ 1.2)")
    if 1500 in results and 3000 in results:
        growth = results[3000][0] / results[1500][0]
        failed |= growth > 2.2
        print(f"ours 3,000 / ours 1,500 (medians): {growth:.2f} (target ≤ 2.2)")
        bare_growth = results[3000][1] / results[1500][1]
        print(f"bare 3,000 / bare 1,500 (medians, for comparison): {bare_growth:.2f}")
    if 3000 in results:
        peak = max(memory.peak for memory in memories[3000][0]) / MIB
        failed |= peak > MEMORY_TARGET_MIB
        print(
            f"peak memory at 3,000 (highest run, Pss summed over the build's processes): {peak:.0f} MiB "
            f"(target ≤ {MEMORY_TARGET_MIB})"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
