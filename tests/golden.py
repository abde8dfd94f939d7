"""Golden-file helper: compare text with tests/cases/…/expected files, or rewrite them.

Regenerate every golden file after an intended change with:
    LLM_ATLAS_REGEN=1 python -m pytest tests
"""

from __future__ import annotations

import os
from pathlib import Path

CASES = Path(__file__).parent / "cases"


def check_golden(path: Path, actual: str) -> None:
    """Assert ACTUAL equals the golden file at PATH (or write it when regenerating)."""
    if os.environ.get("LLM_ATLAS_REGEN") == "1":
        path.write_text(actual, encoding="utf-8")
        return
    if not path.is_file():
        raise AssertionError(f"missing golden file {path}; run with LLM_ATLAS_REGEN=1 to create it")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path} differs; rerun with LLM_ATLAS_REGEN=1 if intended"
