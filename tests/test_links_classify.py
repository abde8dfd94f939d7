"""links.classify: one verdict per attempt, and which failures are worth a retry."""

from __future__ import annotations

import pytest

from llm_atlas.links.classify import classify, parse_retry_after
from llm_atlas.links.http import Fetched
from llm_atlas.links.policy import HostPolicy
from llm_atlas.links.policy_file import load_config

CONFIG = load_config(None)
U = "https://example.org/a"


def fetched(status: int | None = 200, **kw: object) -> Fetched:
    return Fetched(url=U, status=status, **kw)  # type: ignore[arg-type]


CASES = [
    ("200", fetched(200), "ok", False),
    ("302 chain is ok", fetched(200, chain=[(302, U + "/b")]), "ok", False),
    ("301 chain", fetched(200, chain=[(301, U + "/b"), (308, U + "/c")]), "redirected", False),
    ("404", fetched(404), "broken", False),
    ("410", fetched(410), "broken", False),
    ("400", fetched(400), "broken", False),
    ("500", fetched(500), "broken", True),
    ("503", fetched(503), "broken", True),
    ("429", fetched(429), "blocked", True),
    ("999", fetched(999), "blocked", False),
    ("403 plain", fetched(403), "blocked", False),
    ("403 cf", fetched(403, headers={"cf-mitigated": "challenge"}), "blocked", False),
    ("soft 404", fetched(200, body="<p>该内容已被发布者删除</p>"), "broken", False),
    ("violation", fetched(200, body="此内容因违规无法查看"), "broken", False),
    ("captcha", fetched(200, body="当前环境异常，完成验证后即可继续访问"), "blocked", False),
    ("timeout", fetched(None, error="timeout", detail="t"), "timeout", True),
    ("reset", fetched(None, error="reset", detail="r"), "broken", True),
    ("refused", fetched(None, error="refused", detail="r"), "broken", False),
    ("unreachable", fetched(None, error="unreachable", detail="u"), "broken", False),
    ("private", fetched(None, error="private", detail="p"), "skipped", False),
    ("dns", fetched(None, error="dns", detail="d"), "broken", False),
    ("tls", fetched(None, error="tls", detail="t"), "broken", False),
    ("loop", fetched(301, error="loop", detail="l"), "broken", False),
]


@pytest.mark.parametrize(("name", "seen", "status", "transient"), CASES, ids=[c[0] for c in CASES])
def test_classify(name: str, seen: Fetched, status: str, transient: bool) -> None:
    verdict = classify(seen, HostPolicy(), CONFIG)
    assert (verdict.status, verdict.transient) == (status, transient)


def test_redirect_suggests_last_permanent_hop() -> None:
    seen = fetched(200, chain=[(301, U + "/b"), (302, U + "/c")])
    verdict = classify(seen, HostPolicy(), CONFIG)
    assert verdict.status == "redirected"
    assert verdict.final_url == U + "/b"
    assert "then a temporary redirect" in verdict.message


def test_accepted_code_is_ok() -> None:
    assert classify(fetched(403), HostPolicy(accept=frozenset({403})), CONFIG).status == "ok"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("5", 5.0),
        ("0", 0.0),
        ("Thu, 01 Jan 2037 00:00:10 GMT", 10.0),
        ("soon", None),
        (None, None),
        ("²", None),
        ("٣", None),
        ("Thu, 01 Jan 99999 00:00:10 GMT", None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    now = 2114380800.0  # 2037-01-01T00:00:00Z
    assert parse_retry_after(value, now=now) == seconds


def test_anchor_in_a_page_read_only_in_part_is_not_judged() -> None:
    page = fetched(200, body="<p id='other'>", anchor="gone", complete=False)
    verdict = classify(page, HostPolicy(), CONFIG)
    assert verdict.status == "ok" and "#gone not in the part read" in verdict.message
    whole = fetched(200, body="<p id='other'>", anchor="gone", complete=True)
    assert classify(whole, HostPolicy(), CONFIG).status == "missing-anchor"
