"""Tests of the refresh clients' small parts: rate-limit waits, arXiv ids and feeds, data files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from refresh_fixture import Paper, atom_feed

from llm_atlas.problems import AtlasError
from llm_atlas.refresh.arxiv import parse_arxiv_id, parse_feed
from llm_atlas.refresh.http import Answer, retry_wait
from llm_atlas.refresh.store import dump_items, load_items, save_items

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("status", "headers", "wait"),
    [
        (200, {}, None),
        (403, {}, None),  # a plain 403 (no access) is no rate limit
        (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 30)}, 30.0),
        (429, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(NOW) - 5)}, 0.0),
        (403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "soon"}, 60.0),
        (403, {"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": str(int(NOW) + 30)}, None),
        (429, {"Retry-After": "12"}, 12.0),
        (503, {"Retry-After": "7"}, 7.0),
        (503, {"Retry-After": "²"}, 60.0),
        (503, {"Retry-After": "Thu, 15 Jan 2027 08:00:10 GMT"}, 10.0),
        (503, {}, None),
        (200, {"Retry-After": "5"}, None),
    ],
)
def test_retry_wait(status: int, headers: dict[str, str], wait: float | None) -> None:
    # 1800000000 is 2027-01-15 08:00:00 UTC
    assert retry_wait(Answer(status, headers), NOW) == wait


@pytest.mark.parametrize(
    ("text", "arxiv"),
    [
        ("2106.09685", "2106.09685"),
        ("2106.09685v2", "2106.09685"),
        ("arXiv:2106.09685v2", "2106.09685"),
        ("ARXIV:2106.09685", "2106.09685"),
        (" https://arxiv.org/abs/2106.09685v1 ", "2106.09685"),
        ("https://arxiv.org/pdf/2106.09685.pdf", "2106.09685"),
        ("https://arxiv.org/pdf/2106.09685v3", "2106.09685"),
        ("http://export.arxiv.org/abs/2106.09685", "2106.09685"),
        ("https://www.arxiv.org/html/2106.09685v2/", "2106.09685"),
        ("hep-th/9901001", "hep-th/9901001"),
        ("math.GT/0309136v1", "math.GT/0309136"),
        ("https://arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("HEP-TH/9901001V2", "hep-th/9901001"),
        ("10.48550/arXiv.2106.09685", "2106.09685"),
        ("https://doi.org/10.48550/arXiv.2106.09685", "2106.09685"),
        ("https://arxiv.org/abs/2106.09685v2?context=cs#S3", "2106.09685"),
    ],
)
def test_parse_arxiv_id(text: str, arxiv: str) -> None:
    assert parse_arxiv_id(text) == arxiv


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2106",
        "lora",
        "https://example.com/abs/2106.09685",
        "\u0662106.09685",  # Arabic-Indic digits: not an id arXiv knows
        "\u017fe/9901001",  # 'ſ' folds to 's' in a case-blind match, yet the catalog refuses it
    ],
)
def test_parse_arxiv_id_refuses(text: str) -> None:
    with pytest.raises(AtlasError, match="not an arXiv id; give e.g. 2106.09685") as info:
        parse_arxiv_id(text)
    assert info.value.exit_code == 2


def test_parse_feed_reads_what_arxiv_sends() -> None:
    paper = Paper(
        "A  title\n  on two lines",
        ["Ada  Lovelace", "Alan Turing"],
        "2023-01-02T03:04:05Z",
        "2023-02-03T00:00:00Z",
        3,
    )
    body = atom_feed(["2301.00001", "2301.99999"], {"2301.00001": paper}).encode()
    assert parse_feed(Answer(200, {}, body), "2026-12-01").records == {
        "2301.00001": {
            "state": "ok",
            "checked": "2026-12-01",
            "title": "A title on two lines",
            "authors": ["Ada Lovelace", "Alan Turing"],
            "published": "2023-01-02",
            "updated": "2023-02-03",
            "version": "v3",
        }
    }


def test_parse_feed_skips_arxiv_error_entries() -> None:
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
        b"<id>http://arxiv.org/api/errors#incorrect_id_format_for_lora</id>"
        b"<title>Error</title><summary>incorrect id format for lora</summary></entry></feed>"
    )
    assert parse_feed(Answer(200, {}, body), "2026-12-01").records == {}


def test_store_round_trip_is_sorted_and_stable(tmp_path: Path) -> None:
    items = {"b": {"z": 1, "a": [2, 1]}, "a": {"k": "中文"}}
    assert save_items(tmp_path, "repos", items) is True
    text = (tmp_path / "repos.json").read_text(encoding="utf-8")
    assert text == dump_items("repos", items)
    assert text.index('"a": {') < text.index('"b": {') and "中文" in text
    assert json.loads(text)["items"] == items
    assert load_items(tmp_path, "repos") == items
    assert save_items(tmp_path, "repos", dict(reversed(items.items()))) is False
    # An editor's BOM and CRLF line ends are read; the file is written back as refresh writes it.
    (tmp_path / "repos.json").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert load_items(tmp_path, "repos") == items
    assert [p.name for p in tmp_path.iterdir()] == ["repos.json"]
