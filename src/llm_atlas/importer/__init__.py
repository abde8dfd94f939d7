"""Import an awesome-list style Markdown README as a draft catalog.

parse (Markdown → headings, one item per listed work, skipped lines; `lists`, `tablerows`,
`htmlblocks`, `notes` read the parts, `work` and `tags` model an item) → emit (topics by
`topics`, entries by `entries` and `kinds`, report) → write (YAML files, checked with the
catalog validator) or merge (into an existing catalog, `--into`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from llm_atlas.importer.emit import Draft, Report, build_draft
from llm_atlas.importer.merge import read_existing, topics_addition, write_into
from llm_atlas.importer.parse import parse_markdown
from llm_atlas.importer.records import Existing
from llm_atlas.importer.remap import RepoTree
from llm_atlas.importer.write import render_files, write_files
from llm_atlas.loader import TOPICS_FILE
from llm_atlas.problems import AtlasError, Problem, display_path

__all__ = ["ImportResult", "import_markdown", "read_markdown", "draft_markdown"]


@dataclass
class ImportResult:
    draft: Draft
    files: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def report(self) -> Report:
        return self.draft.report


# The largest README of the corpus is 0.24 MB; one of many megabytes is not a list to import.
MAX_BYTES = 8_000_000


def read_markdown(path: Path) -> str:
    """Return the text of a UTF-8 Markdown file (a BOM is dropped), at most MAX_BYTES long."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise AtlasError(
                f"{display_path(path)} is larger than {MAX_BYTES // 1_000_000} MB: import a "
                "README of a list, or split it",
                exit_code=2,
            )
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AtlasError(
            f"{display_path(path)} is not UTF-8 text (byte {exc.start}): "
            "convert it to UTF-8 and try again",
            exit_code=2,
        ) from exc
    except OSError as exc:
        raise AtlasError(f"cannot read {display_path(path)}: {exc.strerror}", exit_code=2) from exc


def draft_markdown(
    text: str,
    source: str,
    added: dt.date,
    topics_prefix: str = "",
    tree: RepoTree | None = None,
    existing: Existing | None = None,
) -> ImportResult:
    """Map Markdown TEXT to draft catalog files (not yet written); with EXISTING, fitted to
    that catalog (free ids, its works left out, topics as an addition to its topics.yaml)."""
    parsed = parse_markdown(text)
    if not parsed.headings:
        raise AtlasError(
            f"{source} has no headings: the importer needs '#' sections to make topics", exit_code=1
        )
    draft = build_draft(parsed, added, topics_prefix, tree, existing)
    if not draft.topics:
        raise AtlasError(f"{source}: every section was skipped, nothing to import", exit_code=1)
    files = render_files(draft, source)
    if existing is not None:
        files[TOPICS_FILE] = topics_addition(draft.topics, source)
    return ImportResult(draft, files)


def import_markdown(
    path: Path,
    out: Path,
    *,
    added: dt.date,
    force: bool = False,
    topics_prefix: str = "",
    tree: RepoTree | None = None,
    into: Path | None = None,
) -> ImportResult:
    """Import the README at PATH into the folder OUT and check it there.

    A draft that does not validate is written all the same (so it can be fixed by hand); its
    problems are in the result's `problems`. With INTO (an existing catalog, OUT a folder in
    it) the draft is fitted to that catalog and written only if the catalog stays valid."""
    from llm_atlas.validate import check_catalog

    if into is not None:
        existing = read_existing(into)
        result = draft_markdown(
            read_markdown(path), path.name, added, topics_prefix, tree, existing
        )
        write_into(into, out, dict(result.files), path.name, force)
        return result
    result = draft_markdown(read_markdown(path), path.name, added, topics_prefix, tree)
    write_files(result.files, out, force)
    with tempfile.TemporaryDirectory(prefix="llm-atlas-import-") as tmp:
        # The draft alone: other files in a forced --out folder are not its problems.
        write_files(result.files, Path(tmp), force=True)
        _, problems = check_catalog(Path(tmp))
        shown = display_path(out)
        result.problems = [
            dataclasses.replace(p, path=str(Path(shown) / Path(p.path).name))
            for p in problems
            if p.severity == "error"
        ]
    return result
