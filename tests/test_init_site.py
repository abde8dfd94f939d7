"""The site of a project made by `llm-atlas init`: it loads llm-atlas' own stylesheets and scripts
(its mkdocs.yml lists none: render/config_assets.py adds them), so its search ranks as the
shipped site's."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

import html5lib
import pytest
import yaml
from site_helpers import REPO, BuiltSite, serve_dir
from test_browser import Visit, search

from llm_atlas.build.pipeline import build_site
from llm_atlas.init import init_project
from llm_atlas.render.config_assets import OWN_ASSETS

OWN = [*OWN_ASSETS["extra_css"], *OWN_ASSETS["extra_javascript"]]


def make_project(root: Path) -> Path:
    init_project(root, source=None, site_name=None, today=dt.date(2026, 1, 2), lang="zh")
    return root


def build(catalog_dir: Path, project: Path) -> Path:
    site_dir = project / "site"
    build_site(catalog_dir, project, site_dir, strict=True, render_dir=project / "render")
    return site_dir


@pytest.fixture(scope="module")
def init_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An init project, as made, built."""
    project = make_project(tmp_path_factory.mktemp("init") / "atlas")
    return build(project / "catalog", project)


def assets_of(page: Path, site_dir: Path) -> list[str]:
    """Return the site paths of the scripts and stylesheets PAGE loads, in order."""
    tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    found = [e.get("src") for e in tree.iter("script") if e.get("src")]
    found += [e.get("href") for e in tree.iter("link") if e.get("rel") == "stylesheet"]
    folder = page.parent.relative_to(site_dir).as_posix()
    return [posixpath.normpath(posixpath.join(folder, str(url))) for url in found]


@pytest.mark.parametrize("page", ["index.html", "explore/index.html", "entries/lora/index.html"])
def test_an_init_projects_pages_load_llm_atlas_assets_once(init_site: Path, page: str) -> None:
    loaded = assets_of(init_site / page, init_site)
    assert [loaded.count(path) for path in OWN] == [1] * len(OWN), loaded
    scripts = [p for p in loaded if p.endswith(".js")]
    # Material's bundle, then normalise.js, then search-rank.js, which reads it.
    order = [next(i for i, p in enumerate(scripts) if "bundle." in p)]
    order += [scripts.index(p) for p in OWN_ASSETS["extra_javascript"]]
    assert order == sorted(order), scripts
    assert all((init_site / path).is_file() for path in OWN)


def test_the_shipped_configs_pages_load_them_once_in_order(site_basic: BuiltSite) -> None:
    # The repository's mkdocs.yml leaves them to the derived config, as an init project's does:
    # each once, after Material's bundle and stylesheets, in OWN_ASSETS' order.
    loaded = assets_of(site_basic.site_dir / "index.html", site_basic.site_dir)
    bundle = next(p for p in loaded if p.startswith("assets/javascripts/bundle."))
    theme_css = [
        p
        for p in loaded
        if p.startswith(("assets/stylesheets/main.", "assets/stylesheets/palette."))
    ]
    assert loaded == [
        "assets/javascripts/search-lazy.js",
        bundle,
        *OWN_ASSETS["extra_javascript"],
        *theme_css,
        *OWN_ASSETS["extra_css"],
    ]
    assert len(theme_css) == 2


@pytest.fixture(scope="module")
def init_shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An init project's settings (its mkdocs.yml, no docs of its own) with the shipped catalog."""
    project = make_project(tmp_path_factory.mktemp("init-shipped") / "atlas")
    return build(REPO / "catalog", project)


def top_hit(browser: object, site_dir: Path, query: str, *, ranked: bool = True) -> str:
    """Type QUERY into SITE_DIR's search box; return the first result's site path (RANKED:
    search-rank.js loads; else its request fails)."""
    with serve_dir(site_dir) as base:
        visit = Visit(browser, base)
        try:
            if not ranked:
                visit.page.route("**/search-rank.js", lambda route: route.abort())
            visit.go("")
            found = search(visit, query)
            if ranked:
                visit.check_clean()
        finally:
            visit.context.close()
    return found[0].removeprefix(base)


