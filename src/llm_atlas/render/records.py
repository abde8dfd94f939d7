"""The records the render step hands to the build: an entry page's title and body, and counts.

Plain data with no Jinja, so the build's state can read and write them cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class EntryHtml:
    """An entry page's title (plain text) and body HTML, for writing it into the site's shell,
    and the other names the search finds it by (English title, aliases; plain text)."""

    title: str
    body: str
    names: tuple[str, ...] = ()


@dataclass
class RenderStats:
    pages: int = 0
    files: int = 0
    written: int = 0
    removed: int = 0
    entries: Mapping[str, EntryHtml] = field(default_factory=dict)  # rendered when read
    entry_inputs: dict[str, str] = field(default_factory=dict)  # `render.entry_inputs`
