"""Which redirect fixes keep the catalog valid: the validator's verdict on the fixed catalog.

Takes the catalog folder and the new text of the files fix-links would write; validates a copy of
the catalog with those texts in place and gives the errors the catalog did not have before, with the
entries they involve (a redirect to another entry's URL makes a duplicate reported on either
entry, so both are named).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from llm_atlas.models import check_url
from llm_atlas.problems import Problem, display_path

_NAMED = re.compile(r"entry '([^']+)'")
Key = tuple[str, str, str | None, str | None]


def refused_value(url: str) -> str | None:
    """Return why the validator refuses URL as a catalog URL, or None."""
    try:
        check_url(url)
    except ValueError as exc:
        return str(exc)
    return None


def _errors(root: Path) -> dict[Key, Problem]:
    from llm_atlas.validate import check_catalog

    _, problems = check_catalog(root)
    base = root.resolve()
    out: dict[Key, Problem] = {}
    for p in problems:
        if p.severity != "error":
            continue
        try:
            where = Path(p.path).resolve().relative_to(base).as_posix()
        except ValueError:
            where = p.path
        out.setdefault((where, p.code, p.entry, p.field), p)
    return out


def new_errors(root: Path, texts: dict[Path, str]) -> list[tuple[Problem, set[str]]]:
    """Return the errors a copy of ROOT with TEXTS (path → new text) has and ROOT has not."""
    before = _errors(root)
    with tempfile.TemporaryDirectory(prefix="llm-atlas-fix-") as tmp:
        copy = Path(tmp) / "catalog"
        shutil.copytree(root, copy, symlinks=True)
        for path, text in texts.items():
            relative = path.resolve().relative_to(root.resolve())
            (copy / relative).write_text(text, encoding="utf-8")
        after = {
            key: replace(p, message=p.message.replace(str(copy), display_path(root)))
            for key, p in _errors(copy).items()
        }
    return [
        (problem, {*([problem.entry] if problem.entry else []), *_NAMED.findall(problem.message)})
        for key, problem in after.items()
        if key not in before
    ]
