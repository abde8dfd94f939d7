"""Write a draft catalog folder and describe the import in words.

Takes a `Draft`; writes topics.yaml plus one file per top-level topic (never over an existing
folder unless forced, and never deleting files it did not write), and formats the `Report`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from llm_atlas.files import write_files as files_write
from llm_atlas.importer.emit import Draft, Report
from llm_atlas.importer.records import Skip
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.render.escape import terminal_text

HEADER = (
    "# Draft imported from {source} by `llm-atlas import-markdown`: review before publishing.\n"
)


def dump_value(value: Any) -> str:
    """Return VALUE as one line of YAML (flow style for lists)."""
    text: str = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=2**31)
    return text.removesuffix("\n...\n").rstrip("\n")


def dump_records(records: list[dict[str, Any]], header: str) -> str:
    """Return RECORDS as a YAML list of mappings, one blank line between records."""
    blocks = []
    for record in records:
        lines = [
            f"{'- ' if i == 0 else '  '}{key}: {dump_value(value)}"
            for i, (key, value) in enumerate(record.items())
        ]
        blocks.append("\n".join(lines) + "\n")
    return header + "\n".join(blocks)


def render_files(draft: Draft, source: str) -> dict[str, str]:
    """Return file name → YAML text for the draft."""
    header = HEADER.format(source=source)
    files = {"topics.yaml": dump_records(draft.topics, header)}
    for name, entries in draft.files.items():
        files[f"{name}.yaml"] = dump_records(entries, header)
    return files


def write_files(files: dict[str, str], out: Path, force: bool) -> None:
    """Write FILES into OUT; refuse a non-empty OUT unless FORCE (other files are kept)."""
    if out.exists() and not out.is_dir():
        raise AtlasError(
            f"{display_path(out)} exists and is not a folder: choose another --out", exit_code=2
        )
    if out.is_dir() and any(out.iterdir()) and not force:
        raise AtlasError(
            f"{display_path(out)} already exists and is not empty: choose a new "
            "folder or pass --force to overwrite the files the import writes",
            exit_code=2,
        )
    # Every target is checked first (a dangling link or a folder in the way is refused) and the
    # draft is written whole or not at all, with the umask's mode (mkstemp made it 0600).
    files_write({out / name: text for name, text in files.items()})


def format_report(report: Report, source: str, out: Path, files: list[str]) -> str:
    """Return the report: what was mapped (counts) and every line that was not, with why."""
    counts = report.counts()
    kinds = ", ".join(f"{kind} {n}" for kind, n in counts["kinds"].items())
    # README text (a skipped line, a series name) is shown with controls as escapes: it never
    # starts a line of its own or drives the terminal.
    lines = [
        f"imported {source} → {display_path(out)}/ ({len(files)} files: {', '.join(files)})",
        f"topics: {counts['topics']}",
        f"entries: {counts['entries']} ({counts['published']} linked, {counts['planned']} planned)",
        f"by kind: {kinds or 'none'}",
        f"series: {counts['series']} ({counts['series_parts']} parts)"
        + "".join(f"\n  {terminal_text(name)}: {n} parts" for name, n in report.series.items()),
        f"distinct URLs: {counts['distinct_urls']}",
    ]
    if report.notes:
        lines.append(f"mapped with changes ({len(report.notes)}):")
        lines += [
            f"  line {n.line}: {terminal_text(n.reason)}: {terminal_text(n.text)}"
            for n in sorted(report.notes, key=_by_line)
        ]
    lines.append(f"not mapped ({len(report.skipped)}):")
    lines += [
        f"  line {s.line}: {terminal_text(s.reason)}: {terminal_text(s.text)}"
        for s in sorted(report.skipped, key=_by_line)
    ]
    return "\n".join(lines)


def _by_line(skip: Skip) -> int:
    return skip.line
