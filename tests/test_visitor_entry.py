"""The tourist's entry page in headless Chromium: directions, nearby places, opening hours and the
open-now badge (computed in Asia/Shanghai whatever the phone's zone), accessible at 360 and 1280 px,
with no request to another origin, and the week table without JavaScript.

The site is the sample content plus one sample shop with hours and a point, built with
SOURCE_DATE_EPOCH 1700000000 (Wednesday 15 November 2023, 06:13 in Shanghai): its timetable covers
15 November to 26 December 2023.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import built_and_served, copy_project, schema_line
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SHANGHAI = ZoneInfo("Asia/Shanghai")
SHOP = "shops/sample-night-market/"
SHOP_YAML = (
    schema_line("shops")
    + """
name: {zh: 示例夜市小馆, en: Sample Night Market Diner}
summary: {zh: 示例条目：营业时间和位置均为虚构。, en: "Sample entry: its hours and point are made up."}
sample: true
street: zhongjie
location: {lat: 41.80350, lon: 123.46010, datum: gcj02}
hours:
  - days: [mon, tue, wed, thu]
    opens: "09:30"
    closes: "21:00"
  - days: [fri, sat]
    opens: "18:00"
    closes: "02:00"
closed: [2023-11-22]
"""
)


@pytest.fixture(scope="module")
def visitor_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("visitor-project"))
    (project / "content" / "shops" / "sample-night-market.yml").write_text(SHOP_YAML, encoding="utf-8")
    with built_and_served(project) as url:
        yield url


def _context_page(browser: Browser, width: int = 390, **options: object) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=1, **options)
    return context.new_page()


CLOCKS = [
    # Shanghai time → the badge (the browser's zone is New York: 12 or 13 hours behind)
    (datetime(2023, 11, 15, 12, 0), "Open now · closes 21:00", "正在营业 · 21:00 关门"),
    (datetime(2023, 11, 15, 22, 0), "Closed · opens tomorrow 09:30", "已关门 · 明天 09:30 开门"),
    (datetime(2023, 11, 16, 8, 0), "Closed · opens 09:30", "已关门 · 今天 09:30 开门"),
    (
        datetime(2023, 11, 18, 1, 30),
        "Open now · closes 02:00",
        "正在营业 · 02:00 关门",
    ),  # Friday's hours, past midnight
    (datetime(2023, 11, 19, 12, 0), "Closed · opens tomorrow 09:30", "已关门 · 明天 09:30 开门"),  # Sunday
    (datetime(2023, 11, 21, 22, 0), "Closed · opens Thu 09:30", "已关门 · 周四 09:30 开门"),  # closed on Wed 22 Nov
]


@pytest.mark.parametrize(("clock", "english", "chinese"), CLOCKS, ids=[c[0].strftime("%a-%H%M") for c in CLOCKS])
def test_the_badge_at_fixed_clocks_in_new_york(
    browser: Browser, visitor_url: str, clock: datetime, english: str, chinese: str
) -> None:
    for prefix, expected in (("en/", english), ("", chinese)):
        page = _context_page(browser, timezone_id="America/New_York", locale="en-US")
        page.clock.set_fixed_time(clock.replace(tzinfo=SHANGHAI))
        page.goto(visitor_url + prefix + SHOP, wait_until="networkidle")
        badge = page.locator(".fc-hours-badge")
        assert badge.is_visible()
        assert badge.inner_text() == expected
        page.context.close()


def test_the_badge_hides_outside_the_build_s_weeks(browser: Browser, visitor_url: str) -> None:
    page = _context_page(browser, timezone_id="America/New_York")
    page.clock.set_fixed_time(datetime(2024, 3, 1, 12, 0, tzinfo=SHANGHAI))
    page.goto(visitor_url + "en/" + SHOP, wait_until="networkidle")
    assert page.locator(".fc-hours-badge").is_hidden()
    assert page.get_by_role("row", name="Mon–Thu 09:30–21:00").is_visible()  # the week still shows
    page.context.close()


def test_the_week_table_without_javascript(browser: Browser, visitor_url: str) -> None:
    page = _context_page(browser, java_script_enabled=False)
    page.goto(visitor_url + "en/" + SHOP)
    table = page.get_by_role("table", name="Weekly hours")
    assert table.is_visible()
    rows = [row.inner_text().split("\t") for row in table.get_by_role("row").all()]
    assert rows == [["Mon–Thu", "09:30–21:00"], ["Fri, Sat", "18:00–02:00 next day"], ["Sun", "Closed"]]
    assert page.locator(".fc-hours-badge").is_hidden()
    assert page.get_by_role("link", name="AMap (Gaode)").is_visible()
    page.context.close()


def test_directions_and_nearby_on_the_page(browser: Browser, visitor_url: str) -> None:
    page = _context_page(browser)
    page.goto(visitor_url + SHOP, wait_until="networkidle")
    hrefs = {
        name: page.get_by_role("link", name=name, exact=True).get_attribute("href")
        for name in ("高德地图", "百度地图", "腾讯地图", "Apple 地图", "其他地图应用")
    }
    assert "coordinate=wgs84" in hrefs["高德地图"] and "coord_type=wgs84" in hrefs["百度地图"]
    assert "coord_type=1" in hrefs["腾讯地图"] and hrefs["其他地图应用"].startswith("geo:41.80")
    assert "ll=41.803500,123.460100" in hrefs["Apple 地图"]  # GCJ-02 for Apple Maps: the editor's AMap point
    nearby = page.locator("section.fc-nearby")
    assert "直线距离" in nearby.inner_text()
    assert nearby.get_by_role("link", name="中街").is_visible()
    page.context.close()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", [SHOP, "en/" + SHOP, "streets/zhongjie/", "en/streets/zhongjie/"])
def test_no_accessibility_violations_and_no_other_origin(
    browser: Browser, visitor_url: str, path: str, width: int
) -> None:
    page = _context_page(browser, width=width, timezone_id="America/New_York")
    page.clock.set_fixed_time(datetime(2023, 11, 15, 12, 0, tzinfo=SHANGHAI))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(visitor_url + path, wait_until="networkidle")
    origin = urlsplit(visitor_url).netloc
    assert [
        url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != origin
    ] == []
    if path.endswith(SHOP):
        assert page.locator(".fc-hours-badge").is_visible()  # axe sees the badge as the visitor does
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.context.close()
