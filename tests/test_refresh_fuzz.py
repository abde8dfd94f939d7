"""Generated answers of any shape, served raw on loopback, to the API clients (#19 point 4).

Whatever a server sends (status, headers of any bytes, JSON or XML of any shape, depth or size,
undecodable or compressed bodies) each API client ends normally, and for its one item either
writes a record the data reader accepts as it is, or reports the item (a failure or a stop) and
keeps what was known. Data files and link reports: tests/test_data_fuzz.py.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hostile_values import dates, deep, hostile, json_values, raw_bodies, readable
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from raw_answer import RawAnswer, RawServer, raw_server

from llm_atlas.problems import AtlasError
from llm_atlas.refresh.arxiv import fetch_papers, paper_fields
from llm_atlas.refresh.github import refresh_repos
from llm_atlas.refresh.step import Context, StepReport
from llm_atlas.refresh.wayback import refresh_archive

TODAY = "2026-12-06"
OLD_REPO = {"state": "ok", "checked": "2026-11-29", "stars": 5}
DEAD = {"status": "broken", "failures": 2, "last_good": "2026-01-02", "checked": TODAY}
FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

header_names = st.sampled_from(
    [b"Retry-After", b"X-RateLimit-Remaining", b"X-RateLimit-Reset", b"ETag", b"Content-Type",
     b"Content-Encoding", b"Location", b"X-\xff\xfe"]
)  # fmt: skip
header_values = st.one_of(
    st.binary(max_size=40).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"")),
    st.sampled_from([b"0", b"60", b"9" * 400, b"-5", b"1e9", b"gzip", b'W/"x"', b"\xe4\xb8\xad"]),
)
rate_limits = st.tuples(
    st.sampled_from([403, 429, 503]),
    st.one_of(st.integers(min_value=0), st.text(max_size=5), st.just("9" * 400)).map(
        lambda v: str(v).encode("utf-8", "replace")
    ),
).map(
    lambda sv: (
        [(b"X-RateLimit-Remaining", b"0"), (b"X-RateLimit-Reset", sv[1])]
        if sv[0] != 503
        else [(b"Retry-After", sv[1])]
    )
)
headers = st.one_of(st.lists(st.tuples(header_names, header_values), max_size=4), rate_limits)
statuses = st.one_of(
    st.just(200), st.sampled_from([304, 403, 404, 429, 503]), st.integers(200, 599)
)


def answers(bodies: st.SearchStrategy[bytes]) -> st.SearchStrategy[RawAnswer]:
    """Mostly a body of the API's shape with hostile fields; else any bytes, or a rate limit."""
    limited = st.builds(RawAnswer, st.sampled_from([403, 429, 503]), rate_limits, raw_bodies)
    anything = st.builds(RawAnswer, statuses, headers, st.one_of(bodies, bodies, raw_bodies))
    bombs = st.builds(RawAnswer, st.just(200), st.just([]), st.one_of(deep, raw_bodies))
    return st.one_of(anything, anything, limited, bombs)


def one_bad(valid: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """VALID with one field replaced by a hostile value, or each field kept or replaced."""
    return st.one_of(
        st.builds(lambda k, v: {**valid, k: v}, st.sampled_from(list(valid)), hostile),
        st.fixed_dictionaries({k: st.one_of(st.just(v), hostile) for k, v in valid.items()}),
    )


VALID_REPO = {
    "full_name": "a/b",
    "stargazers_count": 3,
    "forks_count": 1,
    "pushed_at": "2026-11-19T09:30:00Z",
    "archived": False,
    "license": {"spdx_id": "MIT"},
    "language": "Python",
    "default_branch": "main",
}
github_bodies = one_bad(VALID_REPO).map(lambda d: json.dumps(d).encode())


def entry(arxiv: str, published: Any, title: str, authors: list[str]) -> str:
    names = "".join(f"<author><name>{a}</name></author>" for a in authors)
    return (
        f"<entry><id>http://arxiv.org/abs/{arxiv}v1</id><published>{published}</published>"
        f"<title>{title}</title>{names}</entry>"
    )


def xml_escape(value: object) -> str:
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return text.encode("utf-8", "replace").decode()


xml_text = st.one_of(st.text(max_size=30), st.just("x" * 20_000)).map(xml_escape)
feeds = st.lists(
    st.builds(
        entry,
        st.sampled_from(["2106.09685", "2106.09685", "2305.14314", "9999.00001", "x" * 300]),
        st.one_of(st.just("2021-06-17T17:37:18Z"), dates.map(xml_escape)),
        xml_text,
        st.lists(xml_text, max_size=3) | st.just(["A"] * 6000),
    ),
    max_size=3,
).map(
    lambda es: (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">' + "".join(es) + "</feed>"
    ).encode("utf-8", "surrogatepass")
)
VALID_SNAPSHOT = {"available": True, "url": "https://web.archive.org/x", "timestamp": "20250301"}
wayback_bodies = st.one_of(
    one_bad(VALID_SNAPSHOT).map(lambda c: {"archived_snapshots": {"closest": c}}),
    json_values.map(lambda v: {"archived_snapshots": v}),
).map(lambda d: json.dumps(d).encode())


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with raw_server("127.0.0.32") as running:
        yield running


def context(base: str) -> Context:
    ctx = Context(today=TODAY, github_api=base, arxiv_api=base, wayback_api=base, timeout=3.0)
    ctx.sleep = lambda seconds: None
    return ctx


def gzipped(answer: RawAnswer) -> RawAnswer:
    if (b"Content-Encoding", b"gzip") in answer.headers:
        answer.body = gzip.compress(answer.body)
    return answer


@FUZZ
@given(answer=answers(github_bodies).map(gzipped))
def test_any_github_answer_is_a_record_or_a_reported_item(
    server: RawServer, answer: RawAnswer
) -> None:
    server.serve(answer)
    report = StepReport("repos")
    out = refresh_repos(["a/b"], {"a/b": dict(OLD_REPO)}, context(server.base), report)
    assert list(out) == ["a/b"] and readable("repos", out)
    if out["a/b"] == OLD_REPO:  # nothing new known: the item was reported
        assert report.failures or report.stopped
    assert all(line.startswith("a/b: ") and len(line) < 400 for line in report.failures)


@FUZZ
@given(answer=answers(feeds))
def test_any_arxiv_answer_is_records_or_reported_ids(server: RawServer, answer: RawAnswer) -> None:
    server.serve(answer)
    report = StepReport("papers")
    asked = ["2106.09685", "2305.14314"]
    batch = fetch_papers(asked, context(server.base), report)
    assert set(batch.records) <= set(asked) and readable("papers", batch.records)
    reported = {line.split(": ", 1)[0].removeprefix("arXiv ") for line in report.failures}
    assert not set(batch.records) & set(batch.bad)
    assert set(batch.bad) <= reported
    try:
        fields = paper_fields("paper", "2106.09685", context(server.base))
    except AtlasError as exc:  # a clear message, never a traceback
        assert exc.message.startswith("--arxiv 2106.09685: ")
    else:
        assert fields["arxiv"] == "2106.09685" and 1000 <= fields.get("year", 2000) <= 9999


@FUZZ
@given(answer=answers(wayback_bodies))
def test_any_wayback_answer_is_a_snapshot_or_a_reported_url(
    server: RawServer, answer: RawAnswer
) -> None:
    server.serve(answer)
    report = StepReport("archive")
    url = "https://gone.example/"
    out = refresh_archive({url: DEAD}, {}, context(server.base), report)
    assert readable("archive", out)
    if url not in out:
        assert report.failures or report.stopped
