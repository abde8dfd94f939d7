"""Run MkDocs on the rendered docs: the build's one MkDocs call, and the plugins that join
llm-atlas to it (the assumptions they apply are `build.seam`'s).

Takes the derived mkdocs.yml, the entry page shell's Markdown and the entry ids; gives a built
site folder, without the entry pages but with their shell, and a `MkDocsRun`. With a `Partial`,
MkDocs makes only the pages named (`KeepPages`), into an overlay of the last site.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llm_atlas.build import seam
from llm_atlas.build.site_folder import replace_file
from llm_atlas.problems import AtlasError
from llm_atlas.user_cache import compiled_templates


@dataclass
class MkDocsRun:
    """What a MkDocs run left besides the site: its warnings, and the docs files it copied as
    they are (docs path → site path), after its own exclusion rules (exclude_docs, drafts)."""

    warnings: list[str] = field(default_factory=list)
    copied: dict[str, str] = field(default_factory=dict)
    pages: dict[str, Any] | None = field(default_factory=dict)  # `page_record` per docs page


@dataclass(frozen=True)
class Partial:
    """Make only the pages REBUILD (docs paths) and the files every page lists (sitemap, 404,
    search index); keep the others as the site folder holds them, as PAGES (their
    `page_record`s of the last build) describe them."""

    rebuild: frozenset[str]
    pages: dict[str, Any]


def run_mkdocs(
    config_file: Path,
    site_dir: Path,
    strict: bool,
    shell: str,
    entry_ids: Sequence[str],
    project_dir: Path,
    segment: Callable[[str], str],
    partial: Partial | None = None,
) -> MkDocsRun:
    """Build CONFIG_FILE into SITE_DIR with MkDocs; return what it warned and copied (raise in
    strict mode).

    The entry pages (ENTRY_IDS) are left out and their SHELL (Markdown) is built instead, for
    `entry_pages` to fill. Files the config names are found from PROJECT_DIR; Material's
    search segments Chinese with SEGMENT. PARTIAL: see `Partial`.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    run = MkDocsRun()

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            message = record.getMessage()
            if record.levelno >= logging.WARNING and not message.startswith(seam.DIRTY_WARNING):
                run.warnings.append(message)

    logger = logging.getLogger("mkdocs")
    handler = Collect()
    logger.addHandler(handler)
    old_propagate, logger.propagate = logger.propagate, False
    forget_hook_bytecode(config_file)
    seam.reload_hooks()
    try:
        config = load_config(str(config_file), site_dir=str(site_dir.resolve()), strict=strict)
        plugin = make_plugin(shell, entry_ids, project_dir, segment, run)
        config.plugins["llm-atlas/entry-shell"] = plugin
        if partial is not None:
            config.plugins["llm-atlas/keep-pages"] = keep_pages(partial)
        build(config, dirty=partial is not None)
    except MkDocsException as exc:
        problems = "\n".join(f"  {w}" for w in run.warnings)
        raise AtlasError(
            f"MkDocs build failed: {exc}" + (f"\n{problems}" if problems else "")
        ) from exc
    finally:
        logger.removeHandler(handler)
        logger.propagate = old_propagate
    return run


def forget_hook_bytecode(config_file: Path) -> None:
    """Remove the compiled bytecode of the hooks CONFIG_FILE names: Python reuses it while the
    source keeps its size and second of modification, so a quick edit would not run."""
    from llm_atlas.render.config import read_config

    hooks = read_config(config_file).get("hooks")
    for hook in hooks if isinstance(hooks, list) else []:
        if isinstance(hook, str) and hook.endswith(".py"):
            Path(importlib.util.cache_from_source(hook)).unlink(missing_ok=True)


