"""The one problem record and the one exception of the package.

Everything a user can fix (YAML syntax, schema, catalog rules, broken links) becomes a `Problem`
with a file position; commands collect them all and fail once with an `AtlasError`.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """A fixable problem at a place in a catalog file."""

    path: str
    line: int
    column: int
    code: str
    message: str
    entry: str | None = None
    field: str | None = None
    severity: Severity = "error"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def format_text(self) -> str:
        """Render as `PATH:LINE:COL: error: ENTRY: FIELD: message` (compiler style)."""
        where = [p for p in (self.entry, self.field) if p]
        prefix = "".join(f"{p}: " for p in where)
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {prefix}{self.message}"

    def format_github(self) -> str:
        """Render as a GitHub Actions workflow command (a pull-request annotation)."""
        where = [p for p in (self.entry, self.field) if p]
        text = ": ".join([*where, self.message])
        return (
            f"::{self.severity} file={_gh_escape_prop(self.path)},line={self.line},"
            f"col={self.column},title={_gh_escape_prop(self.code)}::{_gh_escape_data(text)}"
        )


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path | str) -> str:
    """Return PATH relative to the current directory when it lies below it, else as given."""
    p = Path(path)
    try:
        return (
            os.path.relpath(p)
            if p.is_absolute() and p.resolve().is_relative_to(Path.cwd())
            else str(p)
        )
    except (OSError, ValueError):
        return str(p)


class AtlasError(click.ClickException):
    """The one exception: a message for the user and, optionally, the problems behind it."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None, exit_code: int = 1):
        super().__init__(message)
        self.problems = problems or []
        self.exit_code = exit_code  # type: ignore[misc]  # click declares a ClassVar default

    def format_message(self) -> str:
        lines = [p.format_text() for p in sorted(self.problems, key=Problem.sort_key)]
        return "\n".join([*lines, self.message]) if lines else self.message

    def show(self, file: IO[Any] | None = None) -> None:
        """Print each problem on its own line, then one 'Error: ' line (never 'Error: path:
        …: error: …')."""
        for problem in sorted(self.problems, key=Problem.sort_key):
            click.echo(problem.format_text(), file=file, err=file is None)
        click.echo(f"Error: {self.message}", file=file, err=file is None)