@pytest.mark.browser
def test_an_init_projects_search_ranks_as_the_shipped_sites(
    chromium: object, init_shipped: Path, site_shipped: BuiltSite
) -> None:
    # Lunr alone puts ZeroQuant first for "ZeRO" (a rare longer word); search-rank.js the page
    # the query names.
    query = "ZeRO"
    assert top_hit(chromium, init_shipped, query, ranked=False) != "entries/zero/"
    assert top_hit(chromium, site_shipped.site_dir, query) == "entries/zero/"
    assert top_hit(chromium, init_shipped, query) == "entries/zero/"


@pytest.mark.browser
def test_an_init_projects_empty_search_offers_the_nearest_names(
    chromium: object, init_shipped: Path
) -> None:
    with serve_dir(init_shipped) as base:
        visit = Visit(chromium, base)
        try:
            page = visit.go("")
            page.click("input.md-search__input")
            page.wait_for_function(
                "document.querySelector('.md-search-result__meta').textContent.includes('键入')"
            )
            page.keyboard.type("蒸溜")
            page.keyboard.press("End")
            page.wait_for_selector("#atlas-search-suggest a")
            offered = page.eval_on_selector_all(
                "#atlas-search-suggest a", "els => els.map(e => [e.textContent, e.href])"
            )
            visit.check_clean()
        finally:
            visit.context.close()
    # A typo no page holds: search-suggest.js offers the topic it is nearest, first.
    assert offered[0] == ["LLM知识蒸馏 · Knowledge Distillation", base + "topics/distillation/"]


@pytest.mark.browser
@pytest.mark.parametrize(("preferred", "scheme"), [("dark", "slate"), ("light", "default")])
def test_an_init_project_follows_the_readers_light_or_dark(
    chromium: object, init_site: Path, preferred: str, scheme: str
) -> None:
    with serve_dir(init_site) as base:
        visit = Visit(chromium, base)
        try:
            visit.page.emulate_media(color_scheme=preferred)  # type: ignore[attr-defined]
            page = visit.go("")
            toggles = page.eval_on_selector_all(  # type: ignore[attr-defined]
                "form[data-md-component=palette] label", "els => els.map(e => e.title)"
            )
            assert toggles == ["切换到深色模式", "切换到浅色模式"]  # a zh project's words
            got = page.get_attribute("body", "data-md-color-scheme")  # type: ignore[attr-defined]
            assert got == scheme
            visit.check_clean()
        finally:
            visit.context.close()


def test_the_init_palettes_differ_only_in_the_toggles_words() -> None:
    # mkdocs.zh.yml is the scaffold's mkdocs.yml for a zh project: the same but for its words.
    scaffold = REPO / "src" / "llm_atlas" / "scaffold"
    en = (scaffold / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    zh = (scaffold / "mkdocs.zh.yml").read_text(encoding="utf-8").splitlines()
    assert [(a, b) for a, b in zip(en, zh, strict=True) if a != b] == [
        ("        name: Switch to dark mode", "        name: 切换到深色模式"),
        ("        name: Switch to light mode", "        name: 切换到浅色模式"),
    ]
    # The palette block is the shipped mkdocs.yml's (its toggles' words aside).
    shipped = palette((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for text in (en, zh):
        assert [p | {"toggle": None} for p in palette("\n".join(text))] == [
            p | {"toggle": None} for p in shipped
        ]
        assert [p["toggle"]["icon"] for p in palette("\n".join(text))] == [
            p["toggle"]["icon"] for p in shipped
        ]


def palette(config: str) -> list[dict[str, object]]:
    """Return theme.palette of the mkdocs.yml text CONFIG (read alone: the file has tags)."""
    block = config[config.index("\n  palette:\n") : config.index("\n  features:\n")]
    found: list[dict[str, object]] = yaml.safe_load(block)["palette"]
    return found
