"""The content model: one typed model per kind of entry.

This module is the single source of truth for what an entry may contain: the
validator checks files against it, ``schema`` exports it as JSON Schema for
editors' autocompletion, and the templates read its instances. Every field
documents itself (Chinese / English) where it is declared.

Validation takes a :class:`ValidationContext` (``model_validate(data,
context=...)``) for the site's languages and region. Custom errors use the problem
codes of :mod:`fangcheng.codes` as their pydantic error type.
"""

from __future__ import annotations

import datetime
import functools
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    RootModel,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from fangcheng import geo
from fangcheng import hours as hours_module
from fangcheng.config import SiteConfig
from fangcheng.kinds import MODELS, RefersTo, register_kind
from fangcheng.markup import MAX_NESTING, has_visible_character, invisible_links, is_nested_too_deep

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}[0-9]$")
_LANGUAGE_SLIPS = {
    "cn": "zh",
    "zh-cn": "zh",
    "zh_cn": "zh",
    "chs": "zh",
    "jp": "ja",
    "kr": "ko",
    "eng": "en",
    "en-us": "en",
    "en-gb": "en",
}

MIN_YEAR = 1000

# The most characters a text may have, per language. The sample content's longest description has
# 915 characters and its longest note 187; a description of 10,000 characters is a long article.
# The limits keep pages readable and bound the work: the description is Markdown (see markup.py
# and benchmarks/description_markdown.py: any accepted description renders in well under a second).
NAME_CHARS = 200
SUMMARY_CHARS = 500
TEXT_CHARS = 2_000
DESCRIPTION_CHARS = 10_000
URL_CHARS = 2_000
FILE_CHARS = 500
ID_CHARS = 100
"""The most characters of an entry's id (its file name and its web address), of a reference to one, and of a tag.
The file system holds 255 bytes a name: the generated page ``<id>.<lang>.md`` of a 251-character id did not fit."""

# The most items each list may hold. Generous for any real entry (the sample content's longest lists: 3 images,
# 4 sources, 7 path points), they bound the work of a build whatever a file holds: 45,000 dated closures
# (540 KB, within every other limit) built in 56 s and wrote an 8 MB page.
MAX_IMAGES = 20
MAX_SOURCES = 20
MAX_TAGS = 20
MAX_RECOGNITIONS = 20
MAX_HOURS_ROWS = 14  # two spans a day, every day
MAX_CLOSED_DATES = 366  # a year of dates
MAX_SPECIAL_HOURS_ROWS = 50
MAX_SPECIAL_DATES = 31  # in one row: a month of dates
MAX_HOLIDAY_SPANS = 4
MAX_LANDMARKS = 50
MAX_PATH_POINTS = 500


@dataclass(frozen=True)
class AtMost:
    """A list of at most ``max_items`` items (``list-too-long``; ``maxItems`` in the JSON Schema)."""

    max_items: int

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        result = handler(schema)
        result["maxItems"] = self.max_items
        return result

    def _check(self, items: list[Any]) -> list[Any]:
        if len(items) > self.max_items:
            raise PydanticCustomError("list-too-long", "too many items", {"count": len(items), "limit": self.max_items})
        return items


@dataclass(frozen=True)
class ValidationContext:
    """What validation needs to know about the site."""

    config: SiteConfig = field(default_factory=SiteConfig)
    this_year: int = field(default_factory=lambda: datetime.date.today().year)


def _context(info: ValidationInfo) -> ValidationContext:
    context = info.context
    return context if isinstance(context, ValidationContext) else ValidationContext()


# --- value types ------------------------------------------------------------------------------


def _check_language(code: str, info: ValidationInfo) -> str:
    languages = _context(info).config.languages
    if code not in languages:
        slip = _LANGUAGE_SLIPS.get(code.lower())
        hint_zh, hint_en = (f"是不是想写“{slip}”？", f'Did you mean "{slip}"?') if slip in languages else ("", "")
        raise PydanticCustomError(
            "unsupported-language",
            "unsupported language {lang}",
            {"lang": code, "languages": ", ".join(languages), "hint_zh": hint_zh, "hint_en": hint_en},
        )
    return code


LanguageCode = Annotated[str, AfterValidator(_check_language)]


