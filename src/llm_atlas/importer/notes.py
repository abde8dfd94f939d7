"""Sub-bullets and later lines of a list item that add to it rather than list a work.

Takes an item and a line under it; gives the item's role links ('Code: [Official](…)'), its
authors, keywords, a year, other links cited in a comment, or False when the line names a work
of its own. `is_prose` tells a line that explains from one that names (a planned title).
"""

from __future__ import annotations

import re

from llm_atlas.importer.records import Inline, Item, is_generic
from llm_atlas.importer.state import StateBase
from llm_atlas.importer.tags import cut_tags, find_tags
from llm_atlas.importer.work import is_author_list, label_role, split_authors

FIELD = re.compile(r"^\s*(?P<key>[^：:\n]{1,12}?)\s*[：:]\s*(?P<value>.*)$", re.DOTALL)
_KEYWORD_KEYS = ("keyword", "keywords", "tags", "关键词", "标签")
PROSE_MAX = 100  # a longer link-less bullet made of sentences is prose, not a planned title
SEPARATORS = " \t\n.,;:|/-–—·•*_()[]（）【】：，。&+"


class NoteReader(StateBase):
    def adds_to(self, parent: int, info: Inline) -> bool:
        """Add a sub-bullet's links ('Code: [Official](…)') or facts to item PARENT."""
        rest = info.text
        for label, url in info.links:
            rest = rest.replace(label, " ", 1) if label else rest.replace(url, " ", 1)
        rest = rest.strip(SEPARATORS)
        comment = len(rest) > 20 if parent == self.details else len(rest) > PROSE_MAX
        if info.links and comment and is_prose(info.text):
            item = self.doc.items[parent]
            for label, url in info.links:  # a comment citing other works: other links
                if self.usable(item.line, label, url) and url not in item.more:
                    item.more.append(url)
            self.skip(self.doc.items[parent].line, "comment under an item", info.text)
            return True
        if info.links:
            role = label_role(rest) if rest else None
            only_roles = all(not t or is_generic(t) or label_role(t) for t, _ in info.links)
            if (rest and (len(rest) > 30 or role is None)) or not (only_roles or role):
                return False
            for label, url in info.links:
                self.attach_link(parent, rest if role and not label_role(label) else label, url)
            return True
        return self.note(parent, info)

    def note(self, own: int, info: Inline) -> bool:
        """Read a link-less line under an item as its authors, keywords or venue, if it is."""
        item: Item = self.doc.items[own]
        text = info.text.strip()
        field = FIELD.match(text)
        if field and field["key"].strip().lower() in _KEYWORD_KEYS:
            words = [t.strip() for t in re.split(r"[,，;；]", field["value"]) if t.strip()]
            item.labels = [*item.labels, *words]
            return True
        if field and len(field["key"]) <= 20 and field["value"].strip() and not is_prose(text):
            return True  # 'Env: PFRL, gym' says something of the item, it names nothing
        if "authors" not in item.fields and is_author_list(text):
            item.fields["authors"] = ", ".join(split_authors(text))
            return True
        tags = find_tags(text)
        if tags and not cut_tags(text, tags).strip(SEPARATORS):
            item.fields.setdefault("year", str(tags[0].year))
            return True
        return False


def is_prose(text: str) -> bool:
    """Return True for a link-less bullet that explains rather than names ('Term: what it
    does', a sentence ending in '.' or '；'), so not a planned entry."""
    commas = text.count(",") + text.count("，")
    if len(text) > PROSE_MAX and (re.search(r"[。！？!?]|[.;]\s+\S", text) or commas >= 3):
        return True
    text = text.rstrip("”\"' ")
    if len(text) > 20 and text.endswith((";", ".", "!", "?")) or text.endswith(("。", "；", "！")):
        return True
    words = text.split() if text.isascii() else []
    if len(words) >= 6 and sum(w[:1].isupper() for w in words[1:]) * 3 < len(words) - 1:
        return True  # an English sentence, not a title
    head, colon, value = text.partition(":")
    words = value.split()
    if not colon or len(head) > 60 or "(" in head or len(words) < 4:
        return False
    # 'Term: what it does' is sentence case; 'Name: A Title Of The Work' is title case.
    return sum(w[:1].isupper() for w in words[1:]) * 2 < len(words) - 1
