"""What an edit costs: `llm-atlas build` after one edit, against a cold build of the same
catalog, in wall time and in CPU time (user + system of the process and its children: on a
shared, loaded machine the CPU time is the figure that holds still).

Rows, each the median of --runs whole processes:

  mkdocs      `mkdocs build` of what `llm-atlas render --out` wrote (--mkdocs)
  cold        `llm-atlas build` into new site and render folders (per-user cache kept)
  edit list   one entry's description changed: shown on list pages (PAGES)
  edit entry  one entry's authors changed: shown on its own page only (DIRTY)
  edit nav    a topic's title changed: every page shows the navigation (FULL)
  serve list  serve's rebuild after a description edit, in-process (`Preview.rebuild`)

    python bench/bench_edits.py --runs 5 --mkdocs              # the shipped catalog
    python bench/bench_edits.py --catalog /tmp/cat10k --runs 5 --cold-runs 3
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_serve import edit_value

from llm_atlas.build.serve import Preview

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
ATLAS = [sys.executable, "-m", "llm_atlas"]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run CMD; return wall seconds, CPU seconds (with children) and its first output line."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert proc.stdout is not None
    out = proc.stdout.read().decode("utf-8", errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out}")
    return wall, usage.ru_utime + usage.ru_stime, (out.splitlines() or [""])[0]


def row(samples: list[tuple[float, float, str]]) -> dict[str, Any]:
    return {
        "wall_s": statistics.median(s[0] for s in samples),
        "cpu_s": statistics.median(s[1] for s in samples),
        "runs_wall_s": [round(s[0], 2) for s in samples],
        "runs_cpu_s": [round(s[1], 2) for s in samples],
        "said": samples[-1][2][:160],
    }


def retitle(catalog: Path, n: int) -> None:
    """Change the first topic's title (the navigation)."""
    path = catalog / "topics.yaml"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"(?m)^(\s+title: )(.+)$", text)
    assert match is not None
    new = f"{match[1]}{re.sub(r' v[0-9]+$', '', match[2])} v{n}"
    path.write_text(text[: match.start()] + new + text[match.end() :], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--catalog", type=Path, default=ROOT / "catalog")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold-runs", type=int, default=0, help="default: --runs")
    parser.add_argument("--mkdocs", action="store_true", help="also time plain MkDocs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="llm-atlas-bench-edits-"))
    project = work / "project"
    shutil.copytree(args.catalog, project / "catalog")
    for name in ("docs", "templates"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("screenshots"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    env = {**os.environ, "LLM_ATLAS_CACHE_DIR": str(work / "user-cache")}
    at = ["--catalog", str(project / "catalog"), "--config", str(project / "mkdocs.yml")]

    def build(folder: Path) -> list[str]:
        where = ["--site-dir", str(folder / "site"), "--render-dir", str(folder / "render")]
        return [*ATLAS, "build", *at, *where]

    run(build(work / "warmup"), env)  # jieba's dictionary cache, compiled theme templates
    rows: dict[str, Any] = {}
    if args.mkdocs:
        rendered = work / "rendered"
        run([*ATLAS, "render", *at, "--out", str(rendered)], env)
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(rendered / "mkdocs.yml")]
        rows["mkdocs"] = row(
            [run([*mkdocs, "-d", str(work / f"m{n}")], env) for n in range(args.runs)]
        )
    cold = []
    for n in range(args.cold_runs or args.runs):
        cold.append(run(build(work / f"cold-{n}"), env))
        shutil.rmtree(work / f"cold-{n}")
    rows["cold"] = row(cold)
    kept = work / "kept"
    run(build(kept), env)
    edits = {
        "edit list": lambda n: edit_value(project / "catalog", "description", n),
        "edit entry": lambda n: edit_value(project / "catalog", "authors", n),
        "edit nav": lambda n: retitle(project / "catalog", n),
    }
    for name, edit in edits.items():
        samples = []
        for n in range(args.runs):
            try:
                edit(n)
            except ZeroDivisionError:  # no entry has the field on one line (gen_catalog's authors)
                print(f"{name}: no entry to edit so, skipped")
                break
            samples.append(run(build(kept), env))
        if samples:
            rows[name] = row(samples)
    os.environ["LLM_ATLAS_CACHE_DIR"] = env["LLM_ATLAS_CACHE_DIR"]
    preview = Preview(project / "catalog", project, "mkdocs.yml", work / "preview")
    preview.rebuild()
    serve = []
    for n in range(args.runs):
        edit_value(project / "catalog", "description", 100 + n)
        start, cpu = time.perf_counter(), time.process_time()
        said = preview.rebuild()
        serve.append((time.perf_counter() - start, time.process_time() - cpu, said))
    rows["serve list"] = row(serve)
    cold_row = rows["cold"]
    ratios = {
        f"{name} / cold ({unit})": rows[name][unit] / cold_row[unit]
        for name in ("edit list", "edit entry", "edit nav")
        if name in rows
        for unit in ("wall_s", "cpu_s")
    }
    if "mkdocs" in rows:
        for unit in ("wall_s", "cpu_s"):
            ratios[f"cold / mkdocs ({unit})"] = cold_row[unit] / rows["mkdocs"][unit]
    entries = sum(1 for _ in (project / "catalog").glob("*.yaml"))
    print(f"{args.catalog} ({entries} files), medians of {args.runs} whole processes")
    for name, values in rows.items():
        print(f"  {name:11} wall {values['wall_s']:6.2f} s  cpu {values['cpu_s']:6.2f} s  "
              f"{values['said'][:70]}")  # fmt: skip
    for name, value in ratios.items():
        print(f"  {name:28} {value:.2f}")
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "catalog": str(args.catalog),
        "machine": {"cpus": os.cpu_count(), "load_avg": os.getloadavg()},
        "rows": rows,
        "ratios": ratios,
    }
    name = "edits-shipped.json" if args.catalog == ROOT / "catalog" else "edits-large.json"
    (RESULTS / name).write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
