"""Benchmark `llm-atlas fmt --check` against `llm-atlas validate` on the shipped catalog.

Whole processes, alternating, several runs each, medians. `fmt --check` runs in pre-commit and
in CI beside `validate`; #21 asks that it cost at most about twice as much. Writes
bench/results/fmt.json.

    python bench/bench_fmt.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys

from bench_build import ROOT, run, write_results

ATLAS = [sys.executable, "-m", "llm_atlas"]
COMMANDS = {
    "validate": [*ATLAS, "validate", str(ROOT / "catalog")],
    "fmt --check": [*ATLAS, "fmt", "--check", str(ROOT / "catalog")],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # installed code has its bytecode
    for command in COMMANDS.values():
        run(command, env)  # bytecode written, files in the page cache
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            times[name].append(run(command, env)[0])
    rows = {name: {"median_s": statistics.median(t), "runs_s": t} for name, t in times.items()}
    ratio = rows["fmt --check"]["median_s"] / rows["validate"]["median_s"]
    for name, row in rows.items():
        print(f"{name:12} median {row['median_s']:.3f} s  runs {row['runs_s']}")
    print(f"fmt --check / validate = {ratio:.2f} (target ≤ 2)")
    write_results("fmt.json", rows, {"fmt_check_over_validate": round(ratio, 2)})


if __name__ == "__main__":
    main()
