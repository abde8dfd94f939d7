"""Scaffold a new llm-atlas project: `llm-atlas init [DIR]`.

Takes a folder (and optionally an awesome-list README to import); gives a working project in it:
mkdocs.yml, catalog/ (topics and one example entry, or the imported draft), schema/, docs/,
links.yaml, GitHub workflows, a pre-commit config and .gitignore. Nothing is overwritten: when
any of these files exists, nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from llm_atlas.problems import AtlasError, Problem, display_path

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
# Files whose name cannot be shipped as is (a package would hide them).
_RENAMED = {"gitignore": ".gitignore"}


@dataclass
class Initialised:
    """What `init` wrote, and the problems of an imported draft (written all the same)."""

    root: Path
    files: list[Path]
    problems: list[Problem] = field(default_factory=list)
    report: str = ""


def scaffold_files(site_name: str, today: dt.date) -> dict[str, str]:
    """Return relative path → text of every scaffold file, filled in."""
    files: dict[str, str] = {}
    for path in sorted(SCAFFOLD.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            rel = path.relative_to(SCAFFOLD).as_posix()
            text = path.read_text(encoding="utf-8")
            text = text.replace("{{site_name}}", site_name).replace("{{today}}", today.isoformat())
            files[_RENAMED.get(rel, rel)] = text
    return files


def init_project(
    root: Path, *, source: Path | None, site_name: str | None, today: dt.date
) -> Initialised:
    """Write a new project into ROOT (created if missing); refuse to overwrite any file."""
    from llm_atlas.schema import render_schemas

    name = site_name or root.resolve().name or "LLM Atlas"
    files = scaffold_files(name, today)
    draft = None
    if source is not None:
        from llm_atlas.importer import draft_markdown, read_markdown

        draft = draft_markdown(read_markdown(source), source.name, today)
        files = {k: v for k, v in files.items() if not k.startswith("catalog/")}
        files.update({f"catalog/{k}": v for k, v in draft.files.items()})
    planned = [*files, *(f"schema/{n}" for n in render_schemas())]
    existing = [p for p in planned if (root / p).exists()]
    if existing:
        shown = ", ".join(display_path(root / p) for p in existing[:5])
        more = f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        raise AtlasError(
            f"not initialised: {shown}{more} already exist(s); nothing was written. "
            "Choose an empty or new folder: llm-atlas init DIR",
            exit_code=2,
        )
    written = [_write(root / rel, text) for rel, text in files.items()]
    schemas = render_schemas(root / "catalog")
    written += [_write(root / "schema" / n, text) for n, text in schemas.items()]
    result = Initialised(root, written)
    if draft is not None and source is not None:
        from llm_atlas.importer.write import format_report
        from llm_atlas.validate import check_catalog

        _, problems = check_catalog(root / "catalog")
        result.problems = [p for p in problems if p.severity == "error"]
        result.report = format_report(
            draft.report, source.name, root / "catalog", list(draft.files)
        )
    return result


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:  # never over a file
        handle.write(text)
    return path
