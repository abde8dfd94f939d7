"""Tests of render/: escaping filters, the page plan, write-only-changed, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import feedparser
import pytest
from pybtex.database import parse_string
from site_helpers import BASIC_CATALOG

from llm_atlas.problems import AtlasError
from llm_atlas.render.docs import render_docs
from llm_atlas.render.escape import escape_markdown, escape_url
from llm_atlas.render.output import prepare_out_dir, write_outputs
from llm_atlas.render.plan import plan_pages
from llm_atlas.validate import load_catalog

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain 中文", "plain 中文"),
        ("<script>", "&#60;script&#62;"),
        ("a | b", "a &#124; b"),
        ("[x](y)", "&#91;x&#93;(y)"),
        ("**b** _e_ `c`", "&#42;&#42;b&#42;&#42; &#95;e&#95; &#96;c&#96;"),
        ("- item", "&#45; item"),
        ("2023. year", "2023&#46; year"),
        ("C#", "C&#35;"),
        ("a\n\nb\r\nc", "a b c"),
        ("&lt;", "&#38;lt;"),
        ("{: .x }", "&#123;: .x &#125;"),
        ("  padded  ", "padded"),
    ],
)
def test_escape_markdown(text: str, expected: str) -> None:
    assert str(escape_markdown(text)) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.org/x", "https://a.org/x"),
        ("https://a.org/x (1)", "https://a.org/x%20%281%29"),
        ("http://a.org/?a=1&b=2", "http://a.org/?a=1&amp;b=2"),
    ],
)
def test_escape_url(url: str, expected: str) -> None:
    assert str(escape_url(url)) == expected


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relative"])
def test_escape_url_refuses_other_schemes(url: str) -> None:
    with pytest.raises(AtlasError):
        escape_url(url)


def test_plan_pages_covers_every_topic_entry_and_index() -> None:
    catalog = load_catalog(BASIC_CATALOG)
    paths = {p.path for p in plan_pages(catalog)}
    assert {f"entries/{e}.md" for e in catalog.entries} <= paths
    assert {f"topics/{t}/index.md" for t in catalog.topics} <= paths
    assert {
        "index.md",
        "tags/index.md",
        "explore/index.md",
        "papers/index.md",
        "benchmarks/index.md",
        "tools/index.md",
        "datasets/index.md",
    } <= paths
    assert "courses/index.md" not in paths  # no course in the catalog, no empty index


@pytest.fixture()
def rendered(tmp_path: Path) -> Path:
    render_docs(load_catalog(BASIC_CATALOG), REPO, tmp_path, "Atlas", "https://example.org/")
    return tmp_path


def test_practice_table_looks_like_the_seed(rendered: Path) -> None:
    text = (rendered / "topics/peft-practice/index.md").read_text(encoding="utf-8")
    assert "| 模型 | 方法 | 参数量 | 教程 | 代码 |" in text
    assert (
        "| BLOOMZ | LoRA | 560M | [大模型参数高效微调技术实战（五）-LoRA](../../entries/"
        "lora-tutorial.md) | [代码 ↗](https://example.com/code/lora)"
        '{ target="_blank" rel="noopener" }、[LoRA 微调示例代码]'
        "(../../entries/lora-code.md) |"
    ) in text
    assert (
        "| LLaMA | QLoRA |  | [大模型参数高效微调技术实战（六）-QLoRA]"
        "(../../entries/qlora-tutorial.md) "
        '<span class="atlas-badge atlas-planned">计划中</span> | N/A |'
    ) in text


def test_entry_page_lists_relations_both_ways(rendered: Path) -> None:
    text = (rendered / "entries/lora-paper.md").read_text(encoding="utf-8")
    # The body is HTML (entry.html.j2) inside a Markdown page: one template for every engine.
    assert text.startswith('---\ntitle: "LoRA: Low-Rank Adaptation of Large Language Models"\n')
    assert '<h3 id="related-tutorial">教程<a class="headerlink"' in text
    assert '<a href="../lora-tutorial/">' in text
    assert '<a href="../lora-code/">' in text


def test_render_rewrites_only_changed_files(tmp_path: Path) -> None:
    first = write_outputs(tmp_path, {"a.md": b"a", "b/c.md": b"c"})
    assert (first.written, first.removed) == (2, 0)
    again = write_outputs(tmp_path, {"a.md": b"a", "b/c.md": b"c"})
    assert (again.written, again.removed) == (0, 0)
    changed = write_outputs(tmp_path, {"a.md": b"A"})
    assert (changed.written, changed.removed) == (1, 1)
    assert not (tmp_path / "b").exists()


def test_prepare_out_dir_refuses_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(AtlasError, match="not empty and was not made by llm-atlas"):
        prepare_out_dir(tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_exports_parse_with_standard_parsers(rendered: Path) -> None:
    catalog = load_catalog(BASIC_CATALOG)
    data = json.loads((rendered / "catalog.json").read_text(encoding="utf-8"))
    assert data["api_version"] == 1
    assert [e["id"] for e in data["entries"]] == list(catalog.entries)
    lora = next(e for e in data["entries"] if e["id"] == "lora-paper")
    assert sorted(lora["related_all"]) == ["lora-code", "lora-tutorial"]
    bib = parse_string((rendered / "papers.bib").read_text(encoding="utf-8"), "bibtex")
    assert sorted(bib.entries) == ["gptq-paper", "lora-paper"]
    assert bib.entries["lora-paper"].fields["eprint"] == "2106.09685"
    assert [str(p) for p in bib.entries["lora-paper"].persons["author"]] == [
        "Hu, Edward J.",
        "Shen, Yelong",
    ]
    rows = list(csv.DictReader(io.StringIO((rendered / "catalog.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(catalog.entries)
    rss = feedparser.parse((rendered / "feed.xml").read_text(encoding="utf-8"))
    assert not rss.bozo
    assert rss.entries[0].link == "https://example.com/quant-overview"  # newest added first
    feed = json.loads((rendered / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["id"] for i in feed["items"]] == [f"llm-atlas:{e.id}" for e in rss_order(catalog)]


def rss_order(catalog: object) -> list[object]:
    from llm_atlas.render.exports import feed_entries

    return feed_entries(catalog)  # type: ignore[arg-type]


PRACTICE_TOPICS = "- id: peft-practice\n  title: 高效微调实战\n  title_en: PEFT in Practice\n"
PRACTICE_ENTRIES = """\
- id: lora-tutorial
  kind: tutorial
  title: LoRA 实战
  url: https://example.com/lora-tutorial
  topics: [peft-practice]
  method: LoRA
  code: https://example.com/lora.ipynb
  related: [lora-notebook, lora-extra]
