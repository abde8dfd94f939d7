"""Read an awesome-list style Markdown README into sections, items and skipped lines.

Takes Markdown text; gives a `Parsed` document: the headings (level, title without emoji or
back-to-top links), every linkable or planned item (bullets, table rows, links and bare URLs in
prose, code blocks and HTML) with its line, nesting and the labels it was listed under, and every
line that became nothing, with the reason. Uses markdown-it-py (CommonMark + tables) so nesting,
entities and inline links follow the spec; tables are read by `tables`.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from llm_atlas.importer.records import (
    NUMBERING,
    Heading,
    Inline,
    Item,
    Parsed,
    Skip,
    bare_urls,
    is_generic,
    read_inline,
    token_line,
)
from llm_atlas.importer.tables import NOT_AVAILABLE, clean_title, column_roles, read_row

_PLACEHOLDER = re.compile(
    r"^(待更新|正在收集中|正在整理中|敬请期待|TODO|coming soon)", re.IGNORECASE
)
_LABEL_MAX = 40
_PROSE_MAX = 100  # a longer link-less bullet made of sentences is prose, not a planned title
_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_LEAD = re.compile(
    rf"^\W*(\d{{4}}[./-]\d{{1,2}}([./-]\d{{1,2}})?|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}|"
    r"\d{4}年\d{1,2}月(\d{1,2}日)?)\W*",
    re.IGNORECASE,
)
_FIELD = re.compile(r"^\s*(?P<key>[^：:\n]{1,12}?)\s*[：:]\s*(?P<value>.*)$", re.DOTALL)
_DESCRIPTION_KEYS = ("简介", "说明", "介绍", "描述", "备注", "description", "intro", "summary")
_NAME = re.compile(r"^([A-Za-z][A-Za-z0-9_.+-]*(?:[ -][A-Z0-9][A-Za-z0-9_.+-]*)*)")
_FILLER = re.compile(
    r"(其|该项目|项目|开源|的|github|官方|主页|仓库|博客|详细见|地址|链接|为|是|如下|见|:|：|\s)+$",
    re.IGNORECASE,
)
_HTML_LINK = re.compile(r"<a\s[^>]*href=[\"']?([^\"'\s>]+)[^>]*>(.*?)</a>", re.IGNORECASE | re.S)
_TAG = re.compile(r"<[^>]+>")
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d\u2b50\u2b06\u2b07\u00a9\u00ae]"
)


def parse_markdown(text: str) -> Parsed:
    """Parse TEXT into headings, items and skipped lines."""
    md = MarkdownIt("commonmark").enable("table")
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # keep URLs as written
    tokens = md.parse(text)
    state = _State(Parsed())
    state.walk(tokens)
    return state.doc


def clean_heading(info: Inline) -> str:
    """Return a heading's text without emoji, back-to-top links and leftover brackets."""
    text = info.text
    for label, url in info.links:
        if url.startswith("#") and label:
            text = text.replace(label, "")
    text = _EMOJI.sub("", text)
    text = re.sub(r"[（(]\s*(更新于|updated?)[^）)]*[）)]", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\(\s*\)|（\s*）|\[\s*\]", "", text)
    text = re.sub(r"^\s*([0-9]+(\.[0-9]+)*\.?\s+|[一二三四五六七八九十]+、\s*)", "", text)
    return " ".join(text.split()).strip(" |-–—:：")


def bare_title(lead: str) -> str:
    """Return the label written before a bare URL ('2M：https://…' → '2M'), fillers removed."""
    line = lead.rsplit("\n", 1)[-1]
    line = _FILLER.sub("", line.strip())
    line = clean_title(line)
    return "" if is_generic(line) else line


@dataclass
class _State:
    doc: Parsed
    section: int = -1
    labels: list[tuple[bool, str]] = field(default_factory=list)
    item_seen: bool = False
    last_name: str = ""  # the name a paragraph of this section started with ('ChatLLaMA是…')
    heading_used: bool = False  # the section's heading already titles an entry
    summary: str = ""  # the <summary> of the <details> block being read: its entry's name

    def walk(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                self.heading(tok, tokens[i + 1])
                i += 3
            elif tok.type == "bullet_list_open" or tok.type == "ordered_list_open":
                i = self.list_block(tokens, i, None, [label for _, label in self.labels])
            elif tok.type == "table_open":
                i = self.table(tokens, i)
            elif tok.type == "paragraph_open":
                self.paragraph(tokens[i + 1])
                i += 3
            elif tok.type == "html_block":
                self.html(tok)
                i += 1
            elif tok.type == "code_block" and bare_urls(tok.content):
                self.bare_text(token_line(tok), tok.content, None, "prose")
                i += 1
            else:
                if tok.type in ("fence", "code_block", "blockquote_open"):
                    self.skip(token_line(tok), f"{tok.type.split('_')[0]} block", tok.content)
                i += 1

    def skip(self, line: int, reason: str, text: str) -> None:
        if reason.startswith("in-page link") and self.section >= 0:
            self.doc.headings[self.section].anchor_links += 1
        shown = " ".join(text.split())
        shown = shown if len(shown) <= 100 else shown[:99] + "…"  # said to be cut
        self.doc.skipped.append(Skip(line, reason, shown))

    def media(self, tok: Token, reason: str) -> None:
        if self.section >= 0:
            self.doc.headings[self.section].has_media = True
        self.skip(token_line(tok), reason, tok.content)

    def heading(self, tok: Token, inline: Token) -> None:
        info = read_inline(inline)
        url = info.links[0][1] if info.links and info.starts_with_link else None
        title = clean_heading(info)
        self.doc.headings.append(Heading(int(tok.tag[1]), title, token_line(tok), url))
        self.section = len(self.doc.headings) - 1
        self.labels, self.item_seen, self.last_name, self.heading_used = [], False, "", False
        if url and url.startswith(("http://", "https://")):
            self.add(Item(token_line(tok), title, url, self.section, "heading"))
            self.heading_used = True

    def add(self, item: Item) -> int:
        self.doc.items.append(item)
        self.item_seen = item.source != "heading" or self.item_seen
        return len(self.doc.items) - 1

    def html(self, tok: Token) -> None:
        """Read `<a href>` links of an HTML block like Markdown links; the rest is layout."""
        line = token_line(tok)
        made = False
        summary = re.search(r"<summary[^>]*>(.*?)</summary>", tok.content, re.I | re.S)
        if summary:
            text = " ".join(_EMOJI.sub("", html.unescape(_TAG.sub("", summary[1]))).split())
            self.summary = text
            made = bool(text)
            if made:
                self.skip(line, "<details> block: its links make the entry", text)
        rows = re.split(r"<tr[\s>]", tok.content, flags=re.I)
        for row in rows[1:] if len(rows) > 1 else rows:  # an HTML table: one entry per row
            anchors: list[tuple[str, str]] = []
            for url, inner in _HTML_LINK.findall(row):
                label = " ".join(_EMOJI.sub("", html.unescape(_TAG.sub("", inner))).split())
                if not url.startswith(("http://", "https://")):
                    continue
                if "<img" in inner.lower() and not label:
                    self.skip(line, "link around an image or badge (decoration)", url)
                    continue
                anchors.append((label, url))
            named = [a for a in anchors if a[0] and not is_generic(a[0])]
            if len(rows) > 1 and named:
                own = self.link_item(line, named[0][0], named[0][1], "table", None, [], None)
                rest = [a for a in anchors if a != named[0]]
                self.attach(line, own, named[0][0], rest, [], [])
                made = True
                continue
            for label, url in anchors:
                made = self.link_item(line, label, url, "prose", None, [], None) is not None
        if not made:
            self.media(tok, "HTML block (badges, images or layout)")

    def paragraph(self, inline: Token) -> None:
        info = read_inline(inline)
        line = token_line(inline)
        name = _NAME.match(info.text)
        if info.images and not info.text and not info.links:
            self.media(inline, "image")
            for _, url in info.decor:
                self.skip(line, "link around an image or badge (decoration)", url)
        elif all(url.startswith("#") for _, url in info.links) and info.links:
            self.skip(line, "in-page link (navigation)", inline.content)
        elif info.links:
            self.prose_links(line, info)
        elif _PLACEHOLDER.match(info.text):
            self.skip(line, "placeholder note", info.text)
            if self.section >= 0:
                self.doc.headings[self.section].placeholder = True
        elif len(info.text) <= _LABEL_MAX and info.text.rstrip().endswith((":", "：")):
            label = info.text.rstrip(":： ").strip("*").strip()
            keep = [entry for entry in self.labels if entry[0] and not info.strong]
            self.labels = [*keep, (info.strong, label)]
        elif not self.item_seen and self.section >= 0 and self.section not in self.doc.descriptions:
            self.doc.descriptions[self.section] = info.text
        else:
            self.skip(line, "prose paragraph", info.text)
        if name and not info.links:
            self.last_name = name.group(1)

    def prose_links(self, line: int, info: Inline) -> None:
        if len(info.links) > 1 and all(not t or is_generic(t) for t, _ in info.links):
            self.titled_by_text(line, info, None, [])  # '[paper](…) | [code](…)': one entry
            return
        labelled = [(t, u) for t, u in info.links if t]
        for title, url in labelled:
            self.link_item(line, title, url, "prose", None, [], info.text)
        if len(labelled) < len(info.links):
            self.bare_text(line, info.text, None, "prose")

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
        heading = self.doc.headings[self.section].title if self.section >= 0 else ""
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
        return f"{heading} – {'/'.join(tail)}" if heading else "/".join(tail)

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
        if url.startswith("#"):
            self.skip(line, "in-page link (navigation)", f"[{title}]({url})")
            return None
        if url and not url.startswith(("http://", "https://")):
            self.skip(line, "relative or non-web link", f"[{title}]({url})")
            return None
        if "://" in title:  # a URL is never a title, nor part of one
            title = clean_title(re.sub(r"\S*://\S*", " ", title))
        if not title or is_generic(title):
            title = self.context_title(url)
        return self.add(
            Item(line, title, url or None, self.section, source, parent, list(labels), description)
        )

    def list_block(self, tokens: list[Token], i: int, parent: int | None, labels: list[str]) -> int:
        close = tokens[i].type.replace("_open", "_close")
        depth = tokens[i].level
        i += 1
        while not (tokens[i].type == close and tokens[i].level == depth):
            if tokens[i].type == "list_item_open":
                i = self.list_item(tokens, i, parent, labels)
            else:
                i += 1
        return i + 1

    def list_item(self, tokens: list[Token], i: int, parent: int | None, labels: list[str]) -> int:
        depth = tokens[i].level
        end = i + 1
        while not (tokens[end].type == "list_item_close" and tokens[end].level == depth):
            end += 1
        direct = [
            t
            for t in tokens[i + 1 : end]
            if (t.type == "inline" and t.level == depth + 2)
            or (t.type == "code_block" and t.level == depth + 1)
        ]
        nested = next(
            (
                k
                for k in range(i + 1, end)
                if tokens[k].type in ("bullet_list_open", "ordered_list_open")
                and tokens[k].level == depth + 1
            ),
            None,
        )
        if direct and direct[0].type == "inline" and nested is not None:
            record = self.record(direct[0], tokens, nested, parent, labels)
            if record:
                return end + 1
        own: int | None = None
        child_labels = labels
        if direct and direct[0].type == "inline":
            later = [read_inline(t) for t in direct[1:] if t.type == "inline"]
            if not read_inline(direct[0]).links and any(x.links for x in later):
                own = self.merged(direct[0], direct[1:], parent, labels)
            else:
                own, child_labels = self.bullet(direct[0], parent, labels, tokens, nested)
                for extra in direct[1:]:
                    self.extra_paragraph(extra, own)
        k = i + 1
        while k < end:
            if tokens[k].type in ("bullet_list_open", "ordered_list_open"):
                k = self.list_block(tokens, k, own if own is not None else parent, child_labels)
            else:
                k += 1
        return end + 1

    def extra_paragraph(self, tok: Token, own: int | None) -> None:
        text = tok.content
        if bare_urls(text) and tok.type == "code_block":
            self.bare_text(token_line(tok), text, own, "bullet")
            return
        info = read_inline(tok) if tok.type == "inline" else None
        if info is not None and info.links:
            for title, url in info.links:
                name = title or bare_title(info.text.split(url)[0]) if url in info.text else title
                self.link_item(token_line(tok), name or "", url, "bullet", own, [], None)
            return
        self.skip(token_line(tok), "extra paragraph in a list item", text)

    def merged(
        self, first: Token, rest: list[Token], parent: int | None, labels: list[str]
    ) -> int | None:
        """An item whose first paragraph names it and a later one holds its URL(s)."""
        info = read_inline(first)
        name = re.split(r"[，,。：:；;（(]", NUMBERING.sub("", info.text), maxsplit=1)[0]
        title = clean_title(name)[:80] or clean_title(info.text)[:80]
        own: int | None = None
        for tok in rest:
            text = tok.content if tok.type == "code_block" else read_inline(tok).text
            for at, url in bare_urls(text) or [(0, u) for _, u in read_inline(tok).links]:
                label = bare_title(text[:at])
                made = self.link_item(
                    token_line(tok),
                    f"{title} – {label}" if own is not None or label else title,
                    url,
                    "bullet",
                    own if own is not None else parent,
                    labels,
                    info.text if own is None else None,
                )
                own = made if own is None else own
        return own

    def record(
        self, first: Token, tokens: list[Token], nested: int, parent: int | None, labels: list[str]
    ) -> bool:
        """Read `* Name` over `* 地址：URL` / `* 简介：text` children as one entry."""
        info = read_inline(first)
        if info.links or _DATE_LEAD.match(info.text):
            return False
        close = nested + 1
        depth = tokens[nested].level
        values: list[tuple[str, Inline]] = []
        while not (tokens[close].level == depth and tokens[close].type.endswith("_list_close")):
            tok = tokens[close]
            if tok.type in ("bullet_list_open", "ordered_list_open") and tok.level > depth:
                return False
            if tok.type == "inline":
                match = _FIELD.match(tok.content)
                value = read_inline(tok)
                if match is None or any(t and not is_generic(t) for t, _ in value.links):
                    return False  # a list of named links, not the fields of one thing
                values.append((match["key"].strip(), value))
            close += 1
        urls = [u for _, v in values for _, u in v.links]
        if not urls:
            return False
        title = clean_title(info.text.rstrip(":："))
        if not title:
            return False
        description = next(
            (
                _FIELD.sub(r"\g<value>", v.text).strip()
                for k, v in values
                if any(d in k.lower() for d in _DESCRIPTION_KEYS)
            ),
            None,
        )
        line = token_line(first)
        own = self.link_item(line, title, urls[0], "bullet", parent, labels, description)
        for url in urls[1:]:
            if "github.com" in url and own is not None and "code" not in self.doc.items[own].fields:
                self.doc.items[own].fields["code"] = url
            else:
                self.link_item(
                    line, f"{title} – {url.split('/')[-1]}", url, "bullet", own, [], None
                )
        return True

    def bullet(
        self,
        tok: Token,
        parent: int | None,
        labels: list[str],
        tokens: list[Token],
        nested: int | None,
    ) -> tuple[int | None, list[str]]:
        info = read_inline(tok)
        line = token_line(tok)
        has_children = nested is not None
        if not info.links:
            title = NUMBERING.sub("", info.text).strip()
            if info.stars:
                star = info.stars[0]
                return self.link_item(
                    line, clean_title(title), star, "bullet", parent, labels, None
                ), labels
            dated = _DATE_LEAD.match(title)
            if not title:
                self.skip(line, "empty list item", tok.content)
                return None, labels
            if dated and (has_children or len(title) - dated.end() > 0):
                self.skip(line, "news or date bullet (not an entry)", title)
                return None, labels
            if has_children and title.endswith((":", "：")):
                return None, [*labels, title.rstrip(":： ")]
            if len(title) > _PROSE_MAX and re.search(
                r"[。！？!?]|[.;]\s+\S|[，,].*[，,].*[，,]", title
            ):
                self.skip(line, "prose bullet (no link)", title)
                return None, labels
            return self.add(
                Item(line, title, None, self.section, "bullet", parent, list(labels))
            ), labels
        first_title, first_url = info.links[0]
        if not first_title or is_generic(first_title):
            return self.titled_by_text(line, info, parent, labels), labels
        if not info.starts_with_link:
            first = None
            for title, url in info.links:
                made = self.link_item(line, title, url, "bullet", parent, labels, info.text)
                first = made if first is None else first
            return first, labels
        text = NUMBERING.sub("", info.text)
        rest = text[len(first_title) :] if text.startswith(first_title) else text
        for title, _ in info.links[1:]:
            stripped = rest.lstrip(" ：:-—/")
            rest = stripped[len(title) :] if title and stripped.startswith(title) else rest
        rest = rest.lstrip(" ：:-—/").strip()
        own = self.link_item(line, first_title, first_url, "bullet", parent, labels, rest or None)
        if own is not None:
            self.paper_facts(own, info.badges)
        self.attach(line, own, first_title, info.links[1:], info.stars, labels)
        return own, labels

    def titled_by_text(
        self, line: int, info: Inline, parent: int | None, labels: list[str]
    ) -> int | None:
        """A bullet whose own text names it and whose links are '[Paper]', '[Code]' …"""
        first_label = info.links[0][0]
        head = info.text.split(first_label)[0] if first_label else info.text
        for _, url in info.links:
            head = head.split(url)[0]
        title = clean_title(NUMBERING.sub("", head))
        if not title or is_generic(title):
            title = ""
        links = list(info.links)
        primary = next((i for i, (_, u) in enumerate(links) if _is_paper_host(u)), 0)
        label, url = links.pop(primary)
        name = title or (label if label and not is_generic(label) else "")
        rest = info.text[len(head) :]
        for text, target in info.links:
            rest = rest.replace(target, "").replace(text, "")
        rest = re.sub(r"[\[\]|]", " ", rest)
        description = " ".join(rest.split()) or None
        own = self.link_item(line, name, url, "bullet", parent, labels, description)
        if own is not None:
            name = self.doc.items[own].title
            venue = [v.strip() for v in head.split("\n")[1:] if 0 < len(v.strip()) <= 40]
            self.paper_facts(own, [*info.badges, *venue])
        self.attach(line, own, name or self.section_title(), links, info.stars, labels)
        return own

    def paper_facts(self, own: int, said: list[str]) -> None:
        """Keep a paper's venue and year from badges or a 'NeurIPS 2023' line."""
        item = self.doc.items[own]
        if not item.url or not _is_paper_host(item.url):
            return
        for text in said:
            year = re.search(r"\b(19|20)\d\d\b", text)
            if year and "year" not in item.fields:
                item.fields["year"] = year.group()
            if not text.lower().startswith("arxiv") and "venue" not in item.fields:
                item.fields["venue"] = text

    def section_title(self) -> str:
        return self.doc.headings[self.section].title if self.section >= 0 else ""

    def attach(
        self,
        line: int,
        own: int | None,
        title: str,
        links: list[tuple[str, str]],
        stars: list[str],
        labels: list[str],
    ) -> None:
        """Give OWN its code (a GitHub link or star badge); other links become related entries."""
        item = self.doc.items[own] if own is not None else None
        for url in stars:
            if item is not None and "code" not in item.fields and url != item.url:
                item.fields["code"] = url
        for label, url in links:
            if item is not None and url == item.url:
                continue
            code = "github.com" in url and (not label or is_generic(label))
            if item is not None and code and "code" not in item.fields:
                item.fields["code"] = url
                continue
            if item is not None and url == item.fields.get("code"):
                continue
            is_docs = re.fullmatch(r"\W*(docs?|documentation|文档)\W*", label, re.IGNORECASE)
            if item is not None and is_docs and _is_repo(item.url) and "docs" not in item.fields:
                item.fields["docs"] = url  # a tool's documentation site
                continue
            name = f"{title} – {_label_text(label, url)}" if own is not None else label
            self.link_item(line, name, url, "bullet", own, labels, None)

    def table(self, tokens: list[Token], i: int) -> int:
        rows: list[tuple[int, list[Token]]] = []
        while tokens[i].type != "table_close":
            if tokens[i].type == "tr_open":
                rows.append((token_line(tokens[i]), []))
            elif tokens[i].type == "inline":
                rows[-1][1].append(tokens[i])
            i += 1
        header = [read_inline(cell).text.lower() for cell in rows[0][1]]
        roles = column_roles(header)
        body = [(line, [read_inline(cell) for cell in cells]) for line, cells in rows[1:]]
        if "link" not in roles and "paper" not in roles:
            linked = [
                c
                for c in range(len(header))
                if any(r[c].links or r[c].stars for _, r in body if c < len(r))
            ]
            if not linked:
                for line, cells in body:
                    if any(c.text.strip() for c in cells[1:]):
                        self.skip(
                            line,
                            "table row without links (columns: " + " | ".join(header) + ")",
                            " | ".join(c.text for c in cells),
                        )
                return i + 1
            roles["link"] = linked[0]
        unused = [h for col, h in enumerate(header) if col not in roles.values() and h.strip()]
        if unused and body:
            self.skip(body[0][0], "table column(s) not mapped", " | ".join(unused))
        for line, cells in body:
            self.table_row(line, cells, roles)
        return i + 1

    def table_row(self, line: int, cells: list[Inline], roles: dict[str, int]) -> None:
        if not any(c.text.strip() or c.links for c in cells[1:]):
            return  # an empty row (a numbered placeholder)
        row = read_row(cells, roles)
        if not row.titled:
            if row.extra:
                for label, url in row.extra:
                    self.link_item(line, label, url, "table", None, [], None)
            else:
                self.skip(line, "table row without a title", " | ".join(c.text for c in cells))
            return
        first: int | None = None
        for title, target in row.titled:
            if target is None:
                if _PLACEHOLDER.match(title):
                    parts = [
                        row.fields[k] for k in ("model", "method", "params") if k in row.fields
                    ]
                    title = " ".join(parts) or title
                if title.lower() in NOT_AVAILABLE:
                    continue
                made: int | None = self.add(
                    Item(line, title, None, self.section, "table", fields=dict(row.fields))
                )
            else:
                made = self.link_item(line, title, target, "table", None, row.tags, row.description)
                if made is not None:
                    self.doc.items[made].fields = dict(row.fields)
            first = made if first is None else first
        name = row.titled[0][0]
        for label, url in row.extra:
            self.link_item(
                line, f"{name} – {_label_text(label, url)}", url, "table", first, [], None
            )


def _label_text(label: str, url: str) -> str:
    text = re.sub(r"[\[\]]", "", label).strip()
    if text:
        return text
    parts = [p for p in url.split("?")[0].rstrip("/").split("/")[2:] if p]
    return "/".join(parts[-2:]) if parts else url


_PAPER_HOSTS = (
    "arxiv.org",
    "openreview.net",
    "aclanthology.org",
    "proceedings.neurips.cc",
    "papers.nips.cc",
    "proceedings.mlr.press",
    "openaccess.thecvf.com",
    "usenix.org",
    "mlsys.org",
    "doi.org",
    "dl.acm.org",
    "ieeexplore.ieee.org",
    "jmlr.org",
    "semanticscholar.org",
)


def _is_repo(url: str | None) -> bool:
    """Return True for the URL of a GitHub repository itself (an entry of kind tool)."""
    return (
        bool(url) and re.fullmatch(r"https?://github\.com/[^/]+/[^/#?]+/?", url or "") is not None
    )


def _is_paper_host(url: str) -> bool:
    host = url.split("/")[2].lower() if url.count("/") >= 2 else ""
    return any(host == h or host.endswith("." + h) for h in _PAPER_HOSTS)
