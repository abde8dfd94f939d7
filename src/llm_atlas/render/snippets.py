"""Per-entry snippets that many pages repeat: an entry's link, badge and meta line in Markdown,
and its list item in an entry page's HTML.

Each entry shows up on its topic pages, its kind page, the tags page and the related and series
lists of other entries; a 10k-entry catalog renders these snippets about 60k times. Written as
Jinja macros they cost half of the render time, so they are built here once per entry (and root)
and handed to templates as globals returning escaped `Markup`.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from llm_atlas.catalog import Catalog
from llm_atlas.models import KIND_TITLES, Entry
from llm_atlas.render.env import escape_markdown, escape_url, one_line
from llm_atlas.render.views import LANG_NAMES

# What `related_item` reads of an entry (a test checks that no other field changes it): the
# entry cache keys a page on these fields of each related entry.
RELATED_FIELDS = ("kind", "id", "title", "status", "lang", "year", "venue", "series", "part", "url")
PLANNED = Markup(' <span class="atlas-badge atlas-planned">计划中</span>')
NO_BADGE = Markup("")


class Snippets:
    """Memoised snippets of one catalog's entries (build a new one for each render)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._links: dict[tuple[str, str], Markup] = {}
        self._items: dict[tuple[str, str, bool], Markup] = {}
        self._meta: dict[str, Markup] = {}
        self._html_items: dict[str, Markup] = {}
        self._titles: dict[str, Markup] = {}
        self._short: dict[tuple[str, str, str], Markup] = {}

    def globals(self) -> dict[str, object]:
        """Return the template globals this object provides."""
        return {
            "entry_link": self.entry_link,
            "badges": badges,
            "item": self.item,
            "short_item": self.short_item,
            "topic_links": self.topic_links,
            "html_title": self.html_title,
            "related_item": self.related_item,
        }

    def entry_link(self, e: Entry, root: str) -> Markup:
        """Return `[title](ROOT/entries/<id>.md)`."""
        key = (e.id, root)
        found = self._links.get(key)
        if found is None:
            found = Markup(f"[{escape_markdown(e.title)}]({root}entries/{e.id}.md)")
            self._links[key] = found
        return found

    def meta(self, e: Entry) -> Markup:
        """Return the Markdown meta line (language · year · venue · part · source link)."""
        found = self._meta.get(e.id)
        if found is None:
            bits = _meta_bits(e, escape_markdown)
            if e.url:
                bits.append(f"[原文 ↗]({escape_url(e.url)}){{ .atlas-out }}")
            found = Markup(f' <span class="atlas-meta">{" · ".join(bits)}</span>' if bits else "")
            self._meta[e.id] = found
        return found

    def item(self, e: Entry, root: str, with_description: bool = True) -> Markup:
        """Return the entry's Markdown list item: link, badge, meta line and description."""
        key = (e.id, root, with_description)
        found = self._items.get(key)
        if found is None:
            text = f"- {self.entry_link(e, root)}{badges(e)}{self.meta(e)}"
            if with_description and e.description:
                text += f'<br><span class="atlas-desc">{escape_markdown(e.description)}</span>'
            found = self._items[key] = Markup(text)
        return found

    def short_item(self, e: Entry, root: str) -> Markup:
        """Return the entry's short Markdown list item: link, badge and kind."""
        key = (e.id, root, "short")
        found = self._short.get(key)
        if found is None:
            kind = KIND_TITLES[e.kind][0]
            text = f'- {self.entry_link(e, root)}{badges(e)} <span class="atlas-meta">{kind}</span>'
            found = self._short[key] = Markup(text)
        return found

    def topic_links(self, e: Entry, root: str) -> Markup:
        """Return links to the entry's topic pages, separated by '、'."""
        topics = self.catalog.topics
        return Markup("、").join(
            Markup(f"[{escape_markdown(topics[t].title)}]({root}topics/{t}/index.md)")
            for t in e.topics
        )

    def html_title(self, e: Entry) -> Markup:
        """Return the entry's title on one line, HTML-escaped."""
        found = self._titles.get(e.id)
        if found is None:
            found = self._titles[e.id] = escape(one_line(e.title))
        return found

    def related_item(self, e: Entry) -> Markup:
        """Return the `<li>` of E in another entry page's list of relations (HTML)."""
        found = self._html_items.get(e.id)
        if found is None:
            bits = _meta_bits(e, _html_text)
            if e.url:
                bits.append(f'<a class="atlas-out" href="{escape_url(e.url)}">原文 ↗</a>')
            meta = f' <span class="atlas-meta">{" · ".join(bits)}</span>' if bits else ""
            found = Markup(
                f'<li><a href="../{e.id}/">{self.html_title(e)}</a>{badges(e)}{meta}</li>'
            )
            self._html_items[e.id] = found
        return found


def related_fingerprint(e: Entry) -> str:
    """Return the RELATED_FIELDS of E as one string (what its `related_item` depends on)."""
    fields = e.__dict__  # pydantic keeps field values here; a missing one (venue) is None
    return "\0".join(str(fields.get(name)) for name in RELATED_FIELDS)


def badges(e: Entry) -> Markup:
    """Return the 'planned' badge of a planned entry, else nothing."""
    return PLANNED if e.status == "planned" else NO_BADGE


def _html_text(value: str) -> str:
    return str(escape(one_line(value)))


def _meta_bits(e: Entry, escape_text: Callable[[str], str]) -> list[str]:
    """Return the escaped language, year, venue and series part of E, in that order."""
    bits: list[str] = []
    if e.lang:
        bits.append(str(escape_text(LANG_NAMES.get(e.lang, e.lang))))
    if e.year:
        bits.append(str(e.year))
    venue = getattr(e, "venue", None)
    if e.kind == "paper" and venue:
        bits.append(str(escape_text(venue)))
    if e.series and e.part:
        bits.append(f"第 {e.part} 篇")
    return bits
