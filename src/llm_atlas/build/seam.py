"""The one seam to MkDocs and Material: every assumption llm-atlas makes about their HTML, their
search index and worker, their private attributes and their settings lives here, as constants
and small pure functions with a version note each.

Takes pages, files and settings as MkDocs and Material give them; gives the patterns that read
the built shell (`entry_pages`), the rewrites `build.mkdocs_run`'s plugin applies, and the checks
of what llm-atlas' scripts rely on. A pattern or rewrite that matched nothing is a warning under
the `mkdocs.plugins.llm_atlas` logger, which MkDocs counts (so `--strict` fails on it).
Checked against mkdocs 1.6 and mkdocs-material 9.5-9.8 (tests/test_build_seam.py runs them on
the installed Material's own partials, plugin and scripts); pyproject.toml bounds both below
their next major.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from llm_atlas.problems import AtlasError

log = logging.getLogger("mkdocs.plugins.llm_atlas")

SHELL_DIR = "_atlas/shell"
SHELL_SOURCE = f"{SHELL_DIR}/index.md"
# Material's partials/content.html prints the page's Markdown; the shell's h1 and its last h2
# (templates/entry-shell.md.j2) enclose the body slot. (Material 9.x, python-markdown toc ids.)
SHELL_BODY = re.compile(r'<h1 id="atlas-shell-title">.*?ATLAS-SHELL-TOC.*?</h2>', re.S)
# Material's base.html: the skip link goes to the page's first table-of-contents item, which in
# the shell is its title (templates/entry-shell.md.j2; python-markdown's toc slug).
SHELL_SKIP_LINK = 'href="#atlas-shell-title"'
# Material's partials/toc.html: the label, then the list of partials/toc-item.html items.
TOC_START = "md-nav--secondary"
TOC_BLOCK = re.compile(
    r'(<label class="md-nav__title" for="__toc">.*?</label>)\s*'
    r'<ul class="md-nav__list" data-md-component="toc".*?</ul>',
    re.S,
)
# MkDocs' sitemap.xml template: one <url> block per page.
SITEMAP_SHELL_URL = re.compile(r"\s*<url>(?:(?!</url>).)*?_atlas/shell/.*?</url>", re.S)
# Material's search plugin: the documents of search/search_index.json, and the private method
# that segments Chinese text (material/plugins/search/plugin.py, SearchIndex).
SEARCH_INDEX = Path("search") / "search_index.json"
SEGMENT_METHOD = "_segment_chinese"
# Material's search plugin's indexing rules (material/plugins/search/plugin.py, Parser and
# SearchIndex; unchanged 9.0-9.8): a section per h1-h6 with an id, the markup of these tags kept
# in a document's text, an element with this attribute left out, jieba's words joined by U+200B.
INDEX_SECTION_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
INDEX_KEEP_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
INDEX_EXCLUDE_ATTRIBUTE = "data-search-exclude"
INDEX_WORD_JOIN = "\u200b"
# Material's partials/search.html (9.x): the search dialog, which has no accessible name
# (Lighthouse: aria-dialog-name); the label is the theme's own word for "search"
# (partials/language.html, macro t).
SEARCH_DIALOG = 'data-md-component="search" role="dialog">'
LANGUAGE_TEMPLATE = "partials/language.html"
# Material's search worker protocol, which docs/assets/javascripts/search-rank.js speaks
# (src/templates/assets/javascripts/integrations/search/worker/message/index.ts, a const enum
# inlined in the minified bundles, 9.x): the page posts {type: 2, data: query}, the worker
# answers {type: 3, data: {items: [...]}}. Each pattern must be in the file named.
WORKER_QUERY = 2
WORKER_RESULT = 3
WORKER_PATTERNS = {
    "assets/javascripts/bundle.*.min.js": (
        f"type:{WORKER_QUERY},data:",
        f".type==={WORKER_RESULT}}}",
    ),
    "assets/javascripts/workers/search.*.min.js": (
        f"case {WORKER_QUERY}:",
        f"{{type:{WORKER_RESULT},data:",
        "{items:",
    ),
}
RANK_SCRIPT = "assets/javascripts/search-rank.js"
RANK_CONSTANTS = re.compile(r"var (QUERY|RESULT) = (\d+);")


def check_config(config: dict[str, Any], config_name: str) -> None:
    """Refuse settings the entry pages cannot follow."""
    if config.get("use_directory_urls") is False:
        raise AtlasError(
            f"{config_name}: use_directory_urls: false is not supported: entry pages are "
            "published at entries/<id>/ and linked so; remove the setting"
        )


# MkDocs 1.6 `build(dirty=True)`: a page is read and built, and a file copied, only when its
# File.is_modified() says so; the run warns once (the only warning a partial run adds).
DIRTY_WARNING = "A 'dirty' build is being performed"
# Plugins whose output a partial run keeps right: Material's search (its index is merged per
# page). Any other plugin or hook may read every page, so a partial run needs none.
PARTIAL_PLUGINS = frozenset({"search", "material/search"})


def reload_hooks() -> bool:
    """Forget the hook modules MkDocs loaded in this process (mkdocs 1.6 keeps them in an
    lru_cache on config_options.Hooks._load_hook), so a hook edited since runs as it is now
    (serve, or builds in one process); return False, with a warning, when there is no such
    cache."""
    from mkdocs.config.config_options import Hooks

    forget = getattr(Hooks._load_hook, "cache_clear", None)
    if forget is None:
        log.warning("MkDocs keeps no cache of hooks here (a newer MkDocs?): nothing to forget")
        return False
    forget()
    return True


def page_records(files: Any) -> dict[str, Any] | None:
    """Return docs path → what other pages show of each page MkDocs builds (its URL, title and
    front matter: the navigation, the footer), in MkDocs' order; None when a front matter is
    not JSON data (a date, say: no partial run then)."""
    records = {
        f.src_uri: {"url": f.page.url, "title": f.page.title, "meta": f.page.meta}
        for f in files.documentation_pages()
        if f.page is not None
    }
    try:
        return dict(json.loads(json.dumps(records)))
    except (TypeError, ValueError):
        return None


def restore_pages(files: Any, records: dict[str, Any], rebuild: frozenset[str]) -> None:
    """Give each page MkDocs did not read (all but REBUILD) the title and front matter of its
    record, as the other pages show them (a page not read has no title: `Page.title` is a
    `weak_property`, which an instance value replaces)."""
    for file in files.documentation_pages():
        record = records.get(file.src_uri)
        if file.src_uri in rebuild or file.page is None or record is None:
            continue
        file.page.title = record["title"]
        file.page.meta = dict(record["meta"])


def merge_page_docs(
    old: list[dict[str, Any]], new: list[dict[str, Any]], urls: list[str], rebuilt: set[str]
) -> list[dict[str, Any]]:
    """Return the search documents of a partial run: page by page in MkDocs' order (URLS), the
    NEW ones of the REBUILT pages and the OLD ones of the others, then the old documents of no
    page of the run (entry pages). A document's location is its page's URL and an anchor."""
    grouped: dict[bool, dict[str, list[dict[str, Any]]]] = {True: {}, False: {}}
    for is_new, docs in ((False, old), (True, new)):
        for doc in docs:
            grouped[is_new].setdefault(doc["location"].split("#", 1)[0], []).append(doc)
    pages = set(urls)
    out = [d for url in urls for d in grouped[url in rebuilt].get(url, [])]
    return out + [d for d in old if d["location"].split("#", 1)[0] not in pages]


def copied_files(files: Any, docs_dir: str) -> dict[str, str]:
    """Return docs path → site path of the docs files a MkDocs build copies as they are: not
    pages, included by MkDocs' rules (`Files.copy_static_files` in `mkdocs build`; mkdocs 1.6)."""
    docs = Path(docs_dir).resolve()
    return {
        f.src_uri: f.dest_uri
        for f in files
        if not f.is_documentation_page()
        and f.inclusion.is_included()
        and f.abs_src_path is not None
        and Path(f.abs_src_path).resolve().is_relative_to(docs)
    }


