"""Per-entry snippets that many pages repeat: an entry's link, badge and meta line in Markdown,
and its list item in an entry page's HTML.

Each entry shows up on its topic pages, its kind page, the tags page and the related and series
lists of other entries; a 10k-entry catalog renders these snippets about 60k times. Written as
Jinja macros they cost half of the render time, so they are built here once per entry (and root)
and handed to templates as globals returning escaped `Markup`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from markupsafe import Markup, escape

from llm_atlas.catalog import Catalog
from llm_atlas.models import Entry
from llm_atlas.render.escape import escape_markdown, escape_url, one_line
from llm_atlas.render.messages import Messages
from llm_atlas.render.views import lang_names

NO_BADGE = Markup("")
# Links marked ↗ leave the atlas: they open in a new tab, without access back to this one.
NEW_TAB = 'class="atlas-out" target="_blank" rel="noopener"'
NEW_TAB_MD = '.atlas-out target="_blank" rel="noopener"'


class Snippets:
    """Memoised snippets of one catalog's entries (build a new one for each render)."""

    def __init__(self, catalog: Catalog, words: Messages | None = None) -> None:
        self.catalog = catalog
        self.words = words or Messages("zh")
        self.planned = Markup(' <span class="atlas-badge atlas-planned">{}</span>').format(
            self.words.text("badge.planned")
        )
        self.source = f"{self.words.text('link.url')} ↗"
        self.lang_names = lang_names(self.words)
        self._made: dict[str, dict[tuple[object, ...], Markup]] = {}

    def globals(self) -> dict[str, object]:
        """Return the template globals this object provides."""
        return {
            "entry_link": self.entry_link,
            "badges": self.badges,
            "item": self.item,
            "items": self.items,
            "short_item": self.short_item,
            "short_items": self.short_items,
            "paper_rows": self.paper_rows,
            "topic_links": self.topic_links,
            "html_title": self.html_title,
            "related_item": self.related_item,
        }

    def memo(self, entry_id: str, key: tuple[object, ...], make: Callable[[], str]) -> Markup:
        """Return the snippet KEY of ENTRY_ID as Markup, made by MAKE the first time."""
        made = self._made.get(entry_id)
        if made is None:
            made = self._made[entry_id] = {}
        found = made.get(key)
        if found is None:
            found = made[key] = Markup(make())
        return found

    def entry_link(self, e: Entry, root: str) -> Markup:
        """Return `[title](ROOT/entries/<id>.md)`."""
        return self.memo(
            e.id, ("link", root), lambda: f"[{escape_markdown(e.title)}]({root}entries/{e.id}.md)"
        )

    def meta(self, e: Entry) -> Markup:
        """Return the Markdown meta line (language · year · venue · part · source link)."""

        def make() -> str:
            source = f"[{self.source}]({escape_url(e.url)}){{ {NEW_TAB_MD} }}" if e.url else ""
            return self._meta_line(e, escape_markdown, source)

        return self.memo(e.id, ("meta",), make)

    def item(self, e: Entry, root: str, with_description: bool = True) -> Markup:
        """Return the entry's Markdown list item: link, badge, meta line and description."""

        def make() -> str:
            text = f"- {self.entry_link(e, root)}{self.badges(e)}{self.meta(e)}"
            if with_description and e.description:
                text += f'<br><span class="atlas-desc">{escape_markdown(e.description)}</span>'
            return text

        return self.memo(e.id, ("item", root, with_description), make)

    def items(self, entries: Iterable[Entry], root: str) -> Markup:
        """Return the `item` of each of ENTRIES, one per line (a long list costs one template
        call, not one per entry)."""
        return self._lines(entries, ("item", root, True), lambda e: self.item(e, root))

    def short_items(self, entries: Iterable[Entry], root: str) -> Markup:
        """Return the `short_item` of each of ENTRIES, one per line."""
        return self._lines(entries, ("short", root), lambda e: self.short_item(e, root))

    def paper_rows(self, entries: Iterable[Entry], root: str) -> Markup:
        """Return the papers page's table row of each of ENTRIES, one per line: link and
        badge, year, venue, arXiv link, topics."""
        return self._lines(entries, ("paper", root), lambda e: self.paper_row(e, root))

    def _lines(
        self, entries: Iterable[Entry], key: tuple[object, ...], one: Callable[[Entry], Markup]
    ) -> Markup:
        """Return snippet KEY of each of ENTRIES, one per line; ONE(entry) makes (and keeps) a
        snippet not made yet. (The lookup is inlined: lists run to 10k.)"""
        made = self._made
        lines: list[str] = []
        for e in entries:
            mine = made.get(e.id)
            found: str | None = mine.get(key) if mine is not None else None
            lines.append(found if found is not None else one(e))
        return Markup("\n".join(lines))

    def paper_row(self, e: Entry, root: str) -> Markup:
        """Return one row of the papers table (see `paper_rows`)."""

        def make() -> str:
            venue = escape_markdown(getattr(e, "venue", None) or "")
            arxiv = getattr(e, "arxiv", None)
            found = escape(arxiv) if arxiv else ""
            paper = f"[{found}](https://arxiv.org/abs/{found})" if arxiv else ""
            link = f"{self.entry_link(e, root)}{self.badges(e)}"
            return f"| {link} | {e.year or ''} | {venue} | {paper} | {self.topic_links(e, root)} |"

        return self.memo(e.id, ("paper", root), make)

    def short_item(self, e: Entry, root: str) -> Markup:
        """Return the entry's short Markdown list item: link, badge and kind."""
        kind = f'<span class="atlas-meta">{self.words.text(f"one.{e.kind}")}</span>'
        return self.memo(
            e.id, ("short", root), lambda: f"- {self.entry_link(e, root)}{self.badges(e)} {kind}"
        )

    def topic_links(self, e: Entry, root: str) -> Markup:
        """Return links to the entry's topic pages, separated as the site's language lists."""
        topics = self.catalog.topics
        return self.memo(
            e.id,
            ("topics", root),
            lambda: self.words.text("list.enum").join(
                f"[{escape_markdown(topics[t].title)}]({root}topics/{t}/index.md)" for t in e.topics
            ),
        )

    def html_title(self, e: Entry) -> Markup:
        """Return the entry's title on one line, HTML-escaped."""
        return self.memo(e.id, ("title",), lambda: escape(one_line(e.title)))

    def related_item(self, e: Entry) -> Markup:
        """Return the `<li>` of E in another entry page's list of relations (HTML)."""

        def make() -> str:
            source = f'<a {NEW_TAB} href="{escape_url(e.url)}">{self.source}</a>' if e.url else ""
            meta = self._meta_line(e, _html_text, source)
            return f'<li><a href="../{e.id}/">{self.html_title(e)}</a>{self.badges(e)}{meta}</li>'

        return self.memo(e.id, ("related",), make)

    def badges(self, e: Entry) -> Markup:
        """Return the 'planned' badge of a planned entry, else nothing."""
        return self.planned if e.status == "planned" else NO_BADGE

    def _meta_line(self, e: Entry, escape_text: Callable[[str], str], source: str) -> str:
        """Return E's meta line: escaped language, year, venue and series part, then SOURCE (a
        link to the original), joined by ' · ' in a span; empty when there is nothing to show."""
        bits: list[str] = []
        if e.lang:
            bits.append(str(escape_text(self.lang_names.get(e.lang, e.lang))))
        if e.year:
            bits.append(str(e.year))
        venue = getattr(e, "venue", None)
        if e.kind == "paper" and venue:
            bits.append(str(escape_text(venue)))
        if e.series and e.part:
            bits.append(str(self.words.text("part", part=e.part)))
        if source:
            bits.append(source)
        return f' <span class="atlas-meta">{" · ".join(bits)}</span>' if bits else ""


def _html_text(value: str) -> str:
    return str(escape(one_line(value)))
