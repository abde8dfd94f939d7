"""Hostile-corpus property tests (#19): a catalog and a data/ folder whose every string is drawn
from tests/hostile_corpus.HOSTILE are built, and every output is read back with a real parser.

- HTML (html5lib): no element, attribute, URL scheme or inline script that the pages of the same
  section of a benign build of the same structure do not have; the same for the entry pages
  `render` writes for other engines, read by Python-Markdown;
- the search index: no markup in titles and tags, only Material's text structure in texts, and
  the tags read back as written;
- papers.bib (pybtex, strict): one record per paper, titles and authors exactly as written;
- catalog.csv: no formula cell, titles as written; feed.xml (feedparser, ElementTree),
  feed.json and catalog.json parse and hold the titles as written;
- the link-check PR comment and the refresh PR body (markdown-it): outside text only in code;
  the plain report for a terminal or a CI log: one line per field, nothing unprintable.

Each example builds a site (about 1-2 s): a few examples, no shrinking (a failure prints its
example; shrinking it would rebuild hundreds of times).
"""

from __future__ import annotations

import json
import re
import tempfile
from itertools import cycle
from pathlib import Path

import html5lib
import markdown
import pytest
from hostile_corpus import (
    DATA_URL_PIECES,
    HOSTILE,
    HOSTILE_REPOS,
    STATUSES,
    URL_PIECES,
    BenignSource,
    Written,
    write_project,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from sink_checks import (
    EXTENSIONS,
    FORMULA_START,
    allow_list,
    bib_records,
    csv_rows,
    entry_markdown_profile,
    formula_cells,
    html_surprises,
    index_tags,
    person_text,
    rss_titles,
    search_index_problems,
    unbib,
)

from llm_atlas.build.pipeline import build_site
from llm_atlas.links.check import LinkReport
from llm_atlas.links.report import format_markdown, format_plain
from llm_atlas.links.results import EntryRef, LinkResult
from llm_atlas.problems import Problem
from llm_atlas.refresh.run import format_summary
from llm_atlas.refresh.step import StepReport
from llm_atlas.render.escape import escape_markdown, escape_url, one_line

REPO = Path(__file__).resolve().parent.parent
hostile_text = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map("".join)
RENDERED = "render: entries/*.md"
BUILD_SETTINGS = settings(
    max_examples=4,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class HostileSource:
    """Every string taken in turn from lists hypothesis drew from the hostile corpus (drawn up
    front, so that a failing example replays and prints as it ran)."""

    def __init__(self, texts: list[str], urls: list[str], data_urls: list[str]) -> None:
        self.texts, self.urls, self.data_urls = cycle(texts), cycle(urls), cycle(data_urls)
        self.statuses = cycle([*STATUSES, *texts[:3]])
        self.repos = cycle(HOSTILE_REPOS)

    def text(self) -> str:
        return next(self.texts)

    def url_piece(self) -> str:
        return next(self.urls)

    def data_url_piece(self) -> str:
        return next(self.data_urls)

    def status(self, n: int) -> str:
        return next(self.statuses)

    def repo(self, n: int) -> str:
        return next(self.repos)


def build(root: Path) -> Path:
    build_site(root / "catalog", root, root / "site", strict=True, render_dir=root / "render")
    return root / "site"


@pytest.fixture(scope="module")
def allowed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[str, ...]]]:
    """What the pages of a benign build of the same structure are made of, by section (and
    the entry pages `render` writes for other engines, as RENDERED)."""
    root = tmp_path_factory.mktemp("benign")
    write_project(root, BenignSource())
    return {**allow_list(build(root)), RENDERED: entry_markdown_profile(root)}


def bib_expected(text: str) -> str:
    return " ".join(re.sub(r"[\x00-\x1f]", " ", text).split())


