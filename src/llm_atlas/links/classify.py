"""Turn what an attempt saw into one verdict: ok, redirected, broken, blocked or timeout.

Takes a `Fetched` record; gives a `Verdict` that also says whether the failure is transient (worth a
retry) and how long the server asked us to wait (`Retry-After`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from email.utils import parsedate_to_datetime

from llm_atlas.links.fragment import document_kind, has_anchor, missing_message, shown
from llm_atlas.links.http import Fetched
from llm_atlas.links.policy import HostPolicy, LinkConfig, Status

PERMANENT = frozenset({301, 308})
_ERRORS: dict[str, tuple[Status, bool]] = {
    "timeout": ("timeout", True),
    "reset": ("broken", True),
    "refused": ("broken", False),
    "unreachable": ("broken", False),
    "dns": ("broken", False),
    "tls": ("broken", False),
    "loop": ("broken", False),
    "too-many": ("broken", False),
    "private": ("skipped", False),
    "other": ("broken", False),
}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The class of a URL after one attempt, and whether trying again may change it."""

    status: Status
    message: str
    http_status: int | None = None
    final_url: str | None = None
    transient: bool = False
    retry_after: float | None = None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Return the seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # '²'.isdigit() is true too, and float() refuses it
        return float(value)
    try:
        when = parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - (time.time() if now is None else now))
    except (TypeError, ValueError, IndexError, OverflowError, OSError):
        return None


def classify(fetched: Fetched, policy: HostPolicy, config: LinkConfig) -> Verdict:
    """Return the verdict on FETCHED (one attempt)."""
    code = fetched.status
    if fetched.challenge is not None:
        return Verdict(
            "blocked", f"{fetched.challenge.note} ({fetched.final_url})", code, fetched.final_url
        )
    if fetched.error is not None:
        status, transient = _ERRORS[fetched.error]
        return Verdict(status, fetched.detail, code, None, transient)
    if code is None:  # pragma: no cover - an attempt ends with a status or an error
        return Verdict("broken", "no response", None)
    header_text = "\n".join(f"{k}: {v}" for k, v in fetched.headers.items())
    for fp in config.fingerprints:
        if fp.where == "header" and fp.matches(header_text):
            return Verdict("blocked", f"{fp.note} (HTTP {code})", code)
    if code in policy.accept:
        return _redirect_verdict(fetched, f"HTTP {code} (accepted for this host)")
    if code == 999:
        return Verdict("blocked", "HTTP 999: the site refuses robots", code)
    retry_after = parse_retry_after(fetched.headers.get("retry-after"))
    if code == 429:
        return Verdict("blocked", "HTTP 429: rate limited", code, None, True, retry_after)
    if code >= 500:
        return Verdict("broken", f"HTTP {code}: server error", code, None, True, retry_after)
    body_verdict = _body_verdict(fetched, code, config)
    if body_verdict is not None:
        return body_verdict
    if code in (401, 403):
        return Verdict(
            "blocked",
            f"HTTP {code}: access refused (no bot-protection sign seen; check it in a browser)",
            code,
        )
    if code >= 400:
        return Verdict("broken", f"HTTP {code}", code)
    return _anchor_verdict(fetched, _redirect_verdict(fetched, f"HTTP {code}"))


def _anchor_verdict(fetched: Fetched, verdict: Verdict) -> Verdict:
    """Return VERDICT, or missing-anchor when the document was read whole and lacks its #anchor.

    A document with no anchors (JSON, plain text, PDF …) or one that could not be read leaves the
    fragment not checkable: VERDICT stands, and its message says so.
    """
    anchor = fetched.anchor
    if anchor is None:
        return verdict
    doc = fetched.source or fetched
    name = shown(anchor)
    if doc is not fetched and (doc.error is not None or doc.status != 200):
        got = doc.detail if doc.error is not None else f"HTTP {doc.status}"
        return _noted(verdict, f"#{name} not checkable: the raw file {doc.final_url} gave {got}")
    ctype = doc.headers.get("content-type", "")
    kind = document_kind(ctype, doc.final_url, doc.body)
    if kind is None:
        what = ctype.split(";", 1)[0].strip() or "untyped"
        return _noted(verdict, f"#{name} not checkable: a {what} body has no anchors")
    if has_anchor(doc.body, anchor, kind, doc.final_url):
        return verdict
    if not doc.complete:
        return _noted(verdict, f"#{name} not in the part read")
    where = f" ({doc.final_url})" if doc is not fetched else ""
    return Verdict(
        "missing-anchor",
        f"{verdict.message}, but {missing_message(anchor, kind, doc.final_url, where)}",
        verdict.http_status,
        verdict.final_url,
    )


def _noted(verdict: Verdict, note: str) -> Verdict:
    return replace(verdict, message=f"{verdict.message}; {note}")


def _body_verdict(fetched: Fetched, code: int, config: LinkConfig) -> Verdict | None:
    if not fetched.body:
        return None
    for fp in config.fingerprints:
        if fp.where == "body" and fp.matches(fetched.body):
            return Verdict(fp.status, f"{fp.note} (HTTP {code} page)", code)
    return None


def _redirect_verdict(fetched: Fetched, ok_message: str) -> Verdict:
    """Return redirected when the chain starts with permanent hops, else ok."""
    code = fetched.status
    permanent = 0
    for hop_status, _ in fetched.chain:
        if hop_status not in PERMANENT:
            break
        permanent += 1
    if permanent == 0:
        if fetched.chain:
            return Verdict(
                "ok", f"{ok_message} after a temporary redirect", code, fetched.final_url
            )
        return Verdict("ok", ok_message, code)
    target = fetched.chain[permanent - 1][1]
    hops = " → ".join(str(s) for s, _ in fetched.chain[:permanent])
    rest = "" if permanent == len(fetched.chain) else " (then a temporary redirect)"
    return Verdict("redirected", f"moved permanently ({hops}) to {target}{rest}", code, target)
