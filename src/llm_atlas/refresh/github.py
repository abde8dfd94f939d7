"""Repository facts from GitHub's REST API (`GET /repos/{owner}/{name}`).

Takes the catalog's GitHub repositories (from every entry's `url` and `code`) and the stored
records; gives updated records: stars, forks, last push, archived, default branch, license,
language and the new name of a moved repository. Each request carries the stored ETag, so an
unchanged repository is a 304 (which GitHub does not count against the rate limit). A rate-limit
answer is waited out when the reset is within `Context.max_wait`, else the step stops and keeps
what it gathered.

The ETag lives in repos.json rather than in an HTTP cache (requests-cache, CacheControl): data/ is
committed, so it is the one state that survives between weekly CI runs, and a second store of
whole answers would need a CI cache of its own to be of any use.
"""

from __future__ import annotations

import re
from typing import Any

import requests

from llm_atlas.bounded import bounded_text, iso_day, load_json
from llm_atlas.catalog import Catalog
from llm_atlas.facts_model import github_repo
from llm_atlas.refresh.http import (
    MAX_BYTES,
    Answer,
    describe_until,
    fetch,
    make_session,
    retry_wait,
)
from llm_atlas.refresh.step import Context, StepReport
from llm_atlas.refresh.store import Items

API = "github"
MAX_NAME = 200  # characters of a branch, license or language name
_ETAG = re.compile(r'(?:W/)?"[\x21\x23-\x7e]{0,200}"')  # RFC 9110 entity-tag, bounded


def catalog_repos(catalog: Catalog) -> list[str]:
    """Return every 'owner/name' that an entry's url or code points into, sorted."""
    found = {
        name
        for entry in catalog.entries.values()
        for url in (entry.url, entry.code)
        if url and (name := github_repo(url)) is not None
    }
    return sorted(found)


def refresh_repos(names: list[str], items: Items, ctx: Context, report: StepReport) -> Items:
    """Ask GitHub about each of NAMES; return the new records (old ones kept on failure)."""
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if ctx.token:
        headers["Authorization"] = f"Bearer {ctx.token}"
    out: Items = {}
    report.items = len(names)
    with make_session(headers) as session:
        for i, name in enumerate(names):
            old = items.get(name)
            if report.stopped:
                if old is not None:
                    out[name] = old
                continue
            answer = _ask(session, name, old, ctx, report)
            if answer is None:
                left = len(names) - i
                report.stopped += f"; {left} repositories not checked, their facts kept"
                if old is not None:
                    out[name] = old
                continue
            new = _record(name, old, answer, ctx, report)
            if new is not None:
                out[name] = new
                _note_news(name, old, new, report)
    return out


def _ask(
    session: requests.Session,
    name: str,
    old: dict[str, Any] | None,
    ctx: Context,
    report: StepReport,
) -> Answer | None:
    """GET the repository, waiting out one rate limit; None when the limit stops the step."""
    conditional = {}
    if old is not None and old.get("state") == "ok" and isinstance(old.get("etag"), str):
        conditional["If-None-Match"] = old["etag"]
    for _ in range(2):
        answer = fetch(
            session, f"{ctx.github_api}/repos/{name}", timeout=ctx.timeout, headers=conditional
        )
        report.asked += 1
        ctx.count(API, answer.status, answer.unreached)
        wait = retry_wait(answer)
        if wait is None:
            return answer
        if wait > ctx.max_wait:
            break
        ctx.sleep(wait + 1)
    report.stopped = (
        f"GitHub rate limit {describe_until(wait or 0)}"
        f"{'' if ctx.token else ' (set GITHUB_TOKEN for a higher limit)'}"
    )
    return None


def _record(
    name: str, old: dict[str, Any] | None, answer: Answer, ctx: Context, report: StepReport
) -> dict[str, Any] | None:
    """Return the repository's new record, or the old one (None if none) after a failure."""
    if answer.status == 304 and old is not None:
        report.not_modified += 1
        return {**old, "checked": ctx.today}
    if answer.status in (404, 410, 451):
        return {"state": "missing", "checked": ctx.today, "http_status": answer.status}
    if answer.status == 200:
        try:
            return _parse(name, answer, ctx.today)
        except (ValueError, TypeError, KeyError) as exc:
            report.failures.append(f"{name}: malformed answer from GitHub ({_short(exc)})")
            return old
    report.failures.append(f"{name}: {answer.describe()}")
    return old


def _parse(name: str, answer: Answer, today: str) -> dict[str, Any]:
    data = load_json(answer.body, max_bytes=MAX_BYTES)
    if not isinstance(data, dict) or not isinstance(data.get("full_name"), str):
        raise ValueError("no full_name")
    full = data["full_name"]
    if github_repo(f"https://github.com/{full}") != full.lower() or len(full) > MAX_NAME:
        raise ValueError(f"full_name {_short(full)!r} is not owner/name")
    lic = data.get("license")
    pushed = data.get("pushed_at")
    record: dict[str, Any] = {
        "state": "ok",
        "checked": today,
        "stars": _count(data, "stargazers_count"),
        "forks": _count(data, "forks_count"),
        "pushed": None if pushed is None else _field("pushed_at", iso_day, pushed),
        "archived": data.get("archived") is True,
        "default_branch": _text(data.get("default_branch")),
        "license": _text(lic.get("spdx_id")) if isinstance(lic, dict) else None,
        "language": _text(data.get("language")),
        "moved_to": full if full.lower() != name else None,
    }
    etag = answer.headers.get("ETag") or answer.headers.get("etag")
    if etag and _ETAG.fullmatch(etag):  # anything else is not sent back as If-None-Match
        record["etag"] = etag
    return record


def _field(key: str, read: Any, value: object) -> Any:
    try:
        return read(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{key}: {exc}") from exc


def _short(exc: object) -> str:
    text = str(exc)
    return text if len(text) <= 200 else f"{text[:197]}..."


def _count(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError(f"{key}: expected a count, got {value!r}")
    return value


def _text(value: object) -> str | None:
    if not isinstance(value, str) or not value or value == "NOASSERTION":
        return None
    return bounded_text(value, MAX_NAME)


def _note_news(
    name: str, old: dict[str, Any] | None, new: dict[str, Any], report: StepReport
) -> None:
    was = old or {}
    if new.get("archived") and not was.get("archived"):
        report.news.append(f"repository archived: {name}")
    if new.get("moved_to") and new.get("moved_to") != was.get("moved_to"):
        report.news.append(f"repository moved: {name} → {new['moved_to']}")
    if new.get("state") == "missing" and was.get("state") != "missing":
        report.news.append(f"repository gone (HTTP {new.get('http_status')}): {name}")
