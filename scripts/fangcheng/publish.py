"""Whether a built site may be published: the check the publishing job runs before it deploys ``site/``.

A site built without ``SITE_URL`` has the local address (``http://127.0.0.1:8000/``) in its canonical
links, its sitemap, its QR codes and plaques: published, every printed plaque would lead nowhere. The
sitemap (``sitemap.xml``, every page's absolute address) tells which address the site was built for.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

from fangcheng.config import is_local_address, site_url_problem

SITEMAP = "sitemap.xml"
_LOC = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def publish_problems(site_dir: Path) -> tuple[str | None, list[str]]:
    """The address ``site_dir`` was built for (from its sitemap's first page) and why it must not be
    published (bilingual messages; none when it may be)."""
    sitemap = site_dir / SITEMAP
    if not sitemap.is_file():
        return None, [f"找不到 {sitemap}：网站还没有构建？ / {sitemap} not found: was the site built?"]
    try:
        root = ElementTree.parse(sitemap).getroot()
    except ElementTree.ParseError as error:
        return None, [f"{sitemap} 不是格式正确的 XML / is not well-formed XML: {error}"]
    pages = [(element.text or "").strip() for element in root.iter(_LOC)]
    if not pages:
        return None, [f"{sitemap} 中没有任何页面 / lists no page"]
    first = urlsplit(pages[0])
    address = f"{first.scheme}://{first.netloc}/"
    problems = []
    local = [page for page in pages if is_local_address(page)]
    if local:
        host = urlsplit(local[0]).netloc
        problems.append(
            f"网站是为本机地址 {host} 构建的：二维码、门牌、规范链接和网站地图都会指向它。"
            f"请用 SITE_URL 设置正式地址后重新构建。 / The site was built for the local address {host}: QR codes, "
            "plaques, canonical links and the sitemap would point at it. Build it again with SITE_URL set to the "
            "real address."
        )
    wrong = next((page for page in pages if site_url_problem(page)), None)
    if wrong and not local:
        problems.append(str(site_url_problem(wrong)))
    return address, problems
