"""Read Markdown lists: each bullet is one work, nested bullets add to it or list their own.

Takes markdown-it tokens of a list; gives items through `StateBase`: a bullet with its links by
role, a `* Name` bullet over `* 地址：URL` fields, an item whose URL is in a later paragraph, and
sub-bullets that only add a link ('Code: [Official](…)'), authors or keywords to their parent.
"""

from __future__ import annotations

import dataclasses
import re

from markdown_it.token import Token

from llm_atlas.importer.notes import FIELD, SEPARATORS, NoteReader, is_prose
from llm_atlas.importer.records import NUMBERING, Inline, Item, is_generic, read_inline, token_line
from llm_atlas.importer.state import bare_title
from llm_atlas.importer.tables import clean_title
from llm_atlas.importer.tags import cut_tags, find_tags, text_arxiv
from llm_atlas.importer.work import label_role, read_work

_DATE_LEAD = re.compile(
    r"^\W{0,3}(\d{4}[./-]\d{1,2}([./-]\d{1,2})?|(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|"
    r"dec)[a-z]{0,6}\.?\s\d{1,2},?\s\d{4}|\d{4}年\d{1,2}月(\d{1,2}日)?)\W{0,3}",
    re.IGNORECASE,
)
_DESCRIPTION_KEYS = ("简介", "说明", "介绍", "描述", "备注", "description", "intro", "summary")
_SOURCE_TAGS = re.compile(r"^\W{0,3}(?:\[[^\[\]]{1,40}\]\s?){1,3}$")
_TASK = re.compile(r"^\[[ xX]\]\s")  # a to-do item of the list's own plans


