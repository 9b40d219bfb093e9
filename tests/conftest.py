"""Shared helpers and fixtures of the tests: throw-away content folders, the command line, whole projects
built and served, the live preview, the browser, what crawlers read, the map's strings, and the slow mark.
Every helper more than one test module uses lives here: no test module imports another.

Playwright is imported by the browser fixtures alone, so that the tests that drive no browser never load it.

The fast lane (``./scripts/test -m "not slow"``, CONTRIBUTING.md) leaves out every test that builds a whole
site, serves one or drives a browser: such a test is marked ``slow`` here, from the fixtures it uses and
the helpers it calls (:func:`pytest_collection_modifyitems`).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fangcheng.catalogue import Catalogue, load_catalogue
from fangcheng.codes import CODES
from fangcheng.config import Region, SiteConfig
from fangcheng.svgmap import MapStrings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
SHENYANG = Region(south=41.18, west=122.42, north=43.05, east=123.82)


def schema_line(kind: str) -> str:
    return f"# yaml-language-server: $schema=../schema/{kind}.json\n"


class ContentFolder:
    """A content/ folder in a temporary project, with helpers to write entries and validate."""

    def __init__(self, root: Path, languages: tuple[str, ...] = ("zh", "en")) -> None:
        self.root = root
        self.content = root / "content"
        self.content.mkdir()
        self.config = SiteConfig(languages=languages, region=SHENYANG, root=root)

    def write(self, relative: str, text: str | bytes, *, schema: bool = True) -> Path:
        """Write a file under content/; text is dedented and, for entries, given the schema line."""
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            body = textwrap.dedent(text).lstrip("\n")
            kind = relative.split("/")[0]
            if schema and relative.endswith((".yml", ".yaml")) and "/" in relative:
                body = schema_line(kind) + body
            path.write_text(body, encoding="utf-8")
        return path

    def validate(self) -> Catalogue:
        catalogue = load_catalogue(self.content, self.config, cwd=self.root)
        for problem in catalogue.problems:  # every message can be filled in, in every language
            missing = CODES[problem.code].placeholders() - set(problem.params)
            assert not missing, f"{problem.code} lacks {missing}"
        return catalogue

    def problems(self) -> list[tuple[str, int, int, str]]:
        """Every problem as (path, line, column, code)."""
        return [(p.path, p.line, p.col, p.code) for p in self.validate().problems]

    def codes(self) -> list[str]:
        return [p.code for p in self.validate().problems]


@pytest.fixture
def site(tmp_path: Path) -> ContentFolder:
    return ContentFolder(tmp_path)


VALID_SHOP = """\
name:
  zh: 老边饺子馆
  en: Laobian Dumplings
founded: 1829
"""

# A shop with one image whose file is ``{file}`` (``IMAGE.format(file=...)``).
IMAGE = (
    "name: {{zh: 老边, en: Laobian}}\nimages:\n  - file: {file}\n"
    "    alt: {{zh: 门面, en: Shopfront}}\n    credit: {{zh: 摄影, en: Photo}}\n"
)


def write_image(site: ContentFolder, relative: str, width: int = 640, fmt: str = "JPEG") -> None:
    """A real image under content/: ``width`` × two thirds of it, in Pillow's format ``fmt``."""
    from PIL import Image

    path = site.content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, width * 2 // 3), (140, 28, 19)).save(path, fmt)


def png_header(width: int, height: int) -> bytes:
    """The start of an RGB PNG of ``width`` × ``height``: enough for its size to be read, never decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(1000)))


# --- the command line -------------------------------------------------------------------------------

# The smallest mkdocs.yml the command line reads: two languages and the region.
MKDOCS_YML = """\
site_name: t
plugins:
  - i18n:
      languages:
        - {locale: zh, default: true, name: 中文}
        - {locale: en, name: English}
extra:
  fangcheng:
    region: {south: 41.18, west: 122.42, north: 43.05, east: 123.82}
"""


def run(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m fangcheng *args`` in ``cwd``, without the CI's and the locale's variables (then ``env``)."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "fangcheng", *args], cwd=cwd, env=environment, capture_output=True, text=True, timeout=60
    )


# --- whole projects: copy the repository's site sources and build them -------------------------


PROJECT_PARTS = ("mkdocs.yml", "content", "overrides")


def copy_project(dest: Path) -> Path:
    """A copy of everything a build reads: config, content, templates, hand-written docs (the code is the
    installed fangcheng package, which MkDocs finds by its entry point)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        target = dest / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    (dest / "docs").mkdir(exist_ok=True)
    for page in ROOT.joinpath("docs").glob("*.md"):
        shutil.copy2(page, dest / "docs" / page.name)
    return dest


