"""Load catalog YAML files into plain data plus the exact position of every key and value.

Takes file bytes; gives a `LoadedFile` (data built only from YAML's safe types, a map from each
value's path to its `Mark`, and problems). Duplicate keys, unsafe tags, alias bombs, bad encodings
and oversized files become problems, never exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from llm_atlas.problems import Problem, display_path

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_EXPANDED_NODES = 200_000

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = tuple[str | int, ...]
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based line/column plus the 0-based character span of a node in the decoded text."""

    line: int
    column: int
    start: int
    end: int
    end_line: int = 0


@dataclass
class LoadedFile:
    """One YAML file: its data, the marks of values and keys, and what went wrong."""

    path: Path
    display: str
    text: str = ""
    data: Any = None
    values: dict[PathKey, Mark] = field(default_factory=dict)
    keys: dict[PathKey, Mark] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def mark(self, key: PathKey, *, prefer_key: bool = True) -> Mark | None:
        """Return the mark of the key at KEY (or of its value), else of the nearest parent."""
        for i in range(len(key), -1, -1):
            sub = key[:i]
            found = (self.keys.get(sub) if prefer_key else None) or self.values.get(sub)
            if found is not None:
                return found
        return None


def _mark_of(node: yaml.Node) -> Mark:
    start, end = node.start_mark, node.end_mark
    return Mark(start.line + 1, start.column + 1, start.index, end.index, end.line + 1)


def decode_text(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    """Decode UTF-8 (BOM allowed); report the line and column of the first bad byte."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, Problem(
            path,
            line,
            column,
            "encoding",
            f"byte 0x{body[exc.start]:02x} is not valid UTF-8: save the file as UTF-8",
        )


def load_file(path: Path) -> LoadedFile:
    """Read and parse PATH safely; never raises for bad content."""
    shown = display_path(path)
    loaded = LoadedFile(path=path, display=shown)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            loaded.problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "too-large",
                    f"file is {size / 1_048_576:.1f} MiB; catalog files are limited to "
                    f"{MAX_FILE_BYTES // 1_048_576} MiB: split it into several files",
                )
            )
            return loaded
        raw = path.read_bytes()
    except OSError as exc:
        loaded.problems.append(Problem(shown, 1, 1, "io", f"cannot read file: {exc.strerror}"))
        return loaded
    text, problem = decode_text(raw, shown)
    if problem is not None or text is None:
        loaded.problems.append(problem or Problem(shown, 1, 1, "encoding", "cannot decode"))
        return loaded
    loaded.text = text
    parse_text(loaded)
    return loaded


def parse_text(loaded: LoadedFile) -> None:
    """Compose LOADED.text into nodes, then build data and marks from them."""
    loader = _Loader(loaded.text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        if "another document" in what:
            what = "a second YAML document ('---'): a catalog file holds one list; remove it"
        hint = "; use spaces, not tabs, to indent" if "\t" in what or "tab" in what else ""
        loaded.problems.append(
            Problem(loaded.display, line, col, "yaml", f"YAML syntax: {what}{hint}")
        )
        return
    except yaml.YAMLError as exc:
        loaded.problems.append(Problem(loaded.display, 1, 1, "yaml", f"YAML error: {exc}"))
        return
    finally:
        loader.dispose()
    if root is None:
        return
    problem = _check_expansion(root, loaded.display)
    if problem is not None:
        loaded.problems.append(problem)
        return
    builder = _Builder(loaded, loader)
    loaded.data = builder.build(root, ())


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
                m = _mark_of(node)
                return Problem(
                    display,
                    m.line,
                    m.column,
                    "alias-bomb",
                    f"aliases expand to more than {MAX_EXPANDED_NODES:,} values "
                    "(a 'billion laughs' document): write the values out "
                    "instead of nesting aliases",
                )
            continue
        if key in sizes:
            continue
        if key in active:
            m = _mark_of(node)
            return Problem(
                display,
                m.line,
                m.column,
                "alias-recursive",
                "an alias refers to a node that contains it: remove the recursive alias",
            )
        active.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in sizes)
    return None


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


class _Builder:
    def __init__(self, loaded: LoadedFile, loader: yaml.SafeLoader) -> None:
        self.loaded = loaded
        self.loader = loader

    def problem(self, node: yaml.Node, code: str, message: str) -> None:
        m = _mark_of(node)
        self.loaded.problems.append(Problem(self.loaded.display, m.line, m.column, code, message))

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.loaded.values[path] = _mark_of(node)
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _PLAIN_TAGS:
            self.problem(
                node,
                "yaml-tag",
                f"tag '{_short_tag(node.tag)}' is not allowed: catalog files may use only plain "
                "YAML values (strings, numbers, dates, lists, mappings)",
            )
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.build_mapping(node, path)
        try:
            return self.loader.construct_object(node)
        except yaml.constructor.ConstructorError as exc:
            what = exc.problem or "cannot construct value"
            if "could not determine a constructor" in what:
                what = (
                    f"tag '{_short_tag(node.tag)}' is not allowed: catalog files may use "
                    "only plain YAML values (strings, numbers, dates, lists, mappings)"
                )
            self.problem(node, "yaml-tag", what)
        except (ValueError, TypeError, OverflowError) as exc:
            self.problem(node, "yaml-value", f"invalid value {node.value!r}: {exc}")
        return None

    def build_mapping(self, node: yaml.MappingNode, path: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "a collection"
                self.problem(
                    key_node, "bad-key", f"key {shown!r} must be a plain field name (text)"
                )
                continue
            key = str(key_node.value)
            if key in first_seen:
                first = _mark_of(first_seen[key])
                self.problem(
                    key_node,
                    "duplicate-key",
                    f"duplicate key '{key}' (first at line {first.line}): "
                    "keep one of them; YAML would silently drop the first",
                )
                continue
            first_seen[key] = key_node
            self.loaded.keys[(*path, key)] = _mark_of(key_node)
            out[key] = self.build(value_node, (*path, key))
        return out
