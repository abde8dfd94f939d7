"""Benchmark validate, render and full build on synthetic catalogs of growing size.

Whole `llm-atlas` processes (start-up included), several runs each, medians; peak memory per
process from wait4's rusage. The states of each command:

  cold       a first build on a new machine: empty per-user cache, new output folders
  warm       run again with nothing changed (`build`: the site is reused, nothing rendered)
  one edit   one entry's description changed before each run (shown on its topic page:
             `build` renders everything and runs MkDocs in full)

The shipped catalog, side by side with plain MkDocs: bench/bench_shipped.py.

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
    """Delete FOLDERS and flush the deletion to disk, outside any timed run."""
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


def measure(runs: int, env: dict[str, str], step: Callable[[int], list[str]]) -> dict[str, Any]:
    """Run the command STEP(run number) returns (after STEP's own preparation) RUNS times."""
    results = [run(step(n), env) for n in range(runs)]
    times, peaks = zip(*results, strict=True)
    return {"median_s": statistics.median(times), "runs_s": list(times), "peak_mib": max(peaks)}


def bench_command(
    name: str,
    command: Callable[[Path], list[str]],
    catalog: Path,
    runs: int,
    work: Path,
    *,
    edits: bool = True,
) -> dict[str, Any]:
    """Measure a command cold, warm and after one edit. COMMAND(folder) is the command writing
    into FOLDER. Each cold run gets a new folder and an empty per-user cache: on this disk, files
    created right where the same names were just deleted take ten times longer, which a first
    build never pays."""
    folders: list[Path] = []
    caches: list[Path] = []

    def cold(n: int) -> list[str]:
        fresh(*folders, *caches)
        folders.append(work / f"{name}-{time.time_ns()}")
        caches.append(work / f"user-cache-{time.time_ns()}")
        env["LLM_ATLAS_CACHE_DIR"] = str(caches[-1])
        return command(folders[-1])

    def edited(n: int) -> list[str]:
        edit_one(catalog, n)
        return command(folders[-1])

    env = dict(os.environ)
    # As on a user's machine, where installed code has its bytecode compiled (this sandbox sets
    # PYTHONDONTWRITEBYTECODE, which compiles llm-atlas' modules in every run: about 60 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    row = {
        "cold": measure(runs, env, cold),
        "warm": measure(runs, env, lambda n: command(folders[-1])),
    }
    if edits:
        row["one edit"] = measure(runs, env, edited)
    fresh(*folders, *caches)
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
    at = ["--catalog", str(edited)]
    row: dict[str, Any] = {"entries": n}
    row["validate"] = bench_command(
        "validate", lambda folder: [*ATLAS, "validate", *at], edited, runs, work
    )
    row["validate+render"] = bench_command(
        "validate+render",
        lambda folder: [*ATLAS, "render", *at, "--out", str(folder)],
        edited,
        runs,
        work,
    )
    row["build"] = bench_command("build", build_command(at), edited, runs, work)
    fresh(edited)
    return row


def build_command(at: list[str]) -> Callable[[Path], list[str]]:
    def command(folder: Path) -> list[str]:
        site, render_dir = str(folder / "site"), str(folder / "render")
        return [*ATLAS, "build", *at, "--site-dir", site, "--render-dir", render_dir]

    return command


def print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="llm-atlas build benchmark (medians, whole processes, seconds)")
    table.add_column("entries", justify="right")
    columns = [
        (command, state)
        for command in COMMANDS
        for state in STATES
        if any(state in row.get(command, {}) for row in rows)
    ]
    for command, state in columns:
        table.add_column(f"{command}\n{state}", justify="right")
    table.add_column("peak MiB", justify="right")
    for row in rows:
        cells = [str(row["entries"])]
        for command, state in columns:
            found = row.get(command, {}).get(state)
            cells.append(f"{found['median_s']:.2f}" if found else "—")
        cells.append(str(max(v["peak_mib"] for v in row["build"].values() if v)))
        table.add_row(*cells)
    Console(width=200).print(table)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "llm-atlas-bench"
    )
    parser.add_argument(
        "--results", default="build.json", help="File name under bench/results/ for the JSON."
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [bench_size(n, 1 if n >= 50000 else args.runs, args.work) for n in args.sizes]
    print_table(rows)
    by_size = {r["entries"]: r for r in rows if isinstance(r["entries"], int)}
    ratios = {}
    if 1000 in by_size and 10000 in by_size:
        for key in ("validate+render", "build"):
            for state in ("cold", "warm", "one edit"):
                ratios[f"{key} {state} 10k/1k"] = (
                    by_size[10000][key][state]["median_s"] / by_size[1000][key][state]["median_s"]
                )
    for name, value in ratios.items():
        print(f"{name}: {value:.1f}x")
    write_results(args.results, rows, ratios)


def write_results(name: str, rows: Any, ratios: dict[str, float]) -> None:
    """Write bench/results/NAME: the machine, the ROWS and the RATIOS, as JSON."""
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
    (RESULTS / name).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
