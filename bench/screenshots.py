"""Take screenshots of the built site (home, a topic page, explore; desktop and mobile widths).

Usage: python bench/screenshots.py [--site-dir site] [--out docs/assets/screenshots]
       [--topic quantization]
Serves SITE_DIR on 127.0.0.1 and drives Debian's chromium through Playwright.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from chromium import ARGS, CHROMIUM
from playwright.sync_api import sync_playwright

WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path("docs/assets/screenshots"))
    parser.add_argument("--topic", default="quantization")
    args = parser.parse_args()
    handler = functools.partial(_Quiet, directory=str(args.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = {"home": "", "topic": f"topics/{args.topic}/", "explore": "explore/#kind=paper"}
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for width_name, (width, height) in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1, locale="zh-CN"
            )
            page = context.new_page()
            for name, path in pages.items():
                page.goto(base + path)
                if name == "explore":
                    page.wait_for_selector("#atlas-explore[data-ready]")
                page.wait_for_timeout(300)
                target = args.out / f"{name}-{width_name}.png"
                page.screenshot(path=str(target))
                print(target)
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