- id: lora-notebook
  kind: code
  title: 配套代码：LoRA（lora.ipynb）
  url: https://example.com/lora.ipynb
  topics: [peft-practice]
- id: lora-extra
  kind: code
  title: 另一份 LoRA 代码
  url: https://example.com/lora-extra
  topics: [peft-practice]
- id: lora-principle
  kind: tutorial
  title: LoRA 原理
  url: https://example.com/lora-principle
  topics: [peft-practice]
  method: LoRA
"""


def test_practice_table_leaves_out_empty_columns_and_repeated_code(tmp_path: Path) -> None:
    catalog_dir = tmp_path / "catalog"
    catalog_dir.mkdir()
    (catalog_dir / "topics.yaml").write_text(PRACTICE_TOPICS, encoding="utf-8")
    (catalog_dir / "entries.yaml").write_text(PRACTICE_ENTRIES, encoding="utf-8")
    out = tmp_path / "docs"
    render_docs(load_catalog(catalog_dir), REPO, out, "Atlas", "https://example.org/")
    text = (out / "topics/peft-practice/index.md").read_text(encoding="utf-8")
    # No entry names a model or a parameter count: only method, tutorial and code remain.
    assert "| 方法 | 教程 | 代码 |\n| --- | --- | --- |\n" in text
    # lora-notebook has the tutorial's own code address, so only "代码 ↗" and lora-extra show.
    assert (
        "| LoRA | [LoRA 实战](../../entries/lora-tutorial.md) | "
        '[代码 ↗](https://example.com/lora.ipynb){ target="_blank" rel="noopener" }、'
        "[另一份 LoRA 代码](../../entries/lora-extra.md) |"
    ) in text
    # A tutorial that explains a method (no model, no code) is a principle, in its own table.
    assert (
        "## 原理讲解\n\n| 方法 | 教程 |\n| --- | --- |\n"
        "| LoRA | [LoRA 原理](../../entries/lora-principle.md) |\n"
    ) in text
    assert text.index("## 原理讲解") < text.index("## 实战教程")
