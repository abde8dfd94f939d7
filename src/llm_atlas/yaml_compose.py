"""Compose catalog YAML into PyYAML nodes, within bounds.

Takes decoded text; gives its root node (None for an empty document), or the `Problem` that says
why there is none: a syntax error, nesting deeper than the pure-Python composer can recurse, a
recursive alias or aliases expanding past MAX_EXPANDED_NODES (a 'billion laughs' document).
Only YAML's safe tags resolve; what the nodes become is `yaml_build`'s part.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from llm_atlas.problems import Problem
from llm_atlas.syntax_errors import syntax_problem

STR_TAG = "tag:yaml.org,2002:str"
MAX_EXPANDED_NODES = 200_000
MAX_DEPTH = 32  # a catalog nests 4 levels (entries, entry, field, list)
DEPTH_MESSAGE = (
    f"values nest more than {MAX_DEPTH} levels deep: a catalog needs four "
    "(entries, an entry, a field, a list); flatten the structure"
)

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_IMPLICIT_FIRST = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k)
_PLAIN_SCALAR_TAGS: dict[str, str] = {}
# An alias needs an anchor, and an anchor starts a token: no match means no aliases to expand.
# A token may follow any indicator with no space (`"a":&x`, `?&x`, `[&x`), so the only '&' left
# out are those inside a plain word or URL (`Q&A`, `?a=1&b=2`), where no token can start.
_ANCHOR = re.compile(r"(?<![A-Za-z0-9_%=.;/+-])&[^\s\[\]{},]")


class NodeLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a shortcut for plain text, which is most of a catalog.

    Same result as SafeLoader.resolve (it has no wildcard or path resolvers): a plain scalar whose
    first character starts no implicit type (int, float, bool, null, date …) is a string. Other
    short plain scalars (field names like 'title', years) repeat a lot: their tags are memoised.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value and value[0] not in _IMPLICIT_FIRST:
                    return STR_TAG
                tag = _PLAIN_SCALAR_TAGS.get(value)
                if tag is None:
                    tag = str(super().resolve(kind, value, implicit))
                    if len(value) <= 32 and len(_PLAIN_SCALAR_TAGS) < 10_000:
                        _PLAIN_SCALAR_TAGS[value] = tag
                return tag
            if implicit[1]:
                return STR_TAG
        elif kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        elif kind is yaml.MappingNode:
            return "tag:yaml.org,2002:map"
        return str(super().resolve(kind, value, implicit))


def compose_text(text: str, display: str) -> tuple[yaml.Node | None, Problem | None]:
    """Return the root node of TEXT, or the problem that stopped composing it (shown as DISPLAY)."""
    loader = NodeLoader(text)
    try:
        root: yaml.Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, syntax_problem(text, display, exc)
    except yaml.YAMLError as exc:
        return None, Problem(display, 1, 1, "yaml", f"YAML error: {exc}")
    except RecursionError:  # only PyYAML's pure-Python composer recurses; libyaml stops at 1000
        return None, Problem(display, 1, 1, "too-deep", DEPTH_MESSAGE)
    finally:
        loader.dispose()
    if root is not None and _ANCHOR.search(text):
        problem = _check_expansion(root, display)
        if problem is not None:
            return None, problem
    return root, None


def recompose(text: str) -> yaml.Node | None:
    """Compose TEXT again (it composed once already, so it cannot fail)."""
    loader = NodeLoader(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def node_position(node: yaml.Node) -> tuple[int, int]:
    """Return the 1-based line and column where NODE starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def _check_expansion(root: yaml.Node, display: str) -> Problem | None:
    """Refuse recursive aliases and documents whose aliases expand past MAX_EXPANDED_NODES."""
    sizes: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            children = _children(node)
            total = 1 + sum(sizes[id(c)] for c in children)
            sizes[key] = total
            if total > MAX_EXPANDED_NODES:
                return Problem(
                    display,
                    *node_position(node),
                    "alias-bomb",
                    f"aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                    "(a 'billion laughs' document): write the values out "
                    "instead of nesting aliases",
                )
            continue
        if key in sizes:
            continue
        if key in active:
            return Problem(
                display,
                *node_position(node),
                "alias-recursive",
                "an alias refers to a node that contains it: remove the recursive alias",
            )
        active.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []
