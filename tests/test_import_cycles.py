"""The package has no import cycle, imports inside functions included (those hide a cycle until
the function runs); imports only for type checking are left out. edit/ and importer/ import
nothing of each other: what both need is in the core (llm_atlas.naming)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "llm_atlas"


def module_name(path: Path) -> str:
    parts = ("llm_atlas", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(tree: ast.Module, known: set[str]) -> set[str]:
    """Return the llm_atlas modules TREE imports anywhere but under `if TYPE_CHECKING:`."""
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found & known


def import_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    known = set(paths)
    return {
        name: imports(ast.parse(path.read_text(encoding="utf-8")), known) - {name}
        for name, path in paths.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = stack[stack.index(node) :]
                del stack[stack.index(node) :]
                if len(group) > 1:
                    found.append(sorted(group))
    return found


@pytest.mark.parametrize(
    ("graph", "want"),
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}}, [["a", "b", "c"]]),
    ],
)
def test_cycles_are_found(graph: dict[str, set[str]], want: list[list[str]]) -> None:
    assert cycles(graph) == want


def test_a_function_level_import_counts() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import llm_atlas.b\n"
        "def f():\n    from llm_atlas import c\n"
    )
    assert imports(tree, {"llm_atlas.b", "llm_atlas.c", "llm_atlas"}) == {
        "llm_atlas",
        "llm_atlas.c",
    }


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


# Packages that share the catalog core (llm_atlas.naming: slugs, ids, host lists) and import
# nothing of each other; the core imports neither.
APART = (("llm_atlas.edit", "llm_atlas.importer"),)
CORE = ("llm_atlas.naming",)


def inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def crossings(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """Return (importer, imported) for each import across APART, or from CORE into either."""
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            for one, other in APART:
                across = (inside(module, one) and inside(target, other)) or (
                    inside(module, other) and inside(target, one)
                )
                core = module in CORE and (inside(target, one) or inside(target, other))
                if across or core:
                    found.append((module, target))
    return found


def test_crossings_are_found() -> None:
    graph = {
        "llm_atlas.importer.kinds": {"llm_atlas.edit.fields", "llm_atlas.naming"},
        "llm_atlas.edit.new": {"llm_atlas.naming"},
        "llm_atlas.naming": {"llm_atlas.importer"},
        "llm_atlas.editor": {"llm_atlas.importer"},
    }
    assert crossings(graph) == [
        ("llm_atlas.importer.kinds", "llm_atlas.edit.fields"),
        ("llm_atlas.naming", "llm_atlas.importer"),
    ]


def test_edit_and_importer_do_not_import_each_other() -> None:
    assert crossings(import_graph()) == []
