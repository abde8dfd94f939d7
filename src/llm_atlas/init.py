"""Scaffold a new llm-atlas project: `llm-atlas init [DIR]`.

Takes a folder (and optionally an awesome-list README to import); gives a working project in it:
mkdocs.yml, catalog/ (topics and one example entry, or the imported draft), schema/, docs/,
links.yaml, GitHub workflows, a pre-commit config and .gitignore. Nothing is overwritten: when
any of these files exists, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from llm_atlas.files import write_files
from llm_atlas.problems import AtlasError, Problem, display_path

SCAFFOLD = Path(__file__).resolve().parent / "scaffold"
# Files whose name cannot be shipped as is (a package would hide them).
_RENAMED = {"gitignore": ".gitignore"}
LANGUAGES = ("en", "zh")
# The words of the scaffold that differ by language (whole files have twins: about.zh.md).
WORDS = {
    "en": {
        "about": "About",
        "site_description": "A curated catalog of tutorials, papers, tools and code, by topic.",
    },
    "zh": {"about": "关于", "site_description": "按主题整理的教程、论文、工具与代码目录。"},
}


@dataclass
class Initialised:
    """What `init` wrote, and the problems of an imported draft (written all the same)."""

    root: Path
    files: list[Path]
    problems: list[Problem] = field(default_factory=list)
    report: str = ""


def scaffold_files(site_name: str, today: dt.date, lang: str = "en") -> dict[str, str]:
    """Return relative path → text of every scaffold file in LANG, filled in.

    A file with a LANG twin (`about.zh.md` beside `about.md`) is taken from the twin."""
    from llm_atlas import HOMEPAGE, __version__

    values = {
        "site_name": site_name,
        "today": today.isoformat(),
        "lang": lang,
        "requirement": requirement(),
        "homepage": HOMEPAGE,
        "version": __version__,
        **WORDS[lang],
    }
    files: dict[str, str] = {}
    for path in sorted(SCAFFOLD.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or _language_of(path):
            continue
        twin = path.with_name(f"{path.stem}.{lang}{path.suffix}")
        text = (twin if twin.is_file() else path).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        rel = path.relative_to(SCAFFOLD).as_posix()
        files[_RENAMED.get(rel, rel)] = text
    return files


def _language_of(path: Path) -> str | None:
    """Return the language of a twin file (`about.zh.md` → zh), else None."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] in LANGUAGES else None


def requirement() -> str:
    """Return what the generated workflows install: this very version of llm-atlas.

    A released version is pinned (`llm-atlas==0.2.0`); a development build, which no index
    serves, is installed from the repository at the commit it was built from when known. A
    version of all zeros (`0.0.0+unknown`, the one built from a copy without git history) is
    no release either."""
    from llm_atlas import HOMEPAGE, __version__

    release = re.fullmatch(r"\d+(\.\d+)*", __version__)
    if release and any(int(part) for part in __version__.split(".")):
        return f"llm-atlas=={__version__}"
    commit = re.search(r"\+g([0-9a-f]{7,40})", __version__)
    ref = f"@{commit.group(1)}" if commit else ""
    return f"llm-atlas @ git+{HOMEPAGE}{ref}"


def next_steps(result: Initialised, failed: bool) -> str:
    """Return what `init` prints last: how to go on, or what to fix first."""
    shown = display_path(result.root)
    if failed:
        return (
            f"{len(result.problems)} problem(s) in the imported catalog in {shown}: fix them by "
            "hand, then run `llm-atlas validate` there"
        )
    go = "llm-atlas serve" if shown == "." else f"cd {shown} && llm-atlas serve"
    return f"created {len(result.files)} files in {shown}: {go} previews the site"


def init_project(
    root: Path, *, source: Path | None, site_name: str | None, today: dt.date, lang: str = "en"
) -> Initialised:
    """Write a new project into ROOT (created if missing); refuse to overwrite any file."""
    from llm_atlas.schema import render_schemas

    name = site_name or root.resolve().name or "LLM Atlas"
    files = scaffold_files(name, today, lang)
    draft = None
    if source is not None:
        from llm_atlas.importer import draft_markdown, read_markdown

        draft = draft_markdown(read_markdown(source), source.name, today)
        files = {k: v for k, v in files.items() if not k.startswith("catalog/")}
        files.update({f"catalog/{k}": v for k, v in draft.files.items()})
    planned = [*files, *(f"schema/{n}" for n in render_schemas())]
    existing = [p for p in planned if (root / p).exists() or (root / p).is_symlink()]
    if existing:
        shown = ", ".join(display_path(root / p) for p in existing[:5])
        more = f" and {len(existing) - 5} more" if len(existing) > 5 else ""
        raise AtlasError(
            f"not initialised: {shown}{more} already exist(s); nothing was written. "
            "Choose an empty or new folder: llm-atlas init DIR",
            exit_code=2,
        )
    with tempfile.TemporaryDirectory() as scratch:  # the schemas name the topics to be written
        (Path(scratch) / "topics.yaml").write_text(files.get("catalog/topics.yaml", ""), "utf-8")
        schemas = render_schemas(Path(scratch))
    out = {root / rel: text for rel, text in files.items()}
    out.update({root / "schema" / n: text for n, text in schemas.items()})
    write_files(out, overwrite=False)  # every target checked first; all or nothing
    result = Initialised(root, list(out))
    if draft is not None and source is not None:
        from llm_atlas.importer.write import format_report
        from llm_atlas.validate import check_catalog

        _, problems = check_catalog(root / "catalog")
        result.problems = [p for p in problems if p.severity == "error"]
        result.report = format_report(
            draft.report, source.name, root / "catalog", list(draft.files)
        )
    return result