class ListReader(NoteReader):
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
            ),
            None,
        )
        first_inline = bool(direct) and direct[0].type == "inline"
        if (
            nested is not None
            and first_inline
            and self.record(direct[0], tokens, nested, parent, labels)
        ):
            return end + 1
        own: int | None = None
        child_labels = labels
        if direct and direct[0].type == "inline":
            later = [read_inline(t) for t in direct[1:] if t.type == "inline"]
            if not read_inline(direct[0]).links and any(x.links for x in later):
                own = self.merged(direct[0], direct[1:], parent, labels)
            else:
                own, child_labels = self.bullet(direct[0], parent, labels, nested is not None)
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
        if tok.type == "code_block":
            if own is not None and not tok.content.strip():
                return
            self.bare_text(token_line(tok), tok.content, own, "bullet")
            return
        info = read_inline(tok)
        if info.links and own is not None:
            for label, url in info.links:
                self.attach_link(own, label, url)
            return
        if info.links:
            for title, url in info.links:
                name = title or bare_title(info.text.split(url)[0]) if url in info.text else title
                self.link_item(token_line(tok), name or "", url, "bullet", own, [], None)
            return
        if own is not None and self.note(own, info):
            return
        self.skip(token_line(tok), "extra paragraph in a list item", tok.content)

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
            found = bare_urls_or_links(tok, text)
            for at, label, url in found:
                if own is not None:
                    self.attach_link(own, label or bare_title(text[:at]), url)
                    continue
                own = self.link_item(
                    token_line(tok), title, url, "bullet", parent, labels, info.text
                )
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
                match = FIELD.match(tok.content)
                value = read_inline(tok)
                if match is None or any(t and not is_generic(t) for t, _ in value.links):
                    return False  # a list of named links, not the fields of one thing
                values.append((match["key"].strip(), value))
            close += 1
        links = [(key, u) for key, v in values for _, u in v.links]
        title = clean_title(info.text.rstrip(":："))
        if not links or not title:
            return False
        description = next(
            (
                FIELD.sub(r"\g<value>", v.text).strip()
                for k, v in values
                if any(d in k.lower() for d in _DESCRIPTION_KEYS)
            ),
            None,
        )
        line = token_line(first)
        own = self.link_item(line, title, links[0][1], "bullet", parent, labels, description)
        for key, url in links[1:]:
            if own is not None:
                self.attach_link(own, key if label_role(key) else "", url)
        return True

    def bullet(
        self, tok: Token, parent: int | None, labels: list[str], has_children: bool
    ) -> tuple[int | None, list[str]]:
        info = read_inline(tok)
        line = token_line(tok)
        if parent is not None and self.adds_to(parent, info):
            return None, labels
        if parent is not None and parent == self.details and not info.links:
            self.skip(line, "note under a <details> item (not an entry)", info.text)
            return None, labels
        if any(not url.strip() for _, url in info.links):
            for label, url in info.links:
                if not url.strip():
                    self.skip(line, "link without a target", f"[{label}]()")
            info = dataclasses.replace(info, links=[(t, u) for t, u in info.links if u.strip()])
            rest = NUMBERING.sub("", info.text).strip()
            if not info.links and (not rest or is_generic(rest)):
                return None, labels  # '- [Web]()': reported above, nothing else to it
        if not info.links:
            return self.linkless(line, info, parent, labels, has_children)
        if all(url.startswith("#") for _, url in info.links):
            self.skip(line, "in-page link (navigation)", tok.content)
            return None, labels
        named = [(t, u) for t, u in info.links if t and not is_generic(t) and not label_role(t)]
        lead = ""
        if named:
            at = info.text.find(named[0][0])
            lead = info.text[: max(at, 0)]
            lead = _SOURCE_TAGS.sub("", cut_tags(lead, find_tags(lead)))  # '[OpenAI] [Title](…)'
            lead = NUMBERING.sub("", lead).strip(SEPARATORS)
            lead = "" if len(lead) <= 20 and label_role(lead) else lead  # 'Paper: [Title](…)'
        if named and len(named) >= 2 and self.several(info, named):
            first = None
            for title, url in named:
                made = self.add_work(line, read_work(info, title, url), "bullet", parent, labels)
                first = made if first is None else first
            return first, labels
        if named and not lead and info.links[0][0] and not is_generic(info.links[0][0]):
            title, url = info.links[0]
            work = read_work(info, title, url)
        else:
            work = read_work(info, None, None)
        first_label, first_url = info.links[0]
        if not work.title and first_label and not is_generic(first_label):
            work = read_work(info, first_label, first_url)  # '- [Spaces](…)' alone: its name
        if not work.title and parent is None:
            work.title = self.section_title() if not self.heading_used else ""
            self.heading_used = True
        own = self.add_work(line, work, "bullet", parent, labels)
        if own is not None:
            for url in info.stars:
                self.attach_link(own, "code", url)
            self.attach_decor(own, info)
        return own, labels

    def several(self, info: Inline, named: list[tuple[str, str]]) -> bool:
        """Return True for a bullet listing works side by side ('[A](…), [B](…) and [C](…)')."""
        text = info.text
        for title, _ in named:
            text = text.replace(title, " ", 1)
        return not re.sub(r"\band\b|和|与|及", " ", text).strip(SEPARATORS)

    def linkless(
        self, line: int, info: Inline, parent: int | None, labels: list[str], has_children: bool
    ) -> tuple[int | None, list[str]]:
        title = NUMBERING.sub("", info.text).strip()
        if _TASK.match(title):
            self.skip(line, "to-do item (not an entry)", title)
            return None, labels
        if info.stars:
            star = info.stars[0]
            return self.link_item(
                line, clean_title(title), star, "bullet", parent, labels, None
            ), labels
        if text_arxiv(title):  # a reference without a link: a paper by its arXiv id
            return self.add_work(
                line, read_work(info, None, None), "bullet", parent, labels
            ), labels
        dated = _DATE_LEAD.match(title)
        if not title or is_generic(title):
            self.skip(line, "empty list item", info.text)
            return None, labels
        if dated and (has_children or len(title) - dated.end() > 0):
            self.skip(line, "news or date bullet (not an entry)", title)
            return None, labels
        if has_children and title.endswith((":", "：")):
            return None, [*labels, title.rstrip(":： ")]
        if is_prose(title):
            self.skip(line, "prose bullet (no link)", title)
            return None, labels
        return self.add(
            Item(line, title, None, self.section, "bullet", parent, list(labels))
        ), labels


def bare_urls_or_links(tok: Token, text: str) -> list[tuple[int, str, str]]:
    """Return (offset, label, url) of a paragraph's bare URLs, or else of its links."""
    from llm_atlas.importer.records import bare_urls

    found = [(at, "", url) for at, url in bare_urls(text)]
    if found or tok.type == "code_block":
        return found
    return [(0, label, url) for label, url in read_inline(tok).links]
