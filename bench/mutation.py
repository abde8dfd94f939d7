"""Mutation score of the build's decision and manifest: how many small faults the tests catch.

Copies the checkout into a scratch folder, then for each mutant of the chosen modules (a
comparison flipped, `and`/`or` swapped, a `not` dropped, a boolean or number changed, one entry
of a dict or list display dropped, a statement of a function body removed) runs the chosen
tests against the mutated copy (`PYTHONPATH` puts it first). A mutant the tests fail on is
killed; one they pass on is a missing oracle row or code that does nothing. Prints each
survivor with its line and writes bench/results/mutation.json.

    python bench/mutation.py              # build/state.py, build/inputs.py, build/caches.py
    python bench/mutation.py --module build/site_folder.py --tests tests/test_build_site_folder.py
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
# Cheap tests first: most mutants die there (with -x), survivors run them all.
TESTS = [
    "tests/test_build_state.py",
    "tests/test_build_caches.py",
    "tests/test_build_site_folder.py",
    "tests/test_build_oracle.py",
]
FLIP = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Lt: ast.GtE, ast.GtE: ast.Lt,
    ast.Gt: ast.LtE, ast.LtE: ast.Gt,
}  # fmt: skip


def mutants(
    tree: ast.Module, only: frozenset[str] = frozenset()
) -> Iterator[tuple[int, str, ast.Module]]:
    """Yield (line, what, mutated tree) for each mutant of TREE (docstrings left alone), only
    inside the functions named ONLY when given."""
    nodes = [n for n in ast.walk(tree) if not isinstance(n, ast.Module)]
    # Annotations are strings at run time (`from __future__ import annotations`): leave them.
    notes = [getattr(n, "annotation", None) or getattr(n, "returns", None) for n in nodes]
    skipped = {id(part) for note in notes if isinstance(note, ast.AST) for part in ast.walk(note)}
    inside = {
        id(n)
        for f in nodes
        if isinstance(f, ast.FunctionDef) and (not only or f.name in only)
        for n in ast.walk(f)
    }
    for index, node in enumerate(nodes):
        if id(node) not in inside or id(node) in skipped:
            continue
        for what, change in _changes(node):
            mutated = copy.deepcopy(tree)
            target = [n for n in ast.walk(mutated) if not isinstance(n, ast.Module)][index]
            change(target)
            yield node.lineno if hasattr(node, "lineno") else 0, what, mutated


def _changes(node: ast.AST) -> Iterator[tuple[str, object]]:
    if isinstance(node, ast.Compare) and type(node.ops[0]) in FLIP:
        op = FLIP[type(node.ops[0])]
        yield f"{type(node.ops[0]).__name__} → {op.__name__}", lambda n: n.ops.__setitem__(0, op())
    elif isinstance(node, ast.BoolOp):
        other = ast.Or if isinstance(node.op, ast.And) else ast.And
        yield f"{type(node.op).__name__} → {other.__name__}", lambda n: setattr(n, "op", other())
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not dropped", lambda n: setattr(n, "op", ast.UAdd())
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield f"{node.value} → {not node.value}", lambda n: setattr(n, "value", not n.value)
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        yield f"{node.value} → {node.value + 1}", lambda n: setattr(n, "value", n.value + 1)
    elif isinstance(node, ast.Dict) and len(node.keys) > 1:
        for i in range(len(node.keys)):
            yield f"dict item {i} dropped", lambda n, i=i: (n.keys.pop(i), n.values.pop(i))
    elif isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) > 1:
        for i in range(len(node.elts)):
            yield f"item {i} dropped", lambda n, i=i: n.elts.pop(i)
    elif isinstance(node, ast.FunctionDef) and len(node.body) > 1:
        for i, statement in enumerate(node.body):
            if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
                continue  # the docstring
            if isinstance(statement, ast.Return):
                continue
            yield f"statement {i} of {node.name} removed", lambda n, i=i: n.body.pop(i)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--module", action="append", help="module file under src/llm_atlas (repeatable)"
    )
    parser.add_argument("--tests", nargs="*", default=TESTS)
    parser.add_argument("--only", action="append", default=[], help="function name (repeatable)")
    parser.add_argument("-k", dest="select", default="", help="pytest -k expression")
    args = parser.parse_args()
    modules = args.module or ["build/state.py", "build/inputs.py", "build/caches.py"]
    scratch = Path(tempfile.mkdtemp(prefix="llm-atlas-mutation-"))
    for name in ("src", "tests", "templates", "docs", "catalog"):
        shutil.copytree(ROOT / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", scratch / "mkdocs.yml")
    shutil.copy(ROOT / "pyproject.toml", scratch / "pyproject.toml")
    env = {**os.environ, "PYTHONPATH": str(scratch / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    report: dict[str, object] = {}
    for module in modules:
        path = scratch / "src" / "llm_atlas" / module
        original = path.read_text(encoding="utf-8")
        tree = ast.parse(original)
        killed, survivors = 0, []
        for line, what, mutated in mutants(tree, frozenset(args.only)):
            try:
                path.write_text(ast.unparse(mutated), encoding="utf-8")
                done = subprocess.run(
                    [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                     *(["-k", args.select] if args.select else []), *args.tests],
                    cwd=scratch, env=env, capture_output=True, check=False,
                )  # fmt: skip
            finally:
                path.write_text(original, encoding="utf-8")
            if done.returncode == 0:
                survivors.append(f"{module}:{line}: {what}")
                print(f"survived  {module}:{line}: {what}", flush=True)
            else:
                killed += 1
                print(f"killed    {module}:{line}: {what}", flush=True)
        total = killed + len(survivors)
        report[module] = {"mutants": total, "killed": killed, "survivors": survivors}
        print(f"{module}: {killed}/{total} killed", flush=True)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / "mutation.json"
    kept = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    kept.update(report)  # a run replaces the record of its modules, keeps the others'
    path.write_text(json.dumps(kept, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
