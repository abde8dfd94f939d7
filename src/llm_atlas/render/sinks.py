"""The sink inventory: every place where text from outside (catalog fields, data/ facts, API
answers, redirect targets, README text) reaches an output, with the one rule and the one function
that context needs. Plain data, no I/O; docs/security.md shows it as a table and
tests/test_sinks.py checks that the page, the functions and the tests it names agree with it.

Adding an output means adding a row here, with the escaping function every writer of that output
calls and the test that fails when it is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Sink:
    sink: str  # where the text lands
    context: str  # the language it lands in
    rule: str  # what makes it data there
    function: str  # the one function that applies the rule (module:name)
    test: str  # the test that fails without it (file::name)


HOSTILE_TEST = "tests/test_sinks_hostile.py::test_hostile_catalog_and_data_make_nothing_new"
REPORT_TEST = "tests/test_sinks_hostile.py::test_pull_request_reports_show_outside_text_as_code"

SINKS: tuple[Sink, ...] = (
    Sink(
        "entry pages and their shell, map and chart SVG, list pages (templates, snippets)",
        "HTML text and attribute values",
        "escaped by Jinja autoescape; one line, no control characters",
        "llm_atlas.render.escape:one_line",
        HOSTILE_TEST,
    ),
    Sink(
        "page titles (templates/theme/main.html, entry front matter)",
        "HTML title element, YAML front matter",
        "Material's striptags is escaped again; front matter is a JSON string of escaped text",
        "llm_atlas.render.docs:front_matter",
        "tests/test_browser.py::test_injection_payloads_render_as_text",
    ),
    Sink(
        "Markdown pages made from the catalog and data/ (topic, kind, tags, home, map, health)",
        "Markdown that is also read as HTML, attribute values included",
        "every Markdown and HTML special character, quotes too, as a numeric entity",
        "llm_atlas.render.escape:escape_markdown",
        "tests/test_sinks.py::test_health_page_data_is_text",
    ),
    Sink(
        "link targets: href and src from the catalog, data/ (final_url, snapshot) and answers",
        "URL in an HTML attribute or a Markdown link",
        "http and https only; blanks, controls, quotes, parentheses, pipes, bidi marks encoded",
        "llm_atlas.render.escape:escape_url",
        "tests/test_sinks.py::test_escape_url",
    ),
    Sink(
        "search index: titles, texts and tags (build/search_index.py)",
        "HTML that Material's results insert as HTML",
        "outside text escaped; only Material's own text structure (p, code, li …) is markup",
        "llm_atlas.render.escape:search_text",
        "tests/test_sinks.py::test_search_index_tags_are_text",
    ),
    Sink(
        "scripts reading the index and catalog.json (search-rank.js, search-suggest.js, "
        "explore.js, explore-view.js, map.js, map-find.js)",
        "DOM",
        "text inserted with textContent; the index's HTML read as text, never parsed in the page",
        "docs/assets/javascripts/search-rank.js:plain",
        "tests/test_sinks_browser.py::test_search_for_a_hostile_entry_runs_no_script",
    ),
    Sink(
        "papers.bib and the entry page's cite block (render/exports.py)",
        "BibTeX field values",
        "braces as brace-free commands, so every group balances; specials escaped; one line",
        "llm_atlas.render.escape:bib_text",
        "tests/test_sinks.py::test_bibtex_title_with_closing_braces_is_one_record",
    ),
    Sink(
        "BibTeX author lists",
        "BibTeX name list",
        "a bare `and` and commas inside names braced; a trailing 'et al.' is `others`",
        "llm_atlas.render.escape:bib_names",
        "tests/test_sinks.py::test_bib_names",
    ),
    Sink(
        "catalog.csv",
        "spreadsheet cell",
        "OWASP: a cell starting with = + - @ tab or CR gets a leading '; CRLF records",
        "llm_atlas.render.escape:csv_cell",
        "tests/test_sinks.py::test_csv_cell",
    ),
    Sink(
        "feed.xml",
        "XML text",
        "escaped by Jinja autoescape; characters XML 1.0 forbids become spaces",
        "llm_atlas.render.escape:clean_xml",
        HOSTILE_TEST,
    ),
    Sink(
        "catalog.json, feed.json; JSON inside HTML",
        "JSON",
        "json.dumps of plain values; no page embeds catalog JSON: scripts fetch the files",
        "llm_atlas.render.exports:render_catalog_json",
        HOSTILE_TEST,
    ),
    Sink(
        "link-check pull-request comment (links/report.py)",
        "GitHub Markdown table cell",
        "URLs, answers and redirect targets as code spans; pipes escaped; never HTML or a link",
        "llm_atlas.render.escape:markdown_code",
        "tests/test_sinks.py::test_redirect_location_is_code_in_the_pr_comment",
    ),
    Sink(
        "weekly refresh pull-request body (refresh/run.py)",
        "GitHub Markdown",
        "news, API messages and failures as code spans",
        "llm_atlas.render.escape:markdown_code",
        REPORT_TEST,
    ),
    Sink(
        "terminal and CI log: link reports and fixes, refresh, stats, the import report",
        "terminal text, rich table cells",
        "unprintable characters (line breaks, escape sequences) shown as escapes; no rich markup",
        "llm_atlas.render.escape:terminal_text",
        "tests/test_sinks.py::test_terminal_table_shows_outside_text_literally",
    ),
    Sink(
        "GitHub annotations (check-links --format github, validate in CI)",
        "workflow command",
        "%, CR and LF percent-encoded in data; : and , too in properties",
        "llm_atlas.problems:Problem.format_github",
        "tests/test_sinks.py::test_annotation_cannot_start_a_command",
    ),
)
