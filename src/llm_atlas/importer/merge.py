"""Import a README into an existing catalog (`import-markdown --into CATALOG`).

Takes a catalog folder and a draft; gives the draft fitted to the catalog: topic and entry ids
that the catalog uses already get a free one (`-2`, `-3` …), works the catalog holds already
(same URL or arXiv id) are left out and reported, the entry files go to a folder inside the
catalog and the new topics are appended to its topics.yaml. The merged catalog is checked in a
copy first: when the import would add problems, nothing is written.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from llm_atlas.importer.records import Existing
from llm_atlas.importer.write import dump_records, write_files
from llm_atlas.loader import TOPICS_FILE
from llm_atlas.naming import arxiv_id
from llm_atlas.problems import AtlasError, Problem, display_path
from llm_atlas.rules import normalize_url


def read_existing(root: Path) -> Existing:
    """Return the ids and works of the catalog in ROOT (it must load; problems are its own)."""
    from llm_atlas.validate import check_catalog

    catalog, _ = check_catalog(root)
    if catalog is None or not (root / TOPICS_FILE).is_file():
        raise AtlasError(
            f"--into {display_path(root)}: no catalog there (a folder with {TOPICS_FILE})",
            exit_code=2,
        )
    works: dict[str, str] = {}
    for entry in catalog.entries.values():
        for _, url in entry.urls():
            works.setdefault(normalize_url(url), entry.id)
        paper = getattr(entry, "arxiv", None) or (arxiv_id(entry.url) if entry.url else None)
        if paper:
            works.setdefault(f"arxiv:{paper}", entry.id)
    return Existing(frozenset(catalog.topics), frozenset(catalog.entries), works)


def topics_addition(topics: list[dict[str, object]], source: str) -> str:
    """Return the YAML to append to a catalog's topics.yaml for the imported TOPICS."""
    header = f"\n# Topics imported from {source} by `llm-atlas import-markdown`: review them.\n"
    return dump_records(topics, header) if topics else ""


def write_into(root: Path, out: Path, files: dict[str, str], source: str, force: bool) -> None:
    """Write the entry FILES into OUT (inside ROOT) and append the topics to ROOT's topics.yaml,
    after checking the merged catalog in a copy; raise AtlasError if it adds problems."""
    try:
        inside = out.resolve().relative_to(root.resolve())
    except ValueError:
        inside = None
    if inside is None or inside == Path("."):
        raise AtlasError(
            f"--out {display_path(out)} must be a folder inside --into {display_path(root)}, "
            "so that the catalog reads the imported entries",
            exit_code=2,
        )
    topics = files.pop(TOPICS_FILE, "")
    added = problems_added(root, inside, files, topics)
    if added:
        shown = "\n".join(p.format_text() for p in added[:20])
        raise AtlasError(
            f"importing into {display_path(root)} would add {len(added)} problem(s); nothing was "
            f"written:\n{shown}"
        )
    write_files(files, out, force)
    if topics:
        with (root / TOPICS_FILE).open("a", encoding="utf-8", newline="\n") as handle:
            handle.write(topics)


def problems_added(root: Path, inside: Path, files: dict[str, str], topics: str) -> list[Problem]:
    """Return the errors the catalog in ROOT has with the import merged and had not before."""
    from llm_atlas.validate import check_catalog

    def errors(folder: Path) -> set[tuple[str, str]]:
        _, problems = check_catalog(folder)
        return {(p.code, p.message) for p in problems if p.severity == "error"}

    with tempfile.TemporaryDirectory(prefix="llm-atlas-into-") as tmp:
        copy = Path(tmp) / "catalog"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".*"))
        before = errors(copy)
        write_files(files, copy / inside, force=True)
        with (copy / TOPICS_FILE).open("a", encoding="utf-8") as handle:
            handle.write(topics)
        _, problems = check_catalog(copy)
        return [p for p in problems if p.severity == "error" and (p.code, p.message) not in before]
