"""What a drawn map's SVG shows, read back from its markup alone: the marks (pins, clusters, landmarks,
streets without a path), the labels (their boxes as the layout reserves them: the real font's widths are
checked in Chromium, tests/test_svgmap_browser.py), and the furniture (north arrow, scale bar). Used on every
map of the built sites to check that nothing covers anything it must not."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from itertools import combinations

from fangcheng.svgmap import baseline, intersects, label_height, text_width

SVG = "{http://www.w3.org/2000/svg}"
Box = tuple[float, float, float, float]
_COMMAND = re.compile(r"([MLHVZ])([^MLHVZ]*)")


def path_box(d: str) -> Box:
    """The box of a path made of M, L, H, V and Z commands (what the map draws)."""
    xs: list[float] = []
    ys: list[float] = []
    x = y = 0.0
    for command, args in _COMMAND.findall(d):
        numbers = [float(n) for n in args.replace(",", " ").split()]
        if command in "ML":
            for i in range(0, len(numbers), 2):
                x, y = numbers[i], numbers[i + 1]
                xs.append(x)
                ys.append(y)
        elif command == "H":
            for x in numbers:
                xs.append(x)
                ys.append(y)
        elif command == "V":
            for y in numbers:
                xs.append(x)
                ys.append(y)
    return min(xs), min(ys), max(xs), max(ys)


def circle_box(element: ET.Element) -> Box:
    cx, cy, r = (float(element.get(name) or 0) for name in ("cx", "cy", "r"))
    return cx - r, cy - r, cx + r, cy + r


def text_box(element: ET.Element, size: float) -> Box:
    """A text's box as the layout reserves it, from its position, anchor and text."""
    text = element.text or ""
    w = text_width(text, size)
    x, y = float(element.get("x") or 0), float(element.get("y") or 0)
    anchor = element.get("text-anchor")
    x0 = x - w if anchor == "end" else x - w / 2 if anchor == "middle" else x
    top = y - (baseline((0, 0, 0, 0), size))
    return x0, top, x0 + w, top + label_height(size)


def union(boxes: list[Box]) -> Box:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


@dataclass
class MapGeometry:
    width: float
    height: float
    marks: list[tuple[str, Box]] = field(default_factory=list)  # (what, box)
    labels: list[tuple[str, Box]] = field(default_factory=list)  # (text, box)
    furniture: list[tuple[str, Box]] = field(default_factory=list)  # ("north" / "scale", box)
    orienting: set[str] = field(default_factory=set)  # the texts of landmarks' and streets' names

    def problems(self) -> list[str]:
        """Every furniture box covering a mark or a label, every two labels overlapping, every label over a
        mark (other than its own; a landmark's or a street's name may go over clusters), and anything outside
        the drawing."""
        found = []
        for name, box in self.furniture:
            for what, other in self.marks + self.labels:
                if intersects(box, other):
                    found.append(f"the {name} covers {what} {other}")
        for (a, box_a), (b, box_b) in combinations(self.labels, 2):
            if intersects(box_a, box_b):
                found.append(f"labels {a!r} and {b!r} overlap")
        for text, box in self.labels:
            orients = text in self.orienting
            for what, mark in self.marks:
                if orients and what.startswith("cluster"):
                    continue
                if intersects(box, mark) and not what.endswith(f"[{text}]"):
                    found.append(f"label {text!r} covers {what}")
        for what, box in self.furniture + self.marks + self.labels:
            if box[0] < -0.5 or box[1] < -0.5 or box[2] > self.width + 0.5 or box[3] > self.height + 0.5:
                found.append(f"{what} {box} is outside the drawing {self.width}×{self.height}")
        return found


def read_map(svg: ET.Element) -> MapGeometry:
    """The geometry of one map's ``<svg>`` as draw_map writes it."""
    _, _, width, height = (float(n) for n in (svg.get("viewBox") or "").split())
    size = float(svg.get("font-size") or 13)
    geometry = MapGeometry(width, height)
    for group in svg.iter():
        css = group.get("class") or ""
        if css in ("fc-map__north", "fc-map__scale"):
            boxes = [path_box(p.get("d") or "") for p in group.iter(f"{SVG}path")]
            boxes += [text_box(t, size) for t in group.iter(f"{SVG}text")]
            geometry.furniture.append((css.removeprefix("fc-map__"), union(boxes)))
        elif css in ("fc-map__pin", "fc-map__cluster", "fc-map__landmark", "fc-map__street"):
            shape = next(e for e in group if e.tag in (f"{SVG}circle", f"{SVG}path"))
            box = circle_box(shape) if shape.tag == f"{SVG}circle" else path_box(shape.get("d") or "")
            own = [t for t in group.iter(f"{SVG}text")]
            if css == "fc-map__cluster":  # its count is inside its circle
                geometry.marks.append((f"cluster of {own[0].text}", box))
                continue
            name = own[0].text if own else ""
            geometry.marks.append((f"{css.removeprefix('fc-map__')} [{name}]", box))
            geometry.labels += [(t.text or "", text_box(t, size)) for t in own]
            if css != "fc-map__pin" and name:
                geometry.orienting.add(name)
        elif css == "fc-map__street-name":
            for text in group.iter(f"{SVG}text"):
                geometry.labels.append((text.text or "", text_box(text, size)))
                geometry.orienting.add(text.text or "")
    return geometry


def maps_in(html: str) -> list[ET.Element]:
    """Every map's ``<svg>`` in a page (parsed as XML, so it must be well-formed)."""
    return [
        ET.fromstring(match)
        for match in re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="fc-map__svg".*?</svg>', html, re.S)
    ]
