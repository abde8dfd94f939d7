"""Loader: exact marks, encodings, line endings, and refusal of unsafe or explosive YAML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from llm_atlas import parse_cache
from llm_atlas.loader import MAX_FILE_BYTES, Mark, load_file

DOC = (
    "- id: gptq\n  title: 大模型量化\n  url: https://arxiv.org/abs/2210.17323\n"
    "  topics: [quantization, peft]\n"
)


def at(mark: Mark) -> tuple[int, int]:
    return (mark.line, mark.column)


def write(tmp_path: Path, data: bytes | str) -> Path:
    path = tmp_path / "a.yaml"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.mark.parametrize(
    "raw",
    [
        DOC.encode(),
        b"\xef\xbb\xbf" + DOC.encode(),
        DOC.replace("\n", "\r\n").encode(),
        b"\xef\xbb\xbf" + DOC.replace("\n", "\r\n").encode(),
    ],
    ids=["lf", "bom", "crlf", "bom-crlf"],
)
def test_marks_same_for_bom_and_crlf(tmp_path: Path, raw: bytes) -> None:
    loaded = load_file(write(tmp_path, raw))
    assert loaded.problems == []
    assert loaded.data[0]["title"] == "大模型量化"
    assert at(loaded.keys[(0, "url")]) == (3, 3)
    assert at(loaded.values[(0, "url")]) == (3, 8)
    assert at(loaded.values[(0, "topics", 1)]) == (4, 26)
    url = loaded.values[(0, "url")]
    assert loaded.text[url.start : url.end] == "https://arxiv.org/abs/2210.17323"


def test_mark_falls_back_to_parent(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, DOC))
    assert loaded.mark((0, "missing")) == loaded.values[(0,)]
    assert isinstance(loaded.mark(()), Mark)


def test_values_keep_yaml_types(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "- year: 2023\n  added: 2024-05-01\n  x: null\n  y: '7B'\n"))
    item = loaded.data[0]
    assert item["year"] == 2023
    assert str(item["added"]) == "2024-05-01"
    assert item["x"] is None and item["y"] == "7B"


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("- id: a\n  id: b\n", "duplicate-key", 2, 3),
        ("- id: a\n  t: !!python/object/apply:os.system [ls]\n", "yaml-tag", 2, 6),
        ("- id: a\n  t: !!python/name:os.system\n", "yaml-tag", 2, 6),
        ("- id: a\n  t: !custom x\n", "yaml-tag", 2, 6),
        ("- id: a\n  ? [x]\n  : 1\n", "bad-key", 2, 5),
        ("- id: a\n\tt: 1\n", "yaml", 2, 1),
        ("- id: [a\n", "yaml", 2, 1),
        ("a: &a [*a]\n", "alias-recursive", 1, 4),
    ],
)
def test_bad_yaml_is_a_problem(tmp_path: Path, text: str, code: str, line: int, col: int) -> None:
    problems = load_file(write(tmp_path, text)).problems
    assert [(p.code, p.line, p.column) for p in problems] == [(code, line, col)]


def test_billion_laughs_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    problems = load_file(write(tmp_path, "\n".join(lines) + "\n")).problems
    assert [p.code for p in problems] == ["alias-bomb"]


def _bomb(first: str, level: str, last: str) -> str:
    """A document whose aliases expand to 10**6 values, in one spelling of anchors."""
    refs = ["[" + ",".join(['"lol"'] * 10) + "]"]
    refs += ["[" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)]
    body = [level.format(i=i, v=v) for i, v in enumerate(refs)]
    return first + "\n".join(body) + last


@pytest.mark.parametrize(
    ("first", "level", "last"),
    [
        ("", "a{i}: &a{i} {v}", "\n"),
        ("{", '"a{i}":&a{i} {v},', '"z": 1}\n'),
        ("{", "a{i}: &a{i} {v},", "z: 1}\n"),
        ("[", "&a{i} {v},", "x]\n"),
        ("", "- &a{i} {v}", "\n"),
        ("", "- !!seq &a{i} {v}", "\n"),
        ("", "-\n  &a{i}\n  {v}", "\n"),
        ("", "? k{i}\n: &a{i} {v}", "\n"),
        ("{", '"a{i}":&a{i}\n {v},', '"z": 1}\n'),
        ("[", '{{"k{i}":&a{i} {v}}},', "x]\n"),
        ("[", "? &a{i} {v},", "x]\n"),
        ("", "a{i}: !!seq\n  &a{i} {v}", "\n"),
    ],
    ids=lambda v: repr(v)[:24],
)
def test_every_anchor_spelling_is_guarded(
    tmp_path: Path, first: str, level: str, last: str
) -> None:
    text = _bomb(first, level, last)
    assert len(text.encode()) < 1200
    yaml.compose(text, Loader=yaml.SafeLoader)  # valid YAML: only the expansion is refused
    problems = load_file(write(tmp_path, text)).problems
    assert [p.code for p in problems] == ["alias-bomb"]


@pytest.mark.parametrize(
    "text",
    ["- title: Q&A\n  url: https://x.org/?a=1&b=2\n", "- t: R&D, A&B;x&y\n"],
)
def test_ampersands_in_words_are_plain_text(tmp_path: Path, text: str) -> None:
    loaded = load_file(write(tmp_path, text))
    assert loaded.problems == []
    assert "&" in str(loaded.data)


def test_small_aliases_allowed(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "- tags: &t [a, b]\n- tags: *t\n"))
    assert loaded.problems == []
    assert loaded.data == [{"tags": ["a", "b"]}, {"tags": ["a", "b"]}]


def test_non_utf8_position(tmp_path: Path) -> None:
    problems = load_file(write(tmp_path, b"- id: a\n  title: ok \xff\n")).problems
    assert [(p.code, p.line, p.column) for p in problems] == [("encoding", 2, 13)]


def test_oversized_file_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    problems = load_file(path).problems
    assert [p.code for p in problems] == ["too-large"]
    assert "limited to 10 MiB" in problems[0].message


def test_unreadable_path_is_a_problem(tmp_path: Path) -> None:
    problems = load_file(tmp_path / "nope.yaml").problems
    assert [p.code for p in problems] == ["io"]


def test_empty_file(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "# only a comment\n"))
    assert loaded.problems == [] and loaded.data is None


# --- the parse cache -----------------------------------------------------------------------------
def big_catalog_file(path: Path, n: int = 400, *, extra: str = "") -> Path:
    """Write a catalog file larger than the parse cache's lower limit."""
    items = [
        f"- id: e{i}\n  kind: tutorial\n  title: 第 {i} 篇：LoRA 微调实战与量化部署的完整流程\n"
        f"  url: https://example.com/{i}\n  topics: [peft]\n  year: 2023\n"
        f"  added: 2024-01-02\n  description: {'长文本描述。' * 20}\n"
        for i in range(n)
    ]
    path.write_text("".join(items) + extra, encoding="utf-8")
    assert path.stat().st_size >= parse_cache.MIN_BYTES
    return path


