"""Tests of render/sinks.py (the inventory agrees with docs/security.md, the functions and the
tests it names) and of each escaping rule, with the defects of #19 as regression cases."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import html5lib
import markdown
import pytest
from markdown_it import MarkdownIt
from pybtex.database import parse_string
from sink_checks import fragment_markup, person_text, unbib

from llm_atlas.build.search_index import search_docs
from llm_atlas.catalog import Catalog
from llm_atlas.facts_model import ArchiveFact, Facts, LinkFact, RepoFact
from llm_atlas.links.check import LinkReport
from llm_atlas.links.report import format_markdown, print_text
from llm_atlas.links.results import EntryRef, LinkResult
from llm_atlas.models import Paper
from llm_atlas.problems import AtlasError, Problem
from llm_atlas.render.docs import render_docs
from llm_atlas.render.escape import (
    bib_names,
    csv_cell,
    escape_markdown,
    escape_url,
    markdown_code,
    terminal_text,
)
from llm_atlas.render.exports import bib_record
from llm_atlas.render.plan import HEALTH_PAGE
from llm_atlas.render.records import EntryHtml
from llm_atlas.render.sinks import SINKS
from llm_atlas.validate import load_catalog

REPO = Path(__file__).resolve().parent.parent
PWN = '<img src=x onerror="window.__pwned=1">'


def test_inventory_names_real_functions_and_tests() -> None:
    for sink in SINKS:
        module, _, name = sink.function.partition(":")
        if module.endswith(".js"):
            assert f"function {name}(" in (REPO / module).read_text(encoding="utf-8"), sink
        else:
            found: object = importlib.import_module(module)
            for part in name.split("."):
                found = getattr(found, part)
            assert callable(found), sink
        path, _, test = sink.test.partition("::")
        assert f"def {test}(" in (REPO / path).read_text(encoding="utf-8"), sink


def test_security_page_lists_every_sink() -> None:
    text = (REPO / "docs" / "security.md").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    cells = [[c.strip() for c in row.strip("|").split(" | ")] for row in rows[1:]]
    assert cells == [
        [s.sink, s.context, s.rule, f"`{s.function}`", f"`{s.test.rpartition('::')[2]}`"]
        for s in SINKS
    ]
    assert "security.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a \"b\" 'c'", "a &#34;b&#34; &#39;c&#39;"),
        ("[x](javascript:alert(1))", "&#91;x&#93;(javascript:alert(1))"),
        (PWN, "&#60;img src=x onerror=&#34;window.&#95;&#95;pwned=1&#34;&#62;"),
    ],
)
def test_escape_markdown_is_safe_in_attributes(text: str, expected: str) -> None:
    assert str(escape_markdown(text)) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.org/x\n[y](javascript:1)", "https://a.org/x%0A[y]%28javascript:1%29"),
        ("https://a.org/\t\r x", "https://a.org/%09%0D%20x"),
        ('https://a.org/" onclick="1', "https://a.org/%22%20onclick=%221"),
        ("https://a.org/\u202egnp.exe", "https://a.org/%E2%80%AEgnp.exe"),
        ("https://a.org/\u00a0\u2028", "https://a.org/%C2%A0%E2%80%A8"),
        ("https://a.org/中文?a=1&b=2", "https://a.org/中文?a=1&amp;b=2"),
        ("https://a.org/|x|", "https://a.org/%7Cx%7C"),
    ],
)
def test_escape_url(url: str, expected: str) -> None:
    assert str(escape_url(url)) == expected


@pytest.mark.parametrize("url", ["javascript:alert(1)", " https://a.org", "vbscript:x", "data:,"])
def test_escape_url_refuses_other_schemes(url: str) -> None:
    with pytest.raises(AtlasError, match="non-http"):
        escape_url(url)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        ("中文", "中文"),
    ],
)
def test_csv_cell(value: str, expected: str) -> None:
    assert csv_cell(value) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["A B", "C D"], "A B and C D"),
        (["A B", "et al."], "A B and others"),
        (["A B", "等"], "A B and others"),
        (["Tom and Jerry"], "Tom {and} Jerry"),
        (["Hu, Edward", "x"], "Hu{,} Edward and x"),
        (["a}}b", "  "], r"a\textbraceright{}\textbraceright{}b"),
        (["et al."], "et al."),
    ],
)
def test_bib_names(names: list[str], expected: str) -> None:
    assert bib_names(names) == expected


TITLES = [
    "x}} @misc{evil, title={pwned}",
    "{{{",
    "a \\} b \\{",
    "50% of $x_1$ & #2 ~ ^",
    "\x07bell\nnew line",
]


@pytest.mark.parametrize("title", TITLES)
def test_bibtex_title_with_closing_braces_is_one_record(title: str) -> None:
    paper = Paper(
        id="p",
        kind="paper",
        title=title,
        url="https://a.org/x",
        topics=["t"],
        authors=[title, "et al."],
    )
    records = parse_string(bib_record(paper), "bibtex").entries
    assert list(records) == ["p"]
    plain = " ".join(re.sub(r"[\x00-\x1f]", " ", title).split())
    assert unbib(records["p"].fields["title"][1:-1]) == plain
    assert [person_text(p) for p in records["p"].persons["author"]] == [plain, "others"]


@pytest.mark.parametrize(
    ("value", "table", "expected"),
    [
        ("https://a/x", False, "`https://a/x`"),
        ("a`b", False, "``a`b``"),
        ("`a`", False, "`` `a` ``"),
        ("a|b", True, "`a\\|b`"),
        ("a\nb\rc\u2028d", False, "`a b c d`"),
        ("\x01", False, ""),
    ],
)
def test_markdown_code(value: str, table: bool, expected: str) -> None:
    assert markdown_code(value, table=table) == expected


def rendered_elements(markdown_text: str) -> list[tuple[str, dict[str, str]]]:
    html = MarkdownIt("commonmark").enable("table").render(markdown_text)
    tree = html5lib.parseFragment(html, namespaceHTMLElements=False)
    return [(el.tag, dict(el.attrib)) for el in tree.iter() if isinstance(el.tag, str)]


def test_redirect_location_is_code_in_the_pr_comment() -> None:
    location = f'https://b.example/"><a href="javascript:alert(1)">x</a>{PWN}|[y](https://c/)'
    ref = EntryRef("e", "catalog/a.yaml", 1, 1, "url")
    result = LinkResult("https://a.example/", "redirected", location, 301, location, entries=[ref])
    text = format_markdown(LinkReport([result], 1, 0.1), set())
    tags = [tag for tag, _ in rendered_elements(text)]
    assert "a" not in tags and "img" not in tags
    row = next(line for line in text.splitlines() if line.startswith("| `catalog/a.yaml:1`"))
    assert row.count(" | ") == 4  # five cells: the pipe in the answer did not add one


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://a/x 中文", "https://a/x 中文"),
        ("a\n::error::b", "a\\x0a::error::b"),
        ("\x1b[31mred\x1b]8;;https://e/\x07", "\\x1b[31mred\\x1b]8;;https://e/\\x07"),
        ("\u202egnp.exe\u2028", "\\u202egnp.exe\\u2028"),
    ],
)
def test_terminal_text(value: str, expected: str) -> None:
    assert terminal_text(value) == expected


def test_terminal_table_shows_outside_text_literally() -> None:
    from rich.console import Console

    url = "https://a.example/[bold red]x[/bold red]\x1b[2J"
    ref = EntryRef("e", "catalog/a.yaml", 1, 1, "url")
    report = LinkReport(
        [LinkResult(url, "broken", "HTTP 404\n::error::x", 404, entries=[ref])], 1, 0
    )
    console = Console(record=True, width=400, color_system=None)
    print_text(report, set(), console)
    shown = console.export_text()
    assert "[bold red]x[/bold red]\\x1b[2J" in shown and "\x1b" not in shown
    assert "HTTP 404\\x0a::error::x" in shown


def test_a_refused_redirect_target_is_one_printable_line(tmp_path: Path) -> None:
    from llm_atlas.links.fix import fix_redirects

    target = "https://b.example/\n::error::pwned \x1b[2J\u202e"
    ref = EntryRef("e", str(tmp_path / "a.yaml"), 3, 8, "url")
    result = LinkResult("https://a.example/", "redirected", "", 301, target, entries=[ref])
    changes, problems = fix_redirects([result])
    assert changes == [] and len(problems) == 1
    line = problems[0].format_text()
    assert line.isprintable() and "https://b.example/\\x0a::error::pwned \\x1b[2J\\u202e" in line


def test_import_report_shows_readme_text_on_its_line() -> None:
    from llm_atlas.importer.emit import Report
    from llm_atlas.importer.records import Skip
    from llm_atlas.importer.write import format_report

    evil = "- [x](y)\n::error::pwned\x1b[2J\u202e"
    report = Report(
        series={evil: 2}, skipped=[Skip(3, "no link", evil)], notes=[Skip(4, "x", evil)]
    )
    lines = format_report(report, "README.md", Path("draft"), ["a.yaml"]).splitlines()
    assert all(line.isprintable() for line in lines)
    assert "  line 3: no link: - [x](y)\\x0a::error::pwned\\x1b[2J\\u202e" in lines


def test_annotation_cannot_start_a_command() -> None:
    problem = Problem("a.yaml", 1, 1, "x", "bad\n::add-mask::secret\r\n%0A")
    line = problem.format_github()
    assert "\n" not in line and "\r" not in line
    assert line.endswith("bad%0A::add-mask::secret%0D%0A%250A")


def test_search_index_tags_are_text() -> None:
    body = (
        '<h1 id="t">&lt;b&gt;title</h1><table><tr><td data-search-tags>'
        '<a href="#">&lt;img src=x onerror=alert(1)&gt;</a></td></tr></table>'
    )
    docs = search_docs({"e": EntryHtml(PWN, body)})
    assert docs[0]["tags"] == ["&lt;img src=x onerror=alert(1)&gt;"]
    assert fragment_markup(docs[0]["tags"][0])[:2] == (set(), set())
    untitled = search_docs({"e": EntryHtml(PWN, "<h1></h1><p>x</p>")})
    assert untitled[0]["title"] == '&lt;img src=x onerror="window.__pwned=1"&gt;'


HEALTH_CATALOG = """\
- id: tool
  kind: tool
  title: T
  url: https://a.example/x
  code: https://github.com/o/r
  topics: [t]
