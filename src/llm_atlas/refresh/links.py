"""The links step: every catalog URL's status from the link checker, with its history.

Takes the catalog folder and the stored records; checks the URLs with `llm_atlas.links` (same
classes, politeness and `links.yaml`), or reads the JSON reports of `check-links --format json`
(the weekly workflow checks in shards), and gives one record per URL: status, HTTP code, final URL,
check day, last good day and consecutive `broken`/`timeout` runs (a `blocked` or `skipped` run
neither counts nor resets). A URL that was not judged this time (`skipped`: by policy, or with
no network) keeps its record as it was, verdict and day, so a run never says it checked what
it did not.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from llm_atlas.bounded import iso_day, load_json, read_bounded
from llm_atlas.catalog import Catalog
from llm_atlas.facts import MAX_DATA_BYTES, MAX_TEXT
from llm_atlas.facts_model import DEAD
from llm_atlas.links.check import NETWORK_UNREACHABLE
from llm_atlas.links.policy import STATUSES as LINK_STATUSES
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.refresh.step import Context, RefreshOptions, StepReport
from llm_atlas.refresh.store import Items

GOOD = frozenset({"ok", "redirected"})
STATUSES = frozenset(LINK_STATUSES)  # what check-links reports, missing-anchor included


def check_catalog_links(opts: RefreshOptions, timeout: float) -> tuple[list[dict[str, Any]], bool]:
    """Check the catalog's URLs (shard I/N when given) now; return the results as report rows,
    and True when the network was unreachable (nothing judged).

    `--allow-private` lets the checker connect to loopback and private addresses, as
    `check-links --allow-private` does."""
    from dataclasses import replace

    from llm_atlas.links.cache import LinkCache
    from llm_atlas.links.check import check_links
    from llm_atlas.links.policy_file import load_config
    from llm_atlas.links.results import CheckOptions
    from llm_atlas.links.run import DEFAULT_CONFIG, RunOptions, select_targets

    config_path = opts.link_config
    if config_path is None and DEFAULT_CONFIG.is_file():
        config_path = DEFAULT_CONFIG
    config = load_config(config_path)
    if opts.allow_private:
        config = replace(config, allow_private=True)
    check = CheckOptions(
        max_concurrency=opts.max_concurrency,
        host_concurrency=opts.host_concurrency,
        timeout=timeout,
    )
    run = RunOptions(
        catalog=opts.catalog, config=config_path, cache=None, shard=opts.shard, check=check
    )
    targets = select_targets(run, config, LinkCache(None))
    print(f"links: checking {len(targets)} URL(s) politely; this takes a while", file=sys.stderr)
    report = check_links(targets, config, check, LinkCache(None), max_age=0)
    if report.interrupted:
        raise AtlasError("link check interrupted: data files left as they were", exit_code=130)
    return [r.to_dict() for r in report.results], report.offline


def read_reports(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Return the result rows of `check-links --format json` reports, or raise a usage error."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        where = display_path(path)
        try:
            doc = load_json(read_bounded(path, MAX_DATA_BYTES), max_bytes=MAX_DATA_BYTES)
        except (OSError, ValueError) as exc:
            raise AtlasError(f"--links-report {where}: cannot read it: {exc}", exit_code=2) from exc
        results = doc.get("results") if isinstance(doc, dict) else None
        if not isinstance(results, list) or not all(
            isinstance(r, dict) and isinstance(r.get("url"), str) and r.get("status") in STATUSES
            for r in results
        ):
            raise AtlasError(
                f"--links-report {where}: not a report of `llm-atlas check-links --format json`",
                exit_code=2,
            )
        rows += results
    return rows


def made_offline(rows: list[dict[str, Any]]) -> bool:
    """Whether ROWS come from a check that found no network (every row skipped for it)."""
    return bool(rows) and all(
        r["status"] == "skipped" and str(r.get("message", "")).startswith(NETWORK_UNREACHABLE)
        for r in rows
    )


def merge_results(
    catalog: Catalog, rows: list[dict[str, Any]], items: Items, ctx: Context, report: StepReport
) -> Items:
    """Return the link records after this run's ROWS; URLs no longer in the catalog go."""
    urls = {url for e in catalog.entries.values() for _, url in e.urls()}
    out: Items = {url: r for url, r in items.items() if url in urls}
    report.items = len(rows)
    for row in rows:
        url, status = row["url"], row["status"]
        if url not in urls:
            continue
        old = out.get(url, {})
        if status == "skipped":
            report.not_judged += 1
            if old:
                continue  # not judged: the last verdict and its day stay
        failures = _count(old.get("failures"))
        last_good = _day(old.get("last_good"))
        if status in GOOD:
            failures, last_good = 0, ctx.today
        elif status in DEAD:
            failures += 1
        out[url] = {
            "status": status,
            "http_status": _http_status(row.get("http_status")),
            "final_url": _http_url(row.get("final_url")),
            "message": str(row.get("message") or "")[:MESSAGE_CHARS],
            "checked": ctx.today,
            "last_good": last_good,
            "failures": failures,
        }
        was = old.get("status")
        if status in DEAD and was not in DEAD:
            report.news.append(f"new failure ({status}): {url}")
        elif status in GOOD and was in DEAD:
            report.news.append(f"recovered: {url}")
    return out


# A report (or a hand-edited links.json) is outside input: each field is kept only in the shape
# the build's reader takes, so refresh never writes a record the site would leave out.
MESSAGE_CHARS = 1000


def _count(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def _day(value: object) -> str | None:
    try:
        return iso_day(value)
    except ValueError:
        return None


def _http_status(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 100 <= value <= 999:
        return value
    return None


def _http_url(value: object) -> str | None:
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return value if len(value) <= MAX_TEXT else None
    return None
