"""Read an awesome-list style Markdown README into sections, items and skipped lines.

Takes Markdown text; gives a `Parsed` document: the headings (level, title, own link), every
linkable or planned item (bullets, table rows, links in prose) with its line, nesting and the
labels it was listed under, and every line that became nothing, with the reason. Uses
markdown-it-py (CommonMark + tables) so nesting, entities and inline links follow the spec.
"""

from __future__ import annotations

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
    read_inline,
    token_line,
)

_PLACEHOLDER = re.compile(r"^(待更新|正在收集中|敬请期待|TODO|coming soon)", re.IGNORECASE)
_LABEL_MAX = 40
_NOT_AVAILABLE = {"", "n/a", "na", "-", "无", "暂无"}
COLUMN_FIELDS = (
    ("model", ("llm", "模型", "model")),
    ("method", ("方法", "sft", "rlhf", "预训练", "method")),
    ("params", ("参数", "params", "size")),
    ("framework", ("框架", "framework")),
    ("code", ("代码", "code")),
    ("link", ("教程", "文章", "tutorial", "article", "title", "标题")),
)


def parse_markdown(text: str) -> Parsed:
    """Parse TEXT into headings, items and skipped lines."""
    md = MarkdownIt("commonmark").enable("table")
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # keep URLs as written
    tokens = md.parse(text)
    state = _State(Parsed())
    state.walk(tokens)
    return state.doc