def locate_dictionaries(plugins: Any, project_dir: Path) -> None:
    """Make Material's search.jieba_dict and jieba_dict_user paths absolute, from PROJECT_DIR:
    Material reads them from the working folder, which need not be the project's."""
    for name in ("material/search", "search"):
        settings = getattr(plugins.get(name), "config", None)
        for key in ("jieba_dict", "jieba_dict_user"):
            value = getattr(settings, key, None)
            if isinstance(value, str) and value:
                setattr(settings, key, str((project_dir / value).resolve()))


def patch_search(plugins: Any, segment: Any) -> bool:
    """Make Material's search segment Chinese with SEGMENT (same result, cached per run)."""
    for name in ("material/search", "search"):
        index = getattr(plugins.get(name), "search_index", None)
        if index is None:
            continue
        if not hasattr(index, SEGMENT_METHOD):
            log.warning(
                "Material's search index has no %s (a newer Material?): Chinese search text "
                "is segmented without llm-atlas' cache",
                SEGMENT_METHOD,
            )
            return False
        setattr(index, SEGMENT_METHOD, segment)
        return True
    return False


def escape_title(output: str, title: object) -> str:
    """Escape a page title the theme printed as markup in the page's <head>.

    Material prints `page.title | striptags` unescaped in <title>; striptags turns entities back
    into markup, so a catalog title like `</title><script>` would run, whatever template a
    project uses. Text of the title that came out as markup is escaped again here.
    """
    if not isinstance(title, str) or not title:
        return output
    raw = Markup(title).striptags()
    if "<" not in raw:
        return output
    head, sep, rest = output.partition("</head>")
    return head.replace(raw, html.escape(raw, quote=False)) + sep + rest


