"""Bounded reading of outside JSON and text: size, nesting depth and length limits, refused first.

Takes bytes or text from a data file, a report or an API answer; gives the parsed value, or raises
`LimitError` (a `ValueError`, so callers that already turn malformed JSON into one item's problem
need nothing more) saying which limit was passed. Every check is linear: one regular-expression
pass drops strings and everything but brackets (possessive, so no backtracking), one pass over the
brackets measures the depth; `json.loads` then never recurses deeper than the limit, whatever the
input (the standard parser recurses once per level and would end in a `RecursionError`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
from itertools import accumulate
from pathlib import Path
from typing import Any

MAX_DEPTH = 64  # the deepest data file or API answer we read nests 4 levels
# A string, or any run of characters that are neither brackets nor the start of a string. An
# unterminated string runs to the end, so each '"' is looked at once.
_NOT_BRACKET = re.compile(r'"(?:[^"\\]|\\[\s\S])*+(?:"|\\?\Z)|[^\[\]{}"]++')
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # an escaped UTF-16 surrogate, maybe unpaired


class LimitError(ValueError):
    """Outside input passed one of our limits (size, depth, count, length)."""


def json_depth(text: str) -> int:
    """Return how deep TEXT's arrays and objects nest (0 for a scalar), in linear time."""
    brackets = _NOT_BRACKET.sub("", text)
    if brackets.count("[") + brackets.count("{") <= 1:
        return 1 if brackets else 0
    return max(accumulate(_STEP[c] for c in brackets), default=0)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load_json(data: bytes | str, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """Parse DATA as JSON (UTF-8, a BOM allowed) within the limits, or raise a ValueError."""
    if len(data) > max_bytes:
        raise LimitError(f"larger than {_size(max_bytes)}")
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    depth = json_depth(text)
    if depth > max_depth:
        raise LimitError(f"nested {depth} levels deep, more than the {max_depth} allowed")
    value = json.loads(text, parse_constant=_refuse_constant)
    if _SURROGATE.search(text):
        # "\ud800" alone decodes to a character no UTF-8 file can hold: writing it back
        # would fail, so it is refused here, where the input is.
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("text with an unpaired UTF-16 surrogate (\\ud800-\\udfff)") from None
    return value


def read_bounded(path: Path, max_bytes: int) -> bytes:
    """Return the bytes of the regular file PATH, or raise: OSError when it cannot be read (a
    FileNotFoundError when missing), LimitError when it is larger than MAX_BYTES or not a file
    (a link to /dev/zero or a FIFO would be read forever)."""
    if not stat.S_ISREG(path.stat().st_mode):  # before opening: opening a FIFO waits for a writer
        raise LimitError("not a regular file")
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise LimitError(f"larger than {_size(max_bytes)}")
    return data


def bounded_text(value: object, max_chars: int) -> str:
    """Return VALUE when it is a string of at most MAX_CHARS characters, else raise."""
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    if len(value) > max_chars:
        raise LimitError(f"text of {len(value):,} characters, more than {max_chars:,}")
    return value


def iso_day(value: object) -> str:
    """Return the YYYY-MM-DD day at the start of VALUE (an ISO date or timestamp), or raise."""
    if not isinstance(value, str) or _DAY.match(value) is None:
        raise ValueError(f"expected a date like 2026-12-06, got {_short(value)}")
    day = value[:10]
    dt.date.fromisoformat(day)  # ValueError for 2026-13-45
    return day


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}..."


def _size(n: int) -> str:
    return f"{n / 1_048_576:g} MiB" if n >= 1_048_576 else f"{n / 1024:g} KiB"
