"""Machine-readable exports of the catalog: catalog.json, papers.bib, catalog.csv and the feeds.

Each function takes a `Catalog` and gives the file's text; `render_exports` maps file names to text.
The shape of catalog.json is a stable API, documented in docs/api.md (bump API_VERSION on change).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from email.utils import format_datetime
from typing import Any

import jinja2

from llm_atlas.catalog import Catalog
from llm_atlas.facts import EntryFacts, Facts
from llm_atlas.models import KIND_TITLES, KINDS, Entry, Paper, entry_to_dict
from llm_atlas.render.escape import bib_names, bib_text, csv_cell
from llm_atlas.render.views import added_key

API_VERSION = 1
FEED_SIZE = 50
CSV_FIELDS = (
    "id",
    "kind",
    "title",
    "title_en",
    "status",
    "url",
    "code",
    "lang",
    "year",
    "topics",
    "tags",
    "authors",
    "series",
    "part",
    "added",
    "description",
)
# Columns added after CSV_FIELDS when the render has facts (a data folder); see docs/api.md.
CSV_FACT_FIELDS = (
    "link_status",
    "link_checked",
    "archived_copy",
    "stars",
    "last_push",
    "repo_archived",
    "paper_check",
)


def entry_page(entry_id: str) -> str:
    """Return the site-relative URL of an entry's page."""
    return f"entries/{entry_id}/"


def entry_data(catalog: Catalog, entry: Entry, facts: Facts | None = None) -> dict[str, Any]:
    """Return ENTRY's record in catalog.json (with `link`, `repo` and `paper_check` from FACTS
    when known)."""
    data = entry_to_dict(entry)
    data["status"] = entry.status
    data["page"] = entry_page(entry.id)
    data["related_all"] = catalog.related.get(entry.id, [])
    if facts:
        data.update(facts_data(facts.entry(entry)))
    return data


def facts_data(found: EntryFacts) -> dict[str, Any]:
    """Return the catalog.json fields of what refresh found about an entry (docs/api.md)."""
    out: dict[str, Any] = {}
    if found.link is not None:
        link = found.link
        out["link"] = {
            "status": link.status,
            "http_status": link.http_status,
            "final_url": link.final_url,
            "checked": link.checked,
            "last_good": link.last_good,
            "failures": link.failures,
            "archived_copy": found.archive.snapshot if found.archive is not None else None,
        }
    if found.repo is not None:
        repo = found.repo
        out["repo"] = {
            "name": repo.repo,
            "state": repo.state,
            "stars": repo.stars,
            "forks": repo.forks,
            "pushed": repo.pushed,
            "archived": repo.archived,
            "license": repo.license,
            "language": repo.language,
            "moved_to": repo.moved_to,
            "checked": repo.checked,
        }
    if found.paper is not None:
        paper = found.paper
        out["paper_check"] = {
            "state": "mismatch" if found.mismatches else paper.state,
            "version": paper.version,
            "published": paper.published,
            "checked": paper.checked,
            "mismatches": [
                {"field": m.field, "catalog": m.catalog, "arxiv": m.arxiv} for m in found.mismatches
            ],
        }
    return out


def catalog_data(catalog: Catalog) -> dict[str, Any]:
    """Return the catalog.json document."""
    doc = _catalog_head(catalog)
    doc["entries"] = [entry_data(catalog, e) for e in catalog.entries.values()]
    return doc


def _catalog_head(catalog: Catalog) -> dict[str, Any]:
    """Return catalog.json without its entries (which come last)."""
    topics = [
        {
            **topic.model_dump(mode="json"),
            "page": f"topics/{topic.id}/",
            "children": catalog.children.get(topic.id, []),
            "entries": [e.id for e in catalog.by_topic.get(topic.id, [])],
        }
        for topic in catalog.topics.values()
    ]
    return {
        "api_version": API_VERSION,
        "counts": {
            "entries": len(catalog.entries),
            "topics": len(topics),
            "kinds": {k: len(catalog.by_kind.get(k, [])) for k in KINDS},
        },
        "kinds": [
            {"id": k, "title": KIND_TITLES[k][0], "title_en": KIND_TITLES[k][1]} for k in KINDS
        ],
        "topics": topics,
    }


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_catalog_json(catalog: Catalog, facts: Facts | None = None) -> str:
    """Return catalog.json: the same text as dumping `catalog_data`."""
    head = _json({**_catalog_head(catalog), "entries": []})
    records = [_json(entry_data(catalog, e, facts)) for e in catalog.entries.values()]
    return f"{head[:-2]}{','.join(records)}]}}\n"


def render_bibtex(catalog: Catalog) -> str:
    """Return a BibTeX entry for every paper (key = entry id)."""
    papers = [e for e in catalog.by_kind.get("paper", []) if isinstance(e, Paper)]
    return "\n".join(bib_record(e) for e in papers)