class LocalizedText(RootModel[dict[LanguageCode, str | None]]):
    """A text in several languages: ``{zh: 老边饺子馆, en: Laobian Dumplings}``.

    The site's default language is required; an empty value counts as missing.
    """

    @model_validator(mode="after")
    def _require_default_language(self, info: ValidationInfo) -> LocalizedText:
        self.root = {lang: text.strip() for lang, text in self.root.items() if text and text.strip()}
        default = _context(info).config.default_language
        if default not in self.root:
            raise PydanticCustomError("missing-default-language", "missing {lang}", {"lang": default})
        return self

    def get(self, lang: str) -> str | None:
        """The text in ``lang``, or ``None``."""
        return self.root.get(lang)


def _check_text_length(text: LocalizedText, limit: int) -> LocalizedText:
    for lang, value in text.root.items():
        if value is not None and len(value) > limit:
            hint_zh, hint_en = _LENGTH_HINTS.get(limit, _LENGTH_HINTS[TEXT_CHARS])
            raise PydanticCustomError(
                "text-too-long",
                "too long",
                {"lang": lang, "length": len(value), "limit": limit, "hint_zh": hint_zh, "hint_en": hint_en},
            )
    return text


_LENGTH_HINTS = {
    NAME_CHARS: (
        "名称只写名字本身，介绍请写在 summary 或 description 中。",
        "Give the name only; put anything else in summary or description.",
    ),
    SUMMARY_CHARS: (
        "简介只写一两句话，详细内容请写在 description 中。",
        "Keep the summary to a sentence or two; put the rest in description.",
    ),
    TEXT_CHARS: ("请精简，详细内容请写在 description 中。", "Shorten it; put longer text in description."),
    DESCRIPTION_CHARS: (
        "请精简，或只保留最重要的内容（较长的资料可以在 sources 中给出网址）。",
        "Shorten it, or keep what matters most (link longer material under sources).",
    ),
}


def max_chars(limit: int) -> AfterValidator:
    """At most ``limit`` characters in each language of a ``LocalizedText`` (``text-too-long``)."""
    return AfterValidator(functools.partial(_check_text_length, limit=limit))


def _check_visible(text: LocalizedText) -> LocalizedText:
    """A text shown as a name (a heading, the page's title, a card's link) must have a character one can see."""
    for lang, value in text.root.items():
        if value and not has_visible_character(value):
            points = " ".join(f"U+{ord(char):04X}" for char in dict.fromkeys(value))
            raise PydanticCustomError("invisible-text", "nothing visible", {"lang": lang, "characters": points[:60]})
    return text


Name = Annotated[LocalizedText, max_chars(NAME_CHARS), AfterValidator(_check_visible)]
Summary = Annotated[LocalizedText, max_chars(SUMMARY_CHARS)]
Text = Annotated[LocalizedText, max_chars(TEXT_CHARS)]
Title = Annotated[LocalizedText, max_chars(TEXT_CHARS), AfterValidator(_check_visible)]


