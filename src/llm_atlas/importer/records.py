"""Records of a parsed README and the reading of one inline Markdown run.

`Heading`, `Item`, `Skip` and `Parsed` are what `parse` gives `emit`; `read_inline` turns a
markdown-it inline token into its plain text, its links and whether it starts with a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

NUMBERING = re.compile(r"^\s*\d+[.、)]\s*")


@dataclass
class Heading:
    """A heading: level 1–6, text without markup, and its own link if it is one."""

    level: int
    title: str
    line: int
    url: str | None = None
    has_media: bool = False
    anchor_links: int = 0


@dataclass
class Item:
    """Something that becomes an entry: a link or a planned (unlinked) title."""

    line: int
    title: str
    url: str | None
    section: int
    source: str
    parent: int | None = None
    labels: list[str] = field(default_factory=list)
    description: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Skip:
    """A line that produced no item, and why."""

    line: int
    reason: str
    text: str


@dataclass
class Parsed:
    headings: list[Heading] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    descriptions: dict[int, str] = field(default_factory=dict)


@dataclass
class Inline:
    text: str
    links: list[tuple[str, str]]
    images: int
    starts_with_link: bool
    strong: bool


def token_line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def read_inline(token: Token) -> Inline:
    parts: list[str] = []
    links: list[tuple[str, str]] = []
    href: str | None = None
    label: list[str] = []
    images = 0
    first_kind = ""
    strong = all(c.type in ("strong_open", "strong_close", "text") for c in token.children or [])
    strong = strong and any(c.type == "strong_open" for c in token.children or [])
    for child in token.children or []:
        if not first_kind and not (
            child.type == "text" and not NUMBERING.sub("", child.content).strip()
        ):
            first_kind = child.type
        if child.type == "link_open":
            href, label = str(child.attrs.get("href", "")), []
        elif child.type == "link_close" and href is not None:
            links.append(("".join(label).strip(), href))
            href = None
        elif child.type == "image":
            images += 1
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
            if href is not None:
                label.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content.lower().startswith("<br")
        ):
            parts.append("\n")
    return Inline("".join(parts).strip(), links, images, first_kind == "link_open", strong)
