"""The health page's view of the facts: counts per link status, a bar chart, what needs a look.

Takes a `Catalog` and its `Facts`; gives a `Health` record for templates/health.md.j2 (plain data,
no I/O): counts per status with the geometry of a small inline SVG bar chart, the URLs checked
longest ago (never-checked ones first), dead links, archived / moved / missing repositories and
paper metadata mismatches. It also counts what was judged (links with a verdict, repositories and
papers the APIs described), so the page says "not checked" where nothing was, never "no broken
links" or "every paper agrees" for work nobody did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from llm_atlas.catalog import Catalog
from llm_atlas.facts import Facts, LinkFact, Mismatch, RepoFact, github_repo
from llm_atlas.models import Entry

# Each link status (and "unchecked": never checked) → its label's key in render/messages.
STATUS_LABELS = {
    status: f"health.status_{status}"
    for status in (
        *("ok", "redirected", "blocked", "timeout", "broken", "missing-anchor", "skipped"),
        "unchecked",
    )
}
OLDEST_SIZE = 10
CHART_WIDTH = 320  # the longest bar, in SVG units
BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 110


@dataclass(frozen=True, slots=True)
class Bar:
    status: str
    label: str
    count: int
    y: int
    width: int


@dataclass(frozen=True, slots=True)
class UrlRow:
    url: str
    link: LinkFact | None
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class RepoRow:
    repo: RepoFact
    entries: list[Entry]


@dataclass(frozen=True, slots=True)
class PaperRow:
    entry: Entry
    mismatches: tuple[Mismatch, ...]


@dataclass(frozen=True)
class Health:
    urls: int
    bars: list[Bar]
    chart_height: int
    chart_width: int
    oldest: list[UrlRow]
    dead: list[UrlRow]
    archived: list[RepoRow]
    moved: list[RepoRow]
    missing: list[RepoRow]
    papers: list[PaperRow]
    checked: str | None  # the latest check day in the data
    archive: dict[str, str | None] = field(default_factory=dict)  # dead URL → snapshot
    judged: int = 0  # URLs with a verdict (not skipped, not unchecked)
    repos_checked: int = 0  # repositories GitHub described
    papers_cited: int = 0  # entries with an arXiv id
    papers_checked: int = 0  # of those, the ones arXiv described


def url_entries(catalog: Catalog) -> dict[str, list[Entry]]:
    """Return every URL of the catalog → the entries that link to it, in catalog order."""
    out: dict[str, list[Entry]] = {}
    for entry in catalog.entries.values():
        for url in dict.fromkeys(url for _, url in entry.urls()):  # an entry once per URL
            out.setdefault(url, []).append(entry)
    return out


def health_summary(catalog: Catalog, facts: Facts) -> Health:
    """Return the health page's data."""
    by_url = url_entries(catalog)
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for url in by_url:
        link = facts.links.get(url)
        counts[link.status if link is not None and link.status in counts else "unchecked"] += 1
    top = max(counts.values(), default=0) or 1
    bars = [
        Bar(
            status,
            STATUS_LABELS[status],
            n,
            i * (BAR_HEIGHT + BAR_GAP),
            max(1, round(n / top * CHART_WIDTH)) if n else 0,
        )
        for i, (status, n) in enumerate(counts.items())
    ]
    rows = [UrlRow(url, facts.links.get(url), entries) for url, entries in by_url.items()]
    oldest = sorted(rows, key=lambda r: (r.link is not None, r.link.checked if r.link else ""))
    dead = [r for r in rows if r.link is not None and r.link.dead]
    repos: dict[str, list[Entry]] = {}
    for entry in catalog.entries.values():
        names = {github_repo(where) for where in (entry.url, entry.code) if where}
        for name in sorted(n for n in names if n is not None and n in facts.repos):
            repos.setdefault(name, []).append(entry)
    repo_rows = [RepoRow(facts.repos[name], entries) for name, entries in sorted(repos.items())]
    papers = [
        PaperRow(entry, found.mismatches)
        for entry in catalog.entries.values()
        if (found := facts.entry(entry)).mismatches
    ]
    cited = [p for e in catalog.entries.values() if (p := getattr(e, "arxiv", None))]
    days = [r.checked for kind in (facts.links, facts.repos, facts.papers) for r in kind.values()]
    return Health(
        urls=len(by_url),
        bars=bars,
        chart_height=len(bars) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP,
        chart_width=LABEL_WIDTH + CHART_WIDTH + 60,
        oldest=oldest[:OLDEST_SIZE],
        dead=dead,
        archived=[r for r in repo_rows if r.repo.state == "ok" and r.repo.archived],
        moved=[r for r in repo_rows if r.repo.state == "ok" and r.repo.moved_to],
        missing=[r for r in repo_rows if r.repo.state == "missing"],
        papers=papers,
        checked=max(days) if days else None,
        archive={
            r.url: (a.snapshot if (a := facts.archive.get(r.url)) is not None else None)
            for r in dead
        },
        judged=len(by_url) - counts["skipped"] - counts["unchecked"],
        repos_checked=sum(r.repo.state == "ok" for r in repo_rows),
        papers_cited=len(cited),
        papers_checked=sum(
            (p := facts.papers.get(arxiv)) is not None and p.state == "ok" for arxiv in cited
        ),
    )
