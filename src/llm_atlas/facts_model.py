"""What is known about each catalog entry from the facts `llm-atlas refresh` gathered.

Takes the records read from `data/` (one dataclass per kind: a link check, a repository, an arXiv
paper, a Wayback snapshot) and an `Entry`; gives its `EntryFacts`: the records that concern it,
the differences between the catalog and arXiv, and the discreet mark lists show (dead, archived).
No I/O: reading and checking the data files is `facts`' part.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from llm_atlas.models import Entry

DEAD = frozenset({"broken", "timeout"})
# github.com paths that are not repositories.
_NOT_OWNERS = frozenset(
    [
        "about",
        "apps",
        "collections",
        "features",
        "login",
        "marketplace",
        "orgs",
        "settings",
        "sponsors",
        "topics",
    ]
)
_REPO_PART = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True, slots=True)
class LinkFact:
    """The last check of one URL, its last good day and its consecutive failing runs."""

    url: str
    status: str
    http_status: int | None
    final_url: str | None
    message: str
    checked: str
    last_good: str | None
    failures: int

    @property
    def dead(self) -> bool:
        return self.status in DEAD


@dataclass(frozen=True, slots=True)
class RepoFact:
    """A GitHub repository as the REST API last described it (`state` 'missing' on a 404)."""

    repo: str
    state: str
    checked: str
    stars: int | None = None
    forks: int | None = None
    pushed: str | None = None
    archived: bool = False
    default_branch: str | None = None
    license: str | None = None
    language: str | None = None
    moved_to: str | None = None


@dataclass(frozen=True, slots=True)
class PaperFact:
    """An arXiv paper's metadata (`state` 'missing' when arXiv does not know the id)."""

    arxiv: str
    state: str
    checked: str
    title: str = ""
    authors: tuple[str, ...] = ()
    published: str | None = None
    updated: str | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class ArchiveFact:
    """The Wayback Machine snapshot closest to a dead URL's last good day (or none)."""

    url: str
    checked: str
    snapshot: str | None = None
    timestamp: str | None = None


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A catalog field that differs from what arXiv says."""

    field: str
    catalog: str
    arxiv: str


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """Everything known about one entry, for its page and its line in lists."""

    link: LinkFact | None = None
    archive: ArchiveFact | None = None
    repo: RepoFact | None = None
    paper: PaperFact | None = None
    mismatches: tuple[Mismatch, ...] = ()

    @property
    def dead(self) -> bool:
        return self.link is not None and self.link.dead

    @property
    def mark(self) -> str | None:
        """Return 'dead', 'archived' (the repository) or None, for a discreet mark in lists."""
        if self.dead:
            return "dead"
        return "archived" if self.repo is not None and self.repo.archived else None


NO_FACTS = EntryFacts()


@dataclass(frozen=True)
class Facts:
    """All facts of a data folder, by URL, by `owner/name` (lower case) and by arXiv id."""

    # Mappings typed read-only; plain dicts underneath so that a Facts pickles.
    links: Mapping[str, LinkFact] = field(default_factory=dict)
    repos: Mapping[str, RepoFact] = field(default_factory=dict)
    papers: Mapping[str, PaperFact] = field(default_factory=dict)
    archive: Mapping[str, ArchiveFact] = field(default_factory=dict)
    _made: dict[int, tuple[Entry, EntryFacts]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __bool__(self) -> bool:
        return bool(self.links or self.repos or self.papers or self.archive)

    def repo_of(self, entry: Entry) -> RepoFact | None:
        """Return the repository of the entry's url, else of its code link."""
        for url in (entry.url, entry.code):
            name = github_repo(url) if url else None
            if name is not None and name in self.repos:
                return self.repos[name]
        return None

    def entry(self, entry: Entry) -> EntryFacts:
        """Return the facts about ENTRY (NO_FACTS when nothing is known), made once per entry:
        templates ask for them on the entry page, in every list and in the exports."""
        hit = self._made.get(id(entry))
        if hit is not None and hit[0] is entry:
            return hit[1]
        found = self._entry(entry)
        self._made[id(entry)] = (entry, found)
        return found

    def marked(self, entries: Iterable[Entry]) -> bool:
        """Return True when any of ENTRIES has a mark (dead link, archived repository)."""
        return any(self.entry(e).mark for e in entries)

    def _entry(self, entry: Entry) -> EntryFacts:
        link = self.links.get(entry.url) if entry.url else None
        archive = self.archive.get(link.url) if link is not None and link.dead else None
        arxiv = getattr(entry, "arxiv", None)
        paper = self.papers.get(arxiv) if arxiv else None
        repo = self.repo_of(entry)
        if link is None and repo is None and paper is None:
            return NO_FACTS
        mismatches = paper_mismatches(entry, paper) if paper is not None else ()
        return EntryFacts(link, archive, repo, paper, mismatches)


def github_repo(url: str) -> str | None:
    """Return 'owner/name' (lower case) when URL is on a GitHub repository, else None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or (parts.hostname or "") not in (
        "github.com",
        "www.github.com",
    ):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() in _NOT_OWNERS:
        return None
    owner, name = segments[0], segments[1].removesuffix(".git")
    if not (_REPO_PART.match(owner) and _REPO_PART.match(name)):
        return None
    return f"{owner}/{name}".lower()


def _norm(text: str) -> str:
    """Fold case, accents, punctuation and spacing, so 'Zürich:  LoRA' equals 'zurich lora'."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


_ET_AL = re.compile(r"^(et al\.?|等)$", re.IGNORECASE)


def paper_mismatches(entry: Entry, paper: PaperFact) -> tuple[Mismatch, ...]:
    """Compare the catalog's title, authors and year with arXiv's; return the differences.

    The title matches when `title` or `title_en` does; an author list ending in 'et al.' must
    be the start of arXiv's list; the year is the year of the first version.
    """
    if paper.state != "ok":
        return ()
    out: list[Mismatch] = []
    titles = [t for t in (entry.title, entry.title_en) if t]
    if paper.title and not any(_norm(t) == _norm(paper.title) for t in titles):
        out.append(Mismatch("title", entry.title_en or entry.title, paper.title))
    if entry.authors and paper.authors:
        mine = [_norm(a) for a in entry.authors]
        theirs = [_norm(a) for a in paper.authors]
        truncated = bool(mine) and _ET_AL.match(entry.authors[-1].strip()) is not None
        if truncated:
            mine = mine[:-1]
        same = theirs[: len(mine)] == mine if truncated else theirs == mine
        if not same:
            out.append(Mismatch("authors", ", ".join(entry.authors), ", ".join(paper.authors)))
    year = paper.published[:4] if paper.published else None
    if entry.year is not None and year is not None and str(entry.year) != year:
        out.append(Mismatch("year", str(entry.year), year))
    return tuple(out)
