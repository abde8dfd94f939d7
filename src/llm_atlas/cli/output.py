"""What commands print: problems (then one failure), validation and formatting summaries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from llm_atlas.catalog import Catalog
from llm_atlas.problems import AtlasError, Problem, display_path


def fail_on(problems: Sequence[Problem], message: str, exit_code: int = 1) -> None:
    """Print each of PROBLEMS, then fail with MESSAGE; do nothing when there is none."""
    if problems:
        raise AtlasError(message, list(problems), exit_code=exit_code)


def echo_validation(
    catalog: Catalog | None, problems: list[Problem], fmt: str, catalog_dir: Path
) -> int:
    """Print the result of `validate` in FMT; return the exit code (1 on any error)."""
    errors = [p for p in problems if p.severity == "error"]
    entries = len(catalog.entries) if catalog else 0
    if fmt == "json":
        payload = {
            "ok": not errors,
            "entries": entries,
            "problems": [p.to_dict() for p in problems],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return 1 if errors else 0
    for problem in problems:
        click.echo(problem.format_github() if fmt == "github" else problem.format_text())
    if fmt == "text" and errors:
        click.echo(f"{len(errors)} error(s) in {catalog_dir}", err=True)
    elif fmt == "text":
        topics = len(catalog.topics) if catalog else 0
        click.echo(f"ok: {entries} entries, {topics} topics in {catalog_dir}")
    return 1 if errors else 0


def echo_fmt(
    changed: list[Path], problems: list[Problem], paths: list[Path], check: bool, diff: bool
) -> int:
    """Print the result of `fmt`; return the exit code (1 on a problem, or a change with CHECK)."""
    for problem in problems:
        click.echo(problem.format_text(), err=True)
    names = ", ".join(display_path(p) for p in changed)
    if check and changed:
        click.echo(f"{len(changed)} of {len(paths)} file(s) would be reformatted: {names}")
        click.echo("run `llm-atlas fmt` to reformat them", err=True)
    elif diff and changed:
        click.echo(f"{len(changed)} of {len(paths)} file(s) would be reformatted", err=True)
    elif changed:
        click.echo(f"reformatted {len(changed)} of {len(paths)} file(s): {names}")
    elif not problems:
        click.echo(f"{len(paths)} file(s) already formatted", err=diff)
    if problems:
        click.echo(f"{len(problems)} problem(s): those files were left as they are", err=True)
    return 1 if problems or ((check or diff) and changed) else 0
