"""Readers of outside input are bounded and linear (issue #19, point 3).

Each pathological input is read at sizes N and 4N: linear work takes about four times as long,
quadratic work sixteen, so a ratio under eight (the least CPU time of five runs each, no absolute
times) tells them apart on a busy machine. Depth bombs are refused with a message that says what
to do.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from llm_atlas.bounded import MAX_DEPTH, LimitError, iso_day, json_depth, load_json
from llm_atlas.facts import load_kind
from llm_atlas.links.cache import load_cache
from llm_atlas.loader import load_file
from llm_atlas.problems import AtlasError
from llm_atlas.refresh.links import read_reports
from llm_atlas.refresh.store import dump_items, load_items
from llm_atlas.rules import MAX_TOPIC_DEPTH
from llm_atlas.validate import check_catalog
from llm_atlas.yaml_build import MAX_KEYS

RATIO = 8.0  # for 4x the input: linear is 4, quadratic 16


def least_time(run: Callable[[Any], object], arg: Any) -> float:
    times = []
    for _ in range(5):
        start = time.process_time()  # CPU time: other processes on the machine do not count
        run(arg)
        times.append(time.process_time() - start)
    return min(times)


def yaml_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / f"f{len(text)}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def topics_catalog(tmp_path: Path, n: int) -> Path:
    """A catalog whose topics form one parent chain N long (refused past MAX_TOPIC_DEPTH)."""
    root = tmp_path / f"chain{n}"
    root.mkdir()
    chain = [f"- id: t{i}\n  title: T\n  title_en: T\n  parent: t{i - 1}\n" for i in range(1, n)]
    (root / "topics.yaml").write_text("- id: t0\n  title: T\n  title_en: T\n" + "".join(chain))
    return root


def data_file(tmp_path: Path, n: int) -> Path:
    items = {
        f"https://example.org/{i}": {"status": "ok", "checked": "2026-12-01", "message": "x" * 50}
        for i in range(n)
    }
    folder = tmp_path / f"data{n}"
    folder.mkdir()
    (folder / "links.json").write_text(dump_items("links", items), encoding="utf-8")
    return folder


# (name, make the input of size N in TMP, read it, N)
CASES: list[tuple[str, Callable[[Path, int], Any], Callable[[Any], object], int]] = [
    ("json deep", lambda t, n: "[" * n, json_depth, 100_000),
    ("json escaped quotes", lambda t, n: '"' + '\\"' * n, json_depth, 200_000),
    ("json many strings", lambda t, n: '"a",' * n, json_depth, 50_000),
    ("yaml long line", lambda t, n: yaml_file(t, "a: " + "b" * n + "\n"), load_file, 500_000),
    (
        "yaml long line, syntax error",
        lambda t, n: yaml_file(t, "a: " + "b" * n + " : c: d\n"),
        load_file,
        500_000,
    ),
    ("yaml ampersands", lambda t, n: yaml_file(t, "a: " + "Q&A " * n + "\n"), load_file, 50_000),
    (
        "yaml many small aliases",
        lambda t, n: yaml_file(t, "".join(f"- &a{i} x\n- *a{i}\n" for i in range(n))),
        load_file,
        2_000,
    ),
    (
        "yaml allowed depth, many times",
        lambda t, n: yaml_file(t, ("- " + "[" * 30 + "]" * 30 + "\n") * n),
        load_file,
        500,
    ),
    ("topic chain", topics_catalog, check_catalog, 250),
    ("data records", data_file, lambda folder: load_kind(folder, "links"), 1_000),
]


@pytest.mark.parametrize(("name", "make", "read", "n"), CASES, ids=[c[0] for c in CASES])
def test_four_times_the_input_is_about_four_times_the_work(
    tmp_path: Path,
    name: str,
    make: Callable[[Path, int], Any],
    read: Callable[[Any], object],
    n: int,
) -> None:
    small, big = make(tmp_path, n), make(tmp_path, 4 * n)
    read(small)  # warm up imports and caches
    ratio = least_time(read, big) / least_time(read, small)
    assert ratio < RATIO, f"{name}: 4x the input took {ratio:.1f}x the time"


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: " + "[" * 500 + "]" * 500 + "\n", "too-deep", 1, 35),
        ("a: " + "{b: " * 40 + "c" + "}" * 40 + "\n", "too-deep", 1, 4 + 4 * 31),
        ("".join("  " * i + "k:\n" for i in range(40)) + "  " * 40 + "v\n", "too-deep", 33, 65),
        ("".join(f"k{i}: 1\n" for i in range(MAX_KEYS + 1)), "too-many-keys", 1, 1),
    ],
    ids=["flow-500", "flow-maps-40", "block-40", "keys"],
)
def test_depth_and_key_bombs_are_refused_with_a_clear_message(
    tmp_path: Path, text: str, code: str, line: int, column: int
) -> None:
    problems = load_file(yaml_file(tmp_path, text)).problems
    assert [(p.code, p.line, p.column) for p in problems] == [(code, line, column)]
    assert problems[0].message.endswith(
        ("flatten the structure", "split the data into a list of entries")
    )


def test_the_deepest_allowed_yaml_loads(tmp_path: Path) -> None:
    loaded = load_file(yaml_file(tmp_path, "a: " + "[" * 31 + "]" * 31 + "\n"))
    assert loaded.problems == [] and json.dumps(loaded.data).count("[") == 31


def test_a_topic_chain_past_the_limit_is_one_problem(tmp_path: Path) -> None:
    problems = check_catalog(topics_catalog(tmp_path, 40))[1]
    assert [(p.code, p.entry) for p in problems] == [("topic-too-deep", f"t{MAX_TOPIC_DEPTH}")]


SPECIAL: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "device": (lambda p: p.symlink_to("/dev/zero"), ("not a regular file",)),
    "fifo": (os.mkfifo, ("not a regular file",)),
    "deep": (lambda p: p.write_text("[" * 100_000), ("nested 100000 levels", "nesting depth")),
}
READERS: dict[str, tuple[str, Callable[[Path], str]]] = {
    "catalog file": ("topics.yaml", lambda p: load_file(p).problems[0].message),
    "data file (build)": ("links.json", lambda p: repr(load_kind(p.parent, "links"))),
    "data file (refresh)": (
        "links.json",
        lambda p: _refused(lambda: load_items(p.parent, "links")),
    ),
    "links report": ("r.json", lambda p: _refused(lambda: read_reports([p]))),
    "link cache": ("c.json", lambda p: repr(load_cache(p).results)),
}


def _refused(read: Callable[[], object]) -> str:
    with pytest.raises(AtlasError) as caught:
        read()
    return caught.value.message


@pytest.mark.parametrize("special", sorted(SPECIAL))
@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_device_fifo_or_depth_bomb_is_refused_clearly(
    tmp_path: Path, special: str, reader: str, caplog: pytest.LogCaptureFixture
) -> None:
    name, read = READERS[reader]
    make, told = SPECIAL[special]
    make(tmp_path / name)
    said = read(tmp_path / name) + caplog.text
    assert any(t in said for t in told), said


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("1", 0),
        ("[]", 1),
        ('{"a": [1, {"b": "]]]"}]}', 3),
        ('"[[[" ', 0),
        ('"\\"[[" [', 1),
        ('["\\\\", [["x"]]]', 3),
        ('"unterminated [[[', 0),
        ("[" * 1000, 1000),
    ],
)
def test_json_depth(text: str, depth: int) -> None:
    assert json_depth(text) == depth


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nested 65 levels deep"),
        (b"x" * 2000, "larger than 1 KiB"),
        (b'{"a": NaN}', "NaN is not JSON"),
        (b'{"a": -Infinity}', "-Infinity is not JSON"),
        (b"\xff", "can't decode byte 0xff"),
        (b'{"a": 1', "Expecting ',' delimiter"),
    ],
)
def test_load_json_refuses(data: bytes, error: str) -> None:
    with pytest.raises(ValueError, match=error) as caught:
        load_json(data, max_bytes=1024)
    assert isinstance(caught.value, LimitError) == error.startswith(("nested", "larger"))


def test_load_json_reads_a_bom_and_the_deepest_allowed() -> None:
    deep = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load_json(b"\xef\xbb\xbf" + deep.encode(), max_bytes=1024) == json.loads(deep)


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2026-12-06", "2026-12-06"),
        ("2021-06-17T17:37:18Z", "2021-06-17"),
        ("soon", None),
        ("2026-13-01", None),
        ("٢٠٢٦-١٢-٠٦", None),  # digits, but not ASCII ones
        (20261206, None),
        (None, None),
    ],
)
def test_iso_day(value: object, day: str | None) -> None:
    if day is None:
        with pytest.raises(ValueError):
            iso_day(value)
    else:
        assert iso_day(value) == day
