"""The canonical form of catalog files, and a quick proof that a file is already in it.

Takes a file's text; composes it with libyaml (fast) and proves, entry by entry, that it is
exactly what `fmt` would write back: entries' keys in the models' order,
each scalar plain or quoted as `fmt` quotes it, short lists of scalars in flow style and long
ones one item a line, two-space indentation, `key: value` with one space, no trailing spaces.
What the rules do not model (block scalars, double quotes, nested mappings, comments inside a
list) is left to ruamel.yaml, ten times slower: for that entry alone, or, for CRLF, tabs or a
file that is not a list of entries, the whole file. So `fmt --check` of a formatted catalog
costs about a parse per file instead of two round trips.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

import yaml

from llm_atlas.models import KIND_MODELS, Topic, field_names

# A list of scalars stays in flow style while `  key: [a, b]` fits in this many characters.
FLOW_WIDTH = 100
_PYYAML_RESOLVER = yaml.resolver.Resolver()
STR_TAG = "tag:yaml.org,2002:str"
# PyYAML's own analysis of a scalar says where it may stay plain (YAML 1.1 is stricter than the
# 1.2 that ruamel writes, e.g. for a leading ':' inside [ ]).
_PYYAML_EMITTER: Any = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# Strings that are plain-safe at a glance (most titles, ids and URLs): they start with a letter
# no YAML 1.1 keyword or number starts with, or a CJK ideograph, and hold no character PyYAML's
# analysis looks at twice (indicators, quotes, '#', ': ', line breaks, unprintables).
_SURELY_PLAIN = re.compile(
    r"(?!.*:(?:\s|$))[a-eg-mp-su-xzA-EG-MP-SU-XZ\u4e00-\u9fff]"
    r"[^\x00-\x1f\x7f-\x9f#'\"`,\[\]{}\ud800-\udfff\u2028\u2029\ufeff\ufffe\uffff]*(?<!\s)"
)


@functools.lru_cache(maxsize=8192)
def plain_ok(data: str, flow: bool = False) -> bool:
    """Return True when PyYAML reads DATA, written unquoted, back as the same string."""
    # PyYAML keeps ':' and '?' out of plain scalars in [ ] wherever they stand
    surely = _SURELY_PLAIN.fullmatch(data) and not (flow and (":" in data or "?" in data))
    return bool(surely) or analysed_plain(data, flow)


def analysed_plain(data: str, flow: bool) -> bool:
    """`plain_ok` by PyYAML's own resolver and scalar analysis (the slow, sure way)."""
    resolve: Any = _PYYAML_RESOLVER.resolve  # untyped in types-PyYAML
    if resolve(yaml.ScalarNode, data, (True, False)) != STR_TAG:
        return False
    analysis = _PYYAML_EMITTER.analyze_scalar(data)
    return bool(analysis.allow_flow_plain if flow else analysis.allow_block_plain)


# Line breaks and characters YAML may not hold raw read back exactly only in double quotes.
NEEDS_DOUBLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def field_order(kind: object, topics: bool) -> list[str]:
    """Return the canonical key order: the model's field order (topics or the entry's kind)."""
    if topics:
        return list(Topic.model_fields)
    return field_names(kind if isinstance(kind, str) and kind in KIND_MODELS else None)


