"""Time making every open-data file (JSON, CSV per kind, GeoJSON, datapackage.json) in memory.

Run: ``.venv/bin/python benchmarks/opendata.py [--shops 3000]``. Target: ≤ 1 s at 3,000 shops
(the build does it once, before MkDocs starts).
"""

from __future__ import annotations

import argparse
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
from fangcheng.opendata import DataSettings, Licence, build_open_data  # noqa: E402
from fangcheng.plugin_config import load_site_config  # noqa: E402

TARGET_S = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shops", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    config = load_site_config(ROOT / "mkdocs.yml")
    with tempfile.TemporaryDirectory() as folder:
        catalogue = load_catalogue(generate(Path(folder) / "content", args.shops), config, cwd=Path(folder))
        settings = DataSettings("https://example.org/fangcheng/", "Fangcheng", Licence("CC-BY-4.0"))
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            files = build_open_data(catalogue, settings).files
            times.append(time.perf_counter() - start)
    median = statistics.median(times)
    sizes = ", ".join(f"{f.name} {f.size / 1e6:.1f} MB" for f in files)
    print(f"{args.shops} shops: median {median:.2f} s (best {min(times):.2f} s), target ≤ {TARGET_S} s; {sizes}")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
