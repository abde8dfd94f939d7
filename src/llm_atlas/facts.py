"""Read the facts `llm-atlas refresh` gathered back from the data folder, for rendering.

Takes the data folder (`data/`: links.json, repos.json, papers.json, archive.json); gives `Facts`
(see `facts_model`), typed read-only records looked up by URL, repository or arXiv id. Every field
is checked and bounded: a data file is outside input. Nothing here goes to the network. A missing,
unreadable, truncated or foreign file, or a malformed record, is a miss with one warning, never an
error: the site is built from the catalog alone, as without a data folder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

from llm_atlas.bounded import bounded_text, iso_day, load_json, read_bounded
from llm_atlas.facts_model import ArchiveFact, PaperFact
from llm_atlas.facts_model import EntryFacts as EntryFacts
from llm_atlas.facts_model import Facts as Facts
from llm_atlas.facts_model import LinkFact as LinkFact
from llm_atlas.facts_model import Mismatch as Mismatch
from llm_atlas.facts_model import RepoFact as RepoFact
from llm_atlas.facts_model import github_repo as github_repo

log = logging.getLogger(__name__)

FORMAT = "llm-atlas-data"
VERSION = 1
DATA_KINDS = ("links", "repos", "papers", "archive")
DataKind = Literal["links", "repos", "papers", "archive"]
# Limits of what a data file may hold: a hand edit or a refresh pull request is outside input.
MAX_DATA_BYTES = 64 * 1024 * 1024  # the shipped catalog's largest file is under 1 MiB
MAX_TEXT = 10_000  # characters in one field (a title, a message, a URL)
MAX_AUTHORS = 5_000


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