def bib_record(entry: Paper) -> str:
    """Return the BibTeX record of a paper, as papers.bib and its entry page show it."""
    fields: list[tuple[str, str]] = [("title", "{" + bib_text(entry.title_en or entry.title) + "}")]
    authors = bib_names(entry.authors)
    if authors:
        fields.append(("author", authors))
    if entry.year:
        fields.append(("year", str(entry.year)))
    if entry.venue:
        fields.append(("booktitle", bib_text(entry.venue)))
    if entry.arxiv:
        fields += [("eprint", entry.arxiv), ("archiveprefix", "arXiv")]
    if entry.url:
        fields.append(("url", bib_text(entry.url)))
    kind = "inproceedings" if entry.venue else "misc"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{entry.id},\n{body}\n}}\n"


def render_csv(catalog: Catalog, facts: Facts | None = None) -> str:
    """Return one CSV row per entry (lists joined with '; '); with FACTS, CSV_FACT_FIELDS too."""
    if facts:
        rows = [_csv_row(e, _csv_facts(facts.entry(e))) for e in catalog.entries.values()]
        return _csv_line(CSV_FIELDS + CSV_FACT_FIELDS) + "".join(rows)
    rows = [_csv_row(e) for e in catalog.entries.values()]
    return _csv_line(CSV_FIELDS) + "".join(rows)


def _csv_facts(found: EntryFacts) -> list[str]:
    link, repo, paper = found.link, found.repo, found.paper
    check = ("mismatch" if found.mismatches else paper.state) if paper is not None else ""
    return [
        link.status if link is not None else "",
        link.checked if link is not None else "",
        (found.archive.snapshot or "") if found.archive is not None else "",
        str(repo.stars) if repo is not None and repo.stars is not None else "",
        (repo.pushed or "") if repo is not None else "",
        ("true" if repo.archived else "false") if repo is not None else "",
        check,
    ]


def _csv_row(entry: Entry, extra: Sequence[str] = ()) -> str:
    row = []
    for name in CSV_FIELDS:
        value = getattr(entry, name, None)
        if isinstance(value, list):
            value = "; ".join(value)
        row.append("" if value is None else str(value))
    return _csv_line([*row, *extra])


def _csv_line(values: Sequence[str]) -> str:
    out = io.StringIO()
    # Records end in CRLF (RFC 4180): the writer then quotes a cell holding a lone CR, which a
    # spreadsheet would otherwise read as the end of the row.
    csv.writer(out, lineterminator="\r\n").writerow([csv_cell(v) for v in values])
    return out.getvalue()


def feed_entries(catalog: Catalog) -> list[Entry]:
    """Return the newest published entries with an `added` date, newest first."""
    dated = [e for e in catalog.entries.values() if e.added and e.url and e.status == "published"]
    return sorted(dated, key=added_key, reverse=True)[:FEED_SIZE]


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def render_rss(catalog: Catalog, env: jinja2.Environment, site_name: str, site_url: str) -> str:
    """Return an RSS 2.0 feed of the newest entries."""
    items = [(entry, format_datetime(_stamp(added_key(entry)))) for entry in feed_entries(catalog)]
    template = env.get_template("feed.xml.j2")
    return template.render(items=items, site_name=site_name, site_url=site_url)


def render_json_feed(
    catalog: Catalog, site_name: str, site_url: str, language: str = "zh-CN"
) -> str:
    """Return a JSON Feed 1.1 of the newest entries, in LANGUAGE (a BCP 47 tag)."""
    items = []
    for entry in feed_entries(catalog):
        item: dict[str, Any] = {
            "id": f"llm-atlas:{entry.id}",
            "url": entry.url,
            "title": entry.title,
            "content_text": entry.description or entry.title_en or entry.title,
            "date_published": _stamp(added_key(entry)).isoformat(),
            "tags": entry.tags,
        }
        if entry.authors:
            item["authors"] = [{"name": a} for a in entry.authors]
        items.append(item)
    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": site_name,
        "language": language,
        "items": items,
    }
    if site_url.startswith("http"):
        feed["home_page_url"] = site_url
        feed["feed_url"] = site_url.rstrip("/") + "/feed.json"
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def feed_language(env: jinja2.Environment) -> str:
    """Return the feeds' language: the site's message catalog's (`t`), else Chinese."""
    words = env.globals.get("t")
    return str(words("feed.language")) if callable(words) else "zh-CN"


def render_exports(
    catalog: Catalog,
    env: jinja2.Environment,
    site_name: str,
    site_url: str,
    facts: Facts | None = None,
) -> dict[str, str]:
    """Return export file name → text (FACTS: what `refresh` gathered, when there is a data
    folder)."""
    return {
        "catalog.json": render_catalog_json(catalog, facts),
        "papers.bib": render_bibtex(catalog),
        "catalog.csv": render_csv(catalog, facts),
        "feed.xml": render_rss(catalog, env, site_name, site_url),
        "feed.json": render_json_feed(catalog, site_name, site_url, feed_language(env)),
    }
