"""The kind of an imported entry: from its section and its link.

Takes an entry's main URL, where it was listed (bullet, table, heading, prose), the kind its
section's heading implies and whether the item names a paper; gives one of the catalog's kinds.
A section naming benchmarks or datasets makes them whatever the link; a tools or courses
section makes them too unless the link is a paper, a post or a video; a tutorials or articles
section decides between those two; otherwise the link decides (paper sites, GitHub
repositories, articles).
"""

from __future__ import annotations

from llm_atlas.importer.names import guess_kind
from llm_atlas.importer.tags import text_arxiv
from llm_atlas.importer.work import host_role

_SECTION_WINS = ("benchmark", "dataset")
_UNLESS_PAPER = ("tool", "course")
_WRITINGS = ("tutorial", "article")


def entry_kind(url: str | None, source: str, hint: str | None, has_paper: bool) -> str:
    """Return the kind of an entry whose main link is URL (None: a planned tutorial)."""
    if url is None:  # announced writing, unless the section lists data or benchmarks
        return hint if hint in _SECTION_WINS + _WRITINGS else "tutorial"
    paper = host_role(url) == "paper" or text_arxiv(url) is not None
    if hint in _SECTION_WINS:
        return hint
    guessed = "paper" if paper else guess_kind(url, source)
    writing = guessed == "tutorial" or host_role(url) in ("blog", "video")
    if hint in _UNLESS_PAPER:  # a post about a tool is a post, not the tool
        return guessed if paper or writing else hint
    if hint in _WRITINGS and guessed in _WRITINGS:
        return hint
    if hint == "paper" and (has_paper or paper) and guessed != "paper":
        return "paper"
    return guessed


def arxiv_of(url: str) -> str | None:
    """Return the arXiv id of an arXiv or `doi.org/10.48550/arXiv.…` URL."""
    from llm_atlas.edit.fields import arxiv_id

    return arxiv_id(url) or (text_arxiv(url) if "10.48550" in url else None)
