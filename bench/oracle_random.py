"""The build oracle on a large synthetic catalog: a random sequence of entry edits, each built
incrementally and then from nothing; the two sites must be byte-equal (the marker aside).

tests/test_build_oracle.py runs a short sequence on the small test catalog in CI; this runs the
same check at 10k entries (gen_catalog.py), where a build takes tens of seconds, and records the
decision and time of each incremental build in bench/results/oracle-random.json.

    python bench/oracle_random.py --entries 10000 --steps 6 --seed 20261206
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_serve import edit_value

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
# Edit kinds: a field seen on list pages (PAGES), one seen on the entry page only (DIRTY), a
# title (list pages and the entry), a new entry (the navigation's counts: FULL).
KINDS = ("description", "authors", "title", "new entry")


def edit(catalog: Path, kind: str, n: int) -> str:
    """Make one edit of KIND (the n-th entry); return the entry's id."""
    if kind == "title":
        entry = edit_value(catalog, "description", n)  # a one-line quoted value, then moved:
        path = next(p for p in catalog.glob("*.yaml") if f"id: {entry}\n" in p.read_text("utf-8"))
        text = path.read_text(encoding="utf-8")
        block = text.index(f"id: {entry}\n")
        start = text.index("  title: ", block)
        end = text.index("\n", start)
        path.write_text(f"{text[:start]}  title: 改名 {n}{text[end:]}", encoding="utf-8")
        return entry
    if kind != "new entry":
        return edit_value(catalog, kind, n)
    with (catalog / "applications.yaml").open("a", encoding="utf-8") as f:
        f.write(
            f"- id: bench-new-{n}\n  kind: tool\n  title: 新工具 {n}\n"
            f"  url: https://example.org/new/{n}\n  topics: [applications]\n  added: 2024-03-01\n"
        )
    return f"bench-new-{n}"


def build(project: Path, folder: Path, cache: Path, *extra: str) -> tuple[float, str]:
    """Build PROJECT into FOLDER/site as a whole process; return seconds and its first line."""
    env = {**os.environ, "LLM_ATLAS_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "llm_atlas", "build", "--catalog", str(project / "catalog")]
    command += ["--config", str(project / "mkdocs.yml"), "--site-dir", str(folder / "site")]
    command += ["--render-dir", str(folder / "render"), *extra]
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, done.stdout.splitlines()[0]


def site_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and not p.name.startswith(".llm-atlas")
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=10000)
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--seed", type=int, default=20261206)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="llm-atlas-oracle-random-"))
    project = work / "project"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gen_catalog.py"), str(args.entries),
         str(project / "catalog")],
        check=True, capture_output=True,
    )  # fmt: skip
    for name in ("docs", "templates"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("screenshots"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    rng = random.Random(args.seed)
    first, _ = build(project, work / "kept", work / "cache")
    steps = []
    for step in range(args.steps):
        kind = rng.choice(KINDS)
        entry = edit(project / "catalog", kind, rng.randrange(10**6))
        seconds, said = build(project, work / "kept", work / "cache")
        fresh = work / f"clean-{step}"
        build(project, fresh, fresh / "cache", "--clean")
        incremental, clean = site_files(work / "kept" / "site"), site_files(fresh / "site")
        differ = sorted(set(incremental) ^ set(clean))
        differ += [rel for rel in clean if rel in incremental and incremental[rel] != clean[rel]]
        steps.append({"edit": kind, "entry": entry, "seconds": seconds, "said": said,
                      "differ": differ[:20]})  # fmt: skip
        print(f"{step}: {kind:12} {seconds:6.1f} s  {said}  {differ if differ else 'EQUAL'}")
        shutil.rmtree(fresh)
    RESULTS.mkdir(exist_ok=True)
    payload = {"entries": args.entries, "seed": args.seed, "load_avg": os.getloadavg(),
               "cold_s": first, "steps": steps}  # fmt: skip
    (RESULTS / "oracle-random.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False))
    shutil.rmtree(work, ignore_errors=True)
    if any(s["differ"] for s in steps):
        sys.exit("an incremental build differs from a clean build")


if __name__ == "__main__":
    main()
