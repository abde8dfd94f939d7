"""The papers step: arXiv metadata for every paper with an `arxiv` id, checked against the catalog.

Takes the catalog and the stored records; gives updated records and one warning per differing
field (title, authors, year) at the catalog's file:line. The catalog is never rewritten.
"""

from __future__ import annotations

from llm_atlas.catalog import Catalog
from llm_atlas.facts_model import PaperFact, paper_mismatches
from llm_atlas.models import Entry
from llm_atlas.problems import Problem
from llm_atlas.refresh.arxiv import fetch_papers
from llm_atlas.refresh.step import Context, StepReport
from llm_atlas.refresh.store import Items


def catalog_papers(catalog: Catalog) -> dict[str, list[Entry]]:
    """Return arXiv id → the entries that cite it, in catalog order."""
    out: dict[str, list[Entry]] = {}
    for entry in catalog.entries.values():
        arxiv = getattr(entry, "arxiv", None)
        if arxiv:
            out.setdefault(arxiv, []).append(entry)
    return out


def refresh_papers(catalog: Catalog, items: Items, ctx: Context, report: StepReport) -> Items:
    """Ask arXiv about every cited id; return the new records and warn about mismatches."""
    cited = catalog_papers(catalog)
    ids = sorted(cited)
    report.items = len(ids)
    batch = fetch_papers(ids, ctx, report)
    failed = {f.split(":", 1)[0].removeprefix("arXiv ") for f in report.failures}
    out: Items = {}
    for arxiv in ids:
        if arxiv in batch.records:
            out[arxiv] = batch.records[arxiv]
        elif arxiv in failed or report.stopped:
            if arxiv in items:
                out[arxiv] = items[arxiv]
            continue
        else:
            out[arxiv] = {"state": "missing", "checked": ctx.today}
            if items.get(arxiv, {}).get("state") != "missing":
                report.news.append(f"arXiv does not know {arxiv}")
        report.warnings += mismatch_problems(catalog, cited[arxiv], arxiv, out[arxiv])
    return out


def mismatch_problems(
    catalog: Catalog, entries: list[Entry], arxiv: str, record: dict[str, object]
) -> list[Problem]:
    """Return a warning per catalog field that differs from arXiv's record."""
    authors = record.get("authors")
    fact = PaperFact(
        arxiv,
        str(record.get("state")),
        str(record.get("checked")),
        str(record.get("title") or ""),
        tuple(str(a) for a in authors) if isinstance(authors, list) else (),
        str(record["published"]) if record.get("published") else None,
    )
    problems: list[Problem] = []
    if fact.state == "missing":
        for entry in entries:
            mark = catalog.origins[entry.id].mark("arxiv")
            problems.append(
                _warning(
                    catalog,
                    entry,
                    "arxiv",
                    mark.line,
                    mark.column,
                    f"arXiv does not know {arxiv}: check the id",
                )
            )
        return problems
    for entry in entries:
        origin = catalog.origins[entry.id]
        for miss in paper_mismatches(entry, fact):
            field = "title_en" if miss.field == "title" and entry.title_en else miss.field
            mark = origin.mark(field)
            message = (
                f"arXiv {arxiv} has {miss.arxiv!r}, the catalog {miss.catalog!r}: check it and "
                "edit the catalog if it is wrong (refresh never rewrites it)"
            )
            problems.append(_warning(catalog, entry, miss.field, mark.line, mark.column, message))
    return problems


def _warning(
    catalog: Catalog, entry: Entry, field: str, line: int, column: int, message: str
) -> Problem:
    return Problem(
        catalog.origins[entry.id].path,
        line,
        column,
        "paper-mismatch",
        message,
        entry=entry.id,
        field=field,
        severity="warning",
    )
