"""Read Markdown tables of awesome lists: one row is one entry.

Takes a table's header and cells; gives the role of each column (title, paper/links, code, date,
venue, description, practice fields …) and, per row, the entry's title, URL, code and fields,
plus every link of the row that became nothing of it (the caller makes those extra entries).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from llm_atlas.importer.records import NUMBERING, Inline, is_generic
from llm_atlas.importer.tags import find_tags

NOT_AVAILABLE = {"", "n/a", "na", "-", "无", "暂无", "⚠️", "⚠"}
# Column roles by header words, first match wins (a practice table's columns first).
COLUMN_ROLES = (
    ("model", ("llm", "模型", "model")),
    ("method", ("方法", "sft", "rlhf", "预训练", "method")),
    ("params", ("参数", "params", "size")),
    ("framework", ("框架", "framework")),
    ("code", ("代码", "code", "github", "repo")),
    ("link", ("教程", "文章", "tutorial", "article", "title", "标题", "名称", "name", "题目")),
    ("paper", ("paper", "论文", "pdf", "links", "link", "arxiv", "url", "地址", "链接")),
    ("date", ("date", "日期", "时间", "year", "年份")),
    ("venue", ("venue", "conference", "会议", "publication", "发表")),
    ("tags", ("keyword", "关键词", "tag", "institute", "机构", "公司", "company", "org")),
    ("description", ("intro", "简介", "说明", "description", "描述", "备注", "note", "summary")),
)
_PRACTICE = ("model", "method", "params", "framework")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d\u2b50\u2b06\u2b07\u2934]")


def column_roles(header: list[str]) -> dict[str, int]:
    """Return role → column index for a table header (each column gets at most one role)."""
    roles: dict[str, int] = {}
    for col, head in enumerate(header):
        text = head.lower()
        for role, words in COLUMN_ROLES:
            if role not in roles and any(w in text for w in words):
                roles[role] = col
                break
    if "model" in roles and "link" not in roles and not any(r in roles for r in _PRACTICE[1:]):
        # '大模型' or 'Model' alone names the thing listed: it is the title column.
        roles["link"] = roles.pop("model")
    return roles


def clean_title(text: str) -> str:
    """Return a cell's text as a title: emoji, numbering, '(@affiliation)' and doubled spaces
    removed; a leading '[Name] Title' becomes 'Name: Title'."""
    text = _EMOJI.sub("", text)
    text = NUMBERING.sub("", text.split("\n")[0])
    text = re.sub(r"\(@[^)]*\)\s*$", "", " ".join(text.split()))
    named = re.match(r"^\[(?P<name>[^\]]+)\]\s*(?P<rest>\S.*)$", text)
    if named:
        name, rest = named["name"].strip("* "), named["rest"]
        text = rest if rest.lower().startswith(name.lower()) else f"{name}: {rest}"
    return text.strip(" |-–—:：")


@dataclass
class Row:
    """What one table row says: its entries' titles and URLs, fields, and leftover links."""

    titled: list[tuple[str, str | None]] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    extra: list[tuple[str, str]] = field(default_factory=list)


def read_row(cells: list[Inline], roles: dict[str, int]) -> Row:
    """Return the entries and fields of one row (no title: `titled` is empty)."""

    def cell(role: str) -> Inline | None:
        col = roles.get(role)
        return cells[col] if col is not None and col < len(cells) else None

    row = Row()
    for name in _PRACTICE:
        c = cell(name)
        if c is not None and c.text.lower() not in NOT_AVAILABLE:
            row.fields[name] = c.text
    used: set[str] = set()
    title_cell, paper = cell("link"), cell("paper")
    named = [(t, u) for t, u in title_cell.links if t and not is_generic(t)] if title_cell else []
    if named:
        row.titled = [(clean_title(t) or t, u) for t, u in named]
        more = (
            [x.strip() for x in title_cell.text.split("\n")[1:] if x.strip()] if title_cell else []
        )
        if len(named) == 1 and more and re.fullmatch(r"[^,，:：/]+([,，][^,，:：/]+)+", more[0]):
            row.fields["authors"] = more[0]  # 'Title <br> Ann, Bo, Cy
    else:
        title = clean_title(title_cell.text) if title_cell else ""
        pool = [*(paper.links if paper else []), *(title_cell.links if title_cell else [])]
        url = pool[0][1] if pool else None
        if not title and paper is not None:
            labelled = [(t, u) for t, u in paper.links if t and not is_generic(t)]
            title, url = (clean_title(labelled[0][0]), labelled[0][1]) if labelled else ("", url)
        if title and title.lower() not in NOT_AVAILABLE:
            row.titled = [(title, url)]
    used.update(u for _, u in row.titled if u)
    code = cell("code")
    stars = [u for c in cells for u in c.stars]
    github = [u for _, u in (code.links if code else []) if "github.com" in u] + stars
    codes = [u for _, u in code.links] if code else []
    if github or codes:
        row.fields["code"] = (github or codes)[0]
        used.add(row.fields["code"])
    used.update(stars)
    _read_extras(row, cells, cell)
    for c in cells:
        for label, url in c.links:
            if url not in used and url != row.fields.get("code"):
                row.extra.append((label, url))
                used.add(url)
    return row


def _read_extras(row: Row, cells: list[Inline], get: Callable[[str], Inline | None]) -> None:
    date = get("date")
    if date is not None:
        year = re.search(r"(19|20)\d\d", date.text)
        dated = find_tags(date.text)
        if year:
            row.fields["year"] = year.group()
        elif dated:
            row.fields["year"] = str(dated[0].year)
    venue = get("venue")
    # A badge names a venue when it reads like one ('ICML'24'), not a view count or a licence.
    badges = [b for c in cells for b in c.badges if any(t.venue for t in find_tags(b))]
    if venue is not None and venue.text.lower() not in NOT_AVAILABLE:
        row.fields["venue"] = clean_title(venue.text)
    elif badges:
        row.fields["venue"] = badges[0]
    tags = get("tags")
    if tags is not None and tags.text.lower() not in NOT_AVAILABLE:
        row.tags = [clean_title(tags.text)]
    description = get("description")
    if description is not None and description.text.strip():
        row.description = " ".join(description.text.split())
