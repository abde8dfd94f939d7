"""Take screenshots of the built site: home, a topic, an entry, the map, explore and tags, at
desktop and mobile widths, in the light and the dark scheme.

Usage: python bench/screenshots.py [--site-dir site] [--out bench/screenshots]
       [--topic quantization] [--entry lora] [--schemes light dark] [--pages home map ...]
Serves SITE_DIR on 127.0.0.1 and drives Debian's chromium through Playwright. The map is shown
as a reader first sees it and once more with a topic chosen; files are <page>-<width>-<scheme>.png.
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
PAGES = {
    "home": "",
    "topic": "topics/{topic}/",
    "entry": "entries/{entry}/",
    "map": "map/",
    "map-topic": "map/",
    "map-text": "map/",
    "explore": "explore/#kind=paper",
    "explore-empty": "explore/#kind=benchmark&q=lora",
    "tags": "tags/#tag-lora",
}


def prepare(page: object, name: str, topic: str) -> None:
    """Bring PAGE to the state its screenshot shows (the map scrolled into view, a topic chosen,
    the text version open, explore's results in)."""
    if name.startswith("explore"):
        page.wait_for_selector("#atlas-explore[data-ready]")  # type: ignore[attr-defined]
    if name.startswith("map"):
        page.locator("#atlas-map").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    if name == "map-topic":
        page.select_option("select[name=topic]", topic)  # type: ignore[attr-defined]
        page.wait_for_timeout(500)  # type: ignore[attr-defined]
    if name == "map-text":
        page.evaluate(  # type: ignore[attr-defined]
            "document.querySelector('ul.atlas-map__text details').open = true;"
            "document.getElementById('文字版').scrollIntoView()"
        )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "screenshots")
    parser.add_argument("--topic", default="quantization")
    parser.add_argument("--entry", default="lora")
    parser.add_argument("--schemes", nargs="+", default=["light", "dark"])
    parser.add_argument("--pages", nargs="+", default=list(PAGES))
    args = parser.parse_args()
    handler = functools.partial(_Quiet, directory=str(args.site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = {
        name: path.format(topic=args.topic, entry=args.entry)
        for name, path in PAGES.items()
        if name in args.pages
    }
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for scheme in args.schemes:
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=1,
                    locale="zh-CN",
                    color_scheme=scheme,  # type: ignore[arg-type]
                )
                page = context.new_page()
                for name, path in pages.items():
                    page.goto(base + path)
                    page.wait_for_load_state("load")
                    prepare(page, name, args.topic)
                    page.wait_for_timeout(400)
                    target = args.out / f"{name}-{width_name}-{scheme}.png"
                    page.screenshot(path=str(target))
                    print(target)
                context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
