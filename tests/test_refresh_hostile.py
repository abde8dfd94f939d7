"""The API clients against answers a broken or hostile server sends: each is one item's problem.

Regression cases of issue #19 (a far-off rate-limit reset, deeply nested JSON, a date that is not
one) and their neighbours (a gzip bomb, a DTD with entities, deep XML, huge numbers), served raw on
loopback. Every case ends in a clear line for the item, never a traceback, and what is kept is
what the data reader accepts.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from raw_answer import RawAnswer, RawServer, raw_server

from llm_atlas.problems import AtlasError
from llm_atlas.refresh.arxiv import fetch_papers, paper_fields
from llm_atlas.refresh.github import refresh_repos
from llm_atlas.refresh.step import Context, StepReport
from llm_atlas.refresh.wayback import refresh_archive

TODAY = "2026-12-06"
OLD_REPO = {"state": "ok", "checked": "2026-11-29", "stars": 5, "forks": 1, "archived": False}
FAR = (b"X-RateLimit-Remaining", b"0"), (b"X-RateLimit-Reset", b"9" * 40)
JSON = (b"Content-Type", b"application/json")


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with raw_server() as running:
        yield running


def context(base: str) -> Context:
    return Context(
        today=TODAY,
        github_api=base,
        arxiv_api=base,
        wayback_api=base,
        timeout=5.0,
        sleep=lambda seconds: None,
    )


def repo_body(**changes: Any) -> bytes:
    data = {"full_name": "a/b", "stargazers_count": 3, "forks_count": 1, "pushed_at": None}
    return json.dumps({**data, **changes}).encode()


def atom(*entries: str) -> bytes:
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        + "".join(f"<entry>{e}</entry>" for e in entries)
        + "</feed>"
    ).encode()


def paper(arxiv: str, published: str) -> str:
    return (
        f"<id>http://arxiv.org/abs/{arxiv}v1</id><published>{published}</published>"
        f"<updated>{published}</updated><title>T</title><author><name>A B</name></author>"
    )


BOMB = gzip.compress(b"0" * (64 * 1024 * 1024))  # 64 MiB of zeros in about 64 KiB
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(8))
    + b']><feed xmlns="http://www.w3.org/2005/Atom"><title>&i;</title></feed>'
)

# (answer, what the repository's failure or the step's stop says)
GITHUB_CASES = [
    (RawAnswer(403, list(FAR), b"{}"), "stopped: GitHub rate limit for more than a year"),
    (RawAnswer(200, [JSON], b"[" * 100_000), "nested 100000 levels deep, more than the 64"),
    (RawAnswer(200, [JSON], repo_body(pushed_at="yesterday")), "pushed_at: expected a date"),
    (RawAnswer(200, [JSON], repo_body(pushed_at="2026-13-45")), "pushed_at: month must be"),
    (RawAnswer(200, [JSON], b'{"full_name": "a/b", "stargazers_count": 1e400}'), "got inf"),
    (RawAnswer(200, [JSON], b'{"stargazers_count": ' + b"9" * 5000 + b"}"), "integer string"),
    (RawAnswer(200, [JSON], b'{"a": NaN}'), "NaN is not JSON"),
    (RawAnswer(200, [JSON], b"\xff\xfe{}"), "can't decode byte 0xff"),
    (RawAnswer(200, [JSON], repo_body(full_name="../../x")), "is not owner/name"),
    (RawAnswer(200, [JSON, (b"Content-Encoding", b"gzip")], BOMB), "answer larger than"),
    (RawAnswer(200, [JSON], repo_body(language="x" * 300)), "text of 300 characters"),
    (RawAnswer(200, [JSON], repo_body(language="\ud800")), "unpaired UTF-16 surrogate"),
]


@pytest.mark.parametrize(("answer", "told"), GITHUB_CASES)
def test_a_hostile_github_answer_is_that_repository_s_problem(
    server: RawServer, answer: RawAnswer, told: str
) -> None:
    server.serve(answer)
    report = StepReport("repos")
    out = refresh_repos(["a/b"], {"a/b": dict(OLD_REPO)}, context(server.base), report)
    assert out == {"a/b": OLD_REPO}  # the last verdict and its day are kept
    said = [*report.failures, f"stopped: {report.stopped}"]
    assert any(told in line for line in said), said


@pytest.mark.parametrize(
    ("etag", "kept"),
    [(b'W/"abc"', 'W/"abc"'), (b'"' + b"e" * 5000 + b'"', None), (b'"a"\x7f', None)],
)
def test_only_a_well_formed_etag_is_stored(server: RawServer, etag: bytes, kept: str) -> None:
    server.serve(RawAnswer(200, [JSON, (b"ETag", etag)], repo_body()))
    out = refresh_repos(["a/b"], {}, context(server.base), StepReport("repos"))
    assert out["a/b"].get("etag") == kept


ARXIV_CASES = [
    (RawAnswer(503, [(b"Retry-After", b"9" * 400)], b""), "arXiv asks to wait more than a year"),
    (RawAnswer(200, [], atom(paper("2106.09685", "soon"))), "published: expected a date"),
    (RawAnswer(200, [], LAUGHS), "declares a DTD; refused"),
    (RawAnswer(200, [], b"<feed>" + b"<a>" * 5000), "elements nested deeper than 32"),
    (RawAnswer(200, [], b"\xff\xfe<feed/>"), "malformed answer from arXiv"),
    (RawAnswer(200, [], atom(paper("2106.09685", "2021-06-17") * 2 + "<x>" * 40)), "nested"),
]


@pytest.mark.parametrize(("answer", "told"), ARXIV_CASES)
def test_a_hostile_arxiv_answer_is_a_clear_failure(
    server: RawServer, answer: RawAnswer, told: str
) -> None:
    server.serve(answer)
    report = StepReport("papers")
    batch = fetch_papers(["2106.09685"], context(server.base), report)
    assert batch.records == {}
    assert len(report.failures) == 1 and report.failures[0].startswith("arXiv 2106.09685: ")
    assert told in report.failures[0], report.failures
    with pytest.raises(AtlasError) as caught:  # `new paper --arxiv`: a clear error, no traceback
        paper_fields("paper", "2106.09685", context(server.base))
    assert caught.value.message.startswith("--arxiv 2106.09685: ")
    assert "give --title, --author, --year and --url yourself" in caught.value.message


def test_one_malformed_arxiv_entry_spares_the_others(server: RawServer) -> None:
    one, two = "2101.00001", "2101.00002"
    server.serve(RawAnswer(200, [], atom(paper(one, "soon"), paper(two, "2021-06-17"))))
    report = StepReport("papers")
    batch = fetch_papers([one, two], context(server.base), report)
    assert list(batch.records) == [two] and batch.records[two]["published"] == "2021-06-17"
    assert report.failures == [
        f"arXiv {one}: malformed entry (published: expected a date like 2026-12-06, got 'soon')"
    ]


def test_an_arxiv_answer_about_ids_nobody_asked_for_is_ignored(server: RawServer) -> None:
    server.serve(RawAnswer(200, [], atom(*(paper(f"9{i}", "2021-06-17") for i in range(50)))))
    batch = fetch_papers(["2106.09685"], context(server.base), StepReport("papers"))
    assert batch.records == {} and batch.bad == {}


DEAD_LINK = {"status": "broken", "failures": 2, "last_good": "2026-01-02", "checked": TODAY}


def snapshot(url: str, stamp: str) -> bytes:
    closest = {"available": True, "url": url, "timestamp": stamp}
    return json.dumps({"archived_snapshots": {"closest": closest}}).encode()


WAYBACK_CASES = [
    (RawAnswer(429, [(b"Retry-After", b"9" * 400)], b""), "stopped: the Wayback Machine asks"),
    (RawAnswer(200, [JSON], b"{" * 70 + b"}" * 70), "nested 70 levels deep"),
    (
        RawAnswer(200, [JSON], snapshot("https://web.archive.org/x", "2021xx")),
        "timestamp '2021xx' is not YYYYMMDDhhmmss",
    ),
    (
        RawAnswer(200, [JSON], snapshot("javascript:alert(1)", "20210101")),
        "snapshot url 'javascript:alert(1)'",
    ),
    (RawAnswer(200, [JSON], snapshot("https://w.org/x", "20211345")), "month must be in 1..12"),
]


@pytest.mark.parametrize(("answer", "told"), WAYBACK_CASES)
def test_a_hostile_wayback_answer_is_that_url_s_problem(
    server: RawServer, answer: RawAnswer, told: str
) -> None:
    server.serve(answer)
    report = StepReport("archive")
    links = {"https://gone.example/": DEAD_LINK}
    assert refresh_archive(links, {}, context(server.base), report) == {}
    said = [*report.failures, f"stopped: {report.stopped}"]
    assert any(told in line for line in said), said