def make_plugin(
    shell: str,
    entry_ids: Sequence[str],
    project_dir: Path,
    segment: Callable[[str], str],
    run: MkDocsRun,
) -> Any:
    """Return the MkDocs plugin that adds the entry page shell and the entry pages (as excluded
    files: links to them resolve, they are not built), finds the search dictionaries from
    PROJECT_DIR, has Material's search segment Chinese with SEGMENT, keeps compiled theme
    templates per user, escapes page titles, labels the search dialog, checks the search
    worker protocol, and notes in RUN the docs files MkDocs copies as they are and each page's
    `page_record`."""
    import jinja2
    from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
    from mkdocs.structure.files import File, Files, InclusionLevel

    labelled: list[bool] = []

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
                    config, seam.SHELL_SOURCE, content=shell, inclusion=InclusionLevel.NOT_IN_NAV
                )
            )
            return files

        @event_priority(100)  # before Material's search reads them
        def _on_config_first(self, config: Any) -> Any:
            seam.locate_dictionaries(config.plugins, project_dir)
            return config

        @event_priority(-100)  # after Material's search made its index
        def _on_config_last(self, config: Any) -> Any:
            seam.patch_search(config.plugins, segment)
            return config

        on_config = CombinedEvent(_on_config_first, _on_config_last)

        def on_env(
            self, env: jinja2.Environment, *, config: Any, files: Files
        ) -> jinja2.Environment:
            run.copied.update(seam.copied_files(files, config.docs_dir))
            run.pages = seam.page_records(files)
            env.bytecode_cache = compiled_templates()
            self.label = seam.search_label(env, config)
            return env

        def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
            output, found = seam.label_search_dialog(output, self.label)
            labelled.append(found)
            return seam.escape_title(output, page.title)

        def on_post_build(self, *, config: Any) -> None:
            if labelled and not any(labelled):
                seam.log.warning(
                    "no page has Material's search dialog (%s): it has no accessible name",
                    seam.SEARCH_DIALOG,
                )
            script = Path(config.site_dir) / seam.RANK_SCRIPT
            rank = script.read_text(encoding="utf-8") if script.is_file() else None
            seam.check_worker_protocol(config.theme.dirs, rank)

    return EntryShell()


def keep_pages(partial: Partial) -> Any:
    """Return the MkDocs plugin of a `Partial` run, made with `build(dirty=True)` into an
    overlay of the last site that holds its search index as a hard link (so each file MkDocs
    writes is removed first, never written through)."""
    from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
    from mkdocs.structure.files import Files

    def unmodified() -> bool:
        return False

    class KeepPages(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        old_docs: list[dict[str, Any]] = []  # noqa: RUF012 - set per run

        def on_nav(self, nav: Any, *, config: Any, files: Files) -> Any:
            for file in files:
                if file.src_uri not in partial.rebuild and not file.generated_by:
                    file.is_modified = unmodified  # type: ignore[method-assign]
            return nav

        def on_env(self, env: Any, *, config: Any, files: Files) -> Any:
            seam.restore_pages(files, partial.pages, partial.rebuild)
            return env

        @event_priority(-100)  # the last word before MkDocs writes the page
        def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
            Path(page.file.abs_dest_path).unlink(missing_ok=True)
            return output

        def on_post_template(self, output: str, *, template_name: str, config: Any) -> str:
            target = Path(config.site_dir) / template_name
            target.unlink(missing_ok=True)
            target.with_name(target.name + ".gz").unlink(missing_ok=True)
            return output

        @event_priority(100)  # before Material's search writes its index (of these pages)
        def _before_index(self, *, config: Any) -> None:
            path = Path(config.site_dir) / seam.SEARCH_INDEX
            self.old_docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
            path.unlink()

        @event_priority(-100)
        def _after_index(self, *, config: Any) -> None:
            path = Path(config.site_dir) / seam.SEARCH_INDEX
            data = json.loads(path.read_text(encoding="utf-8"))
            urls = [record["url"] for record in partial.pages.values()]
            rebuilt = {partial.pages[src]["url"] for src in partial.rebuild if src in partial.pages}
            data["docs"] = seam.merge_page_docs(self.old_docs, data["docs"], urls, rebuilt)
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            replace_file(path, text.encode("utf-8"))

        on_post_build = CombinedEvent(_before_index, _after_index)

    return KeepPages()
