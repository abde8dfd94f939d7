"""Fragment targets of a Markdown file, as GitHub renders it.

Takes Markdown text; gives its anchors in document order: each heading's anchor by GitHub's rule
(its renderer's table-of-contents filter: the heading's text, lowercased; every character that is
not a letter, a mark, a decimal digit, '_', '-' or a space dropped; each space made '-'; the
second equal anchor gets -1, the third -2), an explicit `{#id}` at a heading's end (kramdown,
pandoc, MkDocs; GitHub keeps it as text, so the anchor of the whole text counts too), and the ids
and `a` names of the file's HTML. Code blocks and comments hold none: markdown-it parses the file
(CommonMark, with GitHub's tables and strikethrough).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from typing import TYPE_CHECKING

from llm_atlas.links.fragment_html import html_targets

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_EXPLICIT_ID = re.compile(r"\{#([^\s{}]+)[^{}]*\}")
_WORD_CATEGORIES = frozenset({"Nd", "Nl", "Pc"})


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only for Markdown bodies

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _kept(char: str) -> bool:
    if char in "-_ ":
        return True
    category = unicodedata.category(char)
    return category[0] in "LM" or category in _WORD_CATEGORIES


def github_slug(text: str) -> str:
    """Return GitHub's anchor of a heading whose text is TEXT (before -1, -2 for repeats)."""
    return "".join(c for c in text.lower() if _kept(c)).replace(" ", "-")


def _heading_text(inline: Token) -> str:
    """The heading's text as a page shows it: no markup, no HTML tags, no image."""
    parts: list[str] = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def markdown_anchors(text: str) -> list[str]:
    """Return the anchors of the Markdown TEXT in document order."""
    anchors: list[str] = []
    seen: Counter[str] = Counter()
    tokens = _parser().parse(text)
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            heading = _heading_text(tokens[i + 1]).strip()
            brace = heading.rfind("{")
            explicit = _EXPLICIT_ID.fullmatch(heading[brace:]) if brace >= 0 else None
            if explicit is not None:
                anchors.append(explicit.group(1))
            slug = github_slug(heading)
            anchors.append(f"{slug}-{seen[slug]}" if seen[slug] else slug)
            seen[slug] += 1
        elif token.type == "html_block":
            anchors += _html_anchors(token.content)
        elif token.type == "inline":
            html = "".join(c.content for c in token.children or [] if c.type == "html_inline")
            if html:
                anchors += _html_anchors(html)
    return anchors


def _html_anchors(html: str) -> list[str]:
    return list(html_targets(html))
