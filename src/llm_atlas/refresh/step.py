"""What every refresh step shares: the flags (`RefreshOptions`), the run's settings (`Context`)
and its report (`StepReport`).

Takes the environment and flags; gives the API base URLs (`LLM_ATLAS_GITHUB_API`,
`LLM_ATLAS_ARXIV_API`, `LLM_ATLAS_WAYBACK_API`), the GitHub token, timeouts and waits, and a record
of what each step did, for the summary and the pull-request body. The steps import this module
and `run` imports the steps, never the other way round.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from llm_atlas.facts import DATA_KINDS
from llm_atlas.problems import Problem

GITHUB_API = "https://api.github.com"
ARXIV_API = "https://export.arxiv.org/api"
WAYBACK_API = "https://archive.org"


@dataclass(frozen=True)
class RefreshOptions:
    """Every flag of refresh."""

    catalog: Path
    data: Path = Path("data")
    only: tuple[str, ...] = DATA_KINDS
    links_reports: tuple[Path, ...] = ()
    link_config: Path | None = None
    shard: str | None = None
    allow_private: bool = False
    max_concurrency: int = 64
    host_concurrency: int = 4


@dataclass
class Context:
    """The settings of one refresh run."""

    today: str
    github_api: str = GITHUB_API
    arxiv_api: str = ARXIV_API
    wayback_api: str = WAYBACK_API
    token: str | None = None
    timeout: float = 20.0
    max_wait: float = 60.0  # the longest rate-limit wait; a longer one stops the step
    arxiv_interval: float = 3.0  # arXiv asks for 3 s between calls
    sleep: Callable[[float], None] = time.sleep
    requests: Counter[str] = field(default_factory=Counter)  # "api status" → count
    reached: set[str] = field(default_factory=set)  # the APIs that answered at least once

    def count(self, api: str, status: int, unreached: bool = False) -> None:
        """Count one request to API; UNREACHED: it never reached a server (no network)."""
        self.requests[f"{api} {status or 'error'}"] += 1
        if not unreached:
            self.reached.add(api)

    def unreached(self, api: str) -> bool:
        """Return True when API was asked and no request reached it: no network."""
        asked = any(key.startswith(f"{api} ") for key in self.requests)
        return asked and api not in self.reached


def context_from_env(env: Mapping[str, str] | None = None, **settings: object) -> Context:
    """Return the Context of a run: API bases and token from ENV (os.environ), then SETTINGS."""
    env = os.environ if env is None else env
    today = dt.datetime.now(dt.UTC).date().isoformat()
    ctx = Context(
        today=today,
        github_api=(env.get("LLM_ATLAS_GITHUB_API") or GITHUB_API).rstrip("/"),
        arxiv_api=(env.get("LLM_ATLAS_ARXIV_API") or ARXIV_API).rstrip("/"),
        wayback_api=(env.get("LLM_ATLAS_WAYBACK_API") or WAYBACK_API).rstrip("/"),
        token=env.get("GITHUB_TOKEN") or None,
    )
    for name, value in settings.items():
        setattr(ctx, name, value)
    return ctx


@dataclass
class StepReport:
    """What one step did: items seen, asked, unchanged (304), failures, warnings, news."""

    name: str
    items: int = 0
    asked: int = 0
    not_modified: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    news: list[str] = field(default_factory=list)  # new failures, recoveries, archived repos …
    stopped: str = ""
    written: bool = False
    unreached: bool = False  # no network: nothing was judged, the file was left as it was
    not_judged: int = 0  # items skipped this run (their last verdict kept)

    def summary(self) -> str:
        bits = [f"{self.items} item(s)", f"{self.asked} asked"]
        if self.not_modified:
            bits.append(f"{self.not_modified} unchanged (304)")
        if self.failures:
            bits.append(f"{len(self.failures)} failed")
        if self.not_judged:
            bits.append(f"{self.not_judged} not judged")
        if self.warnings:
            bits.append(f"{len(self.warnings)} warning(s)")
        written = "written" if self.written else "unchanged"
        stop = f"; stopped: {self.stopped}" if self.stopped else ""
        return f"{self.name}: {', '.join(bits)}; file {written}{stop}"
