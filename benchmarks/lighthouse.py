"""Lighthouse's mobile run (its default: a mid-range phone on slow 4G, simulated) on pages of a built site,
served with gzip on loopback as a static host would.

Run: ``.venv/bin/python benchmarks/lighthouse.py SITE_DIR PATH [PATH …]`` (paths under the site, such as
``shops/`` or ``en/shops/page/2/``). Needs npm's ``lighthouse`` (``npm install lighthouse`` somewhere; set
``LIGHTHOUSE`` to its binary, else ``npx lighthouse`` is used) and /usr/bin/chromium. Prints performance,
accessibility, cumulative layout shift and the page's transferred bytes; targets (issue 22): performance ≥ 95
and accessibility 100 on every page kind, performance ≥ 90 on a browse page of 1,500 shops.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (as nginx's gzip on would)."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def lighthouse(url: str) -> dict[str, float]:
    """Scores (0–100), CLS and transferred bytes of one Lighthouse mobile run."""
    binary = os.environ.get("LIGHTHOUSE")
    command = [binary] if binary else ["npx", "--yes", "lighthouse"]
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                *command,
                url,
                "--quiet",
                "--only-categories=performance,accessibility",
                "--output=json",
                f"--output-path={report}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {
        "performance": round(data["categories"]["performance"]["score"] * 100),
        "accessibility": round(data["categories"]["accessibility"]["score"] * 100),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    base, server = serve(args.site)
    print(f"{'page':<28}{'perf':>6}{'a11y':>6}{'CLS':>8}{'LCP ms':>8}{'KB':>8}")
    for path in args.paths:
        result = lighthouse(base + path)
        print(
            f"{path or '/':<28}{result['performance']:>6}{result['accessibility']:>6}{result['cls']:>8.3f}"
            f"{result['lcp_ms']:>8.0f}{result['kb']:>8.0f}"
        )
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