@dataclass
class _State:
    doc: Parsed
    section: int = -1
    labels: list[tuple[bool, str]] = field(default_factory=list)
    item_seen: bool = False

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
                self.media(tok, "HTML block (badges, images or layout)")
                i += 1
            else:
                if tok.type in ("fence", "code_block", "blockquote_open"):
                    self.skip(token_line(tok), f"{tok.type.split('_')[0]} block", tok.content)
                i += 1

    def skip(self, line: int, reason: str, text: str) -> None:
        if reason.startswith("in-page link") and self.section >= 0:
            self.doc.headings[self.section].anchor_links += 1
        self.doc.skipped.append(Skip(line, reason, " ".join(text.split())[:80]))

    def media(self, tok: Token, reason: str) -> None:
        if self.section >= 0:
            self.doc.headings[self.section].has_media = True
        self.skip(token_line(tok), reason, tok.content)

    def heading(self, tok: Token, inline: Token) -> None:
        info = read_inline(inline)
        url = info.links[0][1] if info.links and info.starts_with_link else None
        self.doc.headings.append(Heading(int(tok.tag[1]), info.text, token_line(tok), url))
        self.section = len(self.doc.headings) - 1
        self.labels, self.item_seen = [], False
        if url and url.startswith(("http://", "https://")):
            self.add(Item(token_line(tok), info.text, url, self.section, "heading"))

    def add(self, item: Item) -> int:
        self.doc.items.append(item)
        self.item_seen = item.source != "heading" or self.item_seen
        return len(self.doc.items) - 1

    def paragraph(self, inline: Token) -> None:
        info = read_inline(inline)
        line = token_line(inline)
        if info.images and not info.text:
            self.media(inline, "image")
        elif all(url.startswith("#") for _, url in info.links) and info.links:
            self.skip(line, "in-page link (navigation)", inline.content)
        elif info.links:
            for title, url in info.links:
                self.link_item(line, title, url, "prose", None, [], info.text)
        elif _PLACEHOLDER.match(info.text):
            self.skip(line, "placeholder note", info.text)
        elif len(info.text) <= _LABEL_MAX and info.text.rstrip().endswith((":", "：")):
            label = info.text.rstrip(":： ").strip("*").strip()
            keep = [entry for entry in self.labels if entry[0] and not info.strong]
            self.labels = [*keep, (info.strong, label)]
        elif not self.item_seen and self.section >= 0 and self.section not in self.doc.descriptions:
            self.doc.descriptions[self.section] = info.text
        else:
            self.skip(line, "prose paragraph", info.text)

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
        return self.add(
            Item(
                line,
                title or url,
                url or None,
                self.section,
                source,
                parent,
                list(labels),
                description,
            )
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
        own: int | None = None
        child_labels = labels
        read = False
        i += 1
        while not (tokens[i].type == "list_item_close" and tokens[i].level == depth):
            tok = tokens[i]
            if tok.type == "inline" and not read:
                own, child_labels = self.bullet(tok, parent, labels, tokens, i)
                read = True
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                i = self.list_block(tokens, i, own if own is not None else parent, child_labels)
                continue
            elif tok.type == "inline":
                self.skip(token_line(tok), "extra paragraph in a list item", tok.content)
            i += 1
        return i + 1

    def bullet(
        self, tok: Token, parent: int | None, labels: list[str], tokens: list[Token], i: int
    ) -> tuple[int | None, list[str]]:
        info = read_inline(tok)
        line = token_line(tok)
        has_children = tokens[i + 2].type in ("bullet_list_open", "ordered_list_open")
        if not info.links:
            title = NUMBERING.sub("", info.text).strip()
            if not title:
                self.skip(line, "empty list item", tok.content)
                return None, labels
            if has_children and title.endswith((":", "：")):
                return None, [*labels, title.rstrip(":： ")]
            return self.add(
                Item(line, title, None, self.section, "bullet", parent, list(labels))
            ), labels
        first_title, first_url = info.links[0]
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
        for title, url in info.links[1:]:
            name = f"{first_title} – {title}" if own is not None else title
            self.link_item(line, name, url, "bullet", own, labels, None)
        return own, labels

    def table(self, tokens: list[Token], i: int) -> int:
        rows: list[tuple[int, list[Token]]] = []
        while tokens[i].type != "table_close":
            if tokens[i].type == "tr_open":
                rows.append((token_line(tokens[i]), []))
            elif tokens[i].type == "inline":
                rows[-1][1].append(tokens[i])
            i += 1
        header = [read_inline(cell).text.lower() for cell in rows[0][1]]
        columns = {
            name: col
            for col, head in enumerate(header)
            for name, words in COLUMN_FIELDS
            if any(w in head for w in words)
        }
        body = [(line, [read_inline(cell) for cell in cells]) for line, cells in rows[1:]]
        if "link" not in columns:
            linked = [
                c for c in range(len(header)) if any(r[c].links for _, r in body if c < len(r))
            ]
            if not linked:
                for line, cells in body:
                    self.skip(
                        line,
                        "table row without links (columns: " + " | ".join(header) + ")",
                        " | ".join(c.text for c in cells),
                    )
                return i + 1
            columns["link"] = linked[0]
        for line, cells in body:
            self.table_row(line, cells, columns)
        return i + 1

    def table_row(self, line: int, cells: list[Inline], columns: dict[str, int]) -> None:
        def cell(name: str) -> Inline | None:
            col = columns.get(name)
            return cells[col] if col is not None and col < len(cells) else None

        fields = {
            name: c.text
            for name in ("model", "method", "params", "framework")
            if (c := cell(name)) is not None and c.text.lower() not in _NOT_AVAILABLE
        }
        code = cell("code")
        if code is not None and code.links:
            fields["code"] = code.links[0][1]
            for title, url in code.links[1:]:
                self.skip(line, "second link in the code column", f"[{title}]({url})")
        link = cell("link")
        used = {columns.get(name) for name in ("link", "code")}
        for col, other in enumerate(cells):
            for title, url in other.links if col not in used else []:
                self.skip(line, f"link in table column {col + 1} not mapped", f"[{title}]({url})")
        if link is None or not (link.links or link.text.lower() not in _NOT_AVAILABLE):
            self.skip(line, "table row without a title", " | ".join(c.text for c in cells))
            return
        if not link.links:
            title = link.text
            if _PLACEHOLDER.match(title):
                parts = [fields[k] for k in ("model", "method", "params") if k in fields]
                title = " ".join(parts) or title
            self.add(Item(line, title, None, self.section, "table", fields=fields))
        for title, url in link.links:
            made = self.link_item(line, NUMBERING.sub("", title), url, "table", None, [], None)
            if made is not None:
                self.doc.items[made].fields = dict(fields)
