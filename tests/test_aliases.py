"""`aliases:` of topics and entries: validated, shown on the page, handed to the search index."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from site_helpers import BASIC_CATALOG, REPO

from llm_atlas.models import Paper, Topic
from llm_atlas.render.docs import render_docs
from llm_atlas.validate import load_catalog

TOPIC = {"id": "sparsity", "title": "LLM稀疏化与剪枝", "title_en": "Sparsity and Pruning"}
PAPER = {
    "id": "zero",
    "title": "ZeRO: Memory Optimizations",
    "url": "https://arxiv.org/abs/1910.02054",
    "topics": ["training"],
}


@pytest.mark.parametrize(
    ("aliases", "error"),
    [
        (["剪枝", "pruning"], None),
        (["剪枝", "剪 枝"], "'剪 枝' repeats a title or another alias"),  # same key
        (["Sparsity-and-Pruning"], "repeats a title"),  # the English title, spelt otherwise
        (["-"], "no letter or digit"),  # nothing a search could type
        (["x", ""], "at least 1 character"),
    ],
)
def test_topic_aliases(aliases: list[str], error: str | None) -> None:
    if error is None:
        assert Topic.model_validate({**TOPIC, "aliases": aliases}).aliases == aliases
        return
    with pytest.raises(ValidationError, match=error):
        Topic.model_validate({**TOPIC, "aliases": aliases})


@pytest.mark.parametrize(
    ("aliases", "ok"),
    [
        (["FSDP", "零冗余优化器"], True),
        (["zero: memory optimizations"], False),
        (["FSDP", "fsdp"], False),
    ],
)
def test_entry_aliases(aliases: list[str], ok: bool) -> None:
    data: dict[str, Any] = {**PAPER, "aliases": aliases}
    if ok:
        assert Paper.model_validate(data).aliases == aliases
    else:
        with pytest.raises(ValidationError, match="aliases"):
            Paper.model_validate(data)


def test_aliases_are_shown_and_handed_to_the_search(tmp_path: Path) -> None:
    catalog_dir = tmp_path / "catalog"
    shutil.copytree(BASIC_CATALOG, catalog_dir)
    topics = yaml.safe_load((catalog_dir / "topics.yaml").read_text(encoding="utf-8"))
    topics[0]["aliases"] = ["大模型训练", "<b>train</b>"]
    (catalog_dir / "topics.yaml").write_text(yaml.safe_dump(topics, allow_unicode=True), "utf-8")
    entries = yaml.safe_load((catalog_dir / "entries.yaml").read_text(encoding="utf-8"))
    entries[0]["aliases"] = ["Low-Rank Adaptation", "低秩适配"]
    (catalog_dir / "entries.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), "utf-8")

    out = tmp_path / "out"
    stats = render_docs(load_catalog(catalog_dir), REPO, out, "Atlas", "https://example.org/")
    topic = (out / "topics/training/index.md").read_text(encoding="utf-8")
    # The search document's tags (escaped: Material inserts them as HTML) and the subtitle.
    front = yaml.safe_load(topic.split("---")[1])
    assert front == {"tags": ["LLM Training", "大模型训练", "&lt;b&gt;train&lt;/b&gt;"]}
    assert "LLM Training · 又称 大模型训练、&#60;b&#62;train&#60;/b&#62;" in topic
    entry = stats.entries[entries[0]["id"]]
    assert entry.names == ("Low-Rank Adaptation", "低秩适配")
    assert "<td>Low-Rank Adaptation, 低秩适配</td>" in entry.body
