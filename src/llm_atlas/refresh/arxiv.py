"""Paper metadata from the arXiv API (`GET {base}/query?id_list=…`, an Atom feed).

Takes arXiv ids (any written form: `2106.09685`, `arXiv:2106.09685v2`, an abs or pdf URL, old-style
`hep-th/9901001`); gives per id the title, authors, first-version and latest-version dates and the
latest version. Ids are asked in batches, `Context.arxiv_interval` seconds apart, as arXiv asks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import requests

from llm_atlas.problems import AtlasError
from llm_atlas.refresh.http import Answer, fetch, make_session, retry_wait
from llm_atlas.refresh.step import Context, StepReport

API = "arxiv"
BATCH = 200  # ids per call: the shipped catalog is one call (arXiv asks for 3 s between calls)
_ATOM = "{http://www.w3.org/2005/Atom}"
_ID = re.compile(
    r"^(?:arxiv:)?(?:https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/)?"
    r"(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})(?P<version>v\d+)?(?:\.pdf)?/?$",
    re.IGNORECASE,
)


def parse_arxiv_id(text: str) -> str:
    """Return the bare id (no version) of any written form, or raise a usage error."""
    match = _ID.match(text.strip())
    if match is None:
        raise AtlasError(
            f"--arxiv {text!r}: not an arXiv id; give e.g. 2106.09685, arXiv:2106.09685v2 "
            "or https://arxiv.org/abs/2106.09685",
            exit_code=2,
        )
    found = match.group("id")
    if "/" not in found:
        return found
    archive, number = found.split("/")
    name, dot, subject = archive.partition(".")
    return f"{name.lower()}{dot}{subject.upper()}/{number}"  # e.g. math.GT/0309136


@dataclass(frozen=True)
class Batch:
    """The records found for a batch of ids, or why the batch failed."""

    records: dict[str, dict[str, Any]]
    error: str = ""
    stop: bool = False


def ask_arxiv(session: requests.Session, ids: list[str], ctx: Context) -> Batch:
    """Ask for IDS in one request (waiting out one 'retry later'); return what came back."""
    wait: float | None = None
    for _ in range(2):
        answer = fetch(
            session,
            f"{ctx.arxiv_api}/query",
            params={"id_list": ",".join(ids), "max_results": len(ids)},
            timeout=ctx.timeout,
        )
        ctx.count(API, answer.status)
        wait = retry_wait(answer)
        if wait is None:
            break
        if wait > ctx.max_wait:
            return Batch({}, f"arXiv asks to wait {wait:.0f} s", stop=True)
        ctx.sleep(wait)
    if answer.status != 200:
        return Batch({}, answer.describe())
    try:
        return Batch(parse_feed(answer, ctx.today))
    except ET.ParseError as exc:
        return Batch({}, f"malformed answer from arXiv ({exc})")


def parse_feed(answer: Answer, today: str) -> dict[str, dict[str, Any]]:
    """Return id → record for every paper in an Atom answer (error entries are left out)."""
    root = ET.fromstring(answer.body)
    if root.tag != f"{_ATOM}feed":
        raise ET.ParseError(f"expected an Atom feed, got <{root.tag}>")
    out: dict[str, dict[str, Any]] = {}
    for entry in root.iter(f"{_ATOM}entry"):
        link = (entry.findtext(f"{_ATOM}id") or "").strip()
        match = re.search(r"arxiv\.org/abs/(.+?)(v\d+)?$", link)
        if match is None:  # arXiv's error entries have an id under arxiv.org/api/errors
            continue
        published = (entry.findtext(f"{_ATOM}published") or "").strip()
        updated = (entry.findtext(f"{_ATOM}updated") or "").strip()
        authors = [
            " ".join((a.findtext(f"{_ATOM}name") or "").split())
            for a in entry.findall(f"{_ATOM}author")
        ]
        if not published and not (entry.findtext(f"{_ATOM}title") or "").strip():
            continue  # an id arXiv does not know comes back as an empty entry
        out[match.group(1)] = {
            "state": "ok",
            "checked": today,
            "title": " ".join((entry.findtext(f"{_ATOM}title") or "").split()),
            "authors": [a for a in authors if a],
            "published": published[:10] or None,
            "updated": updated[:10] or None,
            "version": match.group(2) or None,
        }
    return out


def fetch_papers(ids: list[str], ctx: Context, report: StepReport | None = None) -> Batch:
    """Ask arXiv about IDS in batches; return every record found (and the first error)."""
    records: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    with make_session() as session:
        for start in range(0, len(ids), BATCH):
            if start:
                ctx.sleep(ctx.arxiv_interval)
            chunk = ids[start : start + BATCH]
            batch = ask_arxiv(session, chunk, ctx)
            if report is not None:
                report.asked += 1
            records.update(batch.records)
            if batch.error:
                errors.append(batch.error)
                if report is not None:
                    report.failures += [f"arXiv {i}: {batch.error}" for i in chunk]
            if batch.stop:
                if report is not None:
                    report.stopped = batch.error
                break
    return Batch(records, errors[0] if errors else "")


SHOWN_AUTHORS = 5  # longer author lists are written as the first five and 'et al.'


def paper_fields(kind: str, text: str, ctx: Context) -> dict[str, Any]:
    """Return the catalog fields of the arXiv paper TEXT names: arxiv, title, authors, year, url.

    For `llm-atlas new paper --arxiv ID`; raise a clear error when arXiv cannot say."""
    if kind != "paper":
        raise AtlasError(f"--arxiv is for papers, not for a {kind}", exit_code=2)
    arxiv = parse_arxiv_id(text)
    batch = fetch_papers([arxiv], ctx)
    record = batch.records.get(arxiv)
    if record is None:
        reason = (
            f"cannot ask the arXiv API ({batch.error})"
            if batch.error
            else "arXiv has no paper with this id"
        )
        raise AtlasError(
            f"--arxiv {text}: {reason}; check the id, or give --title, --author, --year and "
            "--url yourself"
        )
    authors: list[str] = record["authors"]
    if len(authors) > SHOWN_AUTHORS + 1:
        authors = [*authors[:SHOWN_AUTHORS], "et al."]
    fields: dict[str, Any] = {"arxiv": arxiv, "url": f"https://arxiv.org/abs/{arxiv}"}
    if record["title"]:
        fields["title"] = record["title"]
    if authors:
        fields["authors"] = authors
    if record["published"]:
        fields["year"] = int(record["published"][:4])
    return fields
