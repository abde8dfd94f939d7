"""What a reader sees of the data folder: entry pages, list marks, stars, the health page, exports.

The render step takes `facts` as a template global (llm_atlas.facts.load_facts(project/"data"));
these tests pass it explicitly, and check that without facts every page is as before.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from llm_atlas.catalog import Catalog
from llm_atlas.facts import Facts, load_facts
from llm_atlas.refresh.store import dump_items
from llm_atlas.render.docs import render_docs
from llm_atlas.render.exports import CSV_FACT_FIELDS, CSV_FIELDS
from llm_atlas.render.plan import HEALTH_PAGE
from llm_atlas.validate import load_catalog

TOPICS = "- id: peft\n  title: 微调\n  title_en: PEFT\n"
ENTRIES = """\
- id: lora
  kind: paper
  title: 'LoRA: Low-Rank Adaptation'
  url: https://arxiv.org/abs/2106.09685
  topics: [peft]
  authors: [Edward J. Hu, et al.]
  year: 2021
  arxiv: '2106.09685'
- id: qlora
  kind: paper
  title: QLoRA
  url: https://arxiv.org/abs/2305.14314
  topics: [peft]
  year: 2022
  arxiv: '2305.14314'
- id: healthy-tool
  kind: tool
  title: Healthy
  url: https://github.com/h/ok
  topics: [peft]
- id: archived-tool
  kind: tool
  title: Archived
  url: https://github.com/a/old
  topics: [peft]
- id: dead-article
  kind: article
  title: Dead article
  url: https://blog.example.com/dead
  topics: [peft]
- id: moved-article
  kind: article
  title: Moved article
  url: https://blog.example.com/moved
  topics: [peft]
"""
DEAD = "https://blog.example.com/dead"
SNAPSHOT = f"http://web.archive.org/web/20250301120000/{DEAD}"


def link(status: str, **more: Any) -> dict[str, Any]:
    return {
        "status": status,
        "http_status": {"ok": 200, "broken": 404, "redirected": 301}.get(status),
        "final_url": None,
        "message": "",
        "checked": "2026-12-01",
        "last_good": "2026-12-01" if status in ("ok", "redirected") else "2026-11-10",
        "failures": 0 if status in ("ok", "redirected") else 2,
        **more,
    }


def repo(**more: Any) -> dict[str, Any]:
    return {
        "state": "ok",
        "checked": "2026-12-01",
        "stars": 12345,
        "forks": 67,
        "pushed": "2026-11-19",
        "archived": False,
        "default_branch": "main",
        "license": "MIT",
        "language": "Python",
        "moved_to": None,
        **more,
    }


def write_data(data_dir: Path) -> None:
    data_dir.mkdir()
    items = {
        "links": {
            "https://arxiv.org/abs/2106.09685": link("ok"),
            "https://arxiv.org/abs/2305.14314": link("ok", checked="2026-10-01"),
            "https://github.com/h/ok": link("ok"),
            "https://github.com/a/old": link("ok"),
            DEAD: link("broken"),
            "https://blog.example.com/moved": link(
                "redirected", final_url="https://blog.example.com/new-home"
            ),
        },
        "repos": {"h/ok": repo(), "a/old": repo(archived=True, stars=3, pushed="2021-01-02")},
        "papers": {
            "2106.09685": {
                "state": "ok",
                "checked": "2026-12-01",
                "title": "LoRA: Low-Rank Adaptation",
                "authors": ["Edward J. Hu", "Yelong Shen"],
                "published": "2021-06-17",
                "updated": "2021-10-16",
                "version": "v2",
            },
            "2305.14314": {
                "state": "ok",
                "checked": "2026-12-01",
                "title": "QLoRA: Efficient Finetuning of Quantized LLMs",
                "authors": ["Tim Dettmers"],
                "published": "2023-05-23",
                "updated": "2023-05-23",
                "version": "v1",
            },
        },
        "archive": {
            DEAD: {"checked": "2026-12-01", "snapshot": SNAPSHOT, "timestamp": "2025-03-01"}
        },
    }
    for kind, records in items.items():
        (data_dir / f"{kind}.json").write_text(dump_items(kind, records), encoding="utf-8")


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    root = tmp_path_factory.mktemp("catalog")
    (root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (root / "peft.yaml").write_text(ENTRIES, encoding="utf-8")
    return load_catalog(root)


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Facts:
    data_dir = tmp_path_factory.mktemp("project") / "data"
    write_data(data_dir)
    found = load_facts(data_dir)
    assert found
    return found


def render(catalog: Catalog, facts: Facts | None, tmp: Path) -> dict[str, str]:
    """Render the site's Markdown with FACTS as the build gives them; return every generated
    page and export by path, and every entry page's body as `entries/<id>`."""
    out_dir = tmp / f"docs-{len(list(tmp.iterdir()))}"
    stats = render_docs(catalog, tmp, out_dir, "Atlas", facts=facts)
    out = {
        p.relative_to(out_dir).as_posix(): p.read_text(encoding="utf-8")
        for p in out_dir.rglob("*")
        if p.is_file() and p.suffix in (".md", ".json", ".csv") and "assets" not in p.parts
    }
    out.update({f"entries/{i}": e.body for i, e in stats.entries.items()})
    return out