def build_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a test's build: a fixed SOURCE_DATE_EPOCH, English messages, no preview, and the
    sample entries published (``FANGCHENG_SAMPLES=1``: the sample content's members are samples, and their
    pages are a page kind every test covers; ``env={"FANGCHENG_SAMPLES": "0"}`` builds as production does)."""
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": "1700000000",
        "NO_MKDOCS_2_WARNING": "1",
        "LANG": "C.UTF-8",
        "FANGCHENG_SAMPLES": "1",
    }
    environment.pop("FANGCHENG_PREVIEW", None)
    environment.update(env or {})
    return environment


def run_build(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m fangcheng build`` in ``project``, with :func:`build_env`."""
    return subprocess.run(
        [sys.executable, "-m", "fangcheng", "build", *args],
        cwd=project,
        env=build_env(env),
        capture_output=True,
        text=True,
        timeout=600,
    )


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path) and the sha256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def pagefind_pages(bundle: Path) -> dict[str, dict[str, object]]:
    """What a Pagefind index holds of each page (its fragment: text, title, filters, anchors), by URL: two
    indexes of the same pages hold the same, whatever order Pagefind numbered the pages in."""
    pages = {}
    for path in (bundle / "fragment").iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[fragment["url"]] = fragment
    return pages


def large_project(folder: Path, shops: int = 200) -> Path:
    """A project whose content is the synthetic corpus of the benchmarks (``shops`` shops and more)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import generate

    project = copy_project(folder)
    generate(project / "content", shops)
    return project


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content built once per test session; returns the site folder."""
    project = copy_project(tmp_path_factory.mktemp("sample-project"))
    result = run_build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


# --- the live preview: a free port, its pages, waiting for it ---------------------------------------


def free_port() -> int:
    """A loopback port free at the time of asking."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    """The page at ``url`` as text, or None when it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate: Callable[[], object], seconds: float = 120) -> bool:
    """Whether ``predicate()`` comes true within ``seconds`` (asked every 0.2 s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


# --- the browser: Debian's Chromium driven by Playwright, and the sample site served on loopback ----


CHROMIUM = "/usr/bin/chromium"
# Pages of the sample site every browser test visits, by name: paths under each language's root.
SAMPLE_PAGES = {
    "home": "",
    "browse": "shops/",
    "shop": "shops/laobian-dumplings/",
    "street": "streets/zhongjie/",
    "park": "parks/zhongyangli/",
    "member": "members/sample-member-1/",
    "alliance": "members/fangcheng-digital-alliance/",
    "search": "search/?q=%E9%A5%BA%E5%AD%90",
}
# The pages every page-by-page browser test visits: the sample pages, the printables and the open data.
PAGES = {
    **SAMPLE_PAGES,
    "plaque": "plaques/shops/laobian-dumplings/",
    "plaques": "plaques/shops/",
    "open data": "data/",
}
LANGUAGES = {"zh": "", "en": "en/"}  # each language's root
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def built_and_served(project: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Build ``project`` for a loopback address and serve its ``site/`` there; yields the address."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(project / "site"))
    )
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    result = run_build(project, env={"SITE_URL": url, **(env or {})})
    assert result.returncode == 0, result.stdout + result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site, built for and served at a loopback address (its site_url is that address)."""
    project = copy_project(tmp_path_factory.mktemp("served-project"))
    with built_and_served(project) as url:
        yield url


LARGE_SHOPS = 1500  # a national deployment (benchmarks/synthetic.py)


@pytest.fixture(scope="session")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The synthetic corpus of 1,500 shops on Zhongjie (benchmarks/synthetic.py), built without a search index
    and served on loopback: (its site folder, its address)."""
    project = large_project(tmp_path_factory.mktemp("large-project"), LARGE_SHOPS)
    with built_and_served(project, env={"FANGCHENG_SEARCH": "off"}) as url:
        yield project / "site", url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, launched by Playwright once per test session."""
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"{CHROMIUM} is missing: run  sudo apt-get install -y chromium fonts-noto-cjk  "
            "(./scripts/test does this as root)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


# --- reading what crawlers read ---------------------------------------------------------------


