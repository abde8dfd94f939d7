"""No network is told as it is and destroys nothing (issue #19, point 5).

`refresh`, `check-links` and `fix-links` exit 2 with every data file and catalog file as it was;
a URL that was not judged keeps its last verdict and day; the Markdown report carries no tick;
the health page says "not checked" where nothing was checked. "No network" is what
`check-links` calls it: every host (two or more) failed DNS or refused the connection, and for an
API step, no request reached its server.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from links_fixture import free_port_closed, write_catalog

from llm_atlas.cli import main
from llm_atlas.facts import load_facts
from llm_atlas.refresh.links import merge_results
from llm_atlas.refresh.step import Context, StepReport
from llm_atlas.refresh.store import dump_items
from llm_atlas.render.docs import render_docs
from llm_atlas.render.plan import HEALTH_PAGE
from llm_atlas.validate import load_catalog

CFG = "retries: 0\nallow_private: true\n"
BROKEN = {
    "status": "broken",
    "http_status": 404,
    "final_url": None,
    "message": "HTTP 404",
    "checked": "2026-11-01",
    "last_good": "2026-10-01",
    "failures": 3,
}


def offline_catalog(tmp_path: Path) -> tuple[Path, list[str]]:
    urls = [free_port_closed("127.0.0.8") + "/a", free_port_closed("127.0.0.9") + "/b"]
    return write_catalog(tmp_path / "cat", urls), urls


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


def data_with_broken_link(tmp_path: Path, url: str) -> tuple[Path, str]:
    """Return a data/ folder whose links.json holds URL as broken, and that file's text."""
    data = tmp_path / "data"
    data.mkdir()
    before = dump_items("links", {url: BROKEN})
    (data / "links.json").write_text(before, encoding="utf-8")
    return data, before


def test_offline_refresh_exits_2_and_keeps_a_known_broken_link(tmp_path: Path) -> None:
    cat, urls = offline_catalog(tmp_path)
    data, before = data_with_broken_link(tmp_path, urls[0])
    code, out = invoke(
        "refresh", "--catalog", str(cat), "--data", str(data), "--only", "links",
        "--allow-private", "--timeout", "2", "--summary", str(tmp_path / "pr.md"),
    )  # fmt: skip
    assert code == 2, out
    assert "network unreachable for links: nothing judged there" in out
    assert (data / "links.json").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in data.iterdir()) == ["links.json"]  # no empty files made
    summary = (tmp_path / "pr.md").read_text(encoding="utf-8")
    assert summary.startswith("`llm-atlas refresh` changed nothing in ")
    assert "### Not judged this time" in summary and "✅" not in summary
    assert "- `links: stopped: network unreachable, nothing judged;" in summary


def test_a_links_report_made_offline_is_no_network_too(tmp_path: Path) -> None:
    cat, urls = offline_catalog(tmp_path)
    (tmp_path / "cfg.yaml").write_text(CFG, encoding="utf-8")
    report = tmp_path / "shard.json"
    invoke(
        "check-links", "--catalog", str(cat), "--config", str(tmp_path / "cfg.yaml"),
        "--no-cache", "--report", f"json:{report}",
    )  # fmt: skip
    data, before = data_with_broken_link(tmp_path, urls[0])
    code, out = invoke(
        "refresh", "--catalog", str(cat), "--data", str(data), "--only", "links",
        "--links-report", str(report),
    )  # fmt: skip
    assert code == 2 and "network unreachable for links" in out
    assert (data / "links.json").read_text(encoding="utf-8") == before


def test_offline_api_steps_exit_2_and_rewrite_nothing(tmp_path: Path) -> None:
    cat = tmp_path / "cat"
    cat.mkdir()
    (cat / "topics.yaml").write_text("- id: t\n  title: T\n  title_en: T\n", encoding="utf-8")
    (cat / "e.yaml").write_text(
        "- id: p\n  kind: paper\n  title: P\n  url: https://github.com/a/b\n  topics: [t]\n"
        "  arxiv: '2106.09685'\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    data.mkdir()
    repo = {"state": "ok", "checked": "2026-11-01", "stars": 7}
    before = dump_items("repos", {"a/b": repo})
    (data / "repos.json").write_text(before, encoding="utf-8")
    env = {
        "LLM_ATLAS_GITHUB_API": free_port_closed("127.0.0.8"),
        "LLM_ATLAS_ARXIV_API": free_port_closed("127.0.0.9"),
        "GITHUB_TOKEN": "",
    }
    args = ("refresh", "--catalog", str(cat), "--data", str(data), "--only", "repos,papers")
    code, out = invoke(*args, env=env)
    assert code == 2, out
    assert "network unreachable for repos, papers" in out
    assert (data / "repos.json").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in data.iterdir()) == ["repos.json"]


NOW = "2026-12-06"


@pytest.mark.parametrize(
    ("old", "status", "kept"),
    [
        (BROKEN, "skipped", True),  # not judged: the broken verdict and its day stay
        ({**BROKEN, "status": "ok", "failures": 0}, "skipped", True),
        (None, "skipped", False),  # never judged before: recorded as skipped
        (BROKEN, "ok", False),  # judged: the new verdict, dated today
        (BROKEN, "blocked", False),
    ],
)
def test_a_url_not_judged_keeps_its_last_verdict(
    tmp_path: Path, old: dict[str, Any] | None, status: str, kept: bool
) -> None:
    cat, urls = offline_catalog(tmp_path)
    catalog = load_catalog(cat)
    items = {urls[0]: dict(old)} if old else {}
    report = StepReport("links")
    out = merge_results(
        catalog, [{"url": urls[0], "status": status}], items, Context(today=NOW), report
    )
    assert report.not_judged == (status == "skipped")
    assert ("1 not judged" in report.summary()) == (status == "skipped")
    if kept:
        assert out[urls[0]] == old
    else:
        assert (out[urls[0]]["status"], out[urls[0]]["checked"]) == (status, NOW)


