"""Run MkDocs on the rendered docs: the build's one MkDocs call, and the plugin that joins
llm-atlas to it (the assumptions it applies are `build.seam`'s).

Takes the derived mkdocs.yml, the entry page shell's Markdown and the entry ids; gives a built
site folder, without the entry pages but with their shell, and a `MkDocsRun`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from llm_atlas.build import seam
from llm_atlas.build.caches import SafeBytecodeCache, user_cache
from llm_atlas.problems import AtlasError


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
    segment: Callable[[str], str],
) -> MkDocsRun:
    """Build CONFIG_FILE into SITE_DIR with MkDocs; return what it warned and copied (raise in
    strict mode).

    The entry pages (ENTRY_IDS) are left out and their SHELL (Markdown) is built instead, for
    `entry_pages` to fill. Files the config names are found from PROJECT_DIR; Material's
    search segments Chinese with SEGMENT.
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
        plugin = make_plugin(shell, entry_ids, project_dir, segment, run.copied)
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
    shell: str,
    entry_ids: Sequence[str],
    project_dir: Path,
    segment: Callable[[str], str],
    copied: dict[str, str],
) -> Any:
    """Return the MkDocs plugin that adds the entry page shell and the entry pages (as excluded
    files: links to them resolve, they are not built), finds the search dictionaries from
    PROJECT_DIR, has Material's search segment Chinese with SEGMENT, keeps compiled theme
    templates per user, escapes page titles, labels the search dialog, checks the search
    worker protocol, and notes in COPIED the docs files MkDocs copies as they are."""
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
            copied.update(seam.copied_files(files, config.docs_dir))
            folder = user_cache("jinja")
            if folder is not None:
                folder.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = SafeBytecodeCache(str(folder))
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
