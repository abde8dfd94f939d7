"""Write a `LinkReport` as text (rich tables on a terminal, plain elsewhere), JSON, Markdown (PR
comment) or GitHub annotations: printed, or written to a file whole."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from llm_atlas.files import write_file
from llm_atlas.links.check import NETWORK_UNREACHABLE, LinkReport
from llm_atlas.links.policy import Status
from llm_atlas.links.results import LinkResult
from llm_atlas.problems import Problem, Severity
from llm_atlas.render.escape import markdown_code, terminal_text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

PROBLEM_ORDER: tuple[Status, ...] = ("broken", "blocked", "timeout", "missing-anchor", "redirected")
ADVICE: dict[str, str] = {
    "broken": "find the new address, or remove the entry",
    "blocked": "open it in a browser; if it works, it only refuses robots",
    "timeout": "try it by hand; raise --timeout or the host's timeout in links.yaml",
    "missing-anchor": "link to the section's new anchor, or drop the #fragment",
    "redirected": "replace the URL (llm-atlas fix-links)",
}


def summary_of(report: LinkReport) -> dict[str, Any]:
    """Return the summary block: a count per status, the number of URLs and the seconds."""
    data: dict[str, Any] = dict(report.counts())
    data["urls"] = report.urls
    data["seconds"] = round(report.seconds, 3)
    data["interrupted"] = report.interrupted
    data["unchecked"] = report.unchecked
    data["network_unreachable"] = report.offline
    return data


def suggestion(result: LinkResult) -> str:
    if result.status == "redirected" and result.final_url:
        return f"replace with {result.final_url} (llm-atlas fix-links does it)"
    return ADVICE.get(result.status, "")


def summary_line(report: LinkReport) -> str:
    counts = report.counts()
    parts = [f"{n} {status}" for status, n in counts.items() if n]
    head = f"{report.urls} URL(s) in {report.seconds:.1f} s"
    if report.interrupted:
        head = (
            f"interrupted: {report.urls - report.unchecked} of {report.urls} URL(s) checked "
            f"in {report.seconds:.1f} s ({report.unchecked} not checked)"
        )
    if report.offline:
        return (
            f"{NETWORK_UNREACHABLE}: {report.urls} URL(s) not judged, nothing counted; "
            "check the connection (or a proxy) and run again"
        )
    return f"{head}: {', '.join(parts) or 'nothing to check'}"


def format_json(report: LinkReport) -> str:
    payload = {"summary": summary_of(report), "results": [r.to_dict() for r in report.results]}
    return json.dumps(payload, ensure_ascii=False, indent=2)


def _problems(report: LinkReport, failing: set[str]) -> list[Problem]:
    out: list[Problem] = []
    for result in report.results:
        if result.status not in PROBLEM_ORDER:
            continue
        severity: Severity = "error" if result.url in failing else "warning"
        fix = suggestion(result)
        message = f"{result.status} link {result.url}: {result.message}" + (
            f"; {fix}" if fix else ""
        )
        if result.explanation:
            message += f" [{'; '.join(result.explanation[:-1] or result.explanation)}]"
        out.extend(
            Problem(
                ref.path,
                ref.line,
                ref.column,
                f"link-{result.status}",
                message,
                entry=ref.id,
                field=ref.field,
                severity=severity,
            )
            for ref in result.entries
        )
    return sorted(out, key=Problem.sort_key)


def format_github(report: LinkReport, failing: set[str]) -> str:
    lines = [p.format_github() for p in _problems(report, failing)]
    lines.append(summary_line(report))
    return "\n".join(lines)


def fail_on_line(fail_on: frozenset[Status]) -> str:
    """Say which statuses fail the check (the PR summary states the policy it was run with)."""
    if not fail_on:
        return "Fails the check: nothing (`--fail-on none`); every status is a warning."
    names = ", ".join(s for s in PROBLEM_ORDER if s in fail_on)
    return f"Fails the check: {names} (`--fail-on`); the other statuses are warnings."


def _code(text: str) -> str:
    return markdown_code(text, table=True)


def _fix(result: LinkResult) -> str:
    """Return the suggestion of a Markdown row: its new address as code, never a link."""
    if result.status == "redirected" and result.final_url:
        return f"replace with {_code(result.final_url)} (`llm-atlas fix-links` does it)"
    return ADVICE.get(result.status, "")


def format_markdown(
    report: LinkReport, failing: set[str], fail_on: frozenset[Status] | None = None
) -> str:
    counts = report.counts()
    # A tick only for a run that judged every URL it set out to: offline or interrupted, a
    # report with no failures has still not shown that nothing fails.
    mark = "❌" if failing else "⚠️" if report.offline or report.interrupted else "✅"
    lines = [
        f"### {mark} Link check",
        "",
        summary_line(report),
        *(["", fail_on_line(fail_on)] if fail_on is not None else []),
        "",
        "| Status | URLs |",
        "| --- | ---: |",
    ]
    lines += [f"| {status} | {n} |" for status, n in counts.items() if n]
    for status in PROBLEM_ORDER:
        rows = [r for r in report.results if r.status == status]
        if not rows:
            continue
        lines += [
            "",
            f"<details{' open' if status == 'broken' else ''}><summary>{status} "
            f"({len(rows)})</summary>",
            "",
            "| Where | Entry | URL | Detail | Fix |",
            "| --- | --- | --- | --- | --- |",
        ]
        for r in rows:
            # Every text from outside (a URL, a server's answer, a redirect target) is code.
            where = "<br>".join(_code(f"{e.path}:{e.line}") for e in r.entries)
            ids = "<br>".join(_code(e.id) for e in r.entries)
            detail = "<br>".join(_code(t) for t in [r.message, *r.explanation[:-1]])
            lines.append(f"| {where} | {ids} | {_code(r.url)} | {detail} | {_fix(r)} |")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


def format_plain(report: LinkReport, failing: set[str]) -> str:
    """Return the text report for a pipe or a file: no tables, one URL per line, never folded."""
    lines: list[str] = []
    for status in PROBLEM_ORDER:
        rows = [r for r in report.results if r.status == status]
        if not rows:
            continue
        failed = sum(r.url in failing for r in rows)
        lines.append(f"{status} ({len(rows)}{f', {failed} failing the run' if failed else ''}):")
        for r in rows:
            # A URL, an answer or a redirect target never starts a line of its own (a CI log
            # runs `::command::` lines) nor drives the terminal: controls shown as escapes.
            places = ", ".join(f"{e.path}:{e.line} {e.id}" for e in r.entries)
            fix = suggestion(r)
            lines += [
                f"  {terminal_text(r.url)}",
                f"    {terminal_text(places)}",
                f"    {terminal_text(r.message)}" + (f"; {terminal_text(fix)}" if fix else ""),
                *(f"      {terminal_text(step)}" for step in r.explanation),
            ]
        lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def print_text(report: LinkReport, failing: set[str], console: Console) -> None:
    """Print a table of problems per status, then the summary."""
    from rich.table import Table

    for status in PROBLEM_ORDER:
        rows = [r for r in report.results if r.status == status]
        if not rows:
            continue
        failed = sum(r.url in failing for r in rows)
        title = f"{status} ({len(rows)}{f', {failed} failing the run' if failed else ''})"
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        for name in ("Where", "Entry", "URL", "Detail", "Suggested fix"):
            table.add_column(name, overflow="fold")
        for r in rows:
            table.add_row(
                _rich("\n".join(f"{e.path}:{e.line}" for e in r.entries)),
                _rich("\n".join(e.id for e in r.entries)),
                _rich(r.url),
                _rich("\n".join(terminal_text(t) for t in [r.message, *r.explanation[:-1]])),
                _rich(suggestion(r)),
            )
        console.print(table)
    console.print(summary_line(report), highlight=False)


def _rich(text: str) -> Text:
    """Return TEXT as a rich cell: literal (a `[bold]` in a URL is no markup), one line per
    line of ours, outside controls shown as escapes."""
    from rich.text import Text

    return Text("\n".join(terminal_text(line) for line in text.split("\n")))


def format_report(
    report: LinkReport, failing: set[str], fmt: str, fail_on: frozenset[Status] | None = None
) -> str:
    """Return the report in FMT as one string (text is the plain form)."""
    if fmt == "json":
        return format_json(report) + "\n"
    if fmt == "markdown":
        return format_markdown(report, failing, fail_on)
    if fmt == "github":
        return format_github(report, failing) + "\n"
    return format_plain(report, failing)


def print_report(
    report: LinkReport, failing: set[str], fmt: str, fail_on: frozenset[Status] | None = None
) -> None:
    """Print the report in FMT: rich tables for text on a terminal, else the plain form."""
    if fmt == "quiet":
        print(summary_line(report), file=sys.stderr)
    elif fmt == "text" and sys.stdout.isatty():
        from rich.console import Console

        print_text(report, failing, Console())
    else:
        print(format_report(report, failing, fmt, fail_on), end="")  # a pipe or a CI log


def write_report(path: Path, text: str) -> None:
    """Write a report file whole or not at all."""
    write_file(path, text)
