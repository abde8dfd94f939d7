"""The judged search queries of issue #20 (tests/cases/search/judged.yaml) and their split.

Takes the YAML file; gives `Judged` records. The split is fixed by SEED: the queries, in file
order, shuffled by `random.Random(SEED)`; the first half tunes, the rest is held out. The file
records each query's half, and `test_search_judged.py` checks that the record is this split.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

JUDGED_FILE = Path(__file__).parent / "cases" / "search" / "judged.yaml"
SEED = 20260
KINDS = ("topic", "term", "typo", "spacing", "spelling", "mixed", "acronym", "phrase")


@dataclass(frozen=True)
class Judged:
    query: str
    kind: str
    right: tuple[str, ...]  # site paths; the first is the best answer
    half: str | None  # "tune" or "held", as recorded in the file


def load_judged(path: Path = JUDGED_FILE) -> list[Judged]:
    """Return the judged queries of PATH in file order."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(r["q"], r["kind"], tuple(r["right"]), r.get("half")) for r in rows]


def split_halves(queries: list[str], seed: int = SEED) -> dict[str, str]:
    """Return query → "tune" or "held": a seeded shuffle, the first half tunes."""
    order = list(queries)
    random.Random(seed).shuffle(order)
    tune = set(order[: len(order) // 2])
    return {q: "tune" if q in tune else "held" for q in queries}
