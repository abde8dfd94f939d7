"""Commands about the catalog's URLs: check-links, fix-links, refresh."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from llm_atlas.cli.options import LINK_STEP, link_options, link_paths, where_options
from llm_atlas.cli.project import Where


def _report_spec(value: str) -> tuple[str, Path]:
    from llm_atlas.links.run import REPORT_FORMATS

    fmt, sep, path = value.partition(":")
    if not sep or fmt not in REPORT_FORMATS or not path:
        raise click.BadParameter(
            f"{value!r}: expected FORMAT:PATH with FORMAT one of {', '.join(REPORT_FORMATS)}, "
            "e.g. markdown:link-report.md",
            param_hint="--report",
        )
    return fmt, Path(path)


@click.command("check-links")
@where_options()
@link_options()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "github"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    default="broken,missing-anchor",
    show_default=True,
    help="Comma list of statuses that fail the run "
    "(broken,blocked,timeout,missing-anchor,redirected), or none.",
)
@click.option(
    "--fail-after",
    type=int,
    default=1,
    show_default=True,
    help="Fail on a URL only after this many consecutive failing runs.",
)
@click.option(
    "--report",
    "reports",
    metavar="FORMAT:PATH",
    multiple=True,
    callback=lambda ctx, param, value: tuple(_report_spec(v) for v in value),
    help="Also write the report in FORMAT (text, json, markdown, github) to PATH; repeatable.",
)
@click.option("--fix", is_flag=True, help="Also rewrite permanently redirected URLs in place.")
@click.option("--dump", is_flag=True, help="List the URLs that would be checked; request nothing.")
def check_links_command(
    where: Where, fix: bool, dump: bool, reports: tuple[tuple[str, Path], ...], **flags: Any
) -> None:
    """Check every URL of the catalog: ok, redirected, broken, blocked, timeout, missing-anchor
    or skipped.

    Example: llm-atlas check-links --changed-since origin/main --format github
    """
    from llm_atlas.links.run import exit_code, options_from_flags, run_check, run_dump, run_fix

    flags = link_paths({**flags, "catalog_dir": where.catalog}, where.root)
    keys = ("fmt", "fail_on", "fail_after")
    opts = options_from_flags(flags, **{k: flags.pop(k) for k in keys}, reports=reports)
    if dump:
        sys.exit(run_dump(opts))
    report, failing = run_check(opts)
    if fix and not report.interrupted:
        run_fix(report, opts.catalog)
    sys.exit(exit_code(report, failing))


@click.command("fix-links")
@where_options()
@link_options()
def fix_links_command(where: Where, **flags: Any) -> None:
    """Rewrite permanently redirected URLs in the YAML files, changing nothing else.

    Example: llm-atlas fix-links --changed-since origin/main
    """
    from llm_atlas.links.run import EXIT_INTERRUPTED, options_from_flags, run_check, run_fix

    flags = link_paths({**flags, "catalog_dir": where.catalog}, where.root)
    opts = options_from_flags(flags, fmt="quiet", fail_on="none", fail_after=1)
    report, _ = run_check(opts)
    if report.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    run_fix(report, opts.catalog)


@click.command()
@where_options()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Data folder (links.json, repos.json, papers.json, archive.json) "
    "[default: data/ of the project].",
)
@click.option(
    "--only",
    default="links,repos,papers,archive",
    show_default=True,
    help="Comma list of steps to run.",
)
@click.option(
    "--links-report",
    "links_reports",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Take link results from `check-links --format json` reports (repeatable) "
    "instead of checking.",
)
@link_options(*LINK_STEP)
@click.option(
    "--max-wait",
    type=click.FloatRange(0, 3600),
    default=60.0,
    show_default=True,
    help="Longest rate-limit wait; a longer one stops that step, keeping what it gathered.",
)
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a Markdown summary of what changed (a pull request's body).",
)
def refresh(where: Where, data_dir: Path | None, summary_path: Path | None, **flags: Any) -> None:
    """Gather link health, GitHub repository facts, arXiv metadata and archived copies into DATA.

    API base URLs: LLM_ATLAS_GITHUB_API, LLM_ATLAS_ARXIV_API, LLM_ATLAS_WAYBACK_API; a token
    from GITHUB_TOKEN.

    Example: llm-atlas refresh --only repos,papers --summary changes.md
    """
    from llm_atlas.refresh.run import refresh_from_flags

    flags = link_paths(flags, where.root)
    data = data_dir or where.beside("data")
    flags.update(catalog_dir=where.catalog, data_dir=data, link_config=flags.pop("config"))
    refresh_from_flags(flags, summary_path)
