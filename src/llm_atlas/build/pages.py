"""The pages MkDocs makes (all but the entry pages), as the decision says: the last site as it
is (DIRTY), the last site with some pages made again (PAGES), or a whole MkDocs run (FULL).

Takes the render's output and what the last build left; gives a folder holding those pages (a
whole site for FULL; for DIRTY and PAGES an overlay of what changes, which
`site_folder.merge_in` moves into the last site) and the entry page shell's HTML, and a
`Pages` record of what was done.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from llm_atlas.build import entry_pages
from llm_atlas.build import state as state_
from llm_atlas.build.mkdocs_run import Partial, run_mkdocs
from llm_atlas.build.segments import SegmentStore
from llm_atlas.build.state import Decision, MkDocsInputs
from llm_atlas.render.records import EntryHtml


@dataclass(frozen=True)
class Rendered:
    """What the render gave: its folder, the entry pages, the shell's Markdown, their digests
    (and the project they came from)."""

    project_dir: Path
    out_dir: Path
    pages: Mapping[str, EntryHtml]
    shell_markdown: str
    hashes: dict[str, str]


@dataclass(frozen=True)
class Pages:
    """What `make_pages` made: how (a damaged last site makes it FULL), the entry page shell's
    HTML, the entry pages to write, the other pages made again, the warnings the site has, the
    files MkDocs copied as they are and the pages' `seam.page_records`."""

    decision: Decision
    shell_html: str
    changed: set[str]
    pages: frozenset[str]
    warnings: list[str]
    copied: dict[str, str]
    records: dict[str, Any] | None


def make_pages(
    decision: Decision,
    tmp: Path,
    site_dir: Path,
    rendered: Rendered,
    mkdocs: MkDocsInputs,
    last: state_.BuildState | None,
    shell_html: str | None,
    strict: bool,
    segments: SegmentStore,
) -> Pages:
    """Fill TMP with the pages of the site but the entry pages, as DECISION says (Chinese
    search text segmented with SEGMENTS)."""
    docs = rendered.out_dir / "docs"
    ids = list(rendered.pages)
    run_args = (rendered.out_dir / "mkdocs.yml", tmp, strict, rendered.shell_markdown, ids)
    if decision is not Decision.FULL and last is not None and shell_html is not None:
        if entry_pages.start_overlay(site_dir, tmp, shell_html, docs, last.copied):
            changed = {i for i, h in rendered.hashes.items() if last.entries.get(i) != h}
            for i in changed:  # so that a page written the same is not counted as changed
                page = Path("entries", i, "index.html")
                entry_pages.link_file(site_dir / page, tmp / page)
            if decision is Decision.DIRTY:
                kept = list(last.warnings)
                return Pages(
                    decision, shell_html, changed, frozenset(), kept, last.copied, last.records
                )
            partial = Partial(state_.changed_pages(last, mkdocs), last.records or {})
            run = run_mkdocs(*run_args, rendered.project_dir, segments.segment_text, partial)
            html = entry_pages.remove_shell(tmp)
            return Pages(
                decision, html, changed, partial.rebuild, run.warnings, run.copied, run.pages
            )
        shutil.rmtree(tmp)  # a damaged site or shell
        tmp.mkdir()
    run = run_mkdocs(*run_args, rendered.project_dir, segments.segment_text)
    html = entry_pages.remove_shell(tmp)
    pages = frozenset(mkdocs.pages)
    return Pages(Decision.FULL, html, set(ids), pages, run.warnings, run.copied, run.pages)