class HeadReader(HTMLParser):
    """The page's <title> text, each <meta>'s content and each JSON-LD block, as a browser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.meta, self.jsonld, self._in = "", {}, [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "title" and not self.title:  # the page's own title, not an SVG map's <title>
            self._in = "title"
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")
        elif tag == "meta" and (values.get("name") or values.get("property")):
            self.meta.setdefault(values.get("name") or values.get("property"), []).append(values.get("content"))

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "jsonld":
            self.jsonld[-1] += data


def read_head(path: Path) -> HeadReader:
    """The head of the HTML file at ``path``, its title stripped."""
    head = HeadReader()
    head.feed(path.read_text(encoding="utf-8"))
    head.title = head.title.strip()
    return head


# Each type's properties as schema.org lists them (a type's page shows its own and its parents'),
# for the properties this site could use. Thing: name, alternateName, description, url, image,
# sameAs. Place: address, geo, containedInPlace, telephone, openingHoursSpecification,
# specialOpeningHoursSpecification. Organization:
# address, award, founder, foundingDate, knowsAbout, location, memberOf, telephone. LocalBusiness
# (and its Store, Restaurant … subtypes) is both a Place and an Organization. Not on any of them:
# inLanguage (CreativeWork, Event …); award is not on Place.
THING = {"@context", "@type", "@id", "name", "alternateName", "description", "url", "image", "sameAs"}
PLACE = THING | {
    "address",
    "geo",
    "containedInPlace",
    "telephone",
    "openingHoursSpecification",
    "specialOpeningHoursSpecification",
}
ORGANIZATION = THING | {
    "address",
    "award",
    "founder",
    "foundingDate",
    "knowsAbout",
    "location",
    "memberOf",
    "telephone",
}
ALLOWED = {
    **{
        t: PLACE | ORGANIZATION
        for t in (
            "LocalBusiness",
            "Store",
            "Restaurant",
            "FoodEstablishment",
            "JewelryStore",
            "Pharmacy",
            "DepartmentStore",
        )
    },
    "Place": PLACE,
    "TouristAttraction": PLACE,
    "Organization": ORGANIZATION,
    "Person": THING,
    "PostalAddress": {"@type", "streetAddress"},
    "GeoCoordinates": {"@type", "latitude", "longitude"},
    "ImageObject": THING | {"contentUrl", "width", "height", "caption"},  # MediaObject's and ImageObject's own
    "OpeningHoursSpecification": {"@type", "dayOfWeek", "opens", "closes", "validFrom", "validThrough"},
}


def _objects(value: object):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _objects(item)


def check_properties(data: dict, where: object) -> None:
    """Every object in the JSON-LD ``data`` has a type and only properties schema.org gives that type
    (:data:`ALLOWED`); ``where`` names the page in the failure."""
    for obj in _objects(data):
        types = obj.get("@type")
        assert types, (where, obj)
        allowed = set().union(*(ALLOWED[t] for t in ([types] if isinstance(types, str) else types)))
        assert set(obj) <= allowed, (where, obj.get("@type"), set(obj) - allowed)


# --- the schematic map's strings, in English and in Chinese ------------------------------------------

EN = MapStrings(
    title="Map of Zhongjie",
    note="Schematic drawing, not for navigation",
    north="N",
    metres="{n} m",
    kilometres="{n} km",
    cluster="{count} entries, among them {first}: see the list",
    skip="Skip the map",
    landmarks="Landmarks",
)
ZH = MapStrings(
    title="中街示意图",
    note="示意图，非导航用图",
    north="北",
    metres="{n} 米",
    kilometres="{n} 公里",
    cluster="{count} 个条目，包括{first}：见下方列表",
    skip="跳过地图",
    landmarks="地标",
)


# --- the fast lane ----------------------------------------------------------------------------------

SLOW_FIXTURES = {"sample_site", "base_url", "browser", "page"}
SLOW_HELPERS = {"run_build", "copy_project", "large_project", "built_and_served", "build_in_process"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` every test that builds or serves a whole site or drives a browser."""
    for item in items:
        functions = [getattr(item, "function", None)]
        info = getattr(item, "_fixtureinfo", None)
        for definitions in info.name2fixturedefs.values() if info else ():
            functions += [definition.func for definition in definitions]
        names = {name for function in functions if function is not None for name in function.__code__.co_names}
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("browser") or SLOW_FIXTURES & fixtures or SLOW_HELPERS & names:
            item.add_marker(pytest.mark.slow)