"""


def health_page(catalog: Catalog, tmp: Path, text: str, url: str, repo_state: str) -> Any:
    """Render the health page with every data/ field (dates too: the reader of data/ is
    bypassed) set to TEXT and the archived copy at URL; return its HTML as html5lib reads it."""
    link = LinkFact("https://a.example/x", "broken", 404, None, text, text, text, 2)
    repo = RepoFact("o/r", repo_state, text, 5, 1, text, True, None, text, text, None)
    archive = {link.url: ArchiveFact(link.url, text, url, None)}
    facts = Facts(links={link.url: link}, repos={"o/r": repo}, archive=archive)
    out = tmp / f"out-{len(list(tmp.iterdir()))}"
    render_docs(catalog, tmp, out, "Atlas", facts=facts)
    page = (out / HEALTH_PAGE).read_text(encoding="utf-8").split("---\n", 2)[2]
    html = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html"])
    return html5lib.parseFragment(html, namespaceHTMLElements=False)


def shape(tree: Any) -> list[tuple[str, str]]:
    return [(el.tag, ",".join(sorted(el.attrib))) for el in tree.iter() if isinstance(el.tag, str)]


@pytest.mark.parametrize("repo_state", ["ok", "missing"])
def test_health_page_data_is_text(tmp_path: Path, repo_state: str) -> None:
    """data/ facts reach the health page as Markdown: they make the page a benign fact makes
    (no link, image, HTML or table row of their own) and show as themselves."""
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "topics.yaml").write_text("- {id: t, title: T, title_en: T}\n")
    (tmp_path / "catalog" / "a.yaml").write_text(HEALTH_CATALOG)
    catalog = load_catalog(tmp_path / "catalog")
    evil = f"[x](javascript:window.__pwned=1) ![i](https://e.example/i.png) | td | {PWN}"
    snapshot = "http://web.archive.org/web/1/\n[y](javascript:window.__pwned=2) | x |"
    tree = health_page(catalog, tmp_path, evil, snapshot, repo_state)
    benign = health_page(catalog, tmp_path, "2026-12-01", "http://web.archive.org/1/", repo_state)
    assert shape(tree) == shape(benign)
    assert "[x](javascript:window.__pwned=1)" in "".join(tree.itertext())