@pytest.fixture(scope="module")
def pages(
    catalog: Catalog, facts: Facts, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    return render(catalog, facts, tmp_path_factory.mktemp("project"))


def test_without_data_every_page_is_as_before(catalog: Catalog, tmp_path: Path) -> None:
    without = render(catalog, None, tmp_path)
    assert render(catalog, Facts(), tmp_path) == without
    assert HEALTH_PAGE not in without
    assert not any("atlas-health" in text or "atlas-stars" in text for text in without.values())
    assert without["catalog.csv"].splitlines()[0] == ",".join(CSV_FIELDS)
    assert all("link" not in e for e in json.loads(without["catalog.json"])["entries"])


def test_dead_entry_shows_its_status_and_archived_copy(pages: dict[str, str]) -> None:
    page = pages["entries/dead-article"]
    assert (
        '<p class="atlas-health-note atlas-dead"><strong>链接失效：</strong>原文链接在最近 2 次检查'
        "中无法打开（2026-12-01 检查，最后一次正常是 2026-11-10）。"
        f'<a class="atlas-archive" href="{SNAPSHOT}" target="_blank" rel="noopener">'
        "Wayback Machine 存档副本（2025-03-01） ↗</a></p>"
    ) in page
    assert (
        '<td>链接状态</td>\n<td><span class="atlas-health-status atlas-broken">失效</span> · '
        "HTTP 404 · 连续失败 2 次 · 2026-12-01 检查</td>"
    ) in page


def test_redirected_entry_names_the_new_address(pages: dict[str, str]) -> None:
    page = pages["entries/moved-article"]
    assert (
        '<span class="atlas-health-status atlas-redirected">已重定向</span> · HTTP 301 → '
        '<a href="https://blog.example.com/new-home">https://blog.example.com/new-home</a>'
    ) in page
    assert "atlas-health-note" not in page


def test_healthy_tool_shows_stars_and_last_push(pages: dict[str, str]) -> None:
    page = pages["entries/healthy-tool"]
    assert (
        '<td>GitHub</td>\n<td><span class="atlas-stars">★ 12,345</span> · 分叉 67 · '
        "最近推送 2026-11-19 · MIT · Python</td>"
    ) in page
    assert "atlas-health-note" not in page


def test_archived_repository_notice(pages: dict[str, str]) -> None:
    page = pages["entries/archived-tool"]
    assert (
        '<p class="atlas-health-note atlas-archived"><strong>仓库已归档：</strong>'
        '<a href="https://github.com/a/old">a/old</a> 已被作者归档，只读，不再更新。</p>'
    ) in page


def test_paper_metadata_check(pages: dict[str, str]) -> None:
    assert (
        "<td>元数据核对</td>\n<td>与 arXiv 一致（最新 v2，首版 2021-06-17）</td>"
        in pages["entries/lora"]
    )
    assert (
        "<td>与 arXiv 不一致：标题在 arXiv 上是「QLoRA: Efficient Finetuning of Quantized LLMs」；"
        "年份在 arXiv 上是「2023」</td>"
    ) in pages["entries/qlora"]


def test_lists_mark_dead_and_archived_entries(pages: dict[str, str]) -> None:
    topic = pages["topics/peft/index.md"]
    assert (
        '- <span class="atlas-health-mark atlas-dead" title="原文链接失效">失效</span> '
        "[Dead article](../../entries/dead-article.md)"
    ) in topic
    assert "- [Moved article](../../entries/moved-article.md)" in topic
    tools = pages["tools/index.md"]
    assert (
        "| 工具 | 说明 | 许可证 | 链接 | 主题 | 星标 |\n| --- | --- | --- | --- | --- | ---: |"
        in tools
    )
    assert (
        '| <span class="atlas-health-mark atlas-archived" title="仓库已归档">已归档</span> '
        "[Archived](../entries/archived-tool.md)"
    ) in tools
    assert (
        '<span class="atlas-stars" title="GitHub 星标，最近推送 2026-11-19">★ 12,345</span> |'
        in tools
    )


def test_home_links_the_health_page(
    pages: dict[str, str], catalog: Catalog, tmp_path: Path
) -> None:
    assert "[链接与仓库健康状况](health/index.md){ .md-button }" in pages["index.md"]
    assert "health/index.md" not in render(catalog, None, tmp_path)["index.md"]


def test_papers_benchmarks_and_datasets_tables_mark_dead_entries(
    catalog: Catalog, facts: Facts, tmp_path: Path
) -> None:
    dead = {**facts.links, "https://arxiv.org/abs/2305.14314": facts.links[DEAD]}
    pages = render(catalog, Facts(dead, facts.repos, facts.papers, facts.archive), tmp_path)
    papers = pages["papers/index.md"].splitlines()
    marked = [line for line in papers if "atlas-health-mark" in line]
    assert [line.split("](")[0] for line in marked] == [
        '| <span class="atlas-health-mark atlas-dead" title="原文链接失效">失效</span> [QLoRA'
    ]
    assert any(line.startswith("| [LoRA: Low-Rank Adaptation](") for line in papers)


def test_health_page(pages: dict[str, str]) -> None:
    page = pages[HEALTH_PAGE]
    assert "6 个链接 · 数据更新于 2026-12-01" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>")[0].replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    assert "| 正常 | 4 |\n| 已重定向 | 1 |\n| 被拦截 | 0 |\n| 超时 | 0 |\n| 失效 | 1 |" in page
    oldest = page.split("## 最久未检查的链接")[1].split("##")[0]
    assert oldest.index("2305.14314") < oldest.index("2106.09685")  # checked 2026-10-01 first
    assert f"[Wayback Machine ↗]({SNAPSHOT})" in page
    assert "- [a/old](https://github.com/a/old)" in page
    assert "| [QLoRA](../entries/qlora.md) | year | 2022 | 2023 |" in page


def test_exports_carry_the_facts(pages: dict[str, str]) -> None:
    entries = {e["id"]: e for e in json.loads(pages["catalog.json"])["entries"]}
    assert entries["dead-article"]["link"] == {
        "status": "broken",
        "http_status": 404,
        "final_url": None,
        "checked": "2026-12-01",
        "last_good": "2026-11-10",
        "failures": 2,
        "archived_copy": SNAPSHOT,
    }
    assert entries["archived-tool"]["repo"]["archived"] is True
    assert entries["qlora"]["paper_check"]["state"] == "mismatch"
    assert [m["field"] for m in entries["qlora"]["paper_check"]["mismatches"]] == ["title", "year"]
    rows = list(csv.DictReader(io.StringIO(pages["catalog.csv"])))
    assert list(rows[0]) == [*CSV_FIELDS, *CSV_FACT_FIELDS]
    by_id = {r["id"]: r for r in rows}
    assert {k: by_id["dead-article"][k] for k in CSV_FACT_FIELDS} == {
        "link_status": "broken",
        "link_checked": "2026-12-01",
        "archived_copy": SNAPSHOT,
        "stars": "",
        "last_push": "",
        "repo_archived": "",
        "paper_check": "",
    }
    assert (by_id["healthy-tool"]["stars"], by_id["healthy-tool"]["last_push"]) == (
        "12345",
        "2026-11-19",
    )
    assert by_id["qlora"]["paper_check"] == "mismatch"


def test_explore_offers_health_filter_and_sorts_only_with_facts(
    pages: dict[str, str], catalog: Catalog, tmp_path: Path
) -> None:
    page = pages["explore/index.md"]
    assert (
        '<label>健康 <select name="health"><option value="">全部</option></select></label>' in page
    )
    assert '<option value="stars">' in page and '<option value="activity">' in page
    without = render(catalog, None, tmp_path)["explore/index.md"]
    assert 'name="health"' not in without and 'value="stars"' not in without
