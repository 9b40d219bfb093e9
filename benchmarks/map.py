"""Time and size of the schematic map (fangcheng.svgmap) for 10, 300 and 3,000 pins.

Run: ``.venv/bin/python benchmarks/map.py [--repeat 7]``. Two spreads: along Zhongjie (1.5 km, pins
crowd and merge into clusters) and over the whole city (few merge: the most marks, the largest SVG),
each pin with a long bilingual name and link. Prints the median time of ``draw_map`` plus
``map_list`` and the bytes of each. Targets (issue 13): drawing 3,000 pins well under a second; the
map's markup at most 60 KB.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from fangcheng.site_maps import map_strings  # noqa: E402
from fangcheng.svgmap import Landmark, Pin, Polyline, draw_map, map_list  # noqa: E402
from fangcheng.ui_strings import load_ui_strings  # noqa: E402

STRINGS = map_strings(load_ui_strings(ROOT / "overrides" / "locales", "zh", "zh"), "中街示意图")
SPREADS = {"street": (41.7972, 41.8002, 123.452, 123.470), "city": (41.60, 42.00, 123.10, 123.70)}
TARGET_SECONDS = 1.0
TARGET_BYTES = 60_000


def pins(n: int, spread: str) -> list[Pin]:
    south, north, west, east = SPREADS[spread]
    rng = random.Random(n)
    return [
        Pin(
            rng.uniform(south, north),
            rng.uniform(west, east),
            f"沈阳老字号第{i}号店 Time-honoured Shop {i}",
            f"../../shops/time-honoured-shop-{i:05d}/",
        )
        for i in range(n)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    street = [Polyline(((41.7987, 123.452), (41.7987, 123.461), (41.7986, 123.470)))]
    landmarks = [
        Landmark(41.7990, 123.4525, "怀远门"),
        Landmark(41.7983, 123.4600, "中街牌楼", "../../streets/zhongjie/"),
    ]
    print(f"{'pins':>6} {'spread':>7} {'map ms':>8} {'map bytes':>10} {'marks':>6} {'list ms':>8} {'list bytes':>11}")
    ok = True
    for n in (10, 300, 3000):
        for spread in SPREADS:
            data = pins(n, spread)
            map_times, list_times = [], []
            for _ in range(args.repeat):
                start = time.perf_counter()
                figure = draw_map(data, strings=STRINGS, lang="zh", lines=street, landmarks=landmarks)
                map_times.append(time.perf_counter() - start)
                start = time.perf_counter()
                listing = map_list(data, strings=STRINGS, lang="zh", landmarks=landmarks)
                list_times.append(time.perf_counter() - start)
            seconds, size = statistics.median(map_times), len(figure.encode())
            marks = figure.count("<a href") - 1  # less the skip link
            list_ms, list_bytes = statistics.median(list_times) * 1000, len(listing.encode())
            print(f"{n:>6} {spread:>7} {seconds * 1000:>8.1f} {size:>10,} {marks:>6} {list_ms:>8.1f} {list_bytes:>11,}")
            ok &= seconds < TARGET_SECONDS and size <= TARGET_BYTES
    verdict = "met" if ok else "NOT met"
    print(f"targets: map < {TARGET_SECONDS:g} s and ≤ {TARGET_BYTES:,} bytes for every row: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
