"""Benchmark validate, render and full build on synthetic catalogs of growing size.

Whole `llm-atlas` processes (start-up included), several runs each, medians; peak memory per
process from wait4's rusage. `build` is a cold build (site folder deleted first); `rebuild` builds
again with nothing changed (MkDocs skipped). Prints a table and writes bench/results/build.json.

    python bench/bench_build.py                 # 1k, 10k, 50k (50k: one run)
    python bench/bench_build.py --sizes 1000 10000 --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from gen_catalog import generate

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
ATLAS = [sys.executable, "-m", "llm_atlas"]


def run(cmd: list[str]) -> tuple[float, int]:
    """Run CMD from the repo root; return (seconds, peak RSS in MiB). Fail loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out.decode(errors='replace')}")
    return seconds, usage.ru_maxrss // 1024


def measure(cmd: list[str], runs: int, fresh: Path | None = None) -> dict[str, Any]:
    """Run CMD RUNS times; with FRESH, delete that folder before each run (a cold build)."""
    results = []
    for _ in range(runs):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        results.append(run(cmd))
    times, peaks = zip(*results, strict=True)
    return {"median_s": statistics.median(times), "runs_s": list(times), "peak_mib": max(peaks)}


def bench_size(n: int, runs: int, work: Path) -> dict[str, Any]:
    catalog = work / f"catalog-{n}"
    if not catalog.exists():
        generate(n, catalog)
    out, site = work / f"render-{n}", work / f"site-{n}"
    row: dict[str, Any] = {"entries": n}
    row["validate"] = measure([*ATLAS, "validate", "--catalog", str(catalog)], runs)
    shutil.rmtree(out, ignore_errors=True)
    row["validate+render"] = measure(
        [*ATLAS, "render", "--catalog", str(catalog), "--out", str(out)], runs
    )
    build = [*ATLAS, "build", "--catalog", str(catalog), "--site-dir", str(site)]
    row["build"] = measure(build, runs, fresh=site)
    row["rebuild"] = measure(build, runs)  # nothing changed: MkDocs is skipped
    shutil.rmtree(site, ignore_errors=True)
    return row


def bench_real(runs: int, work: Path) -> dict[str, Any]:
    site = work / "site-real"
    row: dict[str, Any] = {"entries": "shipped catalog"}
    build = [*ATLAS, "build", "--site-dir", str(site)]
    row["build"] = measure(build, runs, fresh=site)
    row["rebuild"] = measure(build, runs)
    index = site / "search" / "search_index.json"
    row["search_index_kib"] = round(index.stat().st_size / 1024, 1)
    return row


def print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="llm-atlas build benchmark (medians, whole processes)")
    columns = ("entries", "validate s", "validate+render s", "build s", "rebuild s", "peak MiB")
    for col in columns:
        table.add_column(col, justify="right")
    for row in rows:
        cells = [str(row["entries"])]
        for key in ("validate", "validate+render", "build", "rebuild"):
            cells.append(f"{row[key]['median_s']:.2f}" if key in row else "—")
        cells.append(str(row["build"]["peak_mib"]))
        table.add_row(*cells)
    Console().print(table)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "llm-atlas-bench"
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [bench_size(n, 1 if n >= 50000 else args.runs, args.work) for n in args.sizes]
    rows.append(bench_real(args.runs, args.work))
    print_table(rows)
    by_size = {r["entries"]: r for r in rows if isinstance(r["entries"], int)}
    ratios = {}
    if 1000 in by_size and 10000 in by_size:
        for key in ("validate+render", "build"):
            ratios[f"{key} 10k/1k"] = (
                by_size[10000][key]["median_s"] / by_size[1000][key]["median_s"]
            )
    for name, value in ratios.items():
        print(f"{name}: {value:.1f}x")
    print(f"shipped catalog search index: {rows[-1]['search_index_kib']} KiB")
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_avg": os.getloadavg(),
        },
        "rows": rows,
        "ratios": ratios,
    }
    (RESULTS / "build.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
