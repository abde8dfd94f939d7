"""The volatile facts `llm-atlas refresh` gathers, read back for rendering.

Takes the data folder (`data/`: links.json, repos.json, papers.json, archive.json); gives `Facts`,
typed read-only records looked up by URL, repository or arXiv id. Nothing here goes to the network.
A missing, unreadable, truncated or foreign file is a miss with one warning, never an error: the
site is built from the catalog alone, as without a data folder.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from llm_atlas.bounded import bounded_text, iso_day, load_json, read_bounded
from llm_atlas.models import Entry

log = logging.getLogger(__name__)

FORMAT = "llm-atlas-data"
VERSION = 1
DATA_KINDS = ("links", "repos", "papers", "archive")
DataKind = Literal["links", "repos", "papers", "archive"]
DEAD = frozenset({"broken", "timeout"})
# Limits of what a data file may hold: a hand edit or a refresh pull request is outside input.
MAX_DATA_BYTES = 64 * 1024 * 1024  # the shipped catalog's largest file is under 1 MiB
MAX_TEXT = 10_000  # characters in one field (a title, a message, a URL)
MAX_AUTHORS = 5_000
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


def data_path(data_dir: Path, kind: str) -> Path:
    return data_dir / f"{kind}.json"


def read_items(path: Path, kind: str) -> dict[str, dict[str, Any]] | None:
    """Return the records of a data file, or None (with one warning) when it cannot be used."""
    try:
        doc = load_json(read_bounded(path, MAX_DATA_BYTES), max_bytes=MAX_DATA_BYTES)
    except FileNotFoundError:
        log.warning("%s: missing; run `llm-atlas refresh --only %s` to make it", path, kind)
        return None
    except (OSError, ValueError) as exc:
        log.warning("%s: unreadable (%s); its facts are left out", path, exc)
        return None
    if (
        not isinstance(doc, dict)
        or doc.get("format") != FORMAT
        or doc.get("kind") != kind
        or doc.get("version") != VERSION
        or not isinstance(doc.get("items"), dict)
    ):
        log.warning(
            "%s: not a version %d llm-atlas %s file; its facts are left out", path, VERSION, kind
        )
        return None
    return {k: v for k, v in doc["items"].items() if isinstance(v, dict)}


_REQUIRED = object()


def _get(
    raw: dict[str, Any], name: str, read: Callable[[Any], Any], default: Any = _REQUIRED
) -> Any:
    """Return READ(raw[NAME]); a missing or malformed field raises a ValueError naming it."""
    if name not in raw and default is _REQUIRED:
        raise ValueError(f"no {name!r}")
    try:
        return read(raw.get(name, default))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: {exc}") from exc


def _build(kind: str, key: str, raw: dict[str, Any]) -> Any:
    """Return the record of KIND for one item, or raise a ValueError naming the bad field."""
    if kind == "links":
        return LinkFact(
            key,
            _get(raw, "status", _str),
            _get(raw, "http_status", _opt_int, None),
            _get(raw, "final_url", _opt_url, None),
            _get(raw, "message", _str, ""),
            _get(raw, "checked", iso_day),
            _get(raw, "last_good", _opt_day, None),
            _get(raw, "failures", _int, 0),
        )
    if kind == "repos":
        return RepoFact(
            key,
            _get(raw, "state", _str),
            _get(raw, "checked", iso_day),
            _get(raw, "stars", _opt_int, None),
            _get(raw, "forks", _opt_int, None),
            _get(raw, "pushed", _opt_day, None),
            raw.get("archived") is True,
            _get(raw, "default_branch", _opt_str, None),
            _get(raw, "license", _opt_str, None),
            _get(raw, "language", _opt_str, None),
            _get(raw, "moved_to", _opt_repo, None),
        )
    if kind == "papers":
        return PaperFact(
            key,
            _get(raw, "state", _str),
            _get(raw, "checked", iso_day),
            _get(raw, "title", _str, ""),
            _get(raw, "authors", _names, []),
            _get(raw, "published", _opt_day, None),
            _get(raw, "updated", _opt_day, None),
            _get(raw, "version", _opt_str, None),
        )
    return ArchiveFact(
        key,
        _get(raw, "checked", iso_day),
        _get(raw, "snapshot", _opt_url, None),
        _get(raw, "timestamp", _opt_day, None),
    )


def _names(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or len(value) > MAX_AUTHORS:
        raise TypeError(f"expected a list of at most {MAX_AUTHORS:,} names")
    return tuple(_str(a) for a in value)


def _str(value: object) -> str:
    return bounded_text(value, MAX_TEXT)


def _opt_str(value: object) -> str | None:
    return None if value is None else _str(value)


def _opt_day(value: object) -> str | None:
    return None if value is None else iso_day(value)


def _opt_url(value: object) -> str | None:
    """Return an http(s) URL or None; anything else (a javascript: link) is malformed."""
    text = _opt_str(value)
    if text is not None and not text.startswith(("http://", "https://")):
        raise ValueError("expected an http(s) URL")
    return text


def _opt_repo(value: object) -> str | None:
    text = _opt_str(value)
    if text is not None and github_repo(f"https://github.com/{text}") is None:
        raise ValueError("expected owner/name")
    return text


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _opt_int(value: object) -> int | None:
    return None if value is None else _int(value)


def load_kind(data_dir: Path, kind: str) -> Mapping[str, Any]:
    """Return the records of one data file by key (empty, with one warning, when unusable)."""
    path = data_path(data_dir, kind)
    items = read_items(path, kind)
    if items is None:
        return {}
    out: dict[str, Any] = {}
    bad: list[str] = []
    for key, raw in items.items():
        try:
            if len(key) > MAX_TEXT:
                raise ValueError(f"key of {len(key):,} characters")
            out[key] = _build(kind, key, raw)
        except ValueError as exc:
            bad.append(f"{key[:80]!r}: {exc}")
    if bad:
        log.warning(
            "%s: %d malformed record(s) left out (first: %s); run `llm-atlas refresh --only %s` "
            "to rewrite them",
            path,
            len(bad),
            bad[0],
            kind,
        )
    return out


def load_facts(data_dir: Path) -> Facts:
    """Load the data folder; an absent folder gives an empty Facts."""
    if not data_dir.is_dir():
        return Facts()
    return Facts(
        links=load_kind(data_dir, "links"),
        repos=load_kind(data_dir, "repos"),
        papers=load_kind(data_dir, "papers"),
        archive=load_kind(data_dir, "archive"),
    )
