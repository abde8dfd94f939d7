"""Rewrite permanently redirected URLs in the catalog files, byte for byte elsewhere.

Takes `redirected` results; gives the changes made. Each URL is replaced through the loader's
character span of its scalar, keeping the quoting style; the edited text is parsed again and must
give the new URLs, and the catalog with the new texts must still validate (`fixcheck`), before a
file is replaced (atomically), so a file is never left half-fixed and the catalog never invalid.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from llm_atlas.files import write_file
from llm_atlas.links.results import LinkResult
from llm_atlas.loader import LoadedFile, load_file, parse_text
from llm_atlas.problems import Problem
from llm_atlas.render.escape import terminal_text

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FixChange:
    """One URL rewritten."""

    path: str
    line: int
    entry: str
    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class _Edit:
    entry: str
    field: str
    old: str
    new: str
    line: int
    column: int

    def declined(self, path: str, why: str) -> Problem:
        """Return the suggestion made instead of this edit."""
        return Problem(
            path,
            self.line,
            self.column,
            "fix-links",
            # A redirect target is any server's text: shown, never able to start a line.
            f"{terminal_text(self.old)} redirects permanently to {terminal_text(self.new)}, "
            f"not written: {why}; "
            "check the new address and change it by hand",
            entry=self.entry,
            field=self.field,
            severity="warning",
        )


@dataclass
class _Plan:
    text: str
    changes: list[FixChange]
    problems: list[Problem]


def fix_redirects(
    results: list[LinkResult], root: Path | None = None
) -> tuple[list[FixChange], list[Problem]]:
    """Rewrite the permanently redirected URLs of RESULTS; return the changes and problems.

    With ROOT (the catalog folder), only fixes after which the catalog still validates are
    written; the others come back as suggestions (warnings).
    """
    from llm_atlas.links.fixcheck import refused_value

    edits: dict[str, list[_Edit]] = defaultdict(list)
    problems: list[Problem] = []
    for result in results:
        if result.status != "redirected" or not result.final_url or result.final_url == result.url:
            continue
        for ref in result.entries:
            edit = _Edit(ref.id, ref.field, result.url, result.final_url, ref.line, ref.column)
            why = refused_value(edit.new)
            if why is None:
                edits[ref.path].append(edit)
            else:
                problems.append(edit.declined(ref.path, f"the validator refuses it ({why})"))
    plans = {path: plan_file(Path(path), file_edits) for path, file_edits in edits.items()}
    if root is not None:
        plans = _keep_valid(root, edits, plans, problems)
    changes: list[FixChange] = []
    for path, plan in plans.items():
        problems.extend(plan.problems)
        if plan.changes:
            raw = Path(path).read_bytes()
            write_file(Path(path), (BOM if raw.startswith(BOM) else b"") + plan.text.encode())
            changes.extend(plan.changes)
    return changes, sorted(problems, key=Problem.sort_key)


def _keep_valid(
    root: Path, edits: dict[str, list[_Edit]], plans: dict[str, _Plan], problems: list[Problem]
) -> dict[str, _Plan]:
    """Drop the edits that make the catalog invalid (a duplicate URL …) until none does."""
    from llm_atlas.links.fixcheck import new_errors

    while any(plan.changes for plan in plans.values()):
        try:
            texts = {Path(p): plan.text for p, plan in plans.items() if plan.changes}
            found = new_errors(root, texts)
        except ValueError:  # a file outside the catalog folder: nothing can be vouched for
            found = [(Problem(str(root), 1, 1, "fix-links", "files outside the catalog"), set())]
        if not found:
            break
        involved = set().union(*(ids for _, ids in found))
        reason = "; ".join(f"{p.entry or p.path}: {p.message}" for p, _ in found[:3])
        for path, file_edits in edits.items():
            # With no entry named, no edit can be told apart: drop them all.
            dropped = [e for e in file_edits if not involved or e.entry in involved]
            for edit in dropped:
                problems.append(edit.declined(path, f"the catalog would not validate ({reason})"))
            edits[path] = [e for e in file_edits if e not in dropped]
            plans[path] = plan_file(Path(path), edits[path])
    return plans


def quote_like(written: str, old: str, new: str) -> str | None:
    """Return NEW written the way WRITTEN wrote OLD (plain, 'single' or "double"), else None."""
    if written == old:
        return new
    if written == f"'{old.replace(chr(39), chr(39) * 2)}'":
        return "'" + new.replace("'", "''") + "'"
    if written == f'"{old}"' and "\\" not in old:
        return '"' + new.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return None


def _index_of(loaded: LoadedFile, entry: str) -> int | None:
    if isinstance(loaded.data, list):
        for i, item in enumerate(loaded.data):
            if isinstance(item, dict) and item.get("id") == entry:
                return i
    return None


def plan_file(path: Path, edits: list[_Edit]) -> _Plan:
    """Return the text of the file at PATH with EDITS applied; all or nothing, nothing written."""
    shown = str(path)
    loaded = load_file(path)
    if loaded.problems or loaded.data is None:
        problem = Problem(shown, 1, 1, "fix-links", "cannot parse the file now: fix it first")
        return _Plan(loaded.text, [], [problem] if edits else [])
    spans: list[tuple[int, int, str, FixChange]] = []
    problems: list[Problem] = []
    for edit in edits:
        index = _index_of(loaded, edit.entry)
        mark = loaded.values.get((index, edit.field)) if index is not None else None
        if index is None or mark is None or loaded.data[index].get(edit.field) != edit.old:
            problems.append(
                Problem(
                    shown, 1, 1, "fix-links", f"{edit.old}: no longer found in entry '{edit.entry}'"
                )
            )
            continue
        replacement = quote_like(loaded.text[mark.start : mark.end], edit.old, edit.new)
        if replacement is None:
            problems.append(
                Problem(
                    shown,
                    mark.line,
                    mark.column,
                    "fix-links",
                    f"{edit.old}: written in a form fix-links does not rewrite "
                    f"(block or escaped scalar): write {edit.new} by hand",
                    entry=edit.entry,
                    field=edit.field,
                )
            )
            continue
        change = FixChange(shown, mark.line, edit.entry, edit.field, edit.old, edit.new)
        spans.append((mark.start, mark.end, replacement, change))
    if not spans:
        return _Plan(loaded.text, [], problems)
    text = loaded.text
    for start, end, replacement, _ in sorted(spans, key=lambda s: s[0], reverse=True):
        text = text[:start] + replacement + text[end:]
    check = LoadedFile(path=path, display=shown, text=text)
    parse_text(check)
    wrong = [c for _, _, _, c in spans if check.problems or _value(check, c) != c.new]
    if wrong:
        return _Plan(
            loaded.text,
            [],
            [
                *problems,
                Problem(
                    shown,
                    wrong[0].line,
                    1,
                    "fix-links",
                    "the rewritten file would not read back the new URLs: file left unchanged",
                ),
            ],
        )
    return _Plan(text, [c for _, _, _, c in sorted(spans, key=lambda s: s[0])], problems)


def _value(loaded: LoadedFile, change: FixChange) -> object:
    index = _index_of(loaded, change.entry)
    return loaded.data[index].get(change.field) if index is not None else None