def _check_markdown_depth(text: LocalizedText) -> LocalizedText:
    """Markdown whose lists or quotes nest too deep would lose its deepest part on the page: refuse it."""
    for lang, value in text.root.items():
        if value and is_nested_too_deep(value):
            raise PydanticCustomError("markdown-too-deep", "nested too deep", {"lang": lang, "limit": MAX_NESTING // 2})
    return text


def _check_link_texts(text: LocalizedText) -> LocalizedText:
    """Every link in Markdown needs text one can see (and click): ``[\u200b](https://…)`` shows nothing."""
    for lang, value in text.root.items():
        hidden = invisible_links(value) if value else []
        if hidden:
            raise PydanticCustomError("invisible-link-text", "invisible link", {"lang": lang, "href": hidden[0][:80]})
    return text


Description = Annotated[
    LocalizedText,
    max_chars(DESCRIPTION_CHARS),
    AfterValidator(_check_markdown_depth),
    AfterValidator(_check_link_texts),
]


def _check_year(year: int, info: ValidationInfo) -> int:
    this_year = _context(info).this_year
    if not MIN_YEAR <= year <= this_year:
        raise PydanticCustomError("year-out-of-range", "year {year}", {"year": year, "max": this_year})
    return year


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise PydanticCustomError("unsafe-url", "bad url {value}", {"value": url})
    return url


def _check_slug(value: str) -> str:
    if not _SLUG.match(value):
        raise PydanticCustomError("bad-slug", "bad slug {value}", {"value": value})
    return value


def _check_time(value: str) -> str:
    if not hours_module.TIME.match(value.strip()):
        raise PydanticCustomError("bad-time", "bad time {value}", {"value": value})
    return value.strip()


def _check_phone(value: str) -> str:
    if not _PHONE.match(value.strip()):
        raise PydanticCustomError("bad-phone", "bad phone {value}", {"value": value})
    return value.strip()


Year = Annotated[int, AfterValidator(_check_year)]
Url = Annotated[str, Field(max_length=URL_CHARS), AfterValidator(_check_url)]
Slug = Annotated[
    str, Field(max_length=ID_CHARS), AfterValidator(_check_slug), Field(json_schema_extra={"pattern": SLUG_PATTERN})
]
Time = Annotated[str, AfterValidator(_check_time)]
Phone = Annotated[str, AfterValidator(_check_phone)]
Degrees = Annotated[float, Field(allow_inf_nan=False)]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
RecognitionLevel = Literal["national", "provincial", "municipal", "district"]
ShopCategory = Literal["restaurant", "snacks", "tea", "jewellery", "pharmacy", "department-store", "crafts", "other"]
HolidayPolicy = Literal["open", "closed", "hours"]
Status = Literal["published", "draft"]
MemberRole = Literal["member", "alliance"]

CHOICE_MEANINGS: dict[Any, dict[str, tuple[str, str]]] = {
    Day: {
        "mon": ("周一", "Monday"),
        "tue": ("周二", "Tuesday"),
        "wed": ("周三", "Wednesday"),
        "thu": ("周四", "Thursday"),
        "fri": ("周五", "Friday"),
        "sat": ("周六", "Saturday"),
        "sun": ("周日", "Sunday"),
    },
    RecognitionLevel: {
        "national": ("国家级", "national"),
        "provincial": ("省级", "provincial"),
        "municipal": ("市级", "municipal"),
        "district": ("区级", "district"),
    },
    ShopCategory: {
        "restaurant": ("餐馆", "restaurant"),
        "snacks": ("小吃冷饮", "snacks and desserts"),
        "tea": ("茶庄", "tea"),
        "jewellery": ("金银首饰", "jewellery"),
        "pharmacy": ("药店", "pharmacy"),
        "department-store": ("百货", "department store"),
        "crafts": ("手工艺", "crafts"),
        "other": ("其他", "other"),
    },
    HolidayPolicy: {
        "open": ("照常营业", "open as usual"),
        "closed": ("休息", "closed"),
        "hours": ("按 holiday_hours 的时间营业", "open at the times under holiday_hours"),
    },
    Status: {"published": ("发布", "published"), "draft": ("草稿，不发布", "a draft, not published")},
    MemberRole: {"member": ("成员单位", "a member"), "alliance": ("联盟本身", "the alliance itself")},
}
"""What each value of a fixed list means, in Chinese and English: a message naming the allowed values shows
each as the editor writes it with its meaning in the message's language."""


# --- parts of entries -------------------------------------------------------------------------


class Part(BaseModel):
    """Base of every model: unknown fields are errors, not silently ignored. An empty optional
    field (``status:`` with nothing after it) is the same as no field at all, and an empty
    required list means an empty list."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _empty_means_absent(cls, data: Any) -> Any:
        if isinstance(data, dict) and None in data.values():
            data = dict(data)
            for name, field in cls.model_fields.items():
                if name in data and data[name] is None:
                    if not field.is_required():
                        del data[name]
                    elif typing.get_origin(field.annotation) is list:
                        data[name] = []
        return data


def _parse_datum(value: Any) -> Any:
    """``GCJ-02``, ``gcj02``, ``BD09ll`` … as the datum's id; anything unknown is ``bad-datum``."""
    if isinstance(value, str):
        datum = geo.parse_datum(value)
        if datum is None:
            raise PydanticCustomError("bad-datum", "bad datum {value}", {"value": value})
        return datum
    return value


DatumName = Annotated[geo.Datum, BeforeValidator(_parse_datum)]
_DATUM_HINTS = {
    "wgs84": (
        "若坐标是从高德、腾讯地图复制的，请加上 datum: gcj02；从百度地图复制的，请加上 datum: bd09。",
        "If you copied the point from AMap or Tencent, add datum: gcj02; from Baidu, datum: bd09.",
    ),
    "gcj02": (
        "坐标按 datum: gcj02（高德、腾讯）换算；若是从百度复制的，请改为 datum: bd09，若是 GPS 坐标请删除 datum。",
        "The point was read as datum: gcj02 (AMap, Tencent); if you copied it from Baidu write datum: bd09, "
        "if it is a GPS point remove datum.",
    ),
    "bd09": (
        "坐标按 datum: bd09（百度）换算；若是从高德、腾讯复制的，请改为 datum: gcj02，若是 GPS 坐标请删除 datum。",
        "The point was read as datum: bd09 (Baidu); if you copied it from AMap or Tencent write datum: gcj02, "
        "if it is a GPS point remove datum.",
    ),
}


class Location(Part):
    """A point in decimal degrees as copied from a map: WGS-84 unless datum says GCJ-02 or BD-09.

    Validation converts it: afterwards lat and lon are always WGS-84 (datum keeps what the editor wrote).
    """

    lat: Degrees = Field(description="纬度（北纬为正） / Latitude, north positive", examples=[41.801333])
    lon: Degrees = Field(description="经度（东经为正） / Longitude, east positive", examples=[123.456889])
    datum: DatumName = Field(
        "wgs84",
        description="坐标系：wgs84（GPS、OpenStreetMap，默认）、gcj02（高德、腾讯）、bd09（百度）/ "
        "Datum: wgs84 (GPS, OpenStreetMap; default), gcj02 (AMap, Tencent), bd09 (Baidu)",
        examples=["gcj02"],
    )

    @property
    def point(self) -> geo.Point:
        """The WGS-84 point."""
        return geo.Point(self.lat, self.lon)

    @field_validator("lat")
    @classmethod
    def _lat_in_range(cls, lat: float) -> float:
        if not -90 <= lat <= 90:
            raise PydanticCustomError(
                "coordinates-out-of-range", "lat {value}", _range_params("lat", lat, swapped=True)
            )
        return lat

    @field_validator("lon")
    @classmethod
    def _lon_in_range(cls, lon: float) -> float:
        if not -180 <= lon <= 180:
            raise PydanticCustomError(
                "coordinates-out-of-range", "lon {value}", _range_params("lon", lon, swapped=False)
            )
        return lon

    @model_validator(mode="after")
    def _to_wgs84_inside_region(self, info: ValidationInfo) -> Location:
        converted = geo.to_wgs84(self.lat, self.lon, self.datum)
        region = _context(info).config.region
        if region and not region.contains(converted.lat, converted.lon):
            if region.contains(self.lon, self.lat):
                hint_zh, hint_en = (
                    "看起来纬度和经度写反了：请交换 lat 和 lon 的值。",
                    "Latitude and longitude look swapped: exchange the values of lat and lon.",
                )
            else:
                hint_zh, hint_en = _DATUM_HINTS[self.datum]
                hint_zh, hint_en = "请在地图上核对坐标。" + hint_zh, "Check the point on a map. " + hint_en
            raise PydanticCustomError(
                "coordinates-outside-region",
                "outside region",
                {
                    "lat": self.lat,
                    "lon": self.lon,
                    "south": region.south,
                    "north": region.north,
                    "west": region.west,
                    "east": region.east,
                    "hint_zh": hint_zh,
                    "hint_en": hint_en,
                },
            )
        # Round to 1e-7 degrees (about 1 cm): the converted point prints the same on every machine.
        self.lat, self.lon = round(converted.lat, 7), round(converted.lon, 7)
        return self


def _range_params(axis: str, value: float, *, swapped: bool) -> dict[str, Any]:
    if swapped and -180 <= value <= 180:
        hint_zh, hint_en = (
            "看起来纬度和经度写反了：请交换 lat 和 lon 的值。",
            "Latitude and longitude look swapped: exchange the values of lat and lon.",
        )
    else:
        hint_zh, hint_en = "请核对坐标。", "Check the coordinates."
    return {"axis": axis, "value": value, "hint_zh": hint_zh, "hint_en": hint_en}


class Image(Part):
    """A picture of the entry, with the text that stands in for it and its credit."""

    file: str = Field(
        max_length=FILE_CHARS,
        description="图片文件，相对于 content/ 文件夹 / Image file, relative to content/",
        examples=["media/shops/laobian-1.jpg"],
    )
    alt: Text = Field(
        description="替代文字：描述图片内容 / Alt text: what the picture shows",
        examples=[{"zh": "老边饺子馆门面", "en": "Shopfront of Laobian Dumplings"}],
    )
    caption: Text | None = Field(None, description="图片说明 / Caption")
    credit: Text | None = Field(
        None,
        description="图片来源或作者 / Credit",
        examples=[
            {"zh": "沈河区委宣传部 提供", "en": "Courtesy of the Shenhe District Committee Publicity Department"}
        ],
    )


class Recognition(Part):
    """A title or listing the entry holds, such as 中华老字号 (2006)."""

    title: Title = Field(description="称号 / Title", examples=[{"zh": "中华老字号", "en": "China Time-honoured Brand"}])
    level: RecognitionLevel = Field(
        description="级别：national 国家级 / provincial 省级 / municipal 市级 / district 区级 / Level"
    )
    year: Year | None = Field(None, description="获得年份 / Year awarded", examples=[2006])
    source: Url | None = Field(
        None, description="出处网址 / Source address", examples=["https://www.example.com/list.html"]
    )


class OpeningHours(Part):
    """Opening hours on some days of the week."""

    days: Annotated[list[Day], AtMost(len(hours_module.DAYS))] = Field(
        description="星期：mon tue wed thu fri sat sun / Days of the week",
        examples=[["mon", "tue", "wed", "thu", "fri", "sat", "sun"]],
    )
    opens: Time = Field(description="开门时间（24 小时制，加引号）/ Opens (24 h, quoted)", examples=["09:30"])
    closes: Time = Field(description="关门时间（24 小时制，加引号）/ Closes (24 h, quoted)", examples=["21:00"])


class SpecialHours(Part):
    """Hours on given dates instead of the weekly ones (a festival night, a short day)."""

    dates: Annotated[list[datetime.date], AtMost(MAX_SPECIAL_DATES)] = Field(
        description="日期（年-月-日）/ Dates (year-month-day)", examples=[["2026-02-18"]]
    )
    opens: Time = Field(description="开门时间（24 小时制，加引号）/ Opens (24 h, quoted)", examples=["10:00"])
    closes: Time = Field(description="关门时间（24 小时制，加引号）/ Closes (24 h, quoted)", examples=["16:00"])


class HoursSpan(Part):
    """Open from one time to another (on public holidays)."""

    opens: Time = Field(description="开门时间（24 小时制，加引号）/ Opens (24 h, quoted)", examples=["10:00"])
    closes: Time = Field(description="关门时间（24 小时制，加引号）/ Closes (24 h, quoted)", examples=["18:00"])


class Landmark(Part):
    """A sight near a street."""

    name: Name = Field(description="名称 / Name", examples=[{"zh": "沈阳故宫", "en": "Mukden Palace"}])
    note: Text | None = Field(None, description="简介 / Note")
    location: Location | None = Field(None, description="位置 / Location")


# --- the kinds (each registered in fangcheng.kinds) --------------------------------------------


class Entry(Part):
    """Fields every entry has."""

    name: Name = Field(
        description="名称（必填） / Name (required)", examples=[{"zh": "老边饺子馆", "en": "Laobian Dumplings"}]
    )
    summary: Summary | None = Field(None, description="一句话简介 / One-line summary")
    description: Description | None = Field(None, description="详细介绍（可分段） / Description (paragraphs)")
    status: Status = Field("published", description="published 发布 / draft 草稿（不发布） / Status")
    sample: bool = Field(
        False,
        description="示例条目（非真实信息；只在预览中显示，不发布）"
        " / Sample entry, not real information (shown in the preview, not published)",
    )
    images: Annotated[list[Image], AtMost(MAX_IMAGES)] = Field(default_factory=list, description="图片 / Images")
    sources: Annotated[list[Url], AtMost(MAX_SOURCES)] = Field(
        default_factory=list,
        description="资料来源网址 / Source addresses",
        examples=[["https://en.wikipedia.org/wiki/Zhongjie"]],
    )
    pinyin: str | None = Field(
        None,
        max_length=NAME_CHARS,
        description=(
            "名称的拼音，用于搜索；只在多音字读错时填写 / "
            "Pinyin of the name for search; set it only where a character is read wrongly"
        ),
        examples=["Lao Bian Jiao Zi Guan"],
    )
    source_notes: Text | None = Field(
        None, description="没有网址的出处（如报纸版面）/ Sources without an address (e.g. a printed newspaper)"
    )
    tags: Annotated[list[Slug], AtMost(MAX_TAGS)] = Field(
        default_factory=list, description="标签（小写英文）/ Tags (lowercase slugs)", examples=[["food"]]
    )


SHOP_TYPES: dict[str, str] = {
    "restaurant": "Restaurant",
    "snacks": "FoodEstablishment",
    "tea": "Store",
    "jewellery": "JewelryStore",
    "pharmacy": "Pharmacy",
    "department-store": "DepartmentStore",
}
"""The schema.org type of a shop by its category (``Store`` for the others)."""


@register_kind(
    "shops",
    names=("老字号店铺", "shop"),
    schema_type="Store",
    schema_subtype=lambda shop: SHOP_TYPES.get(shop.category or ""),
)
class Shop(Entry):
    """A time-honoured brand shop (老字号)."""

    founded: Year | None = Field(None, description="创立年份 / Year founded", examples=[1829])
    founder: Text | None = Field(None, description="创始人 / Founder", examples=[{"zh": "边福", "en": "Bian Fu"}])
    category: ShopCategory | None = Field(None, description="类别 / Category")
    signature: Text | None = Field(None, description="招牌商品或菜品 / Signature products or dishes")
    street: Annotated[Slug | None, RefersTo("streets", backlinks="shops_on_street", jsonld="containedInPlace")] = Field(
        None, description="所在街道（streets 中的条目 id）/ Street (id of a streets entry)", examples=["zhongjie"]
    )
    recognitions: Annotated[list[Recognition], AtMost(MAX_RECOGNITIONS)] = Field(
        default_factory=list, description="称号与名录 / Titles and listings"
    )
    address: Text | None = Field(None, description="地址 / Address")
    location: Location | None = Field(
        None, description="位置（默认 WGS-84，可写 datum）/ Location (WGS-84 unless datum says otherwise)"
    )
    hours: Annotated[list[OpeningHours], AtMost(MAX_HOURS_ROWS)] = Field(
        default_factory=list,
        description=(
            "每周营业时间；关门早于开门表示营业到次日 / Weekly opening hours; closing before opening runs past midnight"
        ),
    )
    closed: Annotated[list[datetime.date], AtMost(MAX_CLOSED_DATES)] = Field(
        default_factory=list,
        description="停业的日期（年-月-日）/ Dates closed (year-month-day)",
        examples=[["2026-02-16"]],
    )
    special_hours: Annotated[list[SpecialHours], AtMost(MAX_SPECIAL_HOURS_ROWS)] = Field(
        default_factory=list, description="特定日期的营业时间 / Special hours on given dates"
    )
    holidays: HolidayPolicy = Field(
        "open",
        examples=["hours"],
        description=(
            "法定节假日：open 照常营业（默认）/ closed 休息 / hours 按 holiday_hours / "
            "Statutory public holidays: open as usual (default), closed, or holiday_hours"
        ),
    )
    holiday_hours: Annotated[list[HoursSpan], AtMost(MAX_HOLIDAY_SPANS)] = Field(
        default_factory=list,
        description="法定节假日的营业时间（holidays: hours 时填写）/ Hours on public holidays (with holidays: hours)",
    )
    hours_note: Text | None = Field(None, description="营业时间说明 / Note on opening hours")
    phone: Phone | None = Field(None, description="电话（加引号）/ Phone (quoted)", examples=["024-1234 5678"])
    website: Url | None = Field(None, description="网站 / Website", examples=["https://www.example.com/"])

    def opening_hours(self) -> hours_module.Hours:
        """The shop's hours as :mod:`fangcheng.hours` reads them."""
        return hours_module.Hours(
            weekly=tuple(hours_module.WeeklyRow(tuple(row.days), row.opens, row.closes) for row in self.hours),
            closed=tuple(self.closed),
            special=tuple(
                hours_module.SpecialRow(tuple(row.dates), row.opens, row.closes) for row in self.special_hours
            ),
            holidays=self.holidays,
            holiday_hours=tuple(hours_module.Span(span.opens, span.closes) for span in self.holiday_hours),
        )

    @property
    def has_hours(self) -> bool:
        """Whether the shop gives any opening hours (weekly rows, or dated ones)."""
        return bool(self.hours or self.special_hours)


def _check_path(path: list[Location]) -> list[Location]:
    if len(path) == 1:
        raise PydanticCustomError("path-too-short", "path too short", {"count": len(path)})
    return path


@register_kind("streets", names=("街道", "street"), schema_type=("TouristAttraction", "Place"))
class Street(Entry):
    """A street or block, such as the Zhongjie pedestrian street."""

    location: Location | None = Field(
        None, description="位置（默认 WGS-84，可写 datum）/ Location (WGS-84 unless datum says otherwise)"
    )
    address: Text | None = Field(None, description="地址 / Address")
    length_m: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = Field(
        None, description="长度（米）/ Length in metres", examples=[1500]
    )
    recognitions: Annotated[list[Recognition], AtMost(MAX_RECOGNITIONS)] = Field(
        default_factory=list, description="称号与名录 / Titles and listings"
    )
    landmarks: Annotated[list[Landmark], AtMost(MAX_LANDMARKS)] = Field(
        default_factory=list, description="附近景点 / Nearby landmarks"
    )
    transit: Text | None = Field(None, description="交通 / Getting there")
    path: Annotated[list[Location], AtMost(MAX_PATH_POINTS), AfterValidator(_check_path)] = Field(
        default_factory=list,
        description=(
            "街道的路线：从一端到另一端的点（至少两个），每个点可写 datum / "
            "The street's line: points from one end to the other (two or more), each may give its datum"
        ),
        examples=[[{"lat": 41.8013, "lon": 123.4510}, {"lat": 41.8014, "lon": 123.4625}]],
    )


@register_kind("parks", names=("园区", "park"), schema_type="Place")
class Park(Entry):
    """A cultural-creative industrial park."""

    location: Location | None = Field(
        None, description="位置（默认 WGS-84，可写 datum）/ Location (WGS-84 unless datum says otherwise)"
    )
    address: Text | None = Field(None, description="地址 / Address")
    approved: Year | None = Field(
        None, description="获批市级文创园区的年份 / Year approved as a municipal park", examples=[2022]
    )
    website: Url | None = Field(None, description="网站 / Website", examples=["https://www.example.com/"])


@register_kind("members", names=("联盟条目", "member entry"), schema_type="Organization", place=False)
class Member(Entry):
    """An organisation in the Fangcheng digital cultural-creative industry alliance, or the alliance itself."""

    role: MemberRole = Field("member", description="member 成员单位 / alliance 联盟本身 / Role")
    member_of: Annotated[
        Slug | None,
        RefersTo(
            "members",
            where=(("role", "alliance"),),
            target_names=("联盟", "alliance"),
            backlinks="alliance_members",
            jsonld="memberOf",
        ),
    ] = Field(
        None,
        description=(
            "所属联盟（members 中 role 为 alliance 的条目 id）/ Alliance (id of a members entry with role alliance)"
        ),
        examples=["fangcheng-digital-alliance"],
    )
    park: Annotated[Slug | None, RefersTo("parks", backlinks="members_in_park", jsonld="containedInPlace")] = Field(
        None, description="所在园区（parks 中的条目 id）/ Park (id of a parks entry)", examples=["jiuhaoyuan"]
    )
    field: Text | None = Field(None, description="业务领域 / Business area")
    founded: Year | None = Field(None, description="成立年份 / Year founded", examples=[2015])
    address: Text | None = Field(None, description="地址 / Address")
    location: Location | None = Field(
        None, description="位置（默认 WGS-84，可写 datum）/ Location (WGS-84 unless datum says otherwise)"
    )
    website: Url | None = Field(None, description="网站 / Website", examples=["https://www.example.com/"])


def unwrap_annotation(annotation: Any) -> Any:
    """``Optional[X]`` and ``Annotated[X, ...]`` as ``X``: the type a field really holds."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


KINDS: dict[str, type[Entry]] = MODELS
"""Each kind's folder name under content/ (and URL segment) and its model, as registered (``fangcheng.kinds``)."""
