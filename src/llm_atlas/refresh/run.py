"""The `refresh` command behind the thin click layer: run the chosen steps, save, summarise.

Takes the flags; reads every data file first (an unreadable one stops the run before any request),
runs links → repos → papers → archive (archive reads the links just gathered), writes each file
only when its text changed, prints one line per step, per-item failures and mismatch warnings, and
can write a Markdown summary (the weekly pull request's body).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from llm_atlas.facts import DATA_KINDS, data_path
from llm_atlas.files import write_file
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.refresh.step import Context, RefreshOptions, StepReport
from llm_atlas.refresh.store import load_items, save_items
from llm_atlas.render.escape import markdown_code, terminal_text

__all__ = ["RefreshOptions", "format_summary", "refresh_from_flags", "run_refresh"]
EXIT_OFFLINE = 2  # as check-links: the network was unreachable, nothing was judged
STEP_API = {"repos": "github", "papers": "arxiv", "archive": "wayback"}


def parse_only(text: str) -> tuple[str, ...]:
    """Parse a comma list of steps, or raise a usage error."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    wrong = [n for n in names if n not in DATA_KINDS]
    if wrong or not names:
        raise AtlasError(
            f"--only {text!r}: use a comma list of {', '.join(DATA_KINDS)}", exit_code=2
        )
    return tuple(k for k in DATA_KINDS if k in names)


def run_refresh(opts: RefreshOptions, ctx: Context) -> list[StepReport]:
    """Run the steps of OPTS; return their reports (files written as they finish)."""
    from llm_atlas.validate import load_catalog

    catalog = load_catalog(opts.catalog)
    stores = {kind: load_items(opts.data, kind) for kind in DATA_KINDS}
    reports: list[StepReport] = []
    for kind in opts.only:
        report = StepReport(kind)
        if kind == "links":
            from llm_atlas.refresh import links

            if opts.links_reports:
                rows = links.read_reports(opts.links_reports)
                report.unreached = links.made_offline(rows)
            else:
                rows, report.unreached = links.check_catalog_links(opts, ctx.timeout)
            report.asked = 0 if opts.links_reports else len(rows)
            stores[kind] = links.merge_results(catalog, rows, stores[kind], ctx, report)
        elif kind == "repos":
            from llm_atlas.refresh.github import catalog_repos, refresh_repos

            stores[kind] = refresh_repos(catalog_repos(catalog), stores[kind], ctx, report)
        elif kind == "papers":
            from llm_atlas.refresh.papers import refresh_papers

            stores[kind] = refresh_papers(catalog, stores[kind], ctx, report)
        else:
            from llm_atlas.refresh.wayback import refresh_archive

            stores[kind] = refresh_archive(stores["links"], stores[kind], ctx, report)
        report.unreached = report.unreached or ctx.unreached(STEP_API.get(kind, ""))
        if report.unreached:  # nothing was judged: what the file knows stays as it was
            stores[kind] = load_items(opts.data, kind)
            report.stopped = (
                f"network unreachable, nothing judged; {display_path(data_path(opts.data, kind))} "
                "left as it was"
            )
        else:
            report.written = save_items(opts.data, kind, stores[kind])
        reports.append(report)
    # Every file exists after a run, so that a missing one means something went wrong.
    for kind in DATA_KINDS:
        if not any(r.unreached for r in reports) and not data_path(opts.data, kind).exists():
            save_items(opts.data, kind, stores[kind])
    return reports


def print_reports(reports: list[StepReport], ctx: Context) -> None:
    """Print per-item failures and warnings to stderr, then one line per step."""
    for report in reports:
        for failure in report.failures:
            print(f"{report.name}: {terminal_text(failure)}", file=sys.stderr)
        for problem in sorted(report.warnings, key=lambda p: p.sort_key()):
            print(problem.format_text(), file=sys.stderr)
    for report in reports:
        print(report.summary())
    asked = sum(ctx.requests.values())
    if asked:
        parts = ", ".join(f"{k}: {n}" for k, n in sorted(ctx.requests.items()))
        print(f"{asked} API request(s) ({parts})")


def format_summary(reports: list[StepReport], data: Path) -> str:
    """Return a Markdown summary of what changed, for a pull request's body."""
    written = ", ".join(f"`{r.name}.json`" for r in reports if r.written)
    where = f"`{display_path(data)}/`"
    head = f"rewrote {written} in {where}" if written else f"changed nothing in {where}"
    lines = [f"`llm-atlas refresh` {head}.", ""]
    for report in reports:
        lines.append(f"- {report.summary()}")
    for title, prefix in (
        ("New failures", "new failure"),
        ("Recoveries", "recovered"),
        ("Repositories archived, moved or gone", "repository"),
        ("Archived copies found", "archived copy"),
    ):
        news = [n for r in reports for n in r.news if n.startswith(prefix)]
        if news:
            lines += ["", f"### {title}", "", *(f"- {markdown_code(n)}" for n in news)]
    warnings = [p for r in reports for p in r.warnings]
    if warnings:
        lines += ["", "### Paper metadata mismatches (check the catalog by hand)", ""]
        lines += [
            f"- {markdown_code(f'{p.path}:{p.line}')} {markdown_code(p.entry or '')}: "
            f"{markdown_code(p.message)}"
            for p in warnings
        ]
    failures = [f"{r.name}: {f}" for r in reports for f in r.failures]
    failures += [f"{r.name}: stopped: {r.stopped}" for r in reports if r.stopped]
    failures += [
        f"{r.name}: {r.not_judged} item(s) skipped, not judged; their last verdicts kept"
        for r in reports
        if r.not_judged
    ]
    if failures:  # what was not judged is said, never left to look like a clean run
        lines += ["", "### Not judged this time", ""]
        lines += [f"- {markdown_code(f)}" for f in failures]
    return "\n".join(lines) + "\n"


def refresh_from_flags(flags: dict[str, Any], summary_path: Path | None) -> None:
    """Run `refresh` with the click flags; print the reports and write the summary."""
    from llm_atlas.refresh.step import context_from_env

    opts = RefreshOptions(
        catalog=flags["catalog_dir"],
        data=flags["data_dir"],
        only=parse_only(flags["only"]),
        links_reports=tuple(flags["links_reports"]),
        link_config=flags["link_config"],
        shard=flags["shard"],
        allow_private=flags["allow_private"],
        max_concurrency=flags["max_concurrency"],
        host_concurrency=flags["host_concurrency"],
    )
    ctx = context_from_env(timeout=flags["timeout"], max_wait=flags["max_wait"])
    reports = run_refresh(opts, ctx)
    print_reports(reports, ctx)
    if summary_path is not None:
        write_file(summary_path, format_summary(reports, opts.data))
    offline = [r.name for r in reports if r.unreached]
    if offline:
        raise AtlasError(
            f"network unreachable for {', '.join(offline)}: nothing judged there, those data "
            "files left as they were; check the connection (or a proxy) and run again",
            exit_code=EXIT_OFFLINE,
        )
