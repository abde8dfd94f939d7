"""Read Markdown tables: one row is one work, its other links fields of it.

Takes the tokens of a table; gives an item per titled row through `StateBase` (columns mapped
by `tables.column_roles`, venue and year from a date or venue column or the title cell's tags),
and a `Skip` for rows and columns that map to nothing.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from llm_atlas.importer.records import BADGE_HOSTS, Inline, Item, read_inline, token_line
from llm_atlas.importer.state import StateBase
from llm_atlas.importer.tables import NOT_AVAILABLE, column_roles, read_row
from llm_atlas.importer.tags import find_tags, text_arxiv, venue_text
from llm_atlas.importer.work import host_role

PLACEHOLDER = re.compile(
    r"^(待更新|正在收集中|正在整理中|敬请期待|TODO|coming soon)", re.IGNORECASE
)


class TableReader(StateBase):
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
            first_link: int | None = None
            for label, url in row.extra:
                if first_link is None:
                    first_link = self.link_item(line, label, url, "table", None, [], None)
                else:
                    self.attach_link(first_link, label, url)
            if not row.extra:
                self.skip(line, "table row without a title", " | ".join(c.text for c in cells))
            return
        first: int | None = None
        title_col = roles.get("link")
        said = cells[title_col].text if title_col is not None and title_col < len(cells) else ""
        for title, target in row.titled:
            if target is None:
                if PLACEHOLDER.match(title):
                    parts = [
                        row.fields[k] for k in ("model", "method", "params") if k in row.fields
                    ]
                    title = " ".join(parts) or title
                if title.lower() in NOT_AVAILABLE:
                    continue
                arxiv = text_arxiv(" ".join(c.text for c in cells))
                target = f"https://arxiv.org/abs/{arxiv}" if arxiv else None
                decor = [u for c in cells for _, u in c.decor if host_role(u)]
                target = target or next((u for u in decor if not BADGE_HOSTS.search(u)), None)
                made: int | None = self.add(
                    Item(line, title, target, self.section, "table", fields=dict(row.fields))
                )
            else:
                made = self.link_item(line, title, target, "table", None, row.tags, row.description)
                if made is not None:
                    self.doc.items[made].fields = dict(row.fields)
            if made is not None:
                self.row_tags(made, said.replace(title, " ", 1))
                for cell in cells:
                    self.attach_decor(made, cell)
            first = made if first is None else first
        for label, url in row.extra:
            if first is not None:
                self.attach_link(first, label, url)
            else:
                self.link_item(line, label, url, "table", None, [], None)

    def row_tags(self, own: int, text: str) -> None:
        """Keep the year and venue a row's title cell shows beside the title."""
        fields = self.doc.items[own].fields
        tags = find_tags(text)
        if not tags:
            return
        best = next((t for t in tags if t.venue is not None), tags[0])
        fields.setdefault("year", str(best.year))
        venue = venue_text(best)
        if venue:
            fields.setdefault("venue", venue)
