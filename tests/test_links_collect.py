"""links.collect: each distinct URL once, with every place; planned and excluded are skipped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from links_fixture import TOPICS

from llm_atlas.links.collect import (
    catalog_key,
    collect_links,
    entry_files,
    entry_urls,
    load_entry_files,
    parse_shard,
    remember_links,
    remembered_links,
    select_shard,
)
from llm_atlas.links.policy_file import load_config
from llm_atlas.links.results import LinkTarget
from llm_atlas.problems import AtlasError

CONFIG = load_config(None)

ENTRIES = """\
- id: a
  kind: paper
  title: A
  url: https://arxiv.org/abs/2106.09685
  code: https://github.com/x/y
  pdf: https://Example.org/a.pdf
  topics: [training]
- id: b
  kind: tool
  title: B
  url: https://github.com/x/y
  topics: [training]
- id: c
  kind: tutorial
  title: C
  status: planned
  url: https://zhuanlan.zhihu.com/p/1
  topics: [training]
- id: d
  kind: tutorial
  title: D
  url: https://localhost.test/x
  topics: [training]
"""


def catalog(tmp_path: Path) -> Path:
    (tmp_path / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.yaml").write_text(ENTRIES, encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.yaml").write_text("- [", encoding="utf-8")
    return tmp_path


def test_collect(tmp_path: Path) -> None:
    root = catalog(tmp_path)
    config = replace(load_config(None), exclude=(__import__("re").compile("localhost"),))
    targets = collect_links(load_entry_files(root), config)
    shown = {t.url: [(e.id, e.line, e.field) for e in t.entries] for t in targets}
    assert shown == {
        "https://arxiv.org/abs/2106.09685": [("a", 4, "url")],
        "https://github.com/x/y": [("a", 5, "code"), ("b", 11, "url")],
        "https://Example.org/a.pdf": [("a", 6, "pdf")],
        "https://zhuanlan.zhihu.com/p/1": [("c", 17, "url")],
        "https://localhost.test/x": [("d", 22, "url")],
    }
    skips = {t.url: t.skip for t in targets if t.skip}
    assert set(skips) == {"https://zhuanlan.zhihu.com/p/1", "https://localhost.test/x"}
    assert targets[2].host == "example.org"
    key = catalog_key(entry_files(root))
    again = remembered_links(remember_links(targets, key), key, config)
    assert again == targets
    assert remembered_links(remember_links(targets, key), "other", config) is None


def test_the_links_memo_is_keyed_on_the_code_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a code change, `check-links --dump` collects again instead of the memo's URLs."""
    from llm_atlas.build import inputs

    files = entry_files(catalog(tmp_path))
    key = catalog_key(files)
    assert catalog_key(files) == key
    monkeypatch.setattr(inputs, "code_digest", lambda: "other code")
    assert catalog_key(files) != key


def test_yaml_problems_stop_the_run(tmp_path: Path) -> None:
    (tmp_path / "e.yaml").write_text("- id: a\n  url: [\n", encoding="utf-8")
    with pytest.raises(AtlasError) as info:
        load_entry_files(tmp_path)
    assert info.value.problems[0].code == "yaml"


@pytest.mark.parametrize("text", ["1", "0/2", "3/2", "a/b", "1/0"])
def test_bad_shard(text: str) -> None:
    with pytest.raises(AtlasError):
        parse_shard(text)


def test_shards_partition_deterministically() -> None:
    targets = [LinkTarget(f"https://h{i % 7}.example/{i}", "h") for i in range(200)]
    parts = [select_shard(targets, i, 4) for i in (1, 2, 3, 4)]
    assert sorted(t.url for p in parts for t in p) == sorted(t.url for t in targets)
    assert all(20 < len(p) < 80 for p in parts)
    assert parts[0] == select_shard(targets, 1, 4)


TRICKY = (
    "# url: https://t.example/a in a comment\n"
    "- id: a\n"
    "  kind: tutorial\n"
    "  title: see https://t.example/a\n"
    "  url: https://t.example/a\n"
    "  code: 'https://t.example/a-code'\n"
    "  topics: [training]\n"
    '- {id: b, kind: tool, title: B, url: "https://t.example/b", topics: [training]}\n'
    "- id: c\n"
    "  kind: tool\n"
    "  title: C\n"
    '  url: "https://t.example/c"\n'
    "  topics: [training]\n"
)
PLAIN = "- id: a\n  kind: tool\n  title: A\n  url: https://t.example/a\n  topics: [x]\n"


@pytest.mark.parametrize("text", ["shipped", TRICKY, PLAIN, PLAIN.replace("\n", "\r\n")])
def test_url_places_are_the_loaders_marks(tmp_path: Path, text: str) -> None:
    """The text scan that locates URLs gives the same line and column as the composed marks."""
    from llm_atlas.loader import load_file

    if text == "shipped":
        files = load_entry_files(Path(__file__).parent.parent / "catalog")
    else:
        (tmp_path / "e.yaml").write_text(text, encoding="utf-8", newline="")
        files = [load_file(tmp_path / "e.yaml")]
    found = {
        (ref.path, ref.id, ref.field): (ref.line, ref.column)
        for target in collect_links(files, CONFIG)
        for ref in target.entries
    }
    # Only the flow-style entry of TRICKY needs the loader to compose the marks.
    assert [f._marks is not None for f in files] == [text == TRICKY] * len(files)
    want = {}
    for loaded in files:
        for i, item in enumerate(loaded.data):
            for name, _ in entry_urls(item):
                mark = loaded.values[(i, name)]
                want[(loaded.display, item["id"], name)] = (mark.line, mark.column)
    assert found == want
