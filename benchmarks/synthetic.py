"""Generate a synthetic corpus the size of a real deployment (1,500 shops ≈ the national 中华老字号 list).

Every entry is valid and fully translated, with the fields a real shop has, so that timings
measure the real code paths. ``--layout street`` puts every shop on Zhongjie (along its path, within a few
metres of it) instead of spreading them over the city: the clustered case of ``benchmarks/clustered.py``.
Usage: ``python benchmarks/synthetic.py OUT_DIR [--shops N] [--layout spread|street]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

SCHEMA = "# yaml-language-server: $schema=../schema/{kind}.json\n"
DISHES = [
    ("饺子", "dumplings"),
    ("烧麦", "shaomai"),
    ("熏肉大饼", "smoked meat pancakes"),
    ("白肉血肠", "pork belly with blood sausage"),
    ("冰淇淋", "ice cream"),
    ("花茶", "jasmine tea"),
    ("金饰", "gold jewellery"),
    ("中药", "herbal medicine"),
]
CATEGORIES = ["restaurant", "snacks", "tea", "jewellery", "pharmacy", "department-store", "crafts", "other"]
SYLLABLES = [
    "bao",
    "fa",
    "yuan",
    "tian",
    "yi",
    "tang",
    "zhong",
    "he",
    "fu",
    "lao",
    "bian",
    "ma",
    "jia",
    "cui",
    "hua",
    "li",
    "lian",
    "gui",
]
HANZI = "宝发园天益堂中和福老边马家萃华李连贵那吉兴顺广生德聚丰泰"
LEVELS = [
    ("national", "中华老字号", "China Time-honoured Brand"),
    ("provincial", "辽宁老字号", "Liaoning Time-honoured Brand"),
    ("municipal", "沈阳老字号", "Shenyang Time-honoured Brand"),
    ("district", "沈河区老字号", "Shenhe District Time-honoured Brand"),
]


def recognitions_yaml(rng: random.Random) -> str:
    """One or two titles at different levels (the browse filter's recognition levels)."""
    chosen = rng.sample(LEVELS, rng.choice((1, 1, 2)))
    return "".join(
        f"  - title: {{zh: {zh}, en: {en}}}\n    level: {level}\n    year: {rng.randint(2006, 2024)}\n"
        for level, zh, en in chosen
    )


def exceptions_yaml(index: int) -> str:
    """Dated closures and special hours on some shops (the open-now data). No public-holiday rule: near
    the end of the holiday data it warns on every such file, which would time the warnings."""
    if index % 10 == 0:
        return "closed: [2026-02-16, 2026-02-17]\n"
    if index % 10 == 5:
        return 'special_hours:\n  - dates: [2026-02-18]\n    opens: "10:00"\n    closes: "16:00"\n'
    return ""


LAYOUTS = ("spread", "street")
# Zhongjie's path in STREET below: from (41.8013, 123.4510) to (41.8014, 123.4625), some 950 m.
STREET_START, STREET_LENGTH_DEG = (41.8013, 123.4510), 0.0115


def place(layout: str, rng: random.Random) -> tuple[float, float]:
    """A shop's point: anywhere in a 22 × 17 km box of the city (``spread``), or along Zhongjie, at most some
    5 m off its line (``street``). Both draw the same random numbers, so the rest of each entry is the same."""
    across, along = rng.random(), rng.random()
    if layout == "street":
        return STREET_START[0] + across * 0.0001, STREET_START[1] + along * STREET_LENGTH_DEG
    return 41.7 + across * 0.2, 123.35 + along * 0.2


def shop_yaml(index: int, rng: random.Random, layout: str = "spread") -> str:
    """One synthetic shop entry as YAML text."""
    zh = "".join(rng.choice(HANZI) for _ in range(3)) + rng.choice(["饭庄", "茶庄", "金店", "药房", "饺子馆"])
    en = " ".join(rng.choice(SYLLABLES).capitalize() for _ in range(2)) + f" {index}"
    dish_zh, dish_en = rng.choice(DISHES)
    year = rng.randint(1600, 2000)
    lat, lon = place(layout, rng)
    paragraph_zh = f"{zh}创立于 {year} 年，以{dish_zh}闻名。" * 4
    paragraph_en = " ".join([f"{en} was founded in {year} and is known for its {dish_en}."] * 4)
    return f"""{SCHEMA.format(kind="shops")}name:
  zh: {zh}{index}
  en: {en}
summary:
  zh: {year} 年创立的老字号，招牌是{dish_zh}。
  en: A time-honoured shop founded in {year}, known for {dish_en}.
description:
  zh: |
    {paragraph_zh}

    {paragraph_zh}
  en: |
    {paragraph_en}

    {paragraph_en}
founded: {year}
category: {rng.choice(CATEGORIES)}
signature: {{zh: {dish_zh}, en: {dish_en}}}
street: zhongjie
recognitions:
{recognitions_yaml(rng)}address:
  zh: 沈河区中街路 {index} 号
  en: No. {index} Zhongjie Road, Shenhe District
location: {{lat: {lat:.6f}, lon: {lon:.6f}}}
hours:
  - days: [mon, tue, wed, thu, fri, sat, sun]
    opens: "09:30"
    closes: "21:00"
{exceptions_yaml(index)}phone: "024-{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
tags: [food, heritage]
sources:
  - https://example.org/shops/{index}
"""


STREET = f"""{SCHEMA.format(kind="streets")}name: {{zh: 中街, en: Zhongjie}}
summary: {{zh: 步行街, en: Pedestrian street}}
location: {{lat: 41.801333, lon: 123.456889}}
path:
  - {{lat: 41.8013, lon: 123.4510}}
  - {{lat: 41.8014, lon: 123.4625}}
landmarks:
  - name: {{zh: 沈阳故宫, en: Mukden Palace}}
    location: {{lat: 41.796161, lon: 123.450708}}
  - name: {{zh: 地铁中街站, en: Zhongjie Metro Station}}
    location: {{lat: 41.801306, lon: 123.461639}}
"""


def generate(out: Path, shops: int, *, seed: int = 1625, layout: str = "spread") -> Path:
    """Write a content folder with ``shops`` shops laid out as ``layout`` (:data:`LAYOUTS`) and one street;
    return its path."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    if out.exists():
        shutil.rmtree(out)
    (out / "shops").mkdir(parents=True)
    (out / "streets").mkdir()
    (out / "streets" / "zhongjie.yml").write_text(STREET, encoding="utf-8")
    rng = random.Random(seed)
    for index in range(1, shops + 1):
        (out / "shops" / f"shop-{index:05d}.yml").write_text(shop_yaml(index, rng, layout), encoding="utf-8")
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--shops", type=int, default=1500)
    parser.add_argument("--layout", choices=LAYOUTS, default="spread")
    arguments = parser.parse_args()
    print(generate(arguments.out, arguments.shops, layout=arguments.layout))
