"""The table of problem codes: every message the validator can give, in Chinese and English.

This table is the single source of truth for problem codes: the validator formats
its messages from it, and the editors' guide lists it. Each code has a default
level, a message template in each UI language (``str.format`` fields), and a
one-line explanation of what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    """How serious a problem is: errors stop the build, warnings do not (unless --strict)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    """One kind of problem, with its message in every UI language."""

    id: str
    level: Level
    zh: str
    en: str

    def message(self, lang: str, params: dict[str, object]) -> str:
        """The message in ``lang`` (Chinese for anything but English), filled with ``params``."""
        template = self.en if lang == "en" else self.zh
        return template.format_map(_Defaulting(params))

    def placeholders(self) -> set[str]:
        """The names the templates use, in every language."""
        import string

        return {name for template in (self.zh, self.en) for _, name, _, _ in string.Formatter().parse(template) if name}


class _Defaulting(dict[str, object]):
    """A format mapping that shows a missing placeholder as ``?`` instead of raising."""

    def __missing__(self, key: str) -> str:
        return "?"


E, W = Level.ERROR, Level.WARNING

_CODES = [
    # --- reading the file -------------------------------------------------------------------
    Code(
        "not-utf8",
        E,
        "文件不是 UTF-8 编码（第 {bad_line} 行有无法识别的字节{guess_zh}）。请用编辑器“另存为”UTF-8 编码，"
        "例如在记事本中选择“编码：UTF-8”，在 VS Code 中点击右下角的编码并选择“通过编码保存 → UTF-8”。",
        "The file is not UTF-8 (unreadable bytes on line {bad_line}{guess_en}). Save it again as UTF-8: "
        'in Notepad choose "Encoding: UTF-8"; in VS Code click the encoding in the status bar, '
        '"Save with Encoding", "UTF-8".',
    ),
    Code(
        "file-unreadable",
        E,
        "无法读取这个文件：{reason_zh}。条目文件必须是一个可以读取的普通文件；请检查文件名、链接和文件权限。",
        "The file cannot be read: {reason_en}. An entry must be a plain, readable file; check its name, "
        "any link, and its permissions.",
    ),
    Code(
        "file-too-large",
        E,
        "文件太大（{size} 字节，上限 {limit} 字节）。一个条目文件只应包含一个条目的文字；图片请放在 content/media/ 下并"
        "在 images 中引用。",
        "The file is too large ({size} bytes, the limit is {limit}). An entry file holds the text of one "
        "entry; put images under content/media/ and list them under images.",
    ),
    Code(
        "empty-file",
        E,
        "文件是空的。请填写条目内容，或删除这个文件。可以用 ./scripts/new 生成一个带说明的新条目。",
        "The file is empty. Fill in the entry or delete the file; ./scripts/new writes a new entry with "
        "every field explained.",
    ),
    Code(
        "yaml-syntax",
        E,
        "YAML 格式错误：{detail_zh}。请检查这一行及上一行的缩进（只用空格）、冒号后的空格和成对的引号。",
        "YAML syntax error: {detail_en}. Check the indentation of this line and the one above (spaces "
        "only), the space after each colon, and that quotes are closed.",
    ),
    Code(
        "yaml-tab",
        E,
        "这一行用了制表符（Tab）缩进。YAML 只允许用空格缩进：请把 Tab 换成空格（建议每级两个空格）。",
        "This line is indented with a tab. YAML allows only spaces: replace the tab with spaces (two per level).",
    ),
    Code(
        "full-width-punctuation",
        E,
        "第 {line} 行第 {col} 列{what_zh}，{fix_zh}。",
        "Line {line}, column {col} has {what_en}: {fix_en}.",
    ),
    Code(
        "unclosed-quote",
        E,
        "从这里开始的{name_zh}没有闭合：请在这段文字的末尾补上一个同样的半角{name_zh} {quote} ，或删除这个引号。",
        "The {name_en} that starts here is never closed: type the same straight {name_en} {quote} at the end of the "
        "text, or delete this one.",
    ),
    Code(
        "unclosed-bracket",
        E,
        "从这里开始的{name_zh}没有闭合：请在这一组的末尾补上半角的 {closer} 。",
        "The {name_en} that opens here is never closed: type {closer} at the end of the group.",
    ),
    Code(
        "uneven-indentation",
        E,
        "这一行缩进了 {found} 个空格，但本文件每一级缩进 {step} 个空格：请改为 {choices_zh} 个空格，"
        "与同一级的字段对齐。",
        "This line is indented by {found} spaces, but this file indents {step} per level: indent it by {choices_en} "
        "spaces, in line with the fields of its level.",
    ),
    Code(
        "yaml-too-complex",
        E,
        "文件结构过于复杂（{detail_zh}）。请不要使用锚点和别名（& 和 *）来重复内容，直接写出每个值。",
        "The file is too complex ({detail_en}). Do not repeat content with anchors and aliases (& and *); "
        "write each value out.",
    ),
    Code(
        "yaml-merge-key",
        E,
        "不支持 YAML 的合并键“<<”（把别处用 & 定义的字段并入这里）：请把这些字段直接写在这里。",
        'YAML merge keys ("<<", which pull in fields defined elsewhere with &) are not supported: write the fields '
        "out here.",
    ),
    Code(
        "yaml-too-deep",
        E,
        "列表或字段在这里嵌套超过了 {limit} 层。条目最多只需要 4 层（例如 images → 第一张图片 → alt → zh）：请检查缩进"
        "，或是否多写了 [ 或 {{。",
        "Lists or fields are nested more than {limit} deep here. An entry needs at most 4 levels (e.g. "
        "images → the first image → alt → zh): check the indentation, or for an extra [ or {{.",
    ),
    Code(
        "bad-escape",
        E,
        "双引号中的“{escape}”{reason_zh}。请直接写出想要的字符；如果要写反斜杠本身，请写成 \\\\，或改用单引号 '…'。",
        '"{escape}" in double quotes {reason_en}. Write the character you mean as it is; for a backslash '
        "itself write \\\\, or use single quotes '…'.",
    ),
    Code(
        "control-character",
        E,
        "这里有一个 {char}：{kind_zh}。它看不见，却会破坏网页（常见于从网页、Word 或聊天软件复制的文字）。请删除它，或"
        "把这段文字重新输入一遍。",
        "There is a {char} here: {kind_en}. It is invisible but breaks web pages (it often comes with text "
        "copied from web pages, Word or chat apps). Delete it, or type the text again.",
    ),
    Code(
        "invisible-character",
        W,
        "这里有一个看不见的文字方向控制符 {char}，它会让网页上的文字顺序和文件中看到的不同。如果不是有意为之，请删除它"
        "。",
        "There is an invisible text-direction control {char} here: the page shows the text in another "
        "order than the file does. Delete it unless it is meant to be there.",
    ),
    Code(
        "duplicate-key",
        E,
        "字段“{key}”重复出现（第一次在第 {first_line} 行）。请删除其中一个，或合并两处的内容。",
        'The field "{key}" appears twice (first on line {first_line}). Delete one, or merge them.',
    ),
    Code(
        "not-mapping",
        E,
        "文件的最外层必须是“字段: 值”的形式（例如 name: …），现在是{found_zh}。请参考 ./scripts/new 生成的模板。",
        'The top level of the file must be fields ("name: …"), not {found_en}. See the template ./scripts/new writes.',
    ),
    Code(
        "complex-key",
        E,
        "字段名必须是普通文字。请检查这一行开头的写法。",
        "A field name must be plain text. Check the start of this line.",
    ),
    # --- the file name and place ------------------------------------------------------------
    Code(
        "bad-id",
        E,
        "文件名“{name}”不能用作网址。文件名只能用小写英文字母、数字和连字符（-），例如 {suggestion}.yml。",
        'The file name "{name}" cannot be used in a web address. Use lowercase letters, digits and '
        "hyphens only, e.g. {suggestion}.yml.",
    ),
    Code(
        "id-too-long",
        E,
        "文件名“{name}”太长：条目 id 有 {length} 个字符，最多只能有 {limit} 个（它也是网页的文件名和网址）。"
        "请改短，例如 {suggestion}.yml。",
        'The file name "{name}" is too long: the entry\'s id has {length} characters, at most {limit} are allowed (it '
        "is also the page's file name and web address). Shorten it, e.g. {suggestion}.yml.",
    ),
    Code(
        "bad-extension",
        E,
        "条目文件必须以 .yml 结尾：请把“{name}”改名为“{suggestion}”。",
        'Entry files must end in .yml: rename "{name}" to "{suggestion}".',
    ),
    Code(
        "id-collision",
        E,
        "“{name}”与“{other}”的网址相同（不区分大小写时）。请把其中一个文件改名。",
        '"{name}" and "{other}" give the same web address (ignoring case). Rename one of them.',
    ),
    Code(
        "unknown-folder",
        W,
        "content/ 下的文件夹“{name}”不会被发布。条目只能放在 {kinds} 文件夹中。",
        'The folder "{name}" in content/ is not published. Entries belong in {kinds}.',
    ),
    Code(
        "stray-file",
        W,
        "文件“{name}”不是条目文件（.yml），不会被发布。图片请放在 content/media/ 下。",
        '"{name}" is not an entry file (.yml) and is not published. Put images under content/media/.',
    ),
    Code(
        "missing-schema-line",
        W,
        "文件第一行缺少 “{line}”。加上这一行，VS Code 等编辑器就能在输入时提示字段和错误。",
        'The first line "{line}" is missing. With it, editors such as VS Code suggest fields and flag '
        "mistakes as you type.",
    ),
    # --- fields and values ------------------------------------------------------------------
    Code("unknown-field", E, "未知字段“{field}”。{hint_zh}", 'Unknown field "{field}". {hint_en}'),
    Code(
        "missing-field",
        E,
        "缺少必填字段“{field}”。请添加，例如：{example}",
        'The required field "{field}" is missing. Add it, e.g. {example}',
    ),
    Code(
        "wrong-type",
        E,
        "“{field}”的值应当是{expected_zh}，现在是{found_zh}。{example_zh}",
        '"{field}" should be {expected_en}, not {found_en}. {example_en}',
    ),
    Code(
        "invalid-choice",
        E,
        "“{field}”的值“{value}”无效。可选值：{choices_zh}。",
        '"{value}" is not a valid value for "{field}". Choose one of: {choices_en}.',
    ),
    Code(
        "text-too-long",
        E,
        "“{field}”太长：{length} 个字符，上限是 {limit} 个。{hint_zh}",
        '"{field}" is too long: {length} characters, the limit is {limit}. {hint_en}',
    ),
    Code(
        "markdown-too-deep",
        E,
        "“{field}”中的列表或引用嵌套太深（最多约 {limit} 层），更深的部分不会显示在网页上。请减少缩进层级，或把内容改写"
        "成几个段落。",
        'The lists or quotes in "{field}" nest too deep (about {limit} levels at most): the deeper part would not '
        "show on the page. Use fewer levels of indentation, or write the content as paragraphs.",
    ),
    Code(
        "list-too-long",
        E,
        "“{field}”有 {count} 项，最多只能有 {limit} 项。请只保留最重要的。",
        '"{field}" has {count} items; at most {limit} are allowed. Keep the ones that matter most.',
    ),
    Code(
        "open-data-cell-too-long",
        E,
        "“{field}”的内容合计 {length} 个字符：写进开放数据的表格文件（CSV）时，超过了一个单元格最多 {limit} 个字符的"
        "上限（Excel 的限制）。请减少其中的项目，或缩短其中的文字。",
        '"{field}" holds {length} characters in all: more than one cell of the open data\'s spreadsheet files (CSV) '
        "can hold, {limit} (Excel's limit). Remove some of its items, or shorten their texts.",
    ),
    Code(
        "invisible-text",
        E,
        "“{field}”里没有看得见的字符（只有 {characters}，都是空白或不可见的字符，常见于从网页或聊天软件复制的文字）："
        "网页上的标题和链接会是一片空白。请重新输入这段文字。",
        '"{field}" has no visible character (only {characters}: blank or invisible characters, which often come '
        "with text copied from web pages or chat apps): the page's heading and links would be blank. Type the text "
        "again.",
    ),
    Code(
        "invisible-link-text",
        E,
        "“{field}”中指向 {href} 的链接没有看得见的文字，读者看不到也点不到它。请在 [ ] 中写上链接的文字，例如 "
        "[店铺网站]({href})。",
        '"{field}" has a link to {href} with no visible text: readers can neither see nor click it. Write its '
        "text between [ ], e.g. [the shop's website]({href}).",
    ),
    Code("invalid-value", E, "“{field}”的值无效：{detail_zh}。", 'Invalid value for "{field}": {detail_en}.'),
    Code(
        "year-out-of-range",
        E,
        "年份 {year} 不合理：应在 1000 到 {max} 之间。请写四位数的公元年份，例如 1829。",
        "The year {year} is out of range: it must be between 1000 and {max}. Write a four-digit year, e.g. 1829.",
    ),
    Code(
        "coordinates-out-of-range",
        E,
        "{axis} {value} 超出范围（纬度 lat 在 -90 到 90 之间，经度 lon 在 -180 到 180 之间）。{hint_zh}",
        "{axis} {value} is out of range (lat is -90 to 90, lon is -180 to 180). {hint_en}",
    ),
    Code(
        "coordinates-outside-region",
        E,
        "坐标 ({lat}, {lon}) 不在本站的地区范围内（纬度 {south}–{north}，经度 {west}–{east}）。{hint_zh}",
        "The point ({lat}, {lon}) is outside this site's region (lat {south} to {north}, lon {west} to "
        "{east}). {hint_en}",
    ),
    Code(
        "bad-datum",
        E,
        "坐标系“{value}”无法识别：请写 wgs84（GPS、OpenStreetMap，默认）、gcj02（高德、腾讯地图）或 bd09（百度地图）。",
        'Unknown datum "{value}": write wgs84 (GPS, OpenStreetMap; the default), gcj02 (AMap, Tencent) or '
        "bd09 (Baidu).",
    ),
    Code(
        "path-too-short",
        E,
        "街道路线 path 至少需要两个点（现有 {count} 个）：请按顺序写出从街道一端到另一端的点，或删除 path。",
        "A street's path needs at least two points (it has {count}): list points from one end of the street to "
        "the other, or remove path.",
    ),
    Code(
        "bad-time",
        E,
        '时间“{value}”格式不对。请写成 24 小时制的“时:分”，并加引号，例如 "09:30"。',
        'The time "{value}" is not valid. Write 24-hour "HH:MM" in quotes, e.g. "09:30".',
    ),
    Code(
        "unsafe-url",
        E,
        "网址“{value}”不可用：只允许以 http:// 或 https:// 开头的完整网址。",
        'The address "{value}" is not allowed: use a full address starting with http:// or https://.',
    ),
    Code(
        "bad-slug",
        E,
        "“{field}”的值“{value}”无效：只能用小写英文字母、数字和连字符（-），例如 zhongjie 或 intangible-heritage。",
        '"{value}" is not valid for "{field}": use lowercase letters, digits and hyphens only, e.g. '
        "zhongjie or intangible-heritage.",
    ),
    Code(
        "bad-phone",
        E,
        '电话号码“{value}”格式不对。请只用数字、空格、连字符和开头的 +，并加引号，例如 "024-2484 0000" 或 "+86 24 2484 '
        '0000"。',
        'The phone number "{value}" is not valid. Use digits, spaces, hyphens and a leading +, in quotes, '
        'e.g. "024-2484 0000" or "+86 24 2484 0000".',
    ),
    # --- opening hours ---------------------------------------------------------------------
    Code(
        "hours-empty",
        E,
        '开门和关门时间相同（{opens}）：营业时间为零。全天营业请写 opens: "00:00" 和 closes: "24:00"；营业到次日请写较'
        '早的关门时间，例如 "18:00" 到 "02:00"。',
        'Opens and closes at the same time ({opens}), so it is never open. For all day write opens: "00:00" '
        'and closes: "24:00"; past midnight, write the earlier closing time, e.g. "18:00" to "02:00".',
    ),
    Code(
        "hours-opens-at-24",
        E,
        '开门时间不能是“24:00”：午夜开门请写 "00:00"。',
        'A place cannot open at "24:00": write "00:00" for midnight.',
    ),
    Code(
        "hours-no-days",
        E,
        "这一行营业时间没有写星期几：请在 days 中列出，例如 days: [mon, tue, wed, thu, fri]。",
        "This row of opening hours lists no days: put them under days, e.g. days: [mon, tue, wed, thu, fri].",
    ),
    Code(
        "hours-day-twice",
        E,
        "“{day}”在同一行的 days 中写了两次：请删除一个。",
        '"{day}" is listed twice in this row\'s days: remove one.',
    ),
    Code(
        "hours-overlap",
        E,
        "这一行与第 {other} 行在“{day}”的营业时间重叠：同一天分两段营业时两段不能交叉，请核对时间。",
        'This row\'s hours on "{day}" overlap those of row {other}: two spans on one day must not cross; check '
        "the times.",
    ),
    Code(
        "hours-overlap-overnight",
        E,
        "这一行在“{day}”的营业时间 {opens}–{closes}，与第 {other} 行的营业时间重叠：那一行“{other_day}”{other_opens} "
        "开门，营业到次日 {other_closes}。请核对两行的时间。",
        'This row\'s hours on "{day}", {opens}–{closes}, overlap those of row {other}, which opens on "{other_day}" at '
        "{other_opens} and stays open past midnight until {other_closes}. Check the times of both rows.",
    ),
    Code(
        "hours-special-overlap",
        E,
        "这一行在 {date} 的特殊营业时间 {opens}–{closes}，与 special_hours 第 {other} 行的 "
        "{other_opens}–{other_closes} 重叠：同一天分两段营业时两段不能交叉。请核对两行的时间。",
        "This row's special hours on {date}, {opens}–{closes}, overlap those of special_hours row {other}, "
        "{other_opens}–{other_closes}: two spans on one day must not cross. Check the times of both rows.",
    ),
    Code("hours-date-twice", E, "日期 {date} 写了两次：请删除一个。", "The date {date} is listed twice: remove one."),
    Code(
        "hours-closed-and-special",
        E,
        "日期 {date} 既写在 closed（停业）中，又有特殊营业时间：请只保留一个。",
        "The date {date} is both under closed and in special_hours: keep only one.",
    ),
    Code(
        "hours-no-dates",
        E,
        "特殊营业时间没有写日期：请在 dates 中列出，例如 dates: [2026-02-16]。",
        "These special hours list no dates: put them under dates, e.g. dates: [2026-02-16].",
    ),
    Code(
        "hours-holiday-hours-missing",
        E,
        "写了 holidays: hours，但没有 holiday_hours：请写出节假日的营业时间，或改为 holidays: open / closed。",
        "holidays: hours needs holiday_hours: give the hours on public holidays, or write holidays: open or closed.",
    ),
    Code(
        "hours-holiday-hours-unused",
        W,
        "holiday_hours 只在 holidays: hours 时使用（现在是 holidays: {policy}），这些时间不会生效：请改为 holidays: "
        "hours 或删除 holiday_hours。",
        "holiday_hours is used only with holidays: hours (this entry has holidays: {policy}), so it has no effect: "
        "write holidays: hours or remove holiday_hours.",
    ),
    Code(
        "hours-holiday-data-missing",
        W,
        "节假日数据只到 {until}：之后的法定节假日和调休还未知，页面上的“正在营业”提示在 {until} 之后不再显示，"
        "营业时间表照常显示。更新 chinese-calendar 依赖后即可恢复。",
        "Public-holiday data ends on {until}: holidays and make-up working days after it are not known yet, so "
        'the page\'s "open now" badge stops at that date (the week table still shows). Updating the '
        "chinese-calendar dependency extends it.",
    ),
    # --- languages --------------------------------------------------------------------------
    Code(
        "unsupported-language",
        E,
        "不支持的语言代码“{lang}”。本站的语言是：{languages}。{hint_zh}",
        'Unsupported language code "{lang}". This site\'s languages are: {languages}. {hint_en}',
    ),
    Code(
        "missing-default-language",
        E,
        "“{field}”缺少默认语言（{lang}）的文字。请添加一行 {lang}: …",
        '"{field}" has no text in the default language ({lang}). Add a line {lang}: …',
    ),
    Code(
        "localized-text-expected",
        E,
        "“{field}”需要按语言分别填写，例如 {field}: {{zh: 中文, en: English}}，或分两行写 zh: 和 en:。",
        '"{field}" takes one text per language, e.g. {field}: {{zh: 中文, en: English}}, or zh: and en: on '
        "lines of their own.",
    ),
    Code(
        "missing-translation",
        W,
        "“{field}”缺少{language_zh}翻译（{lang}）。在翻译完成前，该语言的页面会显示默认语言的原文并加以提示。",
        '"{field}" has no {language_en} translation ({lang}). Until it has one, the {language_en} page '
        "shows the default language's text with a notice.",
    ),
    # --- images -----------------------------------------------------------------------------
    Code(
        "image-missing",
        E,
        "找不到图片文件“{file}”。图片路径相对于 content/ 文件夹，例如 media/shops/laobian-1.jpg；请检查文件名和大小写"
        "。",
        'The image "{file}" does not exist. Image paths are relative to the content/ folder, e.g. '
        "media/shops/laobian-1.jpg; check the name and its upper/lower case.",
    ),
    Code(
        "image-outside-content",
        E,
        "图片“{file}”不在 content/ 文件夹内（{reason_zh}）。请把图片复制到 content/media/ 下，并写相对路径。",
        'The image "{file}" is outside the content/ folder ({reason_en}). Copy it into content/media/ '
        "and give its relative path.",
    ),
    Code(
        "image-format",
        E,
        "图片“{file}”的格式不受支持。请使用 JPEG、PNG 或 WebP（.jpg、.jpeg、.png、.webp）。",
        'The image "{file}" has an unsupported format. Use JPEG, PNG or WebP (.jpg, .jpeg, .png, .webp).',
    ),
    Code(
        "image-too-large",
        W,
        "图片“{file}”有 {megabytes} MB，超过 {limit} MB。网站会自动生成小尺寸图片，但原图太大会让仓库变慢：请先缩小到长"
        "边 3000 像素左右再提交。",
        'The image "{file}" is {megabytes} MB, over {limit} MB. The site makes small copies itself, but large '
        "originals slow the repository down: resize it to about 3000 px on the long side before committing.",
    ),
    Code(
        "image-too-small",
        W,
        "图片“{file}”只有 {width} 像素宽，在手机和电脑上都会显得模糊。请换一张至少 {minimum} 像素宽的原图。",
        'The image "{file}" is only {width} px wide and will look blurred. Use an original at least {minimum} px wide.',
    ),
    Code(
        "image-too-many-pixels",
        E,
        "图片“{file}”有 {width} × {height} 像素，太大了：网站最多能处理 {max_pixels} 像素、"
        "每边最多 {max_side} 像素的原图。请先缩小到长边 3000 像素左右再提交。",
        'The image "{file}" is {width} × {height} pixels, too large: the site can use originals of at most '
        "{max_pixels} pixels and {max_side} pixels on either side. Resize it to about 3000 px on the long side "
        "before committing.",
    ),
    Code(
        "image-unreadable",
        E,
        "图片“{file}”无法打开：{reason_zh}。请重新导出或换一张。",
        'The image "{file}" cannot be opened: {reason_en}. Export it again or use another.',
    ),
    Code(
        "missing-credit",
        W,
        "图片“{file}”没有注明来源（credit）。请写明作者或提供单位，例如 credit: {{zh: 沈河区委宣传部 提供}}。",
        'The image "{file}" has no credit. Name its author or source, e.g. credit: {{zh: 沈河区委宣传部 提供, en: '
        "Courtesy of the Shenhe District Committee Publicity Department}}.",
    ),
    Code(
        "missing-alt",
        E,
        "图片缺少替代文字 alt：请用一句话描述图片内容，供看不见图片的读者使用，例如 alt: {{zh: 老边饺子馆门面, en: "
        "Shopfront of Laobian Dumplings}}。",
        "The image has no alt text: describe what it shows in one sentence, for readers who cannot see "
        "it, e.g. alt: {{zh: 老边饺子馆门面, en: Shopfront of Laobian Dumplings}}.",
    ),
    # --- references between entries ---------------------------------------------------------
    Code(
        "unknown-reference",
        E,
        "“{field}”引用的{kind_zh}“{value}”不存在。{hint_zh}",
        '"{field}" refers to the {kind_en} "{value}", which does not exist. {hint_en}',
    ),
    Code(
        "reference-to-draft",
        W,
        "“{field}”引用的“{value}”是草稿（status: draft），发布后的网站上不会有这个链接。",
        '"{field}" refers to "{value}", which is a draft (status: draft): the published site will not link to it.',
    ),
]

CODES: dict[str, Code] = {code.id: code for code in _CODES}
