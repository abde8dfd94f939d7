"""Benchmark `llm-atlas refresh` on the shipped catalog against the loopback fixture APIs.

Each run is a whole `llm-atlas refresh` process (start-up included) pointed at the fixture GitHub,
arXiv and Wayback servers of tests/refresh_fixture.py (which answer for every repository and paper
of the catalog, with the catalog's own metadata) and fed an all-ok `check-links` JSON report. Two
states, several runs each, medians: cold (no data folder) and warm on the same day (every
repository is a 304 and no file is written; on a later day only check days would change, see
tests/test_refresh.py). Prints the requests per API and the 304 share; writes
results/refresh.json.

    python bench/bench_refresh.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from refresh_fixture import Paper, State, repo_json, running_apis  # noqa: E402

from llm_atlas.refresh.github import catalog_repos  # noqa: E402
from llm_atlas.refresh.papers import catalog_papers  # noqa: E402
from llm_atlas.validate import load_catalog  # noqa: E402


def fixture_state() -> tuple[State, list[str]]:
    """Return fixture APIs that know every repository and paper of the shipped catalog."""
    catalog = load_catalog(ROOT / "catalog")
    state = State()
    for name in catalog_repos(catalog):
        state.repos[name] = repo_json(name)
    for arxiv, entries in catalog_papers(catalog).items():
        entry = entries[0]
        authors = [a for a in entry.authors if a not in ("et al.", "等")] + ["More Author"]
        year = entry.year or 2023
        stamp = f"{year}-03-01T00:00:00Z"
        state.papers[arxiv] = Paper(entry.title_en or entry.title, authors, stamp, stamp, 2)
    urls = sorted({url for e in catalog.entries.values() for _, url in e.urls()})
    return state, urls


def write_report(path: Path, urls: list[str]) -> None:
    results = [
        {"url": u, "status": "ok", "http_status": 200, "final_url": None, "message": ""}
        for u in urls
    ]
    path.write_text(json.dumps({"summary": {}, "results": results}), encoding="utf-8")


def run_refresh(data: Path, report: Path, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "llm_atlas",
            "refresh",
            "--data",
            str(data),
            "--links-report",
            str(report),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"refresh failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout.splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    state, urls = fixture_state()
    results: dict[str, object] = {
        "urls": len(urls),
        "repos": len(state.repos),
        "papers": len(state.papers),
    }
    with running_apis(state) as apis, tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = work / "links.json"
        write_report(report, urls)
        env = {**os.environ, **apis.env}
        env.pop("GITHUB_TOKEN", None)
        data = work / "data"
        cold: list[float] = []
        for _ in range(args.runs):
            shutil.rmtree(data, ignore_errors=True)
            state.seen.clear()
            cold.append(run_refresh(data, report, env)[0])
        cold_requests = len(state.seen)
        snapshot = {p.name: p.read_bytes() for p in data.iterdir()}
        warm: list[float] = []
        for _ in range(args.runs):
            state.seen.clear()
            seconds, counts = run_refresh(data, report, env)
            warm.append(seconds)
        unchanged = all(p.read_bytes() == snapshot[p.name] for p in data.iterdir())
        github = [s for s in state.seen if s.path.startswith("/repos/")]
        conditional = [s for s in github if "If-None-Match" in s.headers]
        results.update(
            cold_s=round(statistics.median(cold), 3),
            warm_s=round(statistics.median(warm), 3),
            cold_requests=cold_requests,
            warm_requests=len(state.seen),
            warm_github_requests=len(github),
            warm_conditional_share=round(len(conditional) / max(1, len(github)), 3),
            warm_answers=counts,  # refresh's own count of answers per API and status
            warm_same_day_files_unchanged=unchanged,
            load_average=os.getloadavg()[0],
        )
    print(json.dumps(results, indent=2))
    out = ROOT / "bench" / "results" / "refresh.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
