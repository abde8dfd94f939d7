"""Benchmark `serve` reloads: time serve's rebuild after one-entry edits of a catalog.

Copies the catalog and the project (mkdocs.yml, docs/) to a temporary folder, builds the preview
once, then edits one entry at a time and times `llm_atlas.build.serve.Preview.rebuild` (in-process,
as the server calls it; the browser reload itself is not included). Edit kinds:

  description  the text shown on the entry page and its topic page (a full MkDocs build)
  authors      a field shown only on the entry page and in the exports (no MkDocs run: DIRTY)
  none         a save that changes nothing

    python bench/bench_serve.py                  # shipped catalog, 5 edits of each kind
    python bench/bench_serve.py --catalog /tmp/cat10000 --edits 3
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from llm_atlas.build.serve import Preview
from llm_atlas.validate import load_catalog

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def edit_value(catalog_dir: Path, field: str, n: int) -> str:
    """Replace FIELD of the n-th entry that has it with a new quoted value; return the entry id."""
    catalog = load_catalog(catalog_dir)
    having = []
    for entry in catalog.entries.values():
        mark = catalog.origins[entry.id].mark(field)
        value = catalog.origins[entry.id].file.text[mark.start : mark.end]
        # One-line values only: a span replaced inside a block scalar would break the YAML.
        if getattr(entry, field, None) and value and "\n" not in value:
            having.append(entry)
    entry = having[n % len(having)]
    origin = catalog.origins[entry.id]
    mark = origin.mark(field)
    path = Path(origin.file.path)
    text = path.read_text(encoding="utf-8")
    if text != origin.file.text:
        raise SystemExit(f"{path}: offsets do not match the file's text (BOM or CRLF?)")
    value = f'"edited {n} {time.time_ns()}"' if field == "description" else f'["Edited {n}"]'
    path.write_text(text[: mark.start] + value + text[mark.end :], encoding="utf-8")
    return entry.id


def time_rebuild(preview: Preview) -> tuple[float, str]:
    start = time.perf_counter()
    what = preview.rebuild()
    return time.perf_counter() - start, what


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--catalog", type=Path, default=ROOT / "catalog")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="llm-atlas-bench-serve-") as tmp:
        work = Path(tmp)
        catalog = work / "catalog"
        shutil.copytree(args.catalog, catalog)
        project = work / "project"
        project.mkdir()
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copytree(ROOT / "templates", project / "templates")
        preview = Preview(catalog, project, "mkdocs.yml", work / "preview")

        def again() -> tuple[float, str]:
            return time_rebuild(preview)

        first, _ = again()
        rows: dict[str, Any] = {"first build": {"median_s": first, "runs_s": [first]}}
        for kind in ("description", "authors", "none"):
            times, whats = [], []
            for n in range(args.edits):
                if kind != "none":
                    edit_value(catalog, kind, n)
                seconds, what = again()
                times.append(seconds)
                whats.append(what)
            rows[f"edit {kind}"] = {
                "median_s": statistics.median(times),
                "runs_s": times,
                "did": whats[-1],
            }
    entries = len(load_catalog(args.catalog).entries)
    print(f"serve rebuild after one-entry edits ({entries} entries; in-process, medians)")
    for name, row in rows.items():
        print(f"  {name:20} {row['median_s']:.3f} s  {row.get('did', '')}")
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "catalog": str(args.catalog),
        "entries": entries,
        "load_avg": os.getloadavg(),
        "rows": rows,
    }
    (RESULTS / "serve.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
