"""Read an awesome-list style Markdown README into sections, items and skipped lines.

Takes Markdown text; gives a `Parsed` document: the headings (Markdown and HTML, title without
emoji or back-to-top links), one item per listed work (bullets: `lists`, table rows:
`tablerows`, HTML blocks: `htmlblocks`, links and references in prose here) with its line,
nesting, labels and its links by role, and every line that became nothing, with the reason.
Uses markdown-it-py (CommonMark + tables) so nesting, entities and inline links follow the spec.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from llm_atlas.importer.htmlblocks import EMOJI, HtmlReader
from llm_atlas.importer.lists import ListReader
from llm_atlas.importer.records import (
    Inline,
    Parsed,
    bare_urls,
    is_generic,
    read_inline,
    token_line,
)
from llm_atlas.importer.tablerows import PLACEHOLDER, TableReader
from llm_atlas.importer.tags import text_arxiv
from llm_atlas.importer.work import read_work

_LABEL_MAX = 40
_NAME = re.compile(r"^([A-Za-z][A-Za-z0-9_.+-]*(?:[ -][A-Z0-9][A-Za-z0-9_.+-]*)*)")


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
    text = EMOJI.sub("", text)
    text = re.sub(r"[（(]\s*(更新于|updated?)[^）)]{0,80}[）)]", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\(\s*\)|（\s*）|\[\s*\]", "", text)
    text = re.sub(r"^\s*([0-9]+(\.[0-9]+)*\.?\s+|[一二三四五六七八九十]+、\s*)", "", text)
    return " ".join(text.split()).strip(" |-–—:：")


class _State(ListReader, TableReader, HtmlReader):
    def walk(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                self.heading(tok, tokens[i + 1])
                i += 3
            elif tok.type == "bullet_list_open" or tok.type == "ordered_list_open":
                i = self.list_block(tokens, i, self.details, [label for _, label in self.labels])
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

    def media(self, tok: Token, reason: str) -> None:
        if self.section >= 0:
            self.doc.headings[self.section].has_media = True
        self.skip(token_line(tok), reason, tok.content)

    def heading(self, tok: Token, inline: Token) -> None:
        info = read_inline(inline)
        url = info.links[0][1] if info.links and info.starts_with_link else None
        self.open_section(int(tok.tag[1]), clean_heading(info), token_line(tok), url)

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
        elif text_arxiv(info.text):
            self.references(line, info.text)
        elif PLACEHOLDER.match(info.text):
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

    def references(self, line: int, text: str) -> None:
        """Each line of a link-less paragraph that cites an arXiv id is a paper."""
        for offset, ref in enumerate(text.split("\n")):
            if text_arxiv(ref):
                info = Inline(ref, [], 0, False, False)
                self.add_work(line + offset, read_work(info, None, None), "prose", None, [])
            elif ref.strip():
                self.skip(line + offset, "prose paragraph", ref)

    def prose_links(self, line: int, info: Inline) -> None:
        if len(info.links) > 1 and all(not t or is_generic(t) for t, _ in info.links):
            # '[paper](…) | [code](…)': one work, titled by the text
            self.add_work(line, read_work(info, None, None), "prose", None, [])
            return
        labelled = [(t, u) for t, u in info.links if t]
        for title, url in labelled:
            self.link_item(line, title, url, "prose", None, [], info.text)
        if len(labelled) < len(info.links):
            self.bare_text(line, info.text, None, "prose")