# Plain scalars that ruamel reads as a number or a date and writes back unchanged.
_PLAIN_TYPED = re.compile(r"-?(0|[1-9][0-9]*)|[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INLINE_COMMENT = re.compile(r" +#.*")


class _Layout:
    """The text's lines, to check what lies between and after nodes."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def index(self, mark: yaml.Mark) -> int:
        return self.starts[mark.line] + mark.column

    def between(self, end: yaml.Mark, start: yaml.Mark) -> str:
        return self.text[self.index(end) : self.index(start)]

    def head_of_line(self, mark: yaml.Mark) -> str:
        return self.text[self.starts[mark.line] : self.index(mark)]

    def rest_of_line(self, mark: yaml.Mark) -> str:
        begin = self.index(mark)
        stop = self.text.find("\n", begin)
        return self.text[begin : stop if stop >= 0 else len(self.text)]


def unproven_entries(text: str, topics: bool) -> list[str] | None:
    """Return the parts of TEXT (an entry and the lines after it, up to the next entry) that
    these rules cannot prove canonical, e.g. for a folded description; [] when TEXT is
    canonical, None when TEXT as a whole is beyond them (CRLF, tabs, trailing spaces, not a
    block list of entries)."""
    if not text.endswith("\n") or text.endswith("\n\n"):
        return None
    if "\r" in text or "\t" in text or re.search(r" $", text, re.MULTILINE):
        return None
    try:
        root = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.SequenceNode) or root.flow_style or root.start_mark.column:
        return None
    layout = _Layout(text)
    starts = [0] + [layout.starts[item.start_mark.line] for item in root.value[1:]]
    ends = [*starts[1:], len(text)]
    return [
        text[start:end]
        for item, start, end in zip(root.value, starts, ends, strict=True)
        if not _entry_ok(item, layout, topics)
    ]


@functools.lru_cache(maxsize=64)
def _rank(kind: str | None, topics: bool) -> dict[str, int]:
    return {name: i for i, name in enumerate(field_order(kind, topics))}


def _entry_ok(node: yaml.Node, layout: _Layout, topics: bool) -> bool:
    if not isinstance(node, yaml.MappingNode) or node.flow_style or not node.value:
        return False
    keys = [key.value for key, _ in node.value]
    kind = next((v.value for k, v in node.value if k.value == "kind"), None)
    rank = _rank(kind if isinstance(kind, str) else None, topics)
    known = [rank[k] for k in keys if k in rank]
    # fmt's order: the model's fields in its order, then unknown keys as they come
    if known != sorted(known) or any(k not in rank for k in keys[len(known) :]):
        return False
    for number, (key, value) in enumerate(node.value):
        if not isinstance(key, yaml.ScalarNode) or key.style or not plain_ok(key.value):
            return False
        if layout.head_of_line(key.start_mark) != ("- " if number == 0 else "  "):
            return False
        if layout.between(key.start_mark, key.end_mark) != key.value:
            return False
        if not _value_ok(key, value, layout):
            return False
    return True


def _value_ok(key: yaml.ScalarNode, value: yaml.Node, layout: _Layout) -> bool:
    if isinstance(value, yaml.ScalarNode):
        if layout.between(key.end_mark, value.start_mark) != ": ":
            return False
        if value.style in ("|", ">"):
            return _block_ok(value, layout)
        return _scalar_ok(value, layout, flow=False) and _line_end_ok(value, layout)
    if not isinstance(value, yaml.SequenceNode):
        return False
    items = value.value
    if not all(isinstance(item, yaml.ScalarNode) for item in items):
        return False
    # `  key: [a, b]` fits in FLOW_WIDTH → flow; else one item a line (fmt's _set_list_style)
    flow_len = 2 + len(key.value) + 3 + sum(len(i.value) + 2 for i in items) - 2 * bool(items) + 1
    if value.flow_style:
        if flow_len > FLOW_WIDTH or layout.between(key.end_mark, value.start_mark) != ": ":
            return False
        shown = ", ".join(layout.between(i.start_mark, i.end_mark) for i in items)
        if layout.between(value.start_mark, value.end_mark) != f"[{shown}]":
            return False
        return all(_scalar_ok(i, layout, flow=True) for i in items) and _line_end_ok(value, layout)
    if flow_len <= FLOW_WIDTH or not items:
        return False
    before = key.end_mark
    for number, item in enumerate(items):
        lead = ":\n  - " if number == 0 else "\n  - "
        if layout.between(before, item.start_mark) != lead or not _scalar_ok(item, layout, False):
            return False
        before = item.end_mark
    return layout.rest_of_line(before) == ""


def _scalar_ok(node: yaml.ScalarNode, layout: _Layout, flow: bool) -> bool:
    """Whether NODE is written as fmt writes its value: plain when a YAML 1.1 reader reads it
    back the same, else in single quotes (double quotes are left to the full formatter)."""
    written = layout.between(node.start_mark, node.end_mark)
    data = node.value
    if "\n" in written or NEEDS_DOUBLE.search(data):
        return False
    if not node.style:  # libyaml says "" for plain, PyYAML None
        return written == data and (plain_ok(data, flow) or bool(_PLAIN_TYPED.fullmatch(data)))
    if node.style == "'":
        return not plain_ok(data, flow) and written == "'" + data.replace("'", "''") + "'"
    return False


def _block_ok(node: yaml.ScalarNode, layout: _Layout) -> bool:
    """Whether a block scalar (a long description) is as fmt writes it back: ruamel keeps its
    style and line breaks; the header strips or clips, the text is indented by four spaces."""
    written = layout.between(node.start_mark, node.end_mark)
    header, _, body = written.partition("\n")
    if header not in (">-", "|-", ">", "|"):
        return False
    lines = body.rstrip("\n").split("\n")
    return all(line == "" or (line[:4] == "    " and line[4:5] not in ("", " ")) for line in lines)


def _line_end_ok(node: yaml.Node, layout: _Layout) -> bool:
    rest = layout.rest_of_line(node.end_mark)
    return rest == "" or bool(_INLINE_COMMENT.fullmatch(rest))
