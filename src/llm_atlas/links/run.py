"""The `check-links` and `fix-links` commands behind the thin click layer.

Takes the parsed flags; loads the catalog and config, picks the URLs (changed since a ref, a shard),
checks them with a progress bar, prints the report, saves the cache and returns the exit code.
"""

from __future__ import annotations

import gc
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llm_atlas.links.cache import DEFAULT_CACHE, LinkCache, load_cache, save_cache
from llm_atlas.links.check import NETWORK_UNREACHABLE, LinkReport, check_links
from llm_atlas.links.policy import DEFAULT_FAIL_ON, STATUSES, LinkConfig, Status
from llm_atlas.links.policy_file import load_config
from llm_atlas.links.results import CheckOptions, LinkResult, LinkTarget
from llm_atlas.problems import AtlasError

DEFAULT_CONFIG = Path("links.yaml")
EXIT_INTERRUPTED = 130
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


@dataclass(frozen=True)
class RunOptions:
    """Every flag of check-links."""

    catalog: Path
    config: Path | None = None
    cache: Path | None = DEFAULT_CACHE
    max_age: str = "7d"
    fail_on: str = DEFAULT_FAIL_ON
    fail_after: int = 1
    fmt: str = "text"
    changed_since: str | None = None
    shard: str | None = None
    check: CheckOptions = CheckOptions()
    reports: tuple[tuple[str, Path], ...] = ()  # more formats written to files: (format, path)
    allow_private: bool = False  # --allow-private: also connect to loopback/private addresses
    retries: int | None = None  # --retries, else links.yaml's
    exclude: tuple[str, ...] = ()  # --exclude REGEX (repeatable)
    exclude_hosts: tuple[str, ...] = ()  # --exclude-host HOST (repeatable)


def parse_duration(text: str) -> float:
    """Parse '90', '30s', '10m', '12h', '7d' or '2w' into seconds, or raise a usage error."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", text)
    if match is None:
        raise AtlasError(
            f"--max-age {text!r}: expected a duration such as 7d, 12h, 30m or 90s", exit_code=2
        )
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def parse_fail_on(text: str) -> frozenset[Status]:
    """Parse a comma list of statuses (or 'none') or raise a usage error."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    if names == ["none"]:
        return frozenset()
    allowed = [s for s in STATUSES if s not in ("ok", "skipped")]
    wrong = [n for n in names if n not in allowed]
    if wrong or not names:
        raise AtlasError(
            f"--fail-on {text!r}: use a comma list of {', '.join(allowed)} (or none)", exit_code=2
        )
    return frozenset(s for s in allowed if s in names)


def select_targets(opts: RunOptions, config: LinkConfig, cache: LinkCache) -> list[LinkTarget]:
    """Read the catalog files (or reuse what the cache remembers); return this run's URLs."""
    from llm_atlas.links import collect

    shard = collect.parse_shard(opts.shard) if opts.shard else (1, 1)
    key = collect.catalog_key(collect.entry_files(opts.catalog))
    targets = None if opts.changed_since else collect.remembered_links(cache.catalog, key, config)
    if targets is None:
        files = collect.load_entry_files(opts.catalog)
        only: set[str] | None = None
        if opts.changed_since is not None:
            from llm_atlas.links.gitscope import changed_entries

            only = changed_entries(opts.catalog, files, opts.changed_since)
        targets = collect.collect_links(files, config, only)
        if only is None:
            cache.catalog = collect.remember_links(targets, key)
            cache.changed = True
    return collect.select_shard(targets, *shard)


def _config_path(given: Path | None) -> Path | None:
    if given is not None:
        if not given.is_file():
            raise AtlasError(f"--config {given}: no such file", exit_code=2)
        return given
    return DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None


def link_config(opts: RunOptions) -> LinkConfig:
    """Return links.yaml (or --config) with the command-line flags applied on top."""
    return load_config(_config_path(opts.config)).with_flags(
        allow_private=opts.allow_private,
        retries=opts.retries,
        exclude=opts.exclude,
        exclude_hosts=opts.exclude_hosts,
    )


