"""Benchmark validate, render and full build on synthetic catalogs of growing size.

Whole `llm-atlas` processes (start-up included), several runs each, medians; peak memory per
process from wait4's rusage. Three states for each command:

  cold      nothing to reuse: empty parse cache, new output folder (deleted and synced first)
  warm      run again with nothing changed (parse cache, render cache; MkDocs skipped)
  one edit  one entry's description changed before each run (its file is parsed again, its
            page and every list page made again; `build` runs a dirty-free MkDocs build)

Prints a table and writes bench/results/build.json.

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
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gen_catalog import generate

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
ATLAS = [sys.executable, "-m", "llm_atlas"]
COMMANDS = ("validate", "validate+render", "build")
STATES = ("cold", "warm", "one edit")


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run CMD from the repo root; return (seconds, peak RSS in MiB). Fail loudly."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out.decode(errors='replace')}")
    return seconds, usage.ru_maxrss // 1024


def fresh(*folders: Path) -> None:
    """Delete FOLDERS and flush the deletion to disk, so the next run does not pay for it."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()


def edit_one(catalog: Path, n: int) -> None:
    """Change the description of the first entry of the first file (a new text each time)."""
    path = sorted(p for p in catalog.glob("*.yaml") if p.name != "topics.yaml")[0]
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("  description: ")
    line_end = rest.index("\n")
    stamp = time.time_ns()  # never the text an earlier run (of any command) wrote
    path.write_text(f"{head}{sep}第 {n} 次编辑（{stamp}）。{rest[line_end:]}", encoding="utf-8")


def measure(
    cmd: list[str],
    runs: int,
    env: dict[str, str],
    before: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run CMD RUNS times, calling BEFORE(run number) first when given."""
    results = []
    for n in range(runs):
        if before is not None:
            before(n)
        results.append(run(cmd, env))
    times, peaks = zip(*results, strict=True)
    return {"median_s": statistics.median(times), "runs_s": list(times), "peak_mib": max(peaks)}


def bench_command(
    name: str, cmd: list[str], outputs: list[Path], catalog: Path, runs: int, work: Path
) -> dict[str, Any]:
    """Measure CMD cold, warm and after one edit; OUTPUTS are the folders it writes."""
    cache = work / "parse-cache"
    env = {**os.environ, "LLM_ATLAS_CACHE_DIR": str(cache)}
    row = {
        "cold": measure(cmd, runs, env, before=lambda n: fresh(cache, *outputs)),
        "warm": measure(cmd, runs, env),
        "one edit": measure(cmd, runs, env, before=lambda n: edit_one(catalog, n)),
    }
    print(f"  {name}: " + ", ".join(f"{k} {v['median_s']:.2f} s" for k, v in row.items()))
    return row


def bench_size(n: int, runs: int, work: Path) -> dict[str, Any]:
    catalog = work / f"catalog-{n}"
    if not catalog.exists():
        generate(n, catalog)
    edited = work / f"catalog-{n}-edited"
    fresh(edited)
    shutil.copytree(catalog, edited)
    print(f"{n} entries")
    out, site, render_dir = work / f"render-{n}", work / f"site-{n}", work / f"build-cache-{n}"
    row: dict[str, Any] = {"entries": n}
    row["validate"] = bench_command(
        "validate", [*ATLAS, "validate", "--catalog", str(edited)], [], edited, runs, work
    )
    row["validate+render"] = bench_command(
        "validate+render",
        [*ATLAS, "render", "--catalog", str(edited), "--out", str(out)],
        [out],
        edited,
        runs,
        work,
    )
    build = [*ATLAS, "build", "--catalog", str(edited), "--site-dir", str(site)]
    build += ["--render-dir", str(render_dir)]
    row["build"] = bench_command("build", build, [site, render_dir], edited, runs, work)
    fresh(site, out, render_dir, edited)
    return row


def bench_real(runs: int, work: Path) -> dict[str, Any]:
    site, render_dir = work / "site-real", work / "build-cache-real"
    row: dict[str, Any] = {"entries": "shipped catalog"}
    build = [*ATLAS, "build", "--site-dir", str(site), "--render-dir", str(render_dir)]
    print("shipped catalog")
    env = {**os.environ, "LLM_ATLAS_CACHE_DIR": str(work / "parse-cache")}
    row["build"] = {
        "cold": measure(build, runs, env, before=lambda n: fresh(site, render_dir)),
        "warm": measure(build, runs, env),
    }
    index = site / "search" / "search_index.json"
    row["search_index_kib"] = round(index.stat().st_size / 1024, 1)
    return row


def print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="llm-atlas build benchmark (medians, whole processes, seconds)")
    table.add_column("entries", justify="right")
    for command in COMMANDS:
        for state in STATES:
            table.add_column(f"{command}\n{state}", justify="right")
    table.add_column("peak MiB", justify="right")
    for row in rows:
        cells = [str(row["entries"])]
        for command in COMMANDS:
            for state in STATES:
                found = row.get(command, {}).get(state)
                cells.append(f"{found['median_s']:.2f}" if found else "—")
        cells.append(str(max(v["peak_mib"] for v in row["build"].values() if v)))
        table.add_row(*cells)
    Console(width=200).print(table)


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
            for state in STATES:
                ratios[f"{key} {state} 10k/1k"] = (
                    by_size[10000][key][state]["median_s"] / by_size[1000][key][state]["median_s"]
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
