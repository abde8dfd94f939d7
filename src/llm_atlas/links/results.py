"""The records that flow through the link checker: what to check and what was found."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from llm_atlas.links.policy import Status

# Network error kinds that say nothing about a URL when every host gives them: no network.
CONNECTION_ERRORS = frozenset({"dns", "refused", "unreachable"})


@dataclass(frozen=True, slots=True)
class EntryRef:
    """One place a URL is written: the entry, its file, the line and the field."""

    id: str
    path: str
    line: int
    column: int
    field: str


@dataclass(slots=True)
class LinkTarget:
    """A distinct URL, exactly as written, with every place it appears."""

    url: str
    host: str
    entries: list[EntryRef] = field(default_factory=list)
    skip: str | None = None


@dataclass(slots=True)
class LinkResult:
    """The verdict on one URL."""

    url: str
    status: Status
    message: str = ""
    http_status: int | None = None
    final_url: str | None = None
    attempts: int = 0
    elapsed_ms: int = 0
    from_cache: bool = False
    checked_at: float = 0.0
    entries: list[EntryRef] = field(default_factory=list)
    failures: int = 0
    error: str | None = None  # the network error kind (dns, refused, timeout …), if any
    explanation: list[str] = field(default_factory=list)  # the attempts and why this status

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the report (`url` exactly as written in the catalog)."""
        return {
            "url": self.url,
            "status": self.status,
            "http_status": self.http_status,
            "final_url": self.final_url,
            "message": self.message,
            "attempts": self.attempts,
            "elapsed_ms": self.elapsed_ms,
            "from_cache": self.from_cache,
            "error": self.error,
            "explanation": self.explanation,
            "entries": [{"id": e.id, "path": e.path, "line": e.line} for e in self.entries],
        }


OnResult = Callable[[LinkResult], None]


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """The command-line knobs of a run."""

    max_concurrency: int = 64
    host_concurrency: int = 4
    timeout: float = 20.0