def run_dump(opts: RunOptions) -> int:
    """Print the URLs a check would request (skipped ones to stderr, with why); request nothing."""
    targets = select_targets(opts, link_config(opts), load_cache(opts.cache))
    skipped = [t for t in targets if t.skip is not None]
    for target in targets:
        if target.skip is None:
            print(target.url)
    for target in skipped:
        print(f"skipped {target.url}: {target.skip}", file=sys.stderr)
    print(f"{len(targets) - len(skipped)} URL(s) to check, {len(skipped)} skipped", file=sys.stderr)
    return 0


def run_check(opts: RunOptions) -> tuple[LinkReport, set[str]]:
    """Check the selected URLs, print the report; return it with the URLs that fail the run."""
    max_age = parse_duration(opts.max_age)
    fail_on = parse_fail_on(opts.fail_on)
    if opts.fail_after < 1:
        raise AtlasError("--fail-after must be at least 1", exit_code=2)
    config = link_config(opts)
    cache = load_cache(opts.cache)
    from llm_atlas.loader import paused_gc

    with paused_gc():
        targets = select_targets(opts, config, cache)
    # What was loaded lives until the end: keep the collector from rescanning it while the
    # worker threads, which share the interpreter lock with it, are checking.
    gc.freeze()
    report = _check_with_progress(targets, config, opts, cache, max_age)
    try:
        save_cache(cache)
    except OSError as exc:
        print(f"warning: cannot write the link cache {opts.cache}: {exc}", file=sys.stderr)
    failing = {r.url for r in report.failing(fail_on, opts.fail_after)}
    from llm_atlas.links.report import format_report, print_report, write_report

    print_report(report, failing, opts.fmt, fail_on)
    for fmt, path in opts.reports:
        write_report(path, format_report(report, failing, fmt, fail_on))
    return report, failing


REPORT_FORMATS = ("text", "json", "markdown", "github")


def _check_with_progress(
    targets: list[LinkTarget],
    config: LinkConfig,
    opts: RunOptions,
    cache: LinkCache,
    max_age: float,
) -> LinkReport:
    if opts.fmt != "text" or not sys.stderr.isatty():
        return check_links(targets, config, opts.check, cache, max_age)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (
        TextColumn("checking links"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("links", total=len(targets), last="")

        def advance(result: LinkResult) -> None:
            progress.update(task, advance=1, last=result.status)

        return check_links(targets, config, opts.check, cache, max_age, advance)


def exit_code(report: LinkReport, failing: set[str]) -> int:
    if report.interrupted:
        return EXIT_INTERRUPTED
    if report.offline:
        return 2
    return 1 if failing else 0


def options_from_flags(
    flags: dict[str, Any],
    *,
    fmt: str,
    fail_on: str,
    fail_after: int,
    reports: tuple[tuple[str, Path], ...] = (),
) -> RunOptions:
    """Build RunOptions from the click flags shared by check-links and fix-links."""
    return RunOptions(
        catalog=flags["catalog_dir"],
        config=flags["config"],
        cache=None if flags["no_cache"] else flags["cache"],
        max_age=flags["max_age"],
        fail_on=fail_on,
        fail_after=fail_after,
        fmt=fmt,
        changed_since=flags["changed_since"],
        shard=flags["shard"],
        reports=reports,
        allow_private=flags["allow_private"],
        retries=flags["retries"],
        exclude=flags["exclude"],
        exclude_hosts=flags["exclude_host"],
        check=CheckOptions(
            max_concurrency=flags["max_concurrency"],
            host_concurrency=flags["host_concurrency"],
            timeout=flags["timeout"],
        ),
    )


def run_fix(report: LinkReport, catalog: Path | None = None) -> None:
    """Rewrite the permanently redirected URLs of REPORT in their files; print what changed.

    With CATALOG, a fix is written only if the catalog still validates with it.
    """
    from llm_atlas.links.fix import fix_redirects

    if report.offline:
        raise AtlasError(
            f"{NETWORK_UNREACHABLE}: no URL was checked, so nothing is fixed; check the "
            "connection (or a proxy) and run again",
            exit_code=2,
        )
    changes, problems = fix_redirects(report.results, catalog)
    for problem in problems:
        print(problem.format_text(), file=sys.stderr)
    for change in changes:
        print(f"{change.path}:{change.line}: {change.old} → {change.new}")
    print(f"fixed {len(changes)} URL(s)" if changes else "no permanently redirected URL to fix")
