"""Benchmark `llm-atlas build` of the shipped catalog side by side with plain MkDocs.

Whole processes, several runs each, medians, in one run of this script:

  mkdocs        `mkdocs build` of the pages `llm-atlas render --out` wrote (entry pages as
                Markdown): what MkDocs alone takes for the same site
  cold          `llm-atlas build` into new site and render folders (per-user cache kept, as
                MkDocs keeps jieba's dictionary cache: the state of a new clone)
  first         as cold, with an empty per-user cache too (a first build on a new machine)
  warm          the same build again, nothing changed
  edit entry    after one entry's authors changed (shown on its own page only)
  edit list     after one entry's description changed (shown on its topic page too)

Prints the medians and the ratios the issue sets (cold / mkdocs ≤ 0.8, edit / cold ≤ 0.45) and
writes bench/results/build-shipped.json.

    python bench/bench_shipped.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench_build import fresh, run, write_results
from bench_serve import edit_value

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
ATLAS = [sys.executable, "-m", "llm_atlas"]


def median_of(runs: int, env: dict[str, str], before: Callable[[int], list[str]]) -> dict[str, Any]:
    times = [run(before(n), env)[0] for n in range(runs)]
    return {"median_s": statistics.median(times), "runs_s": times}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="llm-atlas-bench-shipped-"))
    project = work / "project"
    for name in ("catalog", "docs", "templates"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # installed code has its bytecode
    env["LLM_ATLAS_CACHE_DIR"] = str(work / "user-cache")
    at = ["--catalog", str(project / "catalog"), "--config", str(project / "mkdocs.yml")]

    def build(folder: Path, *extra: str) -> list[str]:
        return [
            *ATLAS,
            "build",
            *at,
            "--site-dir",
            str(folder / "site"),
            "--render-dir",
            str(folder / "render"),
            *extra,
        ]

    # Plain MkDocs on the same pages (entry pages as Markdown, as another engine gets them).
    rendered = work / "rendered"
    run([*ATLAS, "render", *at, "--out", str(rendered)], env)
    run(build(work / "warmup"), env)  # jieba's dictionary cache, Material's compiled templates
    folders: list[Path] = []

    def new_folder(n: int) -> Path:
        fresh(*folders)
        folders.append(work / f"run-{time.time_ns()}")
        return folders[-1]

    rows: dict[str, Any] = {}
    rows["mkdocs"] = median_of(
        args.runs,
        env,
        lambda n: [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(rendered / "mkdocs.yml"),
            "-d",
            str(new_folder(n) / "site"),
        ],
    )
    rows["cold"] = median_of(args.runs, env, lambda n: build(new_folder(n)))
    first_env = dict(env)

    def first(n: int) -> list[str]:
        folder = new_folder(n)
        first_env["LLM_ATLAS_CACHE_DIR"] = str(folder / "user-cache")
        return build(folder)

    rows["first"] = median_of(args.runs, first_env, first)
    kept = work / "kept"
    run(build(kept), env)
    rows["warm"] = median_of(args.runs, env, lambda n: build(kept))
    for name, field in (("edit entry", "authors"), ("edit list", "description")):

        def edited(n: int, field: str = field) -> list[str]:
            edit_value(project / "catalog", field, n)
            return build(kept)

        rows[name] = median_of(args.runs, env, edited)
    fresh(*folders)
    ratios = {
        "cold / mkdocs": rows["cold"]["median_s"] / rows["mkdocs"]["median_s"],
        "edit entry / cold": rows["edit entry"]["median_s"] / rows["cold"]["median_s"],
        "edit list / cold": rows["edit list"]["median_s"] / rows["cold"]["median_s"],
    }
    print(f"shipped catalog, medians of {args.runs} whole processes")
    for name, row in rows.items():
        runs = " ".join(f"{t:.2f}" for t in row["runs_s"])
        print(f"  {name:12} {row['median_s']:.2f} s   ({runs})")
    for name, value in ratios.items():
        print(f"  {name:18} {value:.2f}")
    write_results("build-shipped.json", rows, ratios)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
