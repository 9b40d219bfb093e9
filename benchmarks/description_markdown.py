"""Time the description's Markdown on the worst inputs found, at the model's length limit.

Run: ``.venv/bin/python benchmarks/description_markdown.py``. Target (issue 11, point 5): any text the
validator accepts renders in at most 1 s. Python-Markdown took 33 s of build time on 15,000 ``[``
and raised RecursionError on ``1. 1. 1. …``; each case below is a run of one construct filling a
description of ``DESCRIPTION_CHARS`` characters. Prints every case; exits 1 on a miss.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from fangcheng.markup import markdown_to_safe_html  # noqa: E402
from fangcheng.model import DESCRIPTION_CHARS  # noqa: E402

TARGET_S = 1.0


def fill(unit: str, prefix: str = "", suffix: str = "") -> Callable[[int], str]:
    """A text of at most ``n`` characters: ``prefix``, ``unit`` repeated, ``suffix``."""
    return lambda n: prefix + unit * ((n - len(prefix) - len(suffix)) // len(unit)) + suffix


CASES: dict[str, Callable[[int], str]] = {
    "[": fill("["),
    "![": fill("!["),
    "[![": fill("[!["),
    "<http://": fill("<http://"),
    "<http://a ": fill("<http://a "),
    "<a@": fill("<a@"),
    "[a](": fill("[a]("),
    "[](": fill("[]("),
    "[a][": fill("[a]["),
    "](": fill("]("),
    "( in a link": fill("(", prefix="[a]("),
    "nested [[…]]": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "*": fill("*"),
    "_": fill("_"),
    "*a": fill("*a"),
    "a*": fill("a*"),
    "**a": fill("**a"),
    "***a": fill("***a"),
    "*_": fill("*_"),
    "_a": fill("_a"),
    "`": fill("`"),
    "`a": fill("`a"),
    "``a`": fill("``a`"),
    "> quotes": fill("> "),
    "> lines": fill(">\n"),
    "1. 1. 1.": fill("1. "),
    "- - -": fill("- "),
    "nested lists": lambda n: "".join("  " * i + "- x\n" for i in range(200))[:n],
    "<a ": fill("<a "),
    "<": fill("<"),
    "<!--": fill("<!--"),
    "<div>": fill("<div>"),
    "<![CDATA[": fill("<![CDATA["),
    "&": fill("&"),
    "&#": fill("&#"),
    "\\": fill("\\"),
    "#": fill("#"),
    "- line": fill("-"),
    "==": fill("=", prefix="x\n"),
    "|": fill("|"),
    "hard breaks": fill("a  \n"),
    "code lines": fill("    x\n"),
    "lines": fill("x\n"),
    "paragraphs": fill("x\n\n"),
    "[ref]: defs": fill("[a]: b\n"),
    "plain Chinese": fill("老边饺子馆创立于一八二九年。"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=DESCRIPTION_CHARS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{'case':<16} {'chars':>6} {'worst s':>8} {'target s':>9}  ok")
    failed = False
    for name, make in CASES.items():
        text = make(args.chars)
        assert len(text) <= args.chars, name
        worst = 0.0
        for _ in range(args.runs):
            start = time.perf_counter()
            markdown_to_safe_html(text)
            worst = max(worst, time.perf_counter() - start)
        ok = worst <= TARGET_S
        failed |= not ok
        print(f"{name:<16} {len(text):>6} {worst:>8.3f} {TARGET_S:>9.1f}  {'yes' if ok else 'NO'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
