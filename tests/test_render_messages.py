"""Tests of the pages' language: one message catalog per language (English and Chinese, the
same keys), chosen by theme.language; the home introduction from the project; an English
project built from `init --lang en` shows no Chinese where it is converted."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_refresh_site import write_data

from llm_atlas.models import KIND_TITLES, KINDS
from llm_atlas.problems import AtlasError
from llm_atlas.render.messages import LANGUAGES, home_intro, load_messages, site_language

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_both_catalogs_have_every_key_and_english_has_no_chinese() -> None:
    en, zh = load_messages("en"), load_messages("zh")
    assert LANGUAGES == ("en", "zh")
    assert sorted(en) == sorted(zh)
    assert all(en.values()) and all(zh.values())
    assert [k for k, v in en.items() if CJK.search(v)] == []
    assert [zh[f"kind.{k}"] for k in KINDS] == [KIND_TITLES[k][0] for k in KINDS]


@pytest.mark.parametrize(
    ("theme", "language"),
    [({"language": "zh"}, "zh"), ({"language": "zh-TW"}, "zh"), ({"language": "zh_CN"}, "zh"),
     ({"language": "en"}, "en"), ({"language": "fr"}, "en"), ({}, "en"), (None, "en")],
)  # fmt: skip
def test_the_language_comes_from_the_theme(theme: object, language: str) -> None:
    assert site_language({"theme": theme} if theme is not None else {}) == language


def test_the_introduction_is_the_projects(tmp_path: Path) -> None:
    assert home_intro({"site_description": "A *catalog*"}, tmp_path) == "A &#42;catalog&#42;"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "intro.md").write_text("**Mine**, with a [link](about.md).\n")
    config = {"site_description": "unused", "extra": {"home_intro": "intro.md"}}
    assert home_intro(config, tmp_path) == "**Mine**, with a [link](about.md)."
    with pytest.raises(AtlasError, match=r"extra.home_intro: 'nope.md' is not a page in "):
        home_intro({"extra": {"home_intro": "nope.md"}}, tmp_path)
    with pytest.raises(AtlasError, match=r"extra.home_intro: '../x.md' is not a page in "):
        (tmp_path / "x.md").write_text("outside\n")
        home_intro({"extra": {"home_intro": "../x.md"}}, tmp_path)


class _Text(HTMLParser):
    """The words a reader meets: text (scripts and styles aside) and the attributes read out
    or shown (title, alt, aria-label, placeholder)."""

    def __init__(self) -> None:
        super().__init__()
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")
        shown = ("title", "alt", "aria-label", "placeholder")
        self.parts += [value for name, value in attrs if name in shown and value]

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def chinese_in(page: Path) -> list[str]:
    reader = _Text()
    reader.feed(page.read_text(encoding="utf-8"))
    return [word for word in " ".join(reader.parts).split() if CJK.search(word)]


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("english")
    for args in (["init", "en-atlas", "--lang", "en"], ["build", "en-atlas"]):
        if args[0] == "build":  # with a data folder, so that the health page and marks show
            write_data(work / "en-atlas" / "data")
        done = subprocess.run(
            [sys.executable, "-m", "llm_atlas", *args],
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    return work / "en-atlas" / "site"


def test_an_english_project_shows_no_chinese(english_site: Path) -> None:
    # Every page, every word: the catalog of `init --lang en` is English too, so any Chinese
    # would be a word of llm-atlas' own.
    pages = sorted(english_site.rglob("*.html"))
    assert (
        len(pages) == 11
    )  # home, 404, about, explore, map, tags, papers, health, 2 topics, 1 entry
    assert {p.relative_to(english_site).as_posix(): chinese_in(p) for p in pages} == {
        p.relative_to(english_site).as_posix(): [] for p in pages
    }
    assert all('<html lang="en"' in p.read_text(encoding="utf-8") for p in pages)


def test_an_english_project_has_an_english_home_nav_and_feeds(english_site: Path) -> None:
    home = (english_site / "index.html").read_text(encoding="utf-8")
    for words in ("Overview", "Explore all entries", "Data exports", "\n    Indexes\n"):
        assert words in home
    assert "A curated catalog of tutorials, papers, tools and code, by topic." in home
    feed = (english_site / "feed.xml").read_text(encoding="utf-8")
    assert "<language>en</language>" in feed and ": new entries</description>" in feed
    assert json.loads((english_site / "feed.json").read_text(encoding="utf-8"))["language"] == "en"


def page_words(page: str) -> dict[str, str]:
    """Return the words a built PAGE hands its scripts (the theme's block, main.html)."""
    found = re.search(r'<script type="application/json" id="atlas-page-words">(.*?)</script>', page)
    assert found is not None
    words: dict[str, str] = json.loads(found.group(1))
    return words


@pytest.mark.parametrize(("path", "element"), [("explore", "form"), ("map", "div")])
def test_the_scripts_get_their_words_from_the_page(
    english_site: Path, path: str, element: str
) -> None:
    page = (english_site / path / "index.html").read_text(encoding="utf-8")
    words = page_words(page)
    assert (words["found"], words["kind_field"], words["planned"], words["map_found"]) == (
        "{n} entries found",
        "title_en",
        "planned",
        "; {n} found",
    )
    assert [k for k, v in words.items() if CJK.search(v)] == []
    # One copy of the words per page: none in the script's element (#atlas-explore, #atlas-map).
    own = re.search(rf'<{element} [^>]*id="atlas-{path}"[^>]*>', page)
    assert own is not None and "data-words" not in own.group(0)
    assert page.count("{n} entries found") == 1


def test_the_scripts_have_no_words_of_their_own(english_site: Path) -> None:
    entry = (english_site / "entries" / "lora" / "index.html").read_text(encoding="utf-8")
    assert 'data-atlas-copied="Copied" data-atlas-copy-failed="Copy failed; select' in entry
    assert '<h2 id="cite">Cite<a class="headerlink" href="#cite"' in entry  # ids follow headings
    for name in [
        "explore",
        "explore-view",
        "cite",
        "map",
        "map-input",
        "map-find",
        "tags",
        "search-lazy",
        "search-suggest",
    ]:
        text = (english_site / "assets" / "javascripts" / f"{name}.js").read_text(encoding="utf-8")
        assert not CJK.search(text), name


def test_every_page_hands_the_scripts_their_words(english_site: Path) -> None:
    # search-rank.js runs on every page: the theme gives it the words (main.html).
    page = (english_site / "about" / "index.html").read_text(encoding="utf-8")
    assert page_words(page)["search_try"] == "Try: "