def cached_files(folder: Path) -> list[Path]:
    return sorted((folder / "parse").glob("*.pickle"))


def test_cache_hit_gives_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    path = big_catalog_file(tmp_path / "a.yaml", extra="- id: dup\n  id: dup\n")
    first = load_file(path)
    assert len(cached_files(tmp_path / "cache")) == 1
    second = load_file(path)
    assert second.data == first.data
    assert second.problems == first.problems and [p.code for p in second.problems] == [
        "duplicate-key"
    ]
    # Marks are built from the text on demand, the same for a parsed and a cached file.
    assert second.values == first.values and second.keys == first.keys
    assert second.mark((399, "url"), prefer_key=False) == first.values[(399, "url")]
    assert second.mark((399, "url")) == first.keys[(399, "url")]


def test_cache_misses_after_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    path = big_catalog_file(tmp_path / "a.yaml")
    load_file(path)
    text = path.read_text(encoding="utf-8").replace("https://example.com/7\n", "oops\n", 1)
    path.write_text(text, encoding="utf-8")
    assert load_file(path).data[7]["url"] == "oops"
    assert len(cached_files(tmp_path / "cache")) == 1  # replaced, not added


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_damaged_cache_is_a_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    path = big_catalog_file(tmp_path / "a.yaml")
    want = load_file(path).data
    [slot] = cached_files(tmp_path / "cache")
    slot.write_bytes(damage)
    assert load_file(path).data == want


def test_unwritable_or_disabled_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(blocker))  # parse/ cannot be made under a file
    path = big_catalog_file(tmp_path / "a.yaml")
    assert len(load_file(path).data) == 400
    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", "off")
    assert parse_cache.cache_dir() is None
    assert len(load_file(path).data) == 400


def test_validated_items_are_kept_with_the_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A valid file's entries come back validated from the cache: the same catalog, without
    validating again; other code (a new digest) validates again."""
    from llm_atlas import catalog as catalog_mod
    from llm_atlas import loader

    monkeypatch.setenv("LLM_ATLAS_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "catalog"
    root.mkdir()
    (root / "topics.yaml").write_text("- id: peft\n  title: 微调\n  title_en: PEFT\n")
    big_catalog_file(root / "a.yaml")
    first = catalog_mod.load_catalog(root)
    cached = loader.load_cached(root / "a.yaml")
    assert cached is not None and cached.models is not None and len(cached.models) == 400
    validated: list[object] = []
    tutorial = catalog_mod.KIND_MODELS["tutorial"]
    real = tutorial.model_validate
    monkeypatch.setattr(
        tutorial,
        "model_validate",
        lambda item: validated.append(item) or real(item),
    )
    second = catalog_mod.load_catalog(root)
    assert second.entries == first.entries and validated == []
    monkeypatch.setattr(loader, "code_digest", lambda: "other code")
    assert catalog_mod.load_catalog(root).entries == first.entries and len(validated) == 400
