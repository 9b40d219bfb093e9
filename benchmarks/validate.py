"""Time validation of the sample content and of a synthetic 1,500-shop corpus, and of hostile input.

Run: ``.venv/bin/python benchmarks/validate.py`` (after ./scripts/build or ./scripts/test set up
.venv). Targets (issue "Content model and validator"): sample well under 1 s; 1,500 shops ≤ 2 s;
an alias bomb and an oversize file rejected in well under a second.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import generate  # noqa: E402

from fangcheng.catalogue import load_catalogue  # noqa: E402
from fangcheng.load import MAX_BYTES, load_file  # noqa: E402
from fangcheng.plugin_config import load_site_config  # noqa: E402


def best_of(runs: int, action) -> tuple[float, float]:
    """Best and median wall time of ``runs`` calls, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shops", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    config = load_site_config(ROOT / "mkdocs.yml")
    rows = []

    sample = lambda: load_catalogue(ROOT / "content", config, cwd=ROOT)  # noqa: E731
    assert not sample().has_errors
    rows.append(("sample content", len(list((ROOT / "content").glob("*/*.yml"))), *best_of(args.runs, sample), 1.0))

    with tempfile.TemporaryDirectory() as folder:
        corpus = generate(Path(folder) / "content", args.shops)
        synthetic = lambda: load_catalogue(corpus, config, cwd=Path(folder))  # noqa: E731
        catalogue = synthetic()
        assert not catalogue.problems, catalogue.problems[:3]
        rows.append((f"synthetic {args.shops} shops", args.shops + 1, *best_of(args.runs, synthetic), 2.0))

        bomb = Path(folder) / "bomb.yml"
        lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
            lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
        rows.append(("alias bomb (9^9 values)", 1, *best_of(args.runs, lambda: load_file(bomb, "bomb.yml")), 0.1))

        big = Path(folder) / "big.yml"
        big.write_text("a: " + "x" * (MAX_BYTES * 50) + "\n", encoding="utf-8")
        rows.append(("oversize file (50 MB)", 1, *best_of(args.runs, lambda: load_file(big, "big.yml")), 0.1))

    print(f"{'case':<28} {'files':>6} {'best s':>8} {'median s':>9} {'target s':>9}  ok")
    failed = False
    for name, files, best, median, target in rows:
        ok = median <= target
        failed |= not ok
        print(f"{name:<28} {files:>6} {best:>8.3f} {median:>9.3f} {target:>9.1f}  {'yes' if ok else 'NO'}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MiB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
