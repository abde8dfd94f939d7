"""The archive step: the Wayback Machine snapshot closest to a dead URL's last good day.

Takes the link records (a URL `broken` or `timeout` in two runs in a row is dead) and the stored
snapshots; asks the availability API (`GET {base}/wayback/available?url=…&timestamp=…`) only for
dead URLs without a snapshot yet, since a found snapshot does not change.
"""

from __future__ import annotations

import re
from typing import Any

from llm_atlas.bounded import bounded_text, iso_day, load_json
from llm_atlas.facts import MAX_TEXT
from llm_atlas.facts_model import DEAD
from llm_atlas.refresh.http import MAX_BYTES, describe_wait, fetch, make_session, retry_wait
from llm_atlas.refresh.step import Context, StepReport
from llm_atlas.refresh.store import Items

API = "wayback"
DEAD_AFTER = 2
_STAMP = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})[0-9]{0,6}")  # YYYYMMDDhhmmss


def dead_urls(links: Items) -> list[str]:
    """Return the URLs that failed as broken or timeout in DEAD_AFTER runs in a row."""
    return sorted(
        url
        for url, r in links.items()
        if r.get("status") in DEAD
        and isinstance(r.get("failures"), int)
        and r["failures"] >= DEAD_AFTER
    )


def refresh_archive(links: Items, items: Items, ctx: Context, report: StepReport) -> Items:
    """Find snapshots of the dead URLs; keep snapshots of URLs still in the link records."""
    out: Items = {url: r for url, r in items.items() if url in links}
    todo = [u for u in dead_urls(links) if not out.get(u, {}).get("snapshot")]
    report.items = len(todo)
    with make_session() as session:
        for url in todo:
            if report.stopped:
                break
            stamp = str(links[url].get("last_good") or "").replace("-", "")
            params = {"url": url, **({"timestamp": stamp} if stamp else {})}
            answer = fetch(
                session, f"{ctx.wayback_api}/wayback/available", params=params, timeout=ctx.timeout
            )
            report.asked += 1
            ctx.count(API, answer.status, answer.unreached)
            wait = retry_wait(answer)
            if wait is not None:
                report.stopped = f"the Wayback Machine asks to wait {describe_wait(wait)}"
                break
            if answer.status != 200:
                report.failures.append(f"{url}: {answer.describe()}")
                continue
            try:
                record = _parse(load_json(answer.body, max_bytes=MAX_BYTES), ctx.today)
            except (ValueError, TypeError, KeyError) as exc:
                why = str(exc) if len(str(exc)) <= 200 else f"{str(exc)[:197]}..."
                report.failures.append(f"{url}: malformed answer from the Wayback Machine ({why})")
                continue
            if record.get("snapshot"):
                report.news.append(f"archived copy found: {url}")
            out[url] = record
    return out


def _parse(data: Any, today: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("archived_snapshots"), dict):
        raise ValueError("no archived_snapshots")
    closest = data["archived_snapshots"].get("closest")
    if not isinstance(closest, dict) or closest.get("available") is not True:
        return {"checked": today, "snapshot": None, "timestamp": None}
    snapshot, stamp = closest.get("url"), closest.get("timestamp")
    if not isinstance(snapshot, str) or not snapshot.startswith(("http://", "https://")):
        raise ValueError(f"snapshot url {str(snapshot)[:80]!r}")
    bounded_text(snapshot, MAX_TEXT)
    day = None
    if stamp is not None:
        match = _STAMP.fullmatch(stamp) if isinstance(stamp, str) else None
        if match is None:
            raise ValueError(f"timestamp {str(stamp)[:40]!r} is not YYYYMMDDhhmmss")
        day = iso_day("-".join(match.groups()))
    return {"checked": today, "snapshot": snapshot, "timestamp": day}
