"""Canonical layout of catalog YAML text, keeping every comment.

Takes catalog YAML text (or one entry's round-trip mapping, for `new`); gives it back with
fields in the models' order, 2-space indentation, `- ` list items, quotes only where a YAML 1.1
reader (PyYAML, our loader) needs them, and short lists of scalars in flow style (`[a, b]`).
ruamel.yaml's round-trip mode keeps the comments; a comment after an entry's last field stays
at the entry's end when its fields move. Checks nothing and reads no file: `edit.fmt` does.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.tokens import CommentToken

from llm_atlas.edit.canonical import FLOW_WIDTH, NEEDS_DOUBLE, STR_TAG, field_order, plain_ok


class _Representer(RoundTripRepresenter):
    """Quote a string when a YAML 1.1 reader would take it, unquoted, for a bool/number/date."""


def _represent_str(representer: RoundTripRepresenter, data: str) -> Any:
    style = '"' if NEEDS_DOUBLE.search(data) else None if plain_ok(data) else "'"
    return representer.represent_scalar(STR_TAG, data, style=style)


_Representer.add_representer(str, _represent_str)


def make_yaml() -> YAML:
    """Return a round-trip YAML instance with the catalog's canonical layout."""
    rt = YAML(typ="rt")
    rt.Representer = _Representer
    rt.indent(mapping=2, sequence=2, offset=0)
    rt.width = 1_000_000  # never fold long titles and descriptions
    rt.preserve_quotes = False
    rt.allow_unicode = True
    return rt


def format_text(text: str, topics: bool = False) -> str:
    """Return TEXT formatted canonically (raise ruamel's YAMLError when it does not parse)."""
    rt = make_yaml()
    data = rt.load(text)
    if data is None:
        return text
    if isinstance(data, CommentedSeq):
        for item in data:
            if isinstance(item, CommentedMap):
                format_mapping(item, field_order(item.get("kind"), topics))
    out = io.StringIO()
    rt.dump(data, out)
    return out.getvalue()


def format_mapping(mapping: CommentedMap, order: list[str]) -> None:
    """Put MAPPING's keys in ORDER (unknown keys last) and lay out its lists."""
    keys = list(mapping)
    rank = {name: i for i, name in enumerate(order)}
    wanted = sorted(keys, key=lambda k: (k not in rank, rank.get(k, 0), keys.index(k)))
    if wanted != keys:
        # ruamel attaches a comment to the field above it, and moves it with that field; but
        # comments after the last field belong to what follows the entry: keep them at its end.
        tail = _take_tail(mapping, keys[-1])
        for key in wanted:
            mapping.move_to_end(key)
        if tail:
            _add_tail(mapping, wanted[-1], tail)
    for key, value in mapping.items():
        if isinstance(value, CommentedSeq):
            _set_list_style(value, len(str(key)))


def _set_list_style(seq: CommentedSeq, key_len: int) -> None:
    if not all(isinstance(v, str | int | float) or _is_date(v) for v in seq):
        return
    if seq.ca.items or seq.ca.comment:
        return  # comments between items only survive in block style
    # `  key: [a, b]`: indent, key, ': [', items with ', ' between (plus quotes), ']'
    flow_len = 2 + key_len + 3 + sum(len(str(v)) + 2 for v in seq) - 2 * (len(seq) > 0) + 1
    if flow_len <= FLOW_WIDTH:
        seq.fa.set_flow_style()
        for i, value in enumerate(seq):
            if type(value) is str and NEEDS_DOUBLE.search(value):
                seq[i] = DoubleQuotedScalarString(value)
            elif type(value) is str and not plain_ok(value, flow=True):
                seq[i] = SingleQuotedScalarString(value)
    else:
        seq.fa.set_block_style()


def _is_date(value: object) -> bool:
    return isinstance(value, dt.date)


def _comment_slot(mapping: CommentedMap, key: str) -> tuple[dict[Any, Any], Any, int]:
    """Return (ca.items, key, index) of the token that holds comments after KEY's value."""
    value = mapping[key]
    if isinstance(value, CommentedSeq) and len(value) and not value.fa.flow_style():
        return value.ca.items, len(value) - 1, 0
    return mapping.ca.items, key, 2


def _take_tail(mapping: CommentedMap, key: str) -> str:
    items, slot, index = _comment_slot(mapping, key)
    entry: list[Any] | None = items.get(slot)
    token = entry[index] if entry and len(entry) > index else None
    if not isinstance(token, CommentToken):
        return ""
    head, newline, rest = token.value.partition("\n")
    if not rest:
        return ""
    if head.strip():
        token.value = head + newline
    elif entry is not None:
        entry[index] = None
        if not any(entry):
            del items[slot]
    return str(rest)


def _add_tail(mapping: CommentedMap, key: str, tail: str) -> None:
    items, slot, index = _comment_slot(mapping, key)
    entry = items.setdefault(slot, [None, None, None, None])
    token = entry[index]
    if isinstance(token, CommentToken):
        token.value = token.value + tail
    else:
        entry[index] = CommentToken("\n" + tail, CommentMark(0), None)
