"""Collect the URLs of a catalog, each once, with every entry, file and line it appears at.

Takes a catalog folder; reads each entry file with the loader (YAML with marks, no schema
validation: `llm-atlas validate` is the schema gate, and skipping pydantic keeps start-up light) and
gives `LinkTarget`s in catalog order. Every field whose value is an http(s) URL counts. URLs that
only planned entries use, and URLs matching an exclude pattern, are marked skipped.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from llm_atlas.links.address import OPT_IN, host_reason
from llm_atlas.links.policy import LinkConfig
from llm_atlas.links.results import EntryRef, LinkTarget
from llm_atlas.problems import AtlasError, display_path

if TYPE_CHECKING:
    from llm_atlas.loader import LoadedFile

PLANNED = "planned entry: not published yet"


def entry_files(root: Path) -> list[Path]:
    """Return the entry files below ROOT as the validator reads them."""
    if not root.is_dir():
        raise AtlasError(
            f"catalog folder '{display_path(root)}' does not exist: pass --catalog DIR", exit_code=2
        )
    from llm_atlas.loader import catalog_files

    return catalog_files(root)


def load_entry_files(root: Path) -> list[LoadedFile]:
    """Load every entry file; raise AtlasError with the YAML problems if any file is unreadable."""
    from llm_atlas.loader import load_file

    files = [load_file(path) for path in entry_files(root)]
    problems = [p for f in files for p in f.problems]
    if problems:
        raise AtlasError(
            f"{len(problems)} problem(s) reading {display_path(root)}: fix them "
            "first (llm-atlas validate)",
            problems=problems,
        )
    return files


def entry_urls(item: dict[str, object]) -> list[tuple[str, str]]:
    """Return (field, url) for every field of ITEM whose value is an http(s) URL."""
    return [
        (k, v)
        for k, v in item.items()
        if isinstance(v, str) and v.startswith(("http://", "https://"))
    ]


# `field: url` at the start of a line, as a block mapping writes it (`- ` for an entry's first key).
_FIELD_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?(?P<key>[A-Za-z_][\w-]*):[ \t]+(?P<quote>['\"]?)")
_VALUE_END = frozenset("\r\n \t'\"")


class _Finder:
    """Find where each URL value is written by scanning the text forward, without composing
    the YAML marks (a third of a cold check of 2,000 URLs). Entries and their fields come in
    file order, so each value lies after the previous one; anything that does not read as
    `field: url` on its own line gives None, and the caller falls back to the loader's marks."""

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def find(self, field: str, url: str) -> tuple[int, int] | None:
        text = self.text
        at = text.find(url, self.pos)
        end = at + len(url)
        if at < 0 or (end < len(text) and text[end] not in _VALUE_END):
            return None
        start = text.rfind("\n", 0, at) + 1
        head = _FIELD_LINE.fullmatch(text, start, at)
        if head is None or head.group("key") != field:
            return None
        self.line += text.count("\n", self.pos, at)
        self.pos = end
        return self.line, at - start + 1 - len(head.group("quote"))


def collect_links(
    files: list[LoadedFile], config: LinkConfig, only: set[str] | None = None
) -> list[LinkTarget]:
    """Return one target per distinct URL (exactly as written) of the entries in ONLY (or all)."""
    targets: dict[str, LinkTarget] = {}
    planned: dict[str, bool] = {}
    for loaded in files:
        items = loaded.data if isinstance(loaded.data, list) else []
        # With ONLY, skipped entries could hold the same `field: url` text: use the marks.
        finder = _Finder(loaded.text) if only is None else None
        for i, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                continue
            if only is not None and item["id"] not in only:
                continue
            for name, url in entry_urls(item):
                where = finder.find(name, url) if finder is not None else None
                if where is None:
                    finder = None  # from here on, the marks the loader composes
                    mark = loaded.values[(i, name)]
                    where = (mark.line, mark.column)
                target = targets.get(url)
                if target is None:
                    host = (urlsplit(url).hostname or "").lower()
                    target = targets[url] = LinkTarget(url, host)
                    planned[url] = True
                target.entries.append(EntryRef(item["id"], loaded.display, *where, name))
                planned[url] = planned[url] and item.get("status") == "planned"
    for url, target in targets.items():
        _mark_skip(target, planned[url], config)
    return list(targets.values())


def _mark_skip(target: LinkTarget, planned: bool, config: LinkConfig) -> None:
    if planned:
        target.skip = PLANNED
    elif config.excluded(target.url):
        target.skip = "excluded by a pattern (exclude in links.yaml, or --exclude)"
    elif config.excluded_host(target.host):
        target.skip = "excluded host (exclude_hosts in links.yaml, or --exclude-host)"
    elif not config.allow_private and (why := host_reason(target.host)) is not None:
        # Known without asking DNS; names that resolve into these ranges are caught on connecting.
        target.skip = f"not checked: {target.host} is {why}; {OPT_IN}"


def parse_shard(text: str) -> tuple[int, int]:
    """Parse 'I/N' (1 ≤ I ≤ N) or raise a usage error."""
    try:
        index, total = (int(part) for part in text.split("/"))
    except ValueError:
        raise AtlasError(f"--shard {text!r}: expected I/N such as 1/4", exit_code=2) from None
    if total < 1 or not 1 <= index <= total:
        raise AtlasError(f"--shard {text!r}: I must be between 1 and N", exit_code=2)
    return index, total


def select_shard(targets: list[LinkTarget], index: int, total: int) -> list[LinkTarget]:
    """Keep the targets of shard INDEX of TOTAL: a stable split by a hash of the URL."""
    if total == 1:
        return targets
    return [
        t
        for t in targets
        if int.from_bytes(hashlib.sha1(t.url.encode()).digest()[:8], "big") % total == index - 1
    ]


def catalog_key(paths: list[Path]) -> str:
    """Return a hash of the files' shown names and bytes and of llm-atlas' code (the build's
    manifest's `code_digest`: collecting may change with it): any edit gives a new key."""
    from llm_atlas.build.inputs import code_digest

    digest = hashlib.sha256(code_digest().encode())
    for path in paths:
        digest.update(display_path(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def remembered_links(memo: dict[str, Any], key: str, config: LinkConfig) -> list[LinkTarget] | None:
    """Return the targets stored in MEMO under KEY (skips recomputed from CONFIG), else None."""
    if memo.get("key") != key or not isinstance(memo.get("targets"), list):
        return None
    targets: list[LinkTarget] = []
    try:
        for url, host, planned, refs in memo["targets"]:
            target = LinkTarget(url, host, [EntryRef(*ref) for ref in refs])
            _mark_skip(target, bool(planned), config)
            targets.append(target)
    except (TypeError, ValueError):
        return None
    return targets


def remember_links(targets: list[LinkTarget], key: str) -> dict[str, Any]:
    """Return the memo of TARGETS for the cache."""
    rows = [
        [
            t.url,
            t.host,
            t.skip == PLANNED,
            [[r.id, r.path, r.line, r.column, r.field] for r in t.entries],
        ]
        for t in targets
    ]
    return {"key": key, "targets": rows}
