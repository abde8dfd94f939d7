"""Benchmark the site search: index size and query latency in Chromium.

Builds the shipped catalog (or takes a built site), then:

  size     bytes of search/search_index.json, raw and gzip-compressed, and of the search scripts
           the pages load (assets/javascripts/search-*.js and the normaliser)
  ready    from the first click into the search box to Material's "ready" prompt (the worker
           fetched and indexed the whole index)
  query    from typing a judged query (tests/cases/search/judged.yaml, both halves) to its
           results on screen, per query; median and 90th percentile of each run

Several runs, each in a new browser; medians of the runs. Results go to
bench/results/search.json under LABEL (e.g. "before" and "after" a change, side by side).

    python bench/bench_search.py --label after --runs 3
    python bench/bench_search.py --site /tmp/site --label before
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results" / "search.json"
sys.path[:0] = [str(REPO / "tests"), str(REPO / "bench")]

_READY = "document.querySelector('.md-search-result__meta').textContent.includes('键入')"
_DONE = (
    "q => document.querySelector('.md-search__input').value === q && "
    "!document.querySelector('.md-search-result__meta').textContent.includes('键入')"
)


def index_sizes(site_dir: Path) -> dict[str, int]:
    """Return the raw and gzip sizes of the search index and the search scripts in SITE_DIR."""
    index = (site_dir / "search" / "search_index.json").read_bytes()
    scripts = sorted((site_dir / "assets" / "javascripts").glob("*.js"))
    search_js = b"".join(
        p.read_bytes() for p in scripts if p.name.startswith(("search-", "normalise"))
    )
    return {
        "index_bytes": len(index),
        "index_gzip_bytes": len(gzip.compress(index, 9)),
        "scripts_bytes": len(search_js),
        "scripts_gzip_bytes": len(gzip.compress(search_js, 9)) if search_js else 0,
    }


def time_queries(site_dir: Path, queries: list[str]) -> tuple[float, list[float]]:
    """Return the seconds to the search's ready prompt and each query's seconds to results."""
    from chromium import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright
    from site_helpers import serve_dir

    with serve_dir(site_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(locale="zh-CN")
            page.goto(base)
            start = time.perf_counter()
            page.click("input.md-search__input")
            page.wait_for_function(_READY, timeout=60000, polling=5)
            ready = time.perf_counter() - start
            times: list[float] = []
            for query in queries:
                page.fill("input.md-search__input", "")
                page.keyboard.press("End")
                page.wait_for_function(_READY, polling=5)
                start = time.perf_counter()
                page.fill("input.md-search__input", query)
                page.keyboard.press("End")
                page.wait_for_function(_DONE, arg=query, polling=5)
                times.append(time.perf_counter() - start)
        finally:
            browser.close()
    return ready, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the catalog)")
    parser.add_argument("--label", required=True, help="where in results/search.json")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from search_judged import load_judged

    queries = [j.query for j in load_judged()]
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        site_dir = args.site
        if site_dir is None:
            from site_helpers import build_catalog

            site_dir = build_catalog(REPO / "catalog", Path(tmp)).site_dir
        sizes = index_sizes(site_dir)
        runs = [time_queries(site_dir, queries) for _ in range(args.runs)]
    ready = [r for r, _ in runs]
    medians = [statistics.median(t) for _, t in runs]
    p90s = [statistics.quantiles(t, n=10)[-1] for _, t in runs]
    result: dict[str, Any] = {
        **sizes,
        "queries": len(queries),
        "runs": args.runs,
        "ready_s": round(statistics.median(ready), 3),
        "query_median_ms": round(1000 * statistics.median(medians), 1),
        "query_p90_ms": round(1000 * statistics.median(p90s), 1),
        "per_run_query_median_ms": [round(1000 * m, 1) for m in medians],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    stored = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.is_file() else {}
    stored[args.label] = result
    RESULTS.write_text(json.dumps(stored, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({args.label: result}, indent=2))


if __name__ == "__main__":
    main()
