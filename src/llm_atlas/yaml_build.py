"""Build plain data from composed YAML nodes, with the position of every key and value.

Takes a root node from `yaml_compose`; gives its data built only from YAML's safe types. The fast
builder (`build_plain`) records nothing and gives up (`NeedsMarks`) at the first thing to report;
the careful one (`MarkBuilder`) records each value's and key's `Mark` and turns duplicate keys,
tags, bad values, nesting deeper than MAX_DEPTH and mappings of more than MAX_KEYS keys into
problems. Both recurse once per level, so the depth limit also bounds their recursion.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml

from llm_atlas.problems import Problem
from llm_atlas.yaml_compose import DEPTH_MESSAGE, MAX_DEPTH, STR_TAG, NodeLoader, node_position

MAX_KEYS = 10_000  # keys of one mapping (an entry has about 20)
PathKey = tuple[str | int, ...]
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
_TAG_MESSAGE = (
    "tag '{tag}' is not allowed: catalog files may use only plain YAML values "
    "(strings, numbers, dates, lists, mappings)"
)


class Mark(NamedTuple):
    """A 1-based line/column plus the 0-based character span of a node in the decoded text."""

    line: int
    column: int
    start: int
    end: int
    end_line: int = 0


Marks = tuple[dict[PathKey, Mark], dict[PathKey, Mark]]


class NeedsMarks(Exception):
    """The fast builder met something to report; the careful builder takes over."""


def build_plain(root: yaml.Node) -> Any:
    """Return the data of ROOT when it holds only safe, plain values; else raise NeedsMarks."""
    return _build_plain(root, NodeLoader(""), 0)


def _build_plain(node: yaml.Node, loader: yaml.SafeLoader, depth: int) -> Any:
    cls = node.__class__
    tag = node.tag
    if cls is yaml.ScalarNode:
        if tag == STR_TAG:
            return node.value
        try:
            return loader.construct_object(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise NeedsMarks from exc
    if tag not in _PLAIN_TAGS or depth >= MAX_DEPTH:
        raise NeedsMarks
    if cls is yaml.SequenceNode:
        return [_build_plain(child, loader, depth + 1) for child in node.value]
    if len(node.value) > MAX_KEYS:
        raise NeedsMarks
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        if key_node.__class__ is not yaml.ScalarNode or key_node.tag != STR_TAG or key in out:
            raise NeedsMarks
        out[key] = _build_plain(value_node, loader, depth + 1)
    return out


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class MarkBuilder:
    """Turn composed nodes into plain data, recording marks and problems (shown as DISPLAY)."""

    def __init__(self, display: str, marks: Marks, problems: list[Problem]) -> None:
        self.display = display
        self.problems = problems
        self.loader = NodeLoader("")
        self.values, self.keys = marks

    def problem(self, node: yaml.Node, code: str, message: str) -> None:
        self.problems.append(Problem(self.display, *node_position(node), code, message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        sm, em = node.start_mark, node.end_mark
        self.values[path] = Mark(sm.line + 1, sm.column + 1, sm.index, em.index, em.line + 1)
        cls = node.__class__
        tag = node.tag
        if cls is yaml.ScalarNode:
            if tag == STR_TAG:
                return node.value
            return self.construct_scalar(node)
        if tag not in _PLAIN_TAGS:
            self.problem(node, "yaml-tag", _TAG_MESSAGE.format(tag=_short_tag(tag)))
            return None
        if len(path) >= MAX_DEPTH:
            self.problem(node, "too-deep", DEPTH_MESSAGE)
            return None
        if cls is yaml.SequenceNode:
            build = self.build
            return [build(child, (*path, i)) for i, child in enumerate(node.value)]
        return self.build_mapping(node, path)  # type: ignore[arg-type]  # class checked above

    def construct_scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            what = exc.problem or "cannot construct value"
            if "could not determine a constructor" in what:
                what = _TAG_MESSAGE.format(tag=_short_tag(node.tag))
            self.problem(node, "yaml-tag", what)
        except (ValueError, TypeError, OverflowError) as exc:
            self.problem(node, "yaml-value", f"invalid value {node.value!r}: {exc}")
        return None

    def build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if len(node.value) > MAX_KEYS:
            self.problem(
                node,
                "too-many-keys",
                f"a mapping of {len(node.value):,} keys, more than the {MAX_KEYS:,} allowed: "
                "an entry has about 20 fields; split the data into a list of entries",
            )
            return out
        keys = self.keys
        build = self.build
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode or key_node.tag != STR_TAG:
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a collection"
                self.problem(
                    key_node, "bad-key", f"key {shown!r} must be a plain field name (text)"
                )
                continue
            key: str = key_node.value
            sub = (*path, key)
            if key in out or sub in keys:
                first = keys[sub]
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first at line {first.line}): "
                    "keep one of them; YAML would silently drop the first",
                )
                continue
            sm, em = key_node.start_mark, key_node.end_mark
            keys[sub] = Mark(sm.line + 1, sm.column + 1, sm.index, em.index, em.line + 1)
            out[key] = build(value_node, sub)
        return out
