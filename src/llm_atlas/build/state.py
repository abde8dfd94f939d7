"""The one rebuild decision, and the record of the last build it reads.

Takes the `Manifest` of a build's inputs, the digest of what MkDocs reads (once rendered) and
the record the last build left in the render folder; gives `Decision`:

- REUSE: every input is as the last build found it, and the site folder still holds that build
  (its marker names the build, and every file it wrote is there with the size and time it was
  written: `site_folder.site_stamp`): nothing to do (shipped catalog: 0.2 s instead of a
  build's 2.8 s of CPU);
- DIRTY: only the catalog changed, and what MkDocs reads (pages other than the entry pages,
  the config, the theme) rendered the same: only the entry pages whose inputs changed
  (`render.entry_inputs`), the search index, the sitemap and the docs files MkDocs copied as
  they are (exports; the list MkDocs' own exclusion rules gave the last full build) are written
  again, into an overlay moved into the last site (`site_folder.merge_in`);
- PAGES: as DIRTY, but some pages' Markdown rendered otherwise (an entry shown on a topic page):
  MkDocs runs into the overlay and makes only those pages, the sitemap, the 404 page and
  their search documents (`build.mkdocs_run.Partial`). Only without `--strict`, after a build
  without warnings, with no plugin but Material's search and no hook (those may read every
  page), and when every page's front matter is JSON data. A link from a page made again to an
  anchor of a page kept is not checked (the next full build checks it).
- FULL: anything else, `--clean`, a site folder that holds another build or was changed by
  hand, what MkDocs reads besides the pages' Markdown changed (the navigation, the config, the
  theme, the set of files), or a last build with warnings under `--strict` (MkDocs must run
  to fail on them).

The record is JSON (render-folder/build-state.json) beside the entry page shell's HTML; a
missing, damaged or foreign record reads as no record: a full build.
"""

from __future__ import annotations

import enum
import hashlib
import json
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from llm_atlas.build.caches import load_json, save_bytes
from llm_atlas.build.site_folder import site_stamp, site_token

STATE_FILE = "build-state.json"
SHELL_FILE = "entry-shell.html"
FORMAT = 6


class Decision(enum.Enum):
    REUSE = "reuse"
    DIRTY = "dirty"
    PAGES = "pages"
    FULL = "full"


@dataclass(frozen=True)
class MkDocsInputs:
    """What MkDocs reads, once rendered: everything but the pages' Markdown (`mkdocs_digest`),
    the digest of each page's Markdown, and whether a partial run could keep the other pages."""

    frame: str
    pages: dict[str, str]
    partial: bool = False


@dataclass
class BuildState:
    token: str = ""  # also written in the site folder's marker: the site is this build's
    inputs: str = ""  # `Manifest.digest`
    mkdocs: str = ""  # `mkdocs_digest`
    entries: dict[str, str] = field(default_factory=dict)  # entry id → `render.entry_inputs`
    warnings: list[str] = field(default_factory=list)
    site: str = ""  # `site_stamp` of the site folder as this build left it
    copied: dict[str, str] = field(default_factory=dict)  # docs file → site file MkDocs copied
    pages: dict[str, str] = field(default_factory=dict)  # docs page → `page_digests`
    records: dict[str, Any] | None = None  # docs page → `seam.page_records`


@dataclass(frozen=True)
class SiteSeen:
    """The site folder as a build found it: the token its marker names, and its `site_stamp`
    when that token is the last build's ("" otherwise: no need to read every file's time)."""

    token: str | None
    stamp: str


def see_site(site_dir: Path, last: BuildState | None) -> SiteSeen:
    """Return what SITE_DIR holds, for `decide` (read once a build: 0.4 s at 10k pages)."""
    token = site_token(site_dir)
    ours = last is not None and token == last.token
    return SiteSeen(token, site_stamp(site_dir) if ours else "")


