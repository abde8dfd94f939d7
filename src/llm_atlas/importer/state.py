"""The reading state of one README and the ways an item is recorded.

Takes the parts `parse`, `lists`, `tablerows` and `htmlblocks` read; gives `Parsed` records:
an item per work (`add_work`: its links by role as fields, never items of their own), a `Skip`
for every line that becomes nothing, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from llm_atlas.importer.records import (
    BADGE_HOSTS,
    Heading,
    Inline,
    Item,
    Parsed,
    Skip,
    bare_urls,
    is_generic,
)
from llm_atlas.importer.tables import clean_title
from llm_atlas.importer.work import ROLE_FIELDS, Work, host_role, link_role

_FILLER = re.compile(
    r"(其|该项目|项目|开源|的|github|官方|主页|仓库|博客|详细见|地址|链接|为|是|如下|见|:|：|\s)+$",
    re.IGNORECASE,
)


def bare_title(lead: str) -> str:
    """Return the label written before a bare URL ('2M：https://…' → '2M'), fillers removed."""
    line = lead.rsplit("\n", 1)[-1]
    line = _FILLER.sub("", line.strip()[-200:])
    line = clean_title(line)
    return "" if is_generic(line) else line


@dataclass
class StateBase:
    doc: Parsed
    section: int = -1
    labels: list[tuple[bool, str]] = field(default_factory=list)
    item_seen: bool = False
    last_name: str = ""  # the name a paragraph of this section started with ('ChatLLaMA是…')
    heading_used: bool = False  # the section's heading already titles an entry
    summary: str = ""  # the <summary> of the <details> block being read: its entry's name
    details: int | None = None  # the item a <summary> made: lists up to </details> are its notes

    def skip(self, line: int, reason: str, text: str) -> None:
        if reason.startswith("in-page link") and self.section >= 0:
            self.doc.headings[self.section].anchor_links += 1
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 100 else shown[:99] + "…"  # said to be cut
        self.doc.skipped.append(Skip(line, reason, shown))

    def open_section(self, level: int, title: str, line: int, url: str | None) -> None:
        """Start the section of a Markdown or HTML heading (a linked heading is an item too)."""
        self.doc.headings.append(Heading(level, title, line, url))
        self.section = len(self.doc.headings) - 1
        self.labels, self.item_seen, self.last_name, self.heading_used = [], False, "", False
        self.summary, self.details = "", None
        if url and url.startswith(("http://", "https://")):
            self.add(Item(line, title, url, self.section, "heading"))
            self.heading_used = True

    def add(self, item: Item) -> int:
        self.doc.items.append(item)
        self.item_seen = item.source != "heading" or self.item_seen
        return len(self.doc.items) - 1

    def section_title(self) -> str:
        return self.doc.headings[self.section].title if self.section >= 0 else ""

    def usable(self, line: int, title: str, url: str) -> bool:
        """Return True for an http(s) URL; report in-page, relative and empty targets."""
        if url.startswith(("http://", "https://")):
            return True
        if url.startswith("#"):
            self.skip(line, "in-page link (navigation)", f"[{title}]({url})")
        elif not url.strip():
            self.skip(line, "link without a target", f"[{title}]()")
        else:
            self.skip(line, "relative or non-web link", f"[{title}]({url})")
        return False

    def link_item(
        self,
        line: int,
        title: str,
        url: str,
        source: str,
        parent: int | None,
        labels: list[str],
        description: str | None,
    ) -> int | None:
        if not self.usable(line, title, url):
            return None
        if "://" in title:  # a URL is never a title, nor part of one
            title = clean_title(re.sub(r"\S*://\S*", " ", title))
        if not title or is_generic(title):
            title = self.context_title(url)
        return self.add(
            Item(line, title, url, self.section, source, parent, list(labels), description)
        )

    def add_work(
        self, line: int, work: Work, source: str, parent: int | None, labels: list[str]
    ) -> int | None:
        """Record WORK as one item: its main URL, its other links as fields by role. A work
        whose every link is in-page, relative or empty is no item (its links are reported)."""
        linked = bool(work.url or work.links or work.more)
        for role, link in list(work.links.items()):
            if not self.usable(line, role, link):
                del work.links[role]
        work.more = [u for u in work.more if self.usable(line, "", u)]
        url: str | None = work.url
        if url is not None and not self.usable(line, work.title, url):
            url = None
        if url is None and work.arxiv:
            url = f"https://arxiv.org/abs/{work.arxiv}"
        if url is None and (work.links or work.more):
            name = next(iter(work.links), None)
            url = work.links.pop(name) if name else work.more.pop(0)
        if url is None and linked:
            return None
        title = work.title
        if "://" in title:
            title = clean_title(re.sub(r"\S*://\S*", " ", title))
        if not title or is_generic(title):
            if url is None:
                return None
            title = self.context_title(url)
        item = Item(line, title, url, self.section, source, parent, list(labels))
        item.description = work.description
        item.fields.update(work.links)
        item.more = list(work.more)
        item.paper = work.paper or bool(work.arxiv)
        if work.authors:
            item.fields["authors"] = ", ".join(work.authors)
        if work.year is not None:
            item.fields["year"] = str(work.year)
        if work.venue:
            item.fields["venue"] = work.venue
        if work.arxiv:
            item.fields["arxiv"] = work.arxiv
        return self.add(item)

    def attach_link(self, own: int, label: str, url: str) -> None:
        """Give item OWN the link as the field of its role (a second one of a role: `more`)."""
        item = self.doc.items[own]
        if not self.usable(item.line, label, url):
            return
        if url == item.url or url in item.fields.values() or url in item.more:
            return
        name = ROLE_FIELDS[link_role(label, url)]
        if name not in item.fields:
            item.fields[name] = url
        else:
            item.more.append(url)

    def attach_decor(self, own: int, info: Inline) -> None:
        """Give item OWN the links around its badges that lead somewhere of a role (a video)."""
        for _, url in info.decor:
            if host_role(url) is not None and not BADGE_HOSTS.search(url):
                self.attach_link(own, "", url)

    def bare_text(self, line: int, text: str, parent: int | None, source: str) -> int | None:
        """Make an item of every bare URL of TEXT, titled by what precedes it or the context."""
        first = None
        for at, url in bare_urls(text):
            title = bare_title(text[:at]) or self.context_title(url)
            made = self.link_item(
                line + text.count("\n", 0, at), title, url, source, parent, [], None
            )
            first = made if first is None else first
        return first

    def context_title(self, url: str) -> str:
        """Return a title for an unlabelled URL: the <details> summary, the name the paragraph
        before it starts with, the section's heading, then the URL's last part."""
        heading = self.section_title()
        if self.summary:
            name, self.summary = self.summary, ""
            return name
        if self.last_name:
            name, self.last_name = self.last_name, ""
            return name
        if heading and not self.heading_used:
            self.heading_used = True
            return heading
        tail = [p for p in url.split("?")[0].rstrip("/").split("/")[2:] if p][-2:]
        return "/".join(tail)
