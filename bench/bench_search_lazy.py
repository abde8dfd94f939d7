"""Time the first search answer after the lazily fetched index arrives (issue #22).

Usage: python bench/bench_search_lazy.py [--site-dir site] [--runs 5] [--query LoRA]
Serves SITE_DIR on 127.0.0.1 (gzip, as bench/lighthouse.py does), opens a page in Debian's
chromium, checks that no request for search/search_index.json left before the search box was
used, focuses the box and types QUERY at once (before the index is in), then measures from the
index's responseEnd (Resource Timing) to the first result item in the DOM. Median of RUNS fresh
pages; writes bench/results/search-lazy.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
from pathlib import Path

from chromium import ARGS, CHROMIUM
from lighthouse import serve_site
from playwright.sync_api import sync_playwright

BENCH = Path(__file__).resolve().parent
INDEX = "search/search_index.json"
# In the page: wait for the first result item, then report both times (ms since navigation).
MEASURE = """() => new Promise(done => {
  const list = document.querySelector('.md-search-result__list');
  const finish = () => {
    const index = performance.getEntriesByType('resource')
      .find(e => e.name.endsWith('search/search_index.json'));
    done({answered: performance.now(), arrived: index ? index.responseEnd : null,
          bytes: index ? index.encodedBodySize : null});
  };
  if (list.children.length) return finish();
  new MutationObserver((_, observer) => {
    if (list.children.length) { observer.disconnect(); finish(); }
  }).observe(list, {childList: true});
})"""


def measure(base: str, path: str, query: str, runs: int) -> list[dict[str, float]]:
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        for _ in range(runs):
            context = browser.new_context(locale="zh-CN")
            page = context.new_page()
            early: list[str] = []
            page.on(
                "request", lambda r, e=early: e.append(r.url) if r.url.endswith(INDEX) else None
            )
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.wait_for_timeout(1000)
            if early:
                raise SystemExit(f"{INDEX} was requested before the search box was used")
            page.click("input.md-search__input")
            page.keyboard.type(query)
            result = page.evaluate(MEASURE)
            if result["arrived"] is None:
                raise SystemExit(f"no resource timing for {INDEX}")
            out.append(
                {
                    "after_index_ms": round(result["answered"] - result["arrived"], 1),
                    "index_gzip_bytes": result["bytes"],
                }
            )
            context.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--path", default="topics/quantization/")
    parser.add_argument("--query", default="LoRA")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BENCH / "results" / "search-lazy.json")
    args = parser.parse_args()
    server = serve_site(args.site_dir, use_gzip=True)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    runs = measure(base, args.path, args.query, args.runs)
    server.shutdown()
    summary = {
        "page": "/" + args.path,
        "query": args.query,
        "index_requested_before_use": False,
        "first_answer_after_index_ms": {
            "median": statistics.median(r["after_index_ms"] for r in runs),
            "max": max(r["after_index_ms"] for r in runs),
            "runs": [r["after_index_ms"] for r in runs],
        },
        "index_gzip_bytes": runs[0]["index_gzip_bytes"],
        "load_average": os.getloadavg()[0],
    }
    args.out.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
