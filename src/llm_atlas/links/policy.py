"""The link checker's configuration as records: per-host politeness, fingerprints, exclusions.

Takes a host, a URL or the command-line flags; gives the records every links/ step shares (the
statuses, `HostPolicy`, `Fingerprint`, `LinkConfig`): a host's policy, whether a URL or host is
excluded, the config with the flags applied, and the checks of a setting's value that the flags
and `links.yaml` (read by `links.policy_file`) share. Reads no file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from llm_atlas import __version__
from llm_atlas.problems import AtlasError

USER_AGENT = f"llm-atlas-linkcheck/{__version__} (+https://github.com/llm-atlas/llm-atlas)"

Status = Literal["ok", "redirected", "broken", "blocked", "timeout", "missing-anchor", "skipped"]
STATUSES: tuple[Status, ...] = (
    "broken",
    "blocked",
    "timeout",
    "missing-anchor",
    "redirected",
    "ok",
    "skipped",
)
# What fails a run unless --fail-on says otherwise. A missing anchor is reported only when the
# whole document was read and resolved as a browser (and GitHub) would, and the URL's author can
# fix it at once: link to the new anchor, or drop the fragment (`fragments: false` for a host
# whose pages make their anchors with scripts).
DEFAULT_FAIL_ON = "broken,missing-anchor"
Where = Literal["body", "url", "header"]


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """A sign that a page is not what it claims: a soft 404 or a bot challenge."""

    status: Literal["broken", "blocked"]
    where: Where
    pattern: re.Pattern[str]
    note: str

    def matches(self, text: str) -> bool:
        return self.pattern.search(text) is not None


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """How to treat one host: concurrency, spacing, method, headers, accepted codes, timeout."""

    concurrency: int | None = None
    interval: float = 0.0
    method: Literal["head", "get"] = "head"
    headers: tuple[tuple[str, str], ...] = ()
    accept: frozenset[int] = frozenset()
    timeout: float | None = None
    fragments: bool = True  # check a URL's #anchor in the page (false: app routes, not anchors)


@dataclass(frozen=True)
class LinkConfig:
    """Everything the checker needs besides the catalog and the command-line flags."""

    hosts: dict[str, HostPolicy] = field(default_factory=dict)
    fingerprints: tuple[Fingerprint, ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()
    exclude_hosts: tuple[str, ...] = ()
    user_agent: str = USER_AGENT
    retries: int = 2
    max_bytes: int = 256 * 1024
    max_redirects: int = 10
    max_retry_after: float = 60.0
    backoff: float = 0.5
    allow_private: bool = False

    def policy(self, host: str) -> HostPolicy:
        """Return the policy of HOST: its own entry, else its parent domain's, else the default."""
        parts = host.lower().split(".")
        for i in range(len(parts)):
            found = self.hosts.get(".".join(parts[i:]))
            if found is not None:
                return found
        return self.hosts.get("*", HostPolicy())

    def excluded(self, url: str) -> bool:
        return any(p.search(url) for p in self.exclude)

    def excluded_host(self, host: str) -> bool:
        """Whether HOST or a parent domain of it is in `exclude_hosts`."""
        host = host.lower().rstrip(".")
        return any(host == h or host.endswith(f".{h}") for h in self.exclude_hosts)

    def with_flags(
        self,
        *,
        allow_private: bool = False,
        retries: int | None = None,
        exclude: tuple[str, ...] = (),
        exclude_hosts: tuple[str, ...] = (),
    ) -> LinkConfig:
        """Return this config with the command-line flags applied on top."""
        return replace(
            self,
            allow_private=self.allow_private or allow_private,
            retries=self.retries if retries is None else retries,
            exclude=(*self.exclude, *(compile_pattern("--exclude", p) for p in exclude)),
            exclude_hosts=(*self.exclude_hosts, *host_names("--exclude-host", list(exclude_hosts))),
        )


def config_error(where: str, message: str) -> AtlasError:
    """Return the usage error (exit 2) for a bad setting at WHERE."""
    return AtlasError(f"{where}: {message}", exit_code=2)


def host_names(where: str, raw: Any) -> tuple[str, ...]:
    """Return RAW as lowercase host names, or raise a usage error naming WHERE."""
    if not isinstance(raw, list) or not all(isinstance(h, str) and h.strip() for h in raw):
        raise config_error(
            where, f"must be a list of host names such as [example.com], got {raw!r}"
        )
    return tuple(h.strip().lower().rstrip(".") for h in raw)


def compile_pattern(where: str, pattern: Any) -> re.Pattern[str]:
    """Return PATTERN compiled (multi-line), or raise a usage error naming WHERE."""
    try:
        return re.compile(str(pattern), re.MULTILINE)
    except re.error as exc:
        raise config_error(where, f"invalid regular expression {pattern!r}: {exc}") from None
