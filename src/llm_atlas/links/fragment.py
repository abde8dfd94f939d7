"""Fragments: does the document a URL leads to have the place its `#fragment` names?

Takes a URL and the document it led to (its type, final URL and text); gives the fragment to look
for (None for those that name no element: JavaScript routes `#/…` and `#!…`, text fragments
`…:~:text=…`, GitHub's line ranges `#L10-L20`) and whether the document has it, by the rules of
the document's kind:

- HTML, by the HTML spec ("find a potential indicated element"): an element whose id, or an `a`
  element whose name, equals the fragment as the URL parser keeps it, else the fragment
  percent-decoded; ids exactly as written; `top` in any letter case is the top of the page.
- On GitHub's pages also what GitHub's script adds: `#install` finds `user-content-install`,
  whatever the case.
- Markdown (`text/markdown`, or `text/plain` under a Markdown file name, as raw files are served):
  the anchors GitHub gives the file's headings, `{#id}` attributes and the file's HTML anchors,
  whatever the case (as on GitHub's rendered page).
- Anything else (JSON, plain text, PDF, images) has no anchors: the fragment is not checkable.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import quote, unquote, urlsplit

from llm_atlas.links.fragment_html import Wanted, html_has_target
from llm_atlas.links.github import MARKDOWN_SUFFIXES, is_github_page

PAGE_BYTES = 4 * 1024 * 1024  # read this much of a page whose anchor is checked (max_bytes if more)
_NOT_AN_ANCHOR = re.compile(r"[/!]|L\d+(?:-L\d+)?$")
# The URL parser's fragment percent-encode set: C0 controls, space, '"', '<', '>', '`' and
# everything past ASCII; the rest is kept as written ('%' included).
_FRAGMENT_SAFE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in '"<>`')
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MARKDOWN_TYPES = ("text/markdown", "text/x-markdown")
PREFIX = "user-content-"

Kind = Literal["html", "markdown"]


def anchor_of(url: str) -> str | None:
    """Return the fragment of URL as the URL parser keeps it, or None when none is to be checked."""
    fragment = urlsplit(url).fragment
    if not fragment or ":~:" in fragment or _NOT_AN_ANCHOR.match(fragment):
        return None  # ':~:' starts the fragment directive: browsers resolve the text, not an id
    return quote(fragment, safe=_FRAGMENT_SAFE)


def shown(anchor: str) -> str:
    """Return ANCHOR as a reader would write it (percent-decoded)."""
    return unquote(anchor)


def document_kind(content_type: str, url: str, text: str) -> Kind | None:
    """Return which rules find fragments in a document, or None when it has no anchors."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    if ctype in _HTML_TYPES:
        return "html"
    if ctype in _MARKDOWN_TYPES:
        return "markdown"
    if ctype == "text/plain" and urlsplit(url).path.lower().endswith(MARKDOWN_SUFFIXES):
        return "markdown"
    if not ctype and text.lstrip("\ufeff \t\r\n").startswith("<"):
        return "html"  # no type given: browsers sniff markup as HTML
    return None


def _candidates(anchor: str) -> tuple[str, ...]:
    decoded = unquote(anchor, errors="replace")  # UTF-8 decode without BOM, as the spec says
    return (anchor,) if decoded == anchor else (anchor, decoded)


def _is_top(candidates: tuple[str, ...]) -> bool:
    return any(c.isascii() and c.lower() == "top" for c in candidates)


def has_anchor(text: str, anchor: str, kind: Kind, url: str) -> bool:
    """Whether TEXT, a document of KIND at URL, has the place ANCHOR (as `anchor_of` gave) names."""
    # The spec tries the fragment as written, then decoded: for whether a target exists, the
    # order does not matter (either one found is the target).
    candidates = _candidates(anchor)
    if _is_top(candidates):
        return True
    if kind == "markdown":
        from llm_atlas.links.fragment_markdown import markdown_anchors

        wanted = {c.casefold() for c in candidates}
        return any(
            a.casefold() in wanted or f"{PREFIX}{a}".casefold() in wanted
            for a in markdown_anchors(text)
        )
    exact = frozenset(candidates)
    if not is_github_page(url):
        return html_has_target(text, Wanted(exact))
    return html_has_target(text, Wanted(exact, frozenset(f"{PREFIX}{c}".casefold() for c in exact)))


def missing_message(anchor: str, kind: Kind, url: str, where: str = "") -> str:
    """Say what was looked for in the document at URL (shown as WHERE) and not found."""
    name = shown(anchor)
    if kind == "markdown":
        return f"the Markdown file{where} has no heading, {{#id}} or HTML anchor for #{name}"
    github = f" (nor user-content-{name}, in any case)" if is_github_page(url) else ""
    return f"the page{where} has no element with id '{name}' (nor an <a name>){github}"