def label_search_dialog(output: str, label: str) -> tuple[str, bool]:
    """Give Material's search dialog in a page's OUTPUT the accessible name LABEL; return the
    page and whether the dialog was found."""
    labelled = SEARCH_DIALOG[:-1] + f' aria-label="{html.escape(label)}">'
    found = SEARCH_DIALOG in output
    return (output.replace(SEARCH_DIALOG, labelled, 1) if found else output), found


def search_label(env: Any, config: Any) -> str:
    """Return the theme's word for "search" in the site's language (Material's `lang.t`)."""
    try:
        module = env.get_template(LANGUAGE_TEMPLATE).make_module({"config": config})
        return str(module.t("search")).strip() or "Search"
    except Exception:  # noqa: BLE001 - another theme, or another Material: the English word
        log.warning(
            "%s has no macro t (a newer Material?): the search dialog is labelled 'Search'",
            LANGUAGE_TEMPLATE,
        )
        return "Search"


def check_worker_protocol(theme_dirs: Sequence[str], rank_script: str | None) -> list[str]:
    """Return what search-rank.js relies on and the installed Material's scripts (found in
    THEME_DIRS) or RANK_SCRIPT's text (None: not in the site) do not have; warn of each."""
    missing: list[str] = []
    for pattern, needles in WORKER_PATTERNS.items():
        found = [p for d in theme_dirs for p in sorted(Path(d).glob(pattern))]
        text = found[0].read_text(encoding="utf-8", errors="replace") if found else ""
        missing += [f"{pattern}: {needle}" for needle in needles if needle not in text]
    if rank_script is not None:
        constants = dict(RANK_CONSTANTS.findall(rank_script))
        want = {"QUERY": str(WORKER_QUERY), "RESULT": str(WORKER_RESULT)}
        missing += [
            f"{RANK_SCRIPT}: var {k} = {v};" for k, v in want.items() if constants.get(k) != v
        ]
    for what in missing:
        log.warning(
            "Material's search worker protocol is not what search-rank.js speaks (a newer "
            "Material?): %s not found; search still works, unranked",
            what,
        )
    return missing


def expand_sitemap(text: str, ids: Sequence[str]) -> str | None:
    """Return sitemap.xml's TEXT with the shell's <url> replaced by one per entry (None when
    the shell has no <url> in it)."""
    match = SITEMAP_SHELL_URL.search(text)
    if match is None and "<url>" not in text:
        return None  # no site_url: MkDocs lists no page
    if match is None:
        log.warning("sitemap.xml has no <url> of the entry page shell: entry pages not listed")
        return None
    block = match.group(0)
    urls = "".join(block.replace(f"{SHELL_DIR}/", f"entries/{i}/") for i in ids)
    return text[: match.start()] + urls + text[match.end() :]