def test_fix_links_offline_exits_2_and_changes_nothing(tmp_path: Path) -> None:
    cat, _ = offline_catalog(tmp_path)
    before = (cat / "links.yaml").read_bytes()
    (tmp_path / "cfg.yaml").write_text(CFG, encoding="utf-8")
    code, out = invoke(
        "fix-links", "--catalog", str(cat), "--config", str(tmp_path / "cfg.yaml"), "--no-cache"
    )
    assert code == 2, out
    assert "no URL was checked, so nothing is fixed" in out
    assert (cat / "links.yaml").read_bytes() == before


def test_the_offline_markdown_report_has_no_tick(tmp_path: Path) -> None:
    cat, _ = offline_catalog(tmp_path)
    (tmp_path / "cfg.yaml").write_text(CFG, encoding="utf-8")
    code, out = invoke(
        "check-links", "--catalog", str(cat), "--config", str(tmp_path / "cfg.yaml"),
        "--no-cache", "--format", "markdown",
    )  # fmt: skip
    assert code == 2
    assert out.startswith("### ⚠️ Link check\n") and "✅" not in out
    assert "2 URL(s) not judged" in out


LINK_OK = {"status": "ok", "checked": "2026-12-01", "last_good": "2026-12-01"}
PAPER_OK = {"state": "ok", "checked": "2026-12-01", "title": "P", "published": "2021-06-17"}
ENTRIES = """\
- id: p1
  kind: paper
  title: P
  url: https://example.org/1
  topics: [t]
  arxiv: '2106.09685'
- id: p2
  kind: paper
  title: Q
  url: https://github.com/a/b
  topics: [t]
  arxiv: '2106.09686'
"""


def catalog_with_data(root: Path) -> Path:
    """Write ENTRIES' catalog (one topic) under ROOT and an empty ROOT/data; return the catalog."""
    cat = root / "cat"
    cat.mkdir()
    (cat / "topics.yaml").write_text("- id: t\n  title: T\n  title_en: T\n", encoding="utf-8")
    (cat / "e.yaml").write_text(ENTRIES, encoding="utf-8")
    (root / "data").mkdir()
    return cat


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (
            {"links": {"https://example.org/1": {**LINK_OK, "status": "skipped"}}},
            ["未检查：还没有任何链接的检查结果。", "未检查：还没有任何仓库的 GitHub 信息。",
             "未检查：还没有任何论文向 arXiv 核对过。"],
        ),
        (
            {"links": {"https://example.org/1": LINK_OK}, "papers": {"2106.09685": PAPER_OK}},
            ["已检查的 1 个链接中没有失效的；另有 1 个未检查。",
             "未检查：还没有任何仓库的 GitHub 信息。",
             "已核对的 1 篇论文都与 arXiv 一致；另有 1 篇未能核对。"],
        ),
        (
            {
                "links": {u: LINK_OK for u in ("https://example.org/1", "https://github.com/a/b")},
                "papers": {"2106.09685": PAPER_OK, "2106.09686": {**PAPER_OK, "title": "Q"}},
                "repos": {"a/b": {"state": "ok", "checked": "2026-12-01", "archived": False}},
            },
            ["已检查的 2 个链接中没有失效的。", "已查询的 1 个仓库中没有已归档的。",
             "已核对的 2 篇论文都与 arXiv 一致。"],
        ),
    ],
)  # fmt: skip
def test_the_health_page_says_not_checked_where_nothing_was(
    tmp_path: Path, data: dict[str, dict[str, Any]], said: list[str]
) -> None:
    cat = catalog_with_data(tmp_path)
    for kind, items in data.items():
        (tmp_path / "data" / f"{kind}.json").write_text(dump_items(kind, items), encoding="utf-8")
    render_docs(
        load_catalog(cat), tmp_path, tmp_path / "out", "A", facts=load_facts(tmp_path / "data")
    )
    page = (tmp_path / "out" / HEALTH_PAGE).read_text(encoding="utf-8")
    empty = [
        line.split(">", 1)[1].split("<")[0] for line in page.splitlines() if "atlas-empty" in line
    ]
    assert empty == said


@pytest.mark.parametrize(
    ("status", "said"),
    [("skipped", "未检查</span></td>"), ("ok", "正常</span> · 2026-12-01 检查</td>")],
)
def test_an_entry_page_dates_only_a_link_that_was_checked(
    tmp_path: Path, status: str, said: str
) -> None:
    cat = catalog_with_data(tmp_path)
    links = {"https://example.org/1": {**LINK_OK, "status": status}}
    (tmp_path / "data" / "links.json").write_text(dump_items("links", links), encoding="utf-8")
    facts = load_facts(tmp_path / "data")
    stats = render_docs(load_catalog(cat), tmp_path, tmp_path / "out", "A", facts=facts)
    assert said in stats.entries["p1"].body
