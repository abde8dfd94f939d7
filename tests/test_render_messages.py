"""Tests of the pages' language: one message catalog per language (English and Chinese, the
same keys), chosen by theme.language; the home introduction from the project; an English
project built from `init --lang en` shows no Chinese where it is converted."""

from __future__ import annotations

import json
import re
import shutil
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from site_helpers import serve_dir
from test_browser import Visit
from test_refresh_site import write_data

from llm_atlas.models import KIND_TITLES, KINDS
from llm_atlas.problems import AtlasError
from llm_atlas.render.messages import (
    LANGUAGES,
    Messages,
    home_intro,
    load_messages,
    site_language,
)

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_both_catalogs_have_every_key_and_english_has_no_chinese() -> None:
    en, zh = load_messages("en"), load_messages("zh")
    assert LANGUAGES == ("en", "zh")
    # The same keys, but English's `.one` forms (a count of 1), each beside its message.
    assert sorted(k for k in en if not k.endswith(".one")) == sorted(zh)
    assert [k for k in en if k.endswith(".one") and k.removesuffix(".one") not in en] == []
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
        "{count} entries found",
        "title_en",
        "planned",
        "; {count} found",
    )
    assert [k for k, v in words.items() if CJK.search(v)] == []
    # One copy of the words per page: none in the script's element (#atlas-explore, #atlas-map).
    own = re.search(rf'<{element} [^>]*id="atlas-{path}"[^>]*>', page)
    assert own is not None and "data-words" not in own.group(0)
    assert page.count("{count} entries found") == 1


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


# The messages that take a count (the `count` value): those that fill one in, and those with a
# form of their own for a count of 1; from the catalog.
ENGLISH = load_messages("en")
COUNTED = sorted(
    k
    for k, v in ENGLISH.items()
    if not k.endswith(".one") and ("{count}" in v or f"{k}.one" in ENGLISH)
)
# "1" then up to three words (no punctuation between): a word there ending in s is a plural
# ("1 entries", "1 more related entries"), but for these verbs and pronouns.
AFTER_ONE = re.compile(r"(?<![\w.,])1\**((?:\s+\w+){1,3})")
NOT_PLURAL = {"is", "was", "has", "this", "its", "agrees"}


def plurals_after_one(text: str) -> list[str]:
    """Return the plural words that follow a count of 1 in TEXT."""
    return [
        w
        for found in AFTER_ONE.finditer(text)
        for w in found.group(1).split()
        if w.endswith("s") and w not in NOT_PLURAL
    ]


def filled(key: str, count: object) -> dict[str, object]:
    """Return values for every name the message KEY fills in: COUNT, and words for the others."""
    texts = [load_messages(language)[key] for language in LANGUAGES]
    names = {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}
    return {name: name.upper() for name in names} | {"count": count}


def test_the_counted_messages_are_the_catalogs() -> None:
    # The table below is the catalog's: the messages the reader met as "1 entries" are in it.
    assert {"home.counts", "home.counts_topics", "map.entries", "map.status", "js.found"} <= set(
        COUNTED
    )
    assert {"js.drop", "js.clear_all", "js.map_entries", "js.map_status", "count.entries"} <= set(
        COUNTED
    )
    assert plurals_after_one("**1** entries in **1** topics") == ["entries", "topics"]
    assert plurals_after_one("1 more related entries; 1 entry: the words") == ["entries"]
    assert plurals_after_one("The 1 checked link is not broken, 21 lines") == []


@pytest.mark.parametrize("key", COUNTED)
def test_an_english_count_of_one_is_singular(key: str) -> None:
    words = Messages("en")
    one, two = words.text(key, **filled(key, 1)), words.text(key, **filled(key, 2))
    assert plurals_after_one(one) == []
    assert str(one) == words.raw(key, **filled(key, 1))  # raw picks the same form
    assert words.text(key, **filled(key, "1")) == one  # a count formatted as text ("1,234")
    if "{count}" in ENGLISH[key]:
        assert "2" in two
    if f"{key}.one" in ENGLISH:
        assert one != two.replace("2", "1")  # the plural is not the singular form
    else:
        assert one == two.replace("2", "1")


def test_chinese_has_one_form_for_every_count() -> None:
    words = Messages("zh")
    for key in COUNTED:
        one, two = words.text(key, **filled(key, 1)), words.text(key, **filled(key, 2))
        assert one == two.replace("2", "1")


JS_COUNTED = [k.removeprefix("js.") for k in COUNTED if k.startswith("js.")]


def test_the_scripts_pick_the_same_forms() -> None:
    # atlasWords.say in Node (tests/words_harness.js) over the words an English page hands its
    # scripts, each message that takes a count with 1, "1" and 2: Python's forms exactly.
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    words = Messages("en").script_words()
    calls = [[k, filled(f"js.{k}", c)] for k in JS_COUNTED for c in (1, "1", 2)]
    done = subprocess.run(
        [node, str(Path(__file__).with_name("words_harness.js"))],
        input=json.dumps({"words": words, "calls": calls}),
        capture_output=True,
        text=True,
        check=True,
    )
    said = json.loads(done.stdout)
    python = [Messages("en").raw(f"js.{k}", **v) for k, v in calls]
    assert said == python
    assert [s for s in said if plurals_after_one(s)] == []
    assert said[calls.index(["found", filled("js.found", 1)])] == "1 entry found"


@pytest.mark.browser
def test_an_english_page_of_one_entry_says_entry(chromium: object, english_site: Path) -> None:
    # The init project's one entry, as the scripts write it: explore's count and badge (one
    # entry's kind, as its page's: one.<kind>), the map's status line after a filter.
    data = json.loads((english_site / "catalog.json").read_text(encoding="utf-8"))
    (only,) = data["entries"]
    words = Messages("en")
    with serve_dir(english_site) as base:
        visit = Visit(chromium, base)
        try:
            page = visit.go("explore/")
            page.wait_for_selector("#atlas-explore[data-ready]")
            assert page.text_content("#atlas-explore-count") == "1 entry found"
            badge = page.text_content(".atlas-explore__item .atlas-kind")
            assert badge == words.raw(f"one.{only['kind']}") != words.kind_title(only["kind"])
            page = visit.go("map/")
            page.wait_for_selector(".atlas-map__svg")
            status = ".atlas-map__status"
            assert page.text_content(status).startswith("1 entry, ")  # as built
            box = page.locator(f"input[name=kind][value={only['kind']}]")
            box.uncheck()
            assert page.text_content(status).startswith("0 entries, 0 lines")
            box.check()
            assert page.text_content(status).startswith("1 entry, ")
            assert plurals_after_one(page.text_content(status) or "") == []
            visit.check_clean()
        finally:
            visit.context.close()
