"""The kind of an imported entry: from its section and its link.

Takes an entry's main URL, where it was listed (bullet, table, heading, prose), the kind its
section's heading implies and whether the item names a paper; gives one of the catalog's kinds.
A section naming benchmarks or datasets makes them whatever the link; a tools or courses
section makes them too unless the link is a paper, a post or a video; a tutorials or articles
section decides between those two; otherwise the link decides (paper sites, GitHub
repositories, articles).
"""

from __future__ import annotations

import re

from llm_atlas.importer.names import guess_kind
from llm_atlas.importer.tags import text_arxiv
from llm_atlas.importer.work import host_role

_SECTION_WINS = ("benchmark", "dataset")
_UNLESS_PAPER = ("tool", "course")
_WRITINGS = ("tutorial", "article")
# Only words that name the kind outright: a title with '技术' or 'guide' may be anything.
_TITLE_WORDS = re.compile(
    r"(?<![a-z])(?:(?P<course>course|课程)|(?P<tutorial>tutorial|教程)|(?P<benchmark>benchmark)"
    r"|(?P<dataset>dataset|数据集))(?![a-z])",
    re.IGNORECASE,
)
_DOCS = re.compile(
    r"//(docs|learn|academy)\.|/(docs?|documentation|tutorials?|guides?|learn|academy)/"
)


def entry_kind(
    url: str | None,
    source: str,
    hint: str | None,
    has_paper: bool,
    is_paper: bool = False,
    title: str = "",
) -> str:
    """Return the kind of an entry whose main link is URL (None: a planned tutorial). IS_PAPER:
    the item labels that link as its paper; HAS_PAPER: it has a paper link besides."""
    if url is None:  # announced writing, unless the section lists data or benchmarks
        return hint if hint in _SECTION_WINS + _WRITINGS else "tutorial"
    paper = is_paper or host_role(url) == "paper" or text_arxiv(url) is not None
    named = _title_kind(title) if hint is None and not paper else None
    if named is not None:  # 'X 教程', 'Y Benchmark': what the work calls itself
        return named
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
    if guessed == "article" and (_DOCS.search(url) or host_role(url) == "video"):
        return "tutorial"  # a page of documentation or a video explains: a tutorial
    return guessed


def _title_kind(title: str) -> str | None:
    """Return the kind a work's own name says ('…课程', 'X Tutorial', 'Y Benchmark')."""
    match = _TITLE_WORDS.search(title)
    return match.lastgroup if match else None
