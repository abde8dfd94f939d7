"""The per-URL explanation in reports: each attempt, what it saw and waited, and why the verdict.

Takes what one attempt saw (`Fetched`) and the verdict; gives short lines such as
`attempt 1: HEAD 405, GET 301 → 200 (104 ms)`, `retry in 0.4 s (transient)` and
`broken: HTTP 404 (a final answer, not retried)`.
"""

from __future__ import annotations

from llm_atlas.links.classify import Verdict
from llm_atlas.links.http import Fetched


def describe_attempt(number: int, fetched: Fetched, elapsed_ms: int) -> str:
    """Return one line for attempt NUMBER: methods, the redirect hops, the end, the time."""
    hops = [str(status) for status, _ in fetched.chain]
    if fetched.error is not None and fetched.error != "loop":
        end = fetched.detail or fetched.error
    elif fetched.chain and fetched.status == fetched.chain[-1][0]:
        end = ""  # ended on a redirect (a challenge page, a loop)
    else:
        end = str(fetched.status)
    steps = " → ".join([*hops, end] if end else hops)
    if fetched.error == "loop":
        steps += f" ({fetched.detail})"
    seen = f"{fetched.method} {steps}"
    if fetched.head_refused is not None:
        seen = f"HEAD {fetched.head_refused}, {seen}"
    if fetched.source is not None:  # GitHub's page of a Markdown file: its raw file was read too
        source = fetched.source
        end = source.detail if source.error is not None else str(source.status)
        seen = f"{seen}, then GET {source.url} {end}"
    return f"attempt {number}: {seen} ({elapsed_ms} ms)"


def why(verdict: Verdict, attempts: int, retries: int) -> str:
    """Return why the final class was chosen."""
    if verdict.status in ("ok", "skipped", "redirected"):
        return f"{verdict.status}: {verdict.message}"
    if not verdict.transient:
        return f"{verdict.status}: {verdict.message} (a final answer, not retried)"
    if attempts > retries:
        return f"{verdict.status}: {verdict.message} on every attempt ({attempts})"
    return f"{verdict.status}: {verdict.message}; not retried further"
