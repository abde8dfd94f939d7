"""Run Lighthouse on the built site (home, a topic, an entry and the map page) and write the scores.

Usage: python bench/lighthouse.py [--site-dir site] [--topic quantization] [--entry lora]
       [--pages home topic entry map] [--runs 3] [--form-factor mobile desktop] [--no-gzip]
Needs `npm install` in bench/ (lighthouse 12.2.3, the last release that runs on Node 20) and
Debian's chromium. Serves SITE_DIR on 127.0.0.1 (gzip on, as GitHub Pages and most static hosts do;
--no-gzip for Python's plain http.server behaviour), runs each page RUNS times per form factor and
keeps the median of every category. Full reports of the median run go to bench/lighthouse/, the
summary (scores and every audit below 0.9 of the median run) to bench/results/lighthouse.json.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import threading
import urllib.parse
from pathlib import Path
from typing import Any

from chromium import ARGS, CHROMIUM

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = " ".join(ARGS)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-encoded when the client accepts it (like a real static host)."""

    gzip_enabled = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                super().do_GET()  # the base class redirects /topics/x to /topics/x/
                return
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.gzip_enabled and accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            super().do_GET()
            return
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)


def serve_site(site_dir: Path, use_gzip: bool) -> http.server.ThreadingHTTPServer:
    """Serve SITE_DIR on a free port of 127.0.0.1 in a background thread."""
    handler_class = type("Handler", (_Handler,), {"gzip_enabled": use_gzip})
    handler = functools.partial(handler_class, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(url: str, form_factor: str, out: Path) -> dict[str, Any]:
    """Run one Lighthouse audit of URL and return its JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        f"--chrome-flags={CHROME_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    subprocess.run(command, check=True, env=env, timeout=300)
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def scores_of(report: dict[str, Any]) -> dict[str, int]:
    """Category scores of a report, 0–100."""
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


def weak_audits(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Audits that count toward a score and score below 0.9, with a few of their items."""
    weak = []
    for audit in report["audits"].values():
        score = audit.get("score")
        mode = audit.get("scoreDisplayMode")
        if score is None or score >= 0.9 or mode in ("informative", "manual"):
            continue
        items = (audit.get("details") or {}).get("items") or []
        weak.append(
            {
                "id": audit["id"],
                "title": audit["title"],
                "score": score,
                "display": audit.get("displayValue", ""),
                "items": [_short_item(i) for i in items[:5]],
            }
        )
    return weak


def _short_item(item: dict[str, Any]) -> dict[str, Any]:
    node = item.get("node") or {}
    keep = {k: item[k] for k in ("url", "wastedMs", "totalBytes", "wastedBytes") if k in item}
    if node:
        keep["selector"] = node.get("selector", "")
        keep["snippet"] = node.get("snippet", "")[:200]
        keep["explanation"] = node.get("explanation", "")[:300]
    return keep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    parser.add_argument("--topic", default="quantization")
    parser.add_argument("--entry", default="lora")
    parser.add_argument("--pages", nargs="+", default=["home", "topic", "entry", "map"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--form-factor", nargs="+", default=["mobile", "desktop"])
    parser.add_argument("--no-gzip", action="store_true")
    parser.add_argument("--reports", type=Path, default=BENCH / "lighthouse")
    parser.add_argument("--summary", type=Path, default=BENCH / "results" / "lighthouse.json")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE} is missing: run `npm install` in {BENCH}")
    if not (args.site_dir / "index.html").is_file():
        parser.error(f"{args.site_dir}/index.html is missing: run `llm-atlas build` first")
    server = serve_site(args.site_dir, use_gzip=not args.no_gzip)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    pages = {
        "home": "",
        "topic": f"topics/{args.topic}/",
        "entry": f"entries/{args.entry}/",
        "map": "map/",
    }
    pages = {name: path for name, path in pages.items() if name in args.pages}
    args.reports.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, Any]] = []
    print(f"{'page':8} {'form':8} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    for form_factor in args.form_factor:
        for name, path in pages.items():
            runs = []
            for i in range(args.runs):
                out = args.reports / f"{name}-{form_factor}-{i}.report.json"
                runs.append(run_lighthouse(base + path, form_factor, out))
            median = {c: statistics.median(scores_of(r)[c] for r in runs) for c in CATEGORIES}
            # The run whose performance score is the median one is the representative report.
            runs.sort(key=lambda r: scores_of(r)["performance"])
            chosen = runs[len(runs) // 2]
            for i in range(args.runs):
                (args.reports / f"{name}-{form_factor}-{i}.report.json").unlink()
            (args.reports / f"{name}-{form_factor}.report.json").write_text(
                json.dumps(chosen, ensure_ascii=False), encoding="utf-8"
            )
            metrics = chosen["audits"]["metrics"]["details"]["items"][0]
            results.append(
                {
                    "page": name,
                    "path": "/" + path,
                    "form_factor": form_factor,
                    "runs": [scores_of(r) for r in runs],
                    "median": median,
                    "metrics_ms": {
                        k: round(metrics[k])
                        for k in (
                            "firstContentfulPaint",
                            "largestContentfulPaint",
                            "totalBlockingTime",
                            "speedIndex",
                        )
                        if k in metrics
                    },
                    "cls": round(metrics.get("cumulativeLayoutShift", 0), 4),
                    # Lighthouse's CPU speed estimate of this machine: its 4x mobile CPU slowdown
                    # assumes a fast desktop (~1500+); lower values mean harsher mobile scores.
                    "benchmark_index": statistics.median(
                        r["environment"]["benchmarkIndex"] for r in runs
                    ),
                    "weak_audits": weak_audits(chosen),
                }
            )
            print(f"{name:8} {form_factor:8} " + " ".join(f"{median[c]:>15g}" for c in CATEGORIES))
    server.shutdown()
    summary = {
        "lighthouse": "12.2.3",
        "chromium": subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "gzip": not args.no_gzip,
        "runs_per_page": args.runs,
        # Lighthouse simulates a slow CPU by scaling the main-thread time it observes, so a busy
        # machine lowers performance scores: the load average says how busy this one was.
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "results": results,
    }
    args.summary.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(summary, ensure_ascii=False, indent=2) + "\n"
    args.summary.write_text(text, encoding="utf-8")
    print(f"summary: {args.summary}\nreports: {args.reports}")


if __name__ == "__main__":
    main()