def decide(
    last: BuildState | None,
    inputs: str,
    site: SiteSeen,
    *,
    clean: bool,
    strict: bool,
    mkdocs: MkDocsInputs | None = None,
) -> Decision:
    """Return what a build must do (see the module text). Before rendering, MKDOCS is None and
    only REUSE or FULL is the answer: render, then ask again with it."""
    if clean or last is None or site.token != last.token or (strict and last.warnings):
        return Decision.FULL
    if site.stamp != last.site:
        return Decision.FULL
    if last.inputs == inputs:
        return Decision.REUSE
    if mkdocs is None or last.mkdocs != mkdocs.frame:
        return Decision.FULL
    if last.pages == mkdocs.pages:
        return Decision.DIRTY
    if mkdocs.partial and not strict and not last.warnings and last.records is not None:
        return Decision.PAGES
    return Decision.FULL


def changed_pages(last: BuildState, mkdocs: MkDocsInputs) -> frozenset[str]:
    """Return the docs pages whose Markdown is not what the last build made them from."""
    return frozenset(p for p, digest in mkdocs.pages.items() if last.pages.get(p) != digest)


def mkdocs_digest(out_dir: Path, site_inputs: str, ids: list[str], project_dir: Path) -> str:
    """Return a digest of what MkDocs reads but the pages' Markdown (`page_digests`): every
    input but the catalog and docs/ (SITE_INPUTS: they make the shell and the theme overrides;
    the render copies docs/ into the docs it writes, which are digested here), the entry
    ids, the rendered config (where the project lies left out: the files it names are inputs),
    and the name of every docs file but the entry pages (the bytes of none of them: pages are
    `page_digests`, files copied as they are (exports) DIRTY copies)."""
    project = str(project_dir.resolve()).encode()
    digest = hashlib.sha256(f"{site_inputs}\0".encode())
    digest.update("\n".join(ids).encode())
    files = [out_dir / "mkdocs.yml"]
    if (out_dir / "docs").is_dir():
        files += sorted(p for p in (out_dir / "docs").rglob("*") if p.is_file())
    for path in files:
        rel = path.relative_to(out_dir).as_posix()
        if rel.startswith("docs/entries/"):
            continue
        digest.update(f"\0{rel}\0".encode())
        if not rel.startswith("docs/"):
            digest.update(path.read_bytes().replace(project, b"<project>"))
    return digest.hexdigest()


def page_digests(out_dir: Path) -> dict[str, str]:
    """Return docs path → digest of each rendered Markdown page but the entry pages."""
    docs = out_dir / "docs"
    return {
        path.relative_to(docs).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(docs.rglob("*.md"))
        if not path.relative_to(docs).as_posix().startswith("entries/")
    }


def new_token() -> str:
    return secrets.token_hex(8)


def load_state(out_dir: Path) -> tuple[BuildState | None, str | None]:
    """Return the record and the shell HTML the last build left in OUT_DIR (None, None when
    either is missing or unreadable)."""
    data = load_json(out_dir / STATE_FILE)
    try:
        shell = (out_dir / SHELL_FILE).read_text(encoding="utf-8")
        if not isinstance(data, dict) or data.pop("format", None) != FORMAT:
            return None, None
        state = BuildState(**data)
        valid = (
            isinstance(state.token, str)
            and isinstance(state.inputs, str)
            and isinstance(state.mkdocs, str)
            and isinstance(state.entries, dict)
            and all(isinstance(v, str) for v in state.entries.values())
            and isinstance(state.warnings, list)
            and isinstance(state.site, str)
            and isinstance(state.copied, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in state.copied.items())
            and isinstance(state.pages, dict)
            and all(isinstance(v, str) for v in state.pages.values())
            and (state.records is None or _valid_records(state.records))
        )
    except (OSError, UnicodeDecodeError, TypeError):
        return None, None
    return (state, shell) if valid else (None, None)


def save_state(out_dir: Path, state: BuildState, shell_html: str) -> None:
    """Write STATE and the entry page shell into OUT_DIR (silently skipped when it cannot)."""
    save_bytes(out_dir / SHELL_FILE, shell_html.encode("utf-8"))
    save_bytes(out_dir / STATE_FILE, json.dumps({"format": FORMAT, **asdict(state)}).encode())


def _valid_records(records: object) -> bool:
    return isinstance(records, dict) and all(
        isinstance(r, dict)
        and isinstance(r.get("url"), str)
        and isinstance(r.get("title"), str | None)
        and isinstance(r.get("meta"), dict)
        for r in records.values()
    )
