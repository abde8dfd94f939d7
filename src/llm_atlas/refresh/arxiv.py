"""Paper metadata from the arXiv API (`GET {base}/query?id_list=…`, an Atom feed).

Takes arXiv ids (any written form `naming.arxiv_id` reads: `2106.09685`, `arXiv:2106.09685v2`,
an abs or pdf URL, a DOI, old-style `hep-th/9901001`); gives per id the title, authors,
first-version and latest-version dates and the latest version. Ids are asked in batches,
`Context.arxiv_interval` seconds apart, as arXiv asks.

The answer is outside input: a DTD is refused (no entity expansion), the XML may nest at most
MAX_XML_DEPTH elements, and an entry with a malformed field (a date that is not one, a title
or author list past the limits of `llm_atlas.facts`) is that id's failure, not the batch's.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import requests

from llm_atlas.bounded import LimitError, bounded_text, iso_day
from llm_atlas.facts import MAX_AUTHORS, MAX_TEXT
from llm_atlas.naming import arxiv_id, arxiv_version
from llm_atlas.problems import AtlasError
from llm_atlas.refresh.http import Answer, describe_wait, fetch, make_session, retry_wait
from llm_atlas.refresh.step import Context, StepReport

API = "arxiv"
BATCH = 200  # ids per call: the shipped catalog is one call (arXiv asks for 3 s between calls)
_ATOM = "{http://www.w3.org/2005/Atom}"
MAX_XML_DEPTH = 32  # an Atom feed nests 4 elements
MAX_ID = 200  # characters of an id as written by a user or in an answer


def parse_arxiv_id(text: str) -> str:
    """Return the bare id (no version) of any written form (`naming.arxiv_id`), or raise a
    usage error."""
    found = arxiv_id(text) if len(text) <= MAX_ID else None
    if found is None:
        raise AtlasError(
            f"--arxiv {text!r}: not an arXiv id; give e.g. 2106.09685, arXiv:2106.09685v2 "
            "or https://arxiv.org/abs/2106.09685",
            exit_code=2,
        )
    return found


@dataclass(frozen=True)
class Batch:
    """The records found for a batch of ids, or why the batch failed."""

    records: dict[str, dict[str, Any]]
    error: str = ""
    stop: bool = False
    bad: dict[str, str] = field(default_factory=dict)  # id → why its entry was malformed


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
        ctx.count(API, answer.status, answer.unreached)
        wait = retry_wait(answer)
        if wait is None:
            break
        if wait > ctx.max_wait:
            return Batch({}, f"arXiv asks to wait {describe_wait(wait)}", stop=True)
        ctx.sleep(wait)
    if answer.status != 200:
        return Batch({}, answer.describe())
    try:
        batch = parse_feed(answer, ctx.today)
    except (ET.ParseError, LimitError) as exc:
        return Batch({}, f"malformed answer from arXiv ({_short(str(exc))})")
    asked = set(ids)
    return Batch(
        {k: v for k, v in batch.records.items() if k in asked},
        bad={k: v for k, v in batch.bad.items() if k in asked},
    )


def parse_feed(answer: Answer, today: str) -> Batch:
    """Return id → record for every paper in an Atom answer (error entries are left out), and
    id → reason for every entry that is malformed; raise ParseError for a malformed feed."""
    root = _parse_xml(answer.body)
    if root.tag != f"{_ATOM}feed":
        raise ET.ParseError(f"expected an Atom feed, got <{_short(root.tag)}>")
    out: dict[str, dict[str, Any]] = {}
    bad: dict[str, str] = {}
    for entry in root.iter(f"{_ATOM}entry"):
        link = _text(entry, "id").strip()
        found = arxiv_version(link) if len(link) <= MAX_ID else None
        if found is None:  # arXiv's error entries have an id under arxiv.org/api/errors
            continue
        arxiv, version = found
        try:
            record = _record(entry, today, version)
        except (TypeError, ValueError) as exc:
            bad[arxiv] = f"malformed entry ({_short(str(exc))})"
            continue
        if record is not None:
            out[arxiv] = record
    return Batch(out, bad=bad)


def _record(entry: ET.Element, today: str, version: str | None) -> dict[str, Any] | None:
    """Return the record of one Atom entry, None for an id arXiv does not know."""
    published = _text(entry, "published").strip()
    updated = _text(entry, "updated").strip()
    title = " ".join(bounded_text(_text(entry, "title"), MAX_TEXT).split())
    if not published and not title:
        return None  # an id arXiv does not know comes back as an empty entry
    found = entry.findall(f"{_ATOM}author")
    if len(found) > MAX_AUTHORS:
        raise LimitError(f"{len(found):,} authors, more than {MAX_AUTHORS:,}")
    authors = [" ".join(bounded_text(_text(a, "name"), MAX_TEXT).split()) for a in found]
    return {
        "state": "ok",
        "checked": today,
        "title": title,
        "authors": [a for a in authors if a],
        "published": _day(published, "published"),
        "updated": _day(updated, "updated"),
        "version": version,
    }


def _text(element: ET.Element, name: str) -> str:
    return element.findtext(f"{_ATOM}{name}") or ""


def _day(text: str, name: str) -> str | None:
    try:
        return iso_day(text) if text else None
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from exc


def _parse_xml(body: bytes) -> ET.Element:
    """Parse BODY with no DTD and at most MAX_XML_DEPTH nested elements, or raise ParseError."""
    if b"<!DOCTYPE" in body or b"<!ENTITY" in body:
        raise ET.ParseError("the answer declares a DTD; refused (entities could expand it)")
    parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
    depth = 0
    root: ET.Element | None = None
    for start in range(0, len(body), 64 * 1024):
        parser.feed(body[start : start + 64 * 1024])
        for event, element in parser.read_events():  # type: ignore[misc]  # start/end only
            depth += 1 if event == "start" else -1
            if depth > MAX_XML_DEPTH:
                raise ET.ParseError(f"elements nested deeper than {MAX_XML_DEPTH}")
            if isinstance(element, ET.Element):
                root = element
    parser.close()  # raises ParseError for an unfinished document
    if root is None:
        raise ET.ParseError("no root element")
    return root


def _short(text: str) -> str:
    return text if len(text) <= 200 else f"{text[:197]}..."


def fetch_papers(ids: list[str], ctx: Context, report: StepReport | None = None) -> Batch:
    """Ask arXiv about IDS in batches; return every record found (and the first error)."""
    records: dict[str, dict[str, Any]] = {}
    bad: dict[str, str] = {}
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
            bad.update(batch.bad)
            if report is not None:
                report.failures += [f"arXiv {i}: {why}" for i, why in sorted(batch.bad.items())]
            if batch.error:
                errors.append(batch.error)
                if report is not None:
                    report.failures += [f"arXiv {i}: {batch.error}" for i in chunk]
            if batch.stop:
                if report is not None:
                    report.stopped = batch.error
                break
    return Batch(records, errors[0] if errors else "", bad=bad)


SHOWN_AUTHORS = 5  # longer author lists are written as the first five and 'et al.'


def paper_fields(kind: str, text: str, ctx: Context) -> dict[str, Any]:
    """Return the catalog fields of the arXiv paper TEXT names: arxiv, title, authors, year, url.

    For `llm-atlas new paper --arxiv ID`; raise a clear error when arXiv cannot say (exit 2
    when no request reached it)."""
    if kind != "paper":
        raise AtlasError(f"--arxiv is for papers, not for a {kind}", exit_code=2)
    arxiv = parse_arxiv_id(text)
    batch = fetch_papers([arxiv], ctx)
    record = batch.records.get(arxiv)
    if record is None and ctx.unreached(API):
        # No request reached a server: no network, not a verdict on the id. Exit 2, as refresh,
        # check-links and fix-links do then.
        raise AtlasError(
            f"--arxiv {text}: the arXiv API could not be reached ({batch.error}); nothing "
            "written: give --title, --author, --year and --url yourself (with all four, --arxiv "
            "asks arXiv nothing), or check the connection (or a proxy) and run again",
            exit_code=2,
        )
    if record is None:
        reason = (
            f"cannot ask the arXiv API ({batch.error})"
            if batch.error
            else f"arXiv's answer is unusable: {batch.bad[arxiv]}"
            if arxiv in batch.bad
            else "arXiv has no paper with this id"
        )
        raise AtlasError(
            f"--arxiv {text}: {reason}; check the id, or give --title, --author, --year and "
            "--url yourself (with all four, --arxiv asks arXiv nothing)"
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
