"""The one seam to MkDocs and Material: every assumption llm-atlas makes about their HTML, their
search index, their private attributes and their settings lives here.

Takes the derived mkdocs.yml and the entry page shell's Markdown; gives a built site folder
(`run_mkdocs`) and the patterns that read the built shell (`entry_pages`). Each assumption is
checked where it is used: a pattern or patch that matched nothing is a warning under the
`mkdocs.plugins.llm_atlas` logger, which MkDocs counts (so `--strict` fails on it).
Checked against mkdocs 1.6 and mkdocs-material 9.5-9.8 (tests/test_build_seam.py runs them on
the installed Material's own partials); pyproject.toml bounds both below their next major.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from llm_atlas.build.caches import SafeBytecodeCache, user_cache
from llm_atlas.problems import AtlasError

log = logging.getLogger("mkdocs.plugins.llm_atlas")

SHELL_DIR = "_atlas/shell"
SHELL_SOURCE = f"{SHELL_DIR}/index.md"
# Material's partials/content.html prints the page's Markdown; the shell's h1 and its last h2
# (templates/entry-shell.md.j2) enclose the body slot. (Material 9.x, python-markdown toc ids.)
SHELL_BODY = re.compile(r'<h1 id="atlas-shell-title">.*?ATLAS-SHELL-TOC.*?</h2>', re.S)
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


def check_config(config: dict[str, Any], config_name: str) -> None:
    """Refuse settings the entry pages cannot follow."""
    if config.get("use_directory_urls") is False:
        raise AtlasError(
            f"{config_name}: use_directory_urls: false is not supported: entry pages are "
            "published at entries/<id>/ and linked so; remove the setting"
        )


@dataclass
class MkDocsRun:
    """What a MkDocs run left besides the site: its warnings, and the docs files it copied as
    they are (docs path → site path), after its own exclusion rules (exclude_docs, drafts)."""

    warnings: list[str] = field(default_factory=list)
    copied: dict[str, str] = field(default_factory=dict)


def run_mkdocs(
    config_file: Path,
    site_dir: Path,
    strict: bool,
    shell: str,
    entry_ids: Sequence[str],
    project_dir: Path,
) -> MkDocsRun:
    """Build CONFIG_FILE into SITE_DIR with MkDocs; return what it warned and copied (raise in
    strict mode).

    The entry pages (ENTRY_IDS) are left out and their SHELL (Markdown) is built instead, for
    `entry_pages` to fill. Files the config names are found from PROJECT_DIR.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    run = MkDocsRun()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                run.warnings.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect()
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    try:
        config = load_config(str(config_file), site_dir=str(site_dir.resolve()), strict=strict)
        plugin = make_plugin(shell, entry_ids, project_dir, run.copied)
        config.plugins["llm-atlas/entry-shell"] = plugin
        build(config)
    except MkDocsException as exc:
        problems = "\n".join(f"  {w}" for w in run.warnings)
        raise AtlasError(
            f"MkDocs build failed: {exc}" + (f"\n{problems}" if problems else "")
        ) from exc
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
    return run


def make_plugin(
    shell: str, entry_ids: Sequence[str], project_dir: Path, copied: dict[str, str]
) -> Any:
    """Return the MkDocs plugin that adds the entry page shell and the entry pages (as excluded
    files: links to them resolve, they are not built), finds the search dictionaries from
    PROJECT_DIR, shares llm-atlas' Chinese segmentation with Material's search, keeps compiled
    theme templates per user, escapes page titles, and notes in COPIED the docs files MkDocs
    copies as they are."""
    import jinja2
    from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
    from mkdocs.structure.files import File, Files, InclusionLevel

    from llm_atlas.build.search_index import segment_chinese

    class EntryShell(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        def on_files(self, files: Files, *, config: Any) -> Files:
            for entry_id in entry_ids:
                files.append(
                    File.generated(
                        config,
                        f"entries/{entry_id}.md",
                        content="",
                        inclusion=InclusionLevel.EXCLUDED,
                    )
                )
            files.append(
                File.generated(
                    config, SHELL_SOURCE, content=shell, inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
            return files

        @event_priority(100)  # before Material's search reads them
        def _on_config_first(self, config: Any) -> Any:
            locate_dictionaries(config.plugins, project_dir)
            return config

        @event_priority(-100)  # after Material's search made its index
        def _on_config_last(self, config: Any) -> Any:
            patch_search(config.plugins, segment_chinese)
            return config

        on_config = CombinedEvent(_on_config_first, _on_config_last)

        def on_env(
            self, env: jinja2.Environment, *, config: Any, files: Files
        ) -> jinja2.Environment:
            copied.update(copied_files(files, config.docs_dir))
            folder = user_cache("jinja")
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = SafeBytecodeCache(str(folder))
            return env

        def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
            return escape_title(output, page.title)

    return EntryShell()


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
