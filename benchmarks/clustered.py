"""Time a full build of 3,000 shops all on one street against 3,000 shops spread over the city.

Run: ``.venv/bin/python benchmarks/clustered.py [--shops 3000] [--runs 3]``. Both corpora come from
``benchmarks/synthetic.py`` (``--layout street`` and ``--layout spread``: the same entries but for their
points) and are built with ``python -m fangcheng build``, one after the other in every run, so a slow spell
of the machine weighs on both; medians of the wall-clock times are compared. Target (issue 19, point 3):
the clustered build within 1.15× the spread one. Exits 1 when it is missed.

Before the fix the nearby-places step compared every pair of points in the same 1,500 m cell: 3,000 shops
along Zhongjie built in 34.7 s against 23.5 s spread out.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import LAYOUTS, generate  # noqa: E402

TARGET = 1.15
PROJECT_PARTS = ("mkdocs.yml", "overrides")


def project(folder: Path, shops: int, layout: str) -> Path:
    """A copy of the site's sources whose content is the synthetic corpus laid out as ``layout``."""
    target = folder / layout
    target.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        shutil.copytree(source, target / part) if source.is_dir() else shutil.copy2(source, target / part)
    (target / "docs").mkdir()
    for page in (ROOT / "docs").glob("*.md"):
        shutil.copy2(page, target / "docs" / page.name)
    generate(target / "content", shops, layout=layout)
    return target


def build(folder: Path) -> tuple[float, float]:
    """Seconds one ``python -m fangcheng build`` of ``folder`` takes (after the disk caught up with the last), and
    the processor time of it and its helpers (user and system: less swayed by other work on the machine)."""
    os.sync()
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
        "PYTHONPATH": str(ROOT / "scripts"),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "fangcheng", "build"], cwd=folder, env=environment, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"the build of {folder.name} failed:\n{result.stderr[-3000:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shops", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fangcheng-clustered-") as temporary:
        folders = {layout: project(Path(temporary), arguments.shops, layout) for layout in LAYOUTS}
        times: dict[str, list[float]] = {layout: [] for layout in LAYOUTS}
        cpu: dict[str, list[float]] = {layout: [] for layout in LAYOUTS}
        for run in range(1, arguments.runs + 1):
            order = LAYOUTS if run % 2 else LAYOUTS[::-1]  # interleaved, each first in turn
            for layout in order:
                wall, processor = build(folders[layout])
                times[layout].append(wall)
                cpu[layout].append(processor)
            print(
                f"run {run}: "
                + ", ".join(f"{layout} {times[layout][-1]:.1f} s (cpu {cpu[layout][-1]:.1f} s)" for layout in LAYOUTS)
            )
    medians = {layout: statistics.median(found) for layout, found in times.items()}
    cpu_medians = {layout: statistics.median(found) for layout, found in cpu.items()}
    ratio = medians["street"] / medians["spread"]
    print(
        f"{arguments.shops} shops, median of {arguments.runs} builds: spread {medians['spread']:.1f} s, "
        f"on one street {medians['street']:.1f} s, ratio {ratio:.2f} (target ≤ {TARGET}); processor time "
        f"{cpu_medians['spread']:.1f} s and {cpu_medians['street']:.1f} s, "
        f"ratio {cpu_medians['street'] / cpu_medians['spread']:.2f}"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