def check_bibtex(site: Path, written: Written) -> None:
    papers = [e for e in written.entries if e["kind"] == "paper"]
    records = bib_records(site)
    assert sorted(records) == sorted(e["id"] for e in papers)
    for paper in papers:
        record = records[paper["id"]]
        title = record.fields["title"]
        assert title.startswith("{") and title.endswith("}")
        assert unbib(title[1:-1]) == bib_expected(paper.get("title_en") or paper["title"])
        names = [bib_expected(a) for a in paper["authors"]]
        names = [n for n in names[:-1] if n] + ["others" if names[-1] == "et al." else names[-1]]
        assert [person_text(p) for p in record.persons["author"]] == names


def check_tables(site: Path, written: Written) -> None:
    assert formula_cells(site) == []
    rows = {row["id"]: row for row in csv_rows(site)}
    assert sorted(rows) == sorted(e["id"] for e in written.entries)
    for entry in written.entries:
        title = entry["title"]
        assert (
            rows[entry["id"]]["title"] == ("'" if title.startswith(FORMULA_START) else "") + title
        )
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert [e["title"] for e in catalog["entries"]] == [e["title"] for e in written.entries]
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    published = {e["title"] for e in written.entries if e.get("status") != "planned"}
    assert {item["title"] for item in feed["items"]} == published
    # XML forbids most controls (the feed has spaces) and reads a CR as a line feed.
    xml = {
        re.sub(r"\r\n?", "\n", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", " ", t)) for t in published
    }
    assert set(rss_titles(site)) == xml


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # a failure prints it whole
@BUILD_SETTINGS
@given(
    texts=st.lists(hostile_text, min_size=61, max_size=61),
    urls=st.lists(st.sampled_from(URL_PIECES), min_size=7, max_size=7),
    data_urls=st.lists(st.sampled_from(DATA_URL_PIECES), min_size=11, max_size=11),
)
def test_hostile_catalog_and_data_make_nothing_new(
    allowed: dict[str, set[tuple[str, ...]]],
    texts: list[str],
    urls: list[str],
    data_urls: list[str],
) -> None:
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        written = write_project(Path(tmp), HostileSource(texts, urls, data_urls))
        site = build(Path(tmp))
        assert html_surprises(site, allowed) == {}
        assert entry_markdown_profile(Path(tmp)) - allowed[RENDERED] == set()
        assert search_index_problems(site) == []
        tags = index_tags(site)
        for entry in written.entries:
            # A tag as its page shows it (on one line), whatever markup it holds.
            shown = [one_line(t).replace("\u200b", "") for t in entry["tags"]]
            assert tags[f"entries/{entry['id']}/"] == shown
        check_bibtex(site, written)
        check_tables(site, written)


# --- reports posted to pull requests -------------------------------------------------------------
MARKDOWN = MarkdownIt("commonmark").enable("table")  # raw HTML on, as GitHub renders it


def skeleton(markdown: str) -> list[tuple[str, str]]:
    """Return what a rendered Markdown report is made of: every element with its attributes,
    and its text outside code (code text is outside text shown as text)."""
    out: list[tuple[str, str]] = []
    tree = html5lib.parseFragment(MARKDOWN.render(markdown), namespaceHTMLElements=False)
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        out.append((el.tag, json.dumps(sorted(el.attrib.items()))))
        if el.tag != "code":
            out.append(("text", (el.text or "").strip()))
        out.append(("tail", (el.tail or "").strip()))
    return out


def link_report(texts: list[str]) -> LinkReport:
    ref = EntryRef(texts[0], f"catalog/{texts[1]}.yaml", 3, 1, "url")
    results = [
        LinkResult(texts[2], "broken", texts[3], 404, entries=[ref], explanation=[texts[4], "x"]),
        LinkResult(texts[5], "redirected", texts[3], 301, final_url=texts[6], entries=[ref]),
        LinkResult(texts[6], "blocked", texts[4], 403, entries=[ref]),
    ]
    return LinkReport(results, urls=3, seconds=1.0)


def refresh_reports(texts: list[str]) -> list[StepReport]:
    problem = Problem(f"catalog/{texts[0]}.yaml", 2, 1, "paper-mismatch", texts[1], entry=texts[2])
    news = [f"new failure: {texts[3]}", f"recovered: {texts[4]}", f"repository {texts[5]}"]
    return [StepReport("links", 3, 3, failures=[texts[6]], warnings=[problem], news=news)]


# Each text ends in a letter: a text of controls alone shows as nothing, which its twin does not.
visible_text = hostile_text.map(lambda text: f"{text} z")


@settings(max_examples=60, deadline=None)
@given(texts=st.lists(visible_text, min_size=7, max_size=7))
def test_pull_request_reports_show_outside_text_as_code(texts: list[str]) -> None:
    benign = ["x"] * 7
    report, plain = link_report(texts), link_report(benign)
    urls = {r.url for r in report.results}
    assert skeleton(format_markdown(report, urls)) == skeleton(
        format_markdown(plain, {r.url for r in plain.results})
    )
    plain_lines = format_plain(report, urls).splitlines()
    assert len(plain_lines) == len(format_plain(plain, set()).splitlines())
    assert all(line.isprintable() for line in plain_lines)
    data = Path("data")
    assert skeleton(format_summary(refresh_reports(texts), data)) == skeleton(
        format_summary(refresh_reports(benign), data)
    )


# --- Markdown made from data, without a build ----------------------------------------------------
MD = markdown.Markdown(extensions=EXTENSIONS)  # reset before each use
PLACES = [
    "{}\n",  # a topic's description opens a line
    "- [t](x.md) {}\n",
    "| a | b |\n| --- | --- |\n| {} | b |\n",
    "# {}\n",
    '<span class="atlas-meta" title="{}">m</span>\n',
]


def test_extensions_are_the_sites() -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert all(f"  - {name}" in config for name in EXTENSIONS)


def markdown_shape(text: str) -> tuple[list[tuple[str, str]], str]:
    """Return the elements (with attribute names) and the text of Markdown rendered by
    Python-Markdown with the site's extensions."""
    tree = html5lib.parseFragment(MD.reset().convert(text), namespaceHTMLElements=False)
    elements = [
        (el.tag, ",".join(sorted(el.attrib)))
        for el in tree.iter()
        if isinstance(el.tag, str) and el.tag != "DOCUMENT_FRAGMENT"
    ]
    return elements, " ".join("".join(tree.itertext()).split())


@settings(max_examples=300, deadline=None)
@given(text=hostile_text)
def test_markdown_from_data_is_text(text: str) -> None:
    """Any text through |md, wherever a template puts it, makes the elements plain text would
    make and shows as itself (attribute values included)."""
    for place in PLACES:
        elements, shown = markdown_shape(place.format(escape_markdown(text)))
        assert elements == markdown_shape(place.format("x"))[0], place
        expected = " ".join(one_line(text).split())
        if "title=" in place:
            html = MD.reset().convert(place.format(escape_markdown(text)))
            tree = html5lib.parseFragment(html, namespaceHTMLElements=False)
            titles = [" ".join(el.get("title").split()) for el in tree.iter("span")]
            assert titles == [expected]  # Markdown expands tabs: blanks compared as one
        else:
            assert expected in shown, place


URL_PLACES = [
    "| [t]({}) | b |\n| --- | --- |\n| [t]({}) | b |\n",  # kind tables
    "- [t]({}){{ .atlas-out }}\n- x\n",  # list items
    "| a | b |\n| --- | --- |\n| <{}> | b |\n",  # the health page's autolinks
    '<p><a href="{}">t</a></p>\n',  # HTML
]


@settings(max_examples=150, deadline=None)
@given(tail=hostile_text)
def test_link_targets_from_data_stay_links(tail: str) -> None:
    """Any http(s) URL through |url, wherever a template puts it, makes the elements a plain
    URL makes, and every link it makes is http(s)."""
    url = escape_url(f"https://a.example/{tail}")
    for place in URL_PLACES:
        elements, _ = markdown_shape(place.format(url, url))
        assert (
            elements
            == markdown_shape(place.format("https://a.example/x", "https://a.example/x"))[0]
        ), place
        tree = html5lib.parseFragment(
            MD.reset().convert(place.format(url, url)), namespaceHTMLElements=False
        )
        for el in tree.iter("a"):
            assert el.get("href", "").startswith("https://a.example/"), place
