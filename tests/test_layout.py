"""The package's modules stay small: none under src/llm_atlas is over MAX_LINES lines (STYLE.md
guides to about 300; a module past it is probably two things)."""

from __future__ import annotations

from pathlib import Path

from test_import_cycles import PACKAGE

MAX_LINES = 320


def oversized(root: Path, limit: int = MAX_LINES) -> list[tuple[str, int]]:
    """Return (path from the folder above ROOT's parent, lines) of every module under ROOT
    over LIMIT lines: src/llm_atlas/build/seam.py for the package."""
    found = []
    for path in sorted(root.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append((path.relative_to(root.parents[1]).as_posix(), lines))
    return found


def size_message(found: list[tuple[str, int]], limit: int = MAX_LINES) -> str:
    listed = ", ".join(f"{path} ({lines} lines)" for path, lines in found)
    return (
        f"modules over {limit} lines: {listed}; "
        "split each along a seam (what each part takes and gives)"
    )


def test_oversized_lists_each_module_over_the_limit(tmp_path: Path) -> None:
    root = tmp_path / "src" / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "at_limit.py").write_text("x = 1\n" * 3, encoding="utf-8")
    (root / "sub" / "over.py").write_text("x = 1\n" * 4, encoding="utf-8")
    (root / "over_no_newline.py").write_text("x = 1\n" * 3 + "y = 2", encoding="utf-8")
    (root / "notes.txt").write_text("x\n" * 9, encoding="utf-8")
    found = oversized(root, limit=3)
    assert found == [("src/pkg/over_no_newline.py", 4), ("src/pkg/sub/over.py", 4)]
    assert size_message(found, 3) == (
        "modules over 3 lines: src/pkg/over_no_newline.py (4 lines), "
        "src/pkg/sub/over.py (4 lines); "
        "split each along a seam (what each part takes and gives)"
    )


def test_every_module_is_at_most_max_lines() -> None:
    found = oversized(PACKAGE)
    assert not found, size_message(found)
