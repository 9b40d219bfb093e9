"""Command line: ``python -m fangcheng <command>``; the scripts in ``scripts/`` call these."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

from fangcheng.catalogue import Catalogue, load_catalogue
from fangcheng.codes import Level
from fangcheng.config import SiteConfig, is_local_address
from fangcheng.model import KINDS
from fangcheng.plugin_config import check_site_url, find_site_config, load_site_config, read_site_url
from fangcheng.problems import Problem, format_github, format_json, format_summary, format_text, locale_language
from fangcheng.schema import stale_schemas, write_schemas


def _site_config(args: argparse.Namespace, near: Path) -> SiteConfig:
    return load_site_config(Path(args.config)) if args.config else find_site_config(near)


def _default_content_dir(config: SiteConfig) -> Path:
    here = Path("content")
    return here if here.is_dir() else config.content_dir


def report_problems(problems: list[Problem], fmt: str, lang: str, files: int) -> None:
    """Print ``problems`` in ``fmt`` on stdout and a one-line summary on stderr."""
    if fmt == "json":
        print(format_json(problems, lang))
        return
    formatter = format_github if fmt == "github" else format_text
    for problem in problems:
        print(formatter(problem, lang))
    sys.stdout.flush()
    checked = f"检查了 {files} 个条目文件：" if lang == "zh" else f"Checked {files} entry files: "
    print(checked + format_summary(problems, lang), file=sys.stderr)


def cmd_validate(args: argparse.Namespace) -> int:
    """Check all content; exit 1 on errors (warnings too with --strict)."""
    content_dir = Path(args.content_dir) if args.content_dir else None
    config = _site_config(args, content_dir or Path.cwd())
    content_dir = content_dir or _default_content_dir(config)
    if not content_dir.is_dir():
        message = f"找不到内容文件夹 / content folder not found: {content_dir}"
        print(message, file=sys.stderr)
        return 2
    catalogue = load_catalogue(content_dir, config)
    problems = catalogue.problems
    if args.strict:
        problems = [p.with_level(Level.ERROR) for p in problems]
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    files = count_entry_files(content_dir)
    report_problems(problems, fmt, args.lang or locale_language(), files)
    return 1 if any(p.effective_level is Level.ERROR for p in problems) else 0


def count_entry_files(content_dir: Path) -> int:
    """The entry files under ``content_dir``, loaded or not (what "Checked N entry files" counts)."""
    return sum(1 for _ in content_dir.glob("*/*.y*ml"))


PROGRESS_MIN_ENTRIES = 500  # from this size on, the build shows what it is doing while it runs


def cmd_build(args: argparse.Namespace) -> int:
    """Validate and build the site (the fangcheng plugin does both), then replace site/ with it in one step;
    exit 1 on any failure."""
    from fangcheng.progress import Progress
    from fangcheng.site_build import BuildError, build_site

    started = time.perf_counter()
    mkdocs_yml = Path(args.config or "mkdocs.yml")
    site_url = read_site_url(mkdocs_yml)
    check_site_url(site_url)
    config = load_site_config(mkdocs_yml)
    site_dir = Path(args.site_dir) if args.site_dir else config.root / "site"
    lang = args.lang or locale_language()
    _show_mkdocs_warnings()
    progress = Progress(sys.stderr, shown=False)
    content_has_errors = False

    def report(catalogue: Catalogue) -> None:
        nonlocal content_has_errors
        files = count_entry_files(config.content_dir)
        content_has_errors = catalogue.has_errors
        if catalogue.problems:
            progress.clear()
            report_problems(catalogue.problems, "text", lang, files)
        if sum(len(records) for records in catalogue.records.values()) >= PROGRESS_MIN_ENTRIES:
            progress.show()
            progress.step(f"已检查 {files} 个条目文件", f"checked {files} entry files")

    try:
        built = build_site(mkdocs_yml, site_dir, config.cache_dir, config.languages, progress=progress, report=report)
    except BuildError as error:
        progress.clear()
        if content_has_errors:
            print(
                "内容有错误，未构建网站；site/ 保持不变。/ Content has errors: the site was not built and site/ is "
                "unchanged.",
                file=sys.stderr,
            )
        else:
            print(f"构建失败，site/ 保持不变 / The build failed and site/ is unchanged: {error}", file=sys.stderr)
        return 1
    except BaseException:
        progress.clear()  # also on Ctrl-C: no progress line left on the terminal
        raise
    progress.clear()
    catalogue = built.catalogue
    entries = sum(len(catalogue.published(kind, include_samples=config.samples)) for kind in KINDS)
    drafts = sum(1 for records in catalogue.records.values() for record in records.values() if record.status == "draft")
    samples = sum(len(catalogue.published(kind, include_samples=True)) for kind in KINDS) - entries
    warnings = sum(1 for p in catalogue.problems if p.effective_level is Level.WARNING)
    seconds = time.perf_counter() - started
    print(
        build_summary(entries, drafts, built.pages, warnings, seconds, site_dir, samples=samples, site_url=site_url),
        file=sys.stderr,
    )
    return 0


def build_summary(
    entries: int,
    drafts: int,
    pages: dict[str, int],
    warnings: int,
    seconds: float,
    site_dir: Path,
    samples: int = 0,
    site_url: str | None = None,
) -> str:
    """What a successful build says: entries (drafts and sample entries left out), pages per language, warnings,
    time, where and how to look; and, for a site built for a local address (no ``SITE_URL``), that its absolute
    addresses lead there."""
    shown = os.path.relpath(site_dir) if site_dir.absolute().is_relative_to(Path.cwd()) else str(site_dir.absolute())
    left_out = [f"{drafts} 个草稿"] if drafts else []
    left_out_en = [f"{drafts} draft{'s' if drafts != 1 else ''}"] if drafts else []
    if samples:
        left_out.append(f"{samples} 个示例条目")
        left_out_en.append(f"{samples} sample entr{'ies' if samples != 1 else 'y'}")
    unpublished = f"（另有 {'、'.join(left_out)}未发布）" if left_out else ""
    unpublished_en = f" ({' and '.join(left_out_en)} not published)" if left_out_en else ""
    per_language = ", ".join(f"{code} {count}" for code, count in pages.items())
    return "\n".join(
        [
            f"网站已构建：{entries} 个条目{unpublished}，{warnings} 个警告，用时 {seconds:.1f} 秒。",
            f"Site built: {entries} entries{unpublished_en}, {warnings} warning{'s' if warnings != 1 else ''}, "
            f"{seconds:.1f} s.",
            f"  页面 / pages: {per_language}",
            f"  网站在 / site in: {shown}/",
            f"  查看 / view it: python3 -m http.server -d {shown}  →  http://localhost:8000/",
            "  边改边看（含草稿）/ live preview with drafts: ./scripts/serve",
            *(_local_address_notice(site_url) if is_local_address(site_url) else []),
        ]
    )


def _local_address_notice(site_url: str | None) -> list[str]:
    return [
        f"注意：网站地址是本机地址 {site_url}，二维码、规范链接（canonical）和网站地图都指向它，这样的网站不能发布；"
        "发布前请用 SITE_URL 设置正式地址，例如 SITE_URL=https://example.org/fangcheng/ ./scripts/build。",
        f"Note: the site address is the local {site_url}: QR codes, canonical links and the sitemap point at it, "
        "so this site cannot be published. Set the real address with SITE_URL first, e.g. "
        "SITE_URL=https://example.org/fangcheng/ ./scripts/build.",
    ]


def _show_mkdocs_warnings() -> None:
    """Print MkDocs' warnings and errors (strict mode turns warnings into a failed build)."""
    import logging

    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new draft entry with every field explained; refuse a bad id or an existing file."""
    from fangcheng.model import ID_CHARS, SLUG_PATTERN
    from fangcheng.rules import suggest_slug
    from fangcheng.scaffold import scaffold

    config = _site_config(args, Path.cwd())
    if len(args.id) > ID_CHARS:
        print(
            f"条目 id 有 {len(args.id)} 个字符，最多只能有 {ID_CHARS} 个（它也是文件名和网址），例如 "
            f"{suggest_slug(args.id)}。\n"
            f"The id has {len(args.id)} characters; at most {ID_CHARS} are allowed (it is also the file name and the "
            f"web address), e.g. {suggest_slug(args.id)}.",
            file=sys.stderr,
        )
        return 2
    if not re.match(SLUG_PATTERN, args.id):
        suggestion = suggest_slug(args.id)
        print(
            f"“{args.id}”不能用作条目 id：只能用小写英文字母、数字和连字符，例如 {suggestion}。\n"
            f'"{args.id}" cannot be an entry id: use lowercase letters, digits and hyphens, e.g. {suggestion}.',
            file=sys.stderr,
        )
        return 2
    path = config.content_dir / args.kind / f"{args.id}.yml"
    taken = [p for p in (config.content_dir / args.kind).glob("*.y*ml") if p.stem.lower() == args.id]
    if taken:
        print(
            f"{os.path.relpath(taken[0])} 已经存在，没有覆盖。/ already exists and was left as it is.", file=sys.stderr
        )
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold(args.kind, args.id, config), encoding="utf-8")
    print(f"已创建 / created {os.path.relpath(path)}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Print translation coverage; exit 1 when a --require bar is not met."""
    from fangcheng import translation_report as tr

    config = _site_config(args, Path.cwd())
    try:
        requirements = [tr.parse_requirement(text) for text in args.require]
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if not config.content_dir.is_dir():
        print(f"找不到内容文件夹 / content folder not found: {config.content_dir}", file=sys.stderr)
        return 2
    report = tr.build_report(load_catalogue(config.content_dir, config), include_drafts=args.drafts)
    try:
        unmet = tr.unmet_requirements(report, requirements)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    formatter = {"text": tr.format_text, "markdown": tr.format_markdown, "json": tr.format_json}[args.format]
    print(formatter(report))
    for line in unmet:
        print(line, file=sys.stderr)
    return 1 if unmet else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schema files, or with --check report stale ones."""
    config = _site_config(args, Path.cwd())
    schema_dir = config.content_dir / "schema"
    if args.check:
        stale = stale_schemas(schema_dir, config)
        for path in stale:
            print(
                f"{os.path.relpath(path)}: 与内容模型不一致，请运行 ./scripts/schema / out of date, run "
                f"./scripts/schema",
                file=sys.stderr,
            )
        return 1 if stale else 0
    for path in write_schemas(schema_dir, config):
        print(f"wrote {os.path.relpath(path)}")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    """Rewrite the generated tables of content/README.md, or with --check report a stale guide."""
    from fangcheng.guide import GuideError, guide_is_stale, write_guide

    config = _site_config(args, Path.cwd())
    path = config.content_dir / "README.md"
    try:
        if args.check:
            if guide_is_stale(path, config):
                print(
                    f"{os.path.relpath(path)}: 字段表或错误代码表已过期，请运行 ./scripts/guide / "
                    "the field or code tables are out of date, run ./scripts/guide",
                    file=sys.stderr,
                )
                return 1
            return 0
        changed = write_guide(path, config)
    except (GuideError, OSError) as error:
        print(error, file=sys.stderr)
        return 2
    print(f"{'wrote' if changed else 'up to date:'} {os.path.relpath(path)}")
    return 0


def cmd_publish_check(args: argparse.Namespace) -> int:
    """Exit 1, saying why, when the built site must not be published (built for a local address …)."""
    from fangcheng.publish import publish_problems

    site_dir = Path(args.site_dir)
    address, problems = publish_problems(site_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{site_dir} 不能发布 / must not be published", file=sys.stderr)
        return 1
    print(f"{site_dir} 可以发布，地址 {address} / can be published at {address}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """The live preview (:mod:`fangcheng.preview`) on 127.0.0.1: drafts shown, pages updated after each save."""
    from fangcheng import preview

    mkdocs_yml = Path(args.config or "mkdocs.yml")
    if not mkdocs_yml.is_file():
        print(f"找不到 / not found: {mkdocs_yml}", file=sys.stderr)
        return 2
    return preview.serve(preview.DEFAULT_HOST, args.port, mkdocs_yml)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="fangcheng", description="方城 Fangcheng: 文化遗产微站生成器 / cultural-heritage microsite generator"
    )
    parser.add_argument(
        "--config", help="mkdocs.yml 的路径 / path to mkdocs.yml (default: found from the content folder)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="检查内容 / check content")
    validate.add_argument("content_dir", nargs="?", help="内容文件夹 / content folder (default: content/)")
    validate.add_argument("--strict", action="store_true", help="把警告也当作错误 / treat warnings as errors")
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        help="输出格式 / output format (default: text; github under GitHub Actions)",
    )
    validate.add_argument("--lang", choices=("zh", "en"), help="消息语言 / message language (default: from the locale)")
    validate.set_defaults(run=cmd_validate)

    build = commands.add_parser("build", help="检查内容并构建网站 / validate and build the site")
    build.add_argument("--site-dir", help="输出文件夹 / output folder (default: site/)")
    build.add_argument("--lang", choices=("zh", "en"), help="消息语言 / message language (default: from the locale)")
    build.set_defaults(run=cmd_build)

    serve = commands.add_parser(
        "serve", help="边改边看的预览（含草稿），只在本机 / live preview with drafts, on this computer only"
    )
    serve.add_argument("--port", type=int, default=8000, help="端口 / port (default: 8000)")
    serve.set_defaults(run=cmd_serve)

    new = commands.add_parser("new", help="新建条目 / write a new entry")
    new.add_argument("kind", choices=tuple(KINDS), help="条目类型 / kind of entry")
    new.add_argument(
        "id", help="条目 id，也是文件名和网址 / id: the file name and the web address, e.g. laobian-dumplings"
    )
    new.set_defaults(run=cmd_new)

    report = commands.add_parser("report", help="翻译覆盖率 / translation coverage")
    report.add_argument(
        "--format",
        choices=("text", "markdown", "json"),
        default="text",
        help="输出格式 / output format (default: text)",
    )
    report.add_argument(
        "--require",
        action="append",
        default=[],
        metavar="LANG=PERCENT",
        help="低于此比例时退出码为 1，可重复 / exit 1 below this share, repeatable: --require en=100",
    )
    report.add_argument("--drafts", action="store_true", help="也统计草稿 / count drafts too")
    report.set_defaults(run=cmd_report)

    guide = commands.add_parser("guide", help="更新编辑指南中的表格 / update the tables in content/README.md")
    guide.add_argument("--check", action="store_true", help="只检查是否过期 / only check that they are up to date")
    guide.set_defaults(run=cmd_guide)

    publish_check = commands.add_parser(
        "publish-check", help="检查构建好的网站能否发布 / check that the built site may be published"
    )
    publish_check.add_argument("site_dir", nargs="?", default="site", help="网站文件夹 / site folder (default: site/)")
    publish_check.set_defaults(run=cmd_publish_check)

    schema = commands.add_parser("schema", help="生成 JSON Schema / write the JSON Schema files")
    schema.add_argument("--check", action="store_true", help="只检查是否过期 / only check that they are up to date")
    schema.set_defaults(run=cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; return its exit code (2 for a usage error)."""
    from mkdocs.exceptions import ConfigurationError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ConfigurationError as error:  # mkdocs.yml: a message, not a traceback
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def run() -> int:
    """Run the command line (the ``fangcheng`` console script); a closed output pipe (``… | head``) ends it
    quietly with exit status 1."""
    code = main()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own advice for SIGPIPE
        return code or 1
    return code
