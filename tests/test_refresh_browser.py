"""What a reader sees of the data folder, in Chromium: a site built with `data/` beside mkdocs.yml.

A dead, a redirected, an archived and a healthy entry; list marks; the health page's chart; the
explore page's health filter and star sort. Every page loads nothing from another origin.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from site_helpers import REPO, serve_dir
from test_browser import Visit, browser  # noqa: F401 - the module's browser fixture
from test_refresh_site import DEAD, ENTRIES, SNAPSHOT, TOPICS, write_data

from llm_atlas.build.pipeline import build_site
from llm_atlas.render.health import STATUS_LABELS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    catalog = project / "catalog"
    catalog.mkdir()
    (catalog / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (catalog / "peft.yaml").write_text(ENTRIES, encoding="utf-8")
    write_data(project / "data")
    build_site(catalog, project, project / "site", strict=True, render_dir=project / "render")
    return project / "site"


@pytest.fixture()
def visit(browser: object, site: Path) -> Iterator[Visit]:  # noqa: F811
    with serve_dir(site) as base:
        v = Visit(browser, base)
        yield v
        v.context.close()


def text_of(page: object, selector: str) -> str:
    return str(page.inner_text(selector))  # type: ignore[attr-defined]


def test_dead_entry_offers_its_archived_copy(visit: Visit) -> None:
    page = visit.go("entries/dead-article/")
    note = text_of(page, ".atlas-health-note.atlas-dead")
    assert note.startswith("链接失效：原文链接在最近 2 次检查中无法打开（2026-12-01 检查")
    assert page.get_attribute(".atlas-health-note a.atlas-archive", "href") == SNAPSHOT  # type: ignore[attr-defined]
    assert text_of(page, ".atlas-health-status") == "失效"
    visit.check_clean()


def test_redirected_entry_names_its_new_address(visit: Visit) -> None:
    page = visit.go("entries/moved-article/")
    assert text_of(page, ".atlas-health-status") == "已重定向"
    assert page.query_selector(".atlas-health-note") is None  # type: ignore[attr-defined]
    visit.check_clean()


def test_archived_and_healthy_repositories(visit: Visit) -> None:
    page = visit.go("entries/archived-tool/")
    assert "仓库已归档" in text_of(page, ".atlas-health-note.atlas-archived")
    page = visit.go("entries/healthy-tool/")
    assert text_of(page, ".atlas-stars") == "★ 12,345"
    assert page.query_selector(".atlas-health-note") is None  # type: ignore[attr-defined]
    visit.check_clean()


def test_lists_and_health_page(visit: Visit) -> None:
    page = visit.go("topics/peft/")
    marks = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".atlas-health-mark", "els => els.map(e => e.textContent)"
    )
    assert marks == ["失效", "已归档"]  # the dead article, then the archived tool
    page = visit.go("health/")
    assert page.query_selector(".atlas-health-chart svg rect") is not None  # type: ignore[attr-defined]
    assert (
        page.eval_on_selector_all(  # type: ignore[attr-defined]
            ".atlas-health-chart svg rect", "els => els.length"
        )
        == len(STATUS_LABELS)  # a bar per link status, and one for URLs never checked
    )
    assert DEAD in text_of(page, "article")
    assert "健康状况" in text_of(page, "nav.md-nav--primary")  # in the navigation (strict build)
    visit.check_clean()


def test_explore_filters_by_health_and_sorts_by_stars(visit: Visit) -> None:
    page = visit.go("explore/")
    page.wait_for_selector("#atlas-explore[data-ready]")  # type: ignore[attr-defined]
    page.select_option("select[name=health]", "dead")  # type: ignore[attr-defined]
    ids = "els => els.map(e => e.getAttribute('data-id'))"
    found = page.eval_on_selector_all(".atlas-explore__item", ids)  # type: ignore[attr-defined]
    assert found == ["dead-article"]
    page.select_option("select[name=health]", "")  # type: ignore[attr-defined]
    page.select_option("select[name=sort]", "stars")  # type: ignore[attr-defined]
    found = page.eval_on_selector_all(".atlas-explore__item", ids)  # type: ignore[attr-defined]
    assert found[:2] == ["healthy-tool", "archived-tool"]
    visit.check_clean()
