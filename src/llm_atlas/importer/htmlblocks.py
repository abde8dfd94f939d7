"""Read HTML blocks of a README: headings, `<details><summary>` works, tables and links.

Takes an html_block token; gives sections for `<h1>`…`<h6>`, one work per `<summary>` (its title,
year and links, like a bullet), an item per `<tr>` row or `<a href>` link, and a `Skip` for
badges, images and layout. Patterns are bounded: no quantifier nests over another's characters.
"""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from llm_atlas.importer.records import Inline, is_generic, token_line
from llm_atlas.importer.state import StateBase
from llm_atlas.importer.work import read_work

_HREF = re.compile(r"\shref=[\"']?([^\"'\s>]{1,2000})", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,1000}>")
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d\u2b50\u2b06\u2b07\u00a9\u00ae]")


def elements(fragment: str, name: str) -> list[tuple[str, str, int, int]]:
    """Return (opening tag, inner HTML, start, end) of every <NAME …>…</NAME> of FRAGMENT, the
    innermost when nested; in one pass (split at the closing tags), so linear in its length."""
    found: list[tuple[str, str, int, int]] = []
    lower = fragment.lower()
    closing = re.compile(rf"</{name}\s{{0,20}}>", re.IGNORECASE)
    start = 0
    for close in closing.finditer(lower):
        at = lower.rfind(f"<{name}", start, close.start())
        while at >= 0 and lower[at + 1 + len(name) : at + 2 + len(name)] not in (
            ">",
            " ",
            "\n",
            "\t",
        ):
            at = lower.rfind(f"<{name}", start, at)
        end = lower.find(">", at, close.start()) if at >= 0 else -1
        if end >= 0:
            found.append(
                (fragment[at : end + 1], fragment[end + 1 : close.start()], at, close.end())
            )
        start = close.end()
    return found


def anchors(fragment: str) -> list[tuple[str, str]]:
    """Return (url, inner HTML) of every <a href> of FRAGMENT."""
    out = []
    for tag, inner, _, _ in elements(fragment, "a"):
        href = _HREF.search(tag)
        if href:
            out.append((href[1], inner))
    return out


def headings(fragment: str) -> list[tuple[int, str, int, int]]:
    """Return (level, inner HTML, start, end) of the <h1>…<h6> elements of FRAGMENT."""
    found = [
        (int(n), inner, a, b) for n in "123456" for _, inner, a, b in elements(fragment, f"h{n}")
    ]
    return sorted(found, key=lambda h: h[2])


def html_text(fragment: str) -> str:
    """Return the plain text of an HTML fragment: tags, emoji and entities resolved."""
    return " ".join(EMOJI.sub("", html.unescape(_TAG.sub(" ", fragment))).split())


def html_inline(fragment: str) -> Inline:
    """Return an HTML fragment read like a Markdown inline run: its text and labelled links."""
    links = [(html_text(inner), url) for url, inner in anchors(fragment)]
    return Inline(html_text(fragment), links, 0, bool(links) and fragment.lstrip().startswith("<a"),
                  False)  # fmt: skip


class HtmlReader(StateBase):
    def html(self, tok: Token) -> None:
        """Read an HTML block's headings, summaries and links; the rest is layout."""
        line = token_line(tok)
        content = tok.content
        made = False
        cut = 0
        kept = []
        for level, inner, start, end in headings(content):
            title = html_text(inner)
            if title and start >= cut:
                self.open_section(level, title, line, None)
                made = True
                kept.append(content[cut:start])
                cut = end
        content = "".join(kept) + content[cut:]
        if "</details" in content.lower():
            self.details = None
        for _, inner, start, end in elements(content, "summary")[:1]:
            made = self.summary_work(line, inner) or made
            content = content[:start] + content[end:]
        rows = re.split(r"<tr[\s>]", content, flags=re.I)
        for row in rows[1:] if len(rows) > 1 else rows:  # an HTML table: one entry per row
            found: list[tuple[str, str]] = []
            for url, inner in anchors(row):
                label = html_text(inner)
                if not url.startswith(("http://", "https://")):
                    if not url.startswith("#"):
                        self.skip(line, "relative or non-web link", f"[{label}]({url})")
                    continue
                if "<img" in inner.lower() and not label:
                    self.skip(line, "link around an image or badge (decoration)", url)
                    continue
                found.append((label, url))
            named = [a for a in found if a[0] and not is_generic(a[0])]
            if len(rows) > 1 and named:
                own = self.link_item(line, named[0][0], named[0][1], "table", None, [], None)
                for label, url in found:
                    if own is not None and url != named[0][1]:
                        self.attach_link(own, label, url)
                made = True
                continue
            for label, url in found:
                made = self.link_item(line, label, url, "prose", None, [], None) is not None
        if not made:
            if self.section >= 0:
                self.doc.headings[self.section].has_media = True
            self.skip(line, "HTML block (badges, images or layout)", tok.content)

    def summary_work(self, line: int, fragment: str) -> bool:
        """A `<summary>Title (2023) [<a href=…>Paper</a>]</summary>`: one work."""
        info = html_inline(fragment)
        if not info.text:
            return False
        if not info.links:
            self.summary = info.text  # the links below it make its entry
            self.skip(line, "<details> block: its links make the entry", info.text)
            return True
        self.details = self.add_work(line, read_work(info, None, None), "bullet", None, [])
        return self.details is not None
