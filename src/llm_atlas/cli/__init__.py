"""Command line: thin click commands that parse flags, call one function and print.

The commands live by what they touch: `check` (validate, stats, schema), `edit` (init,
import-markdown, fmt, new), `links` (check-links, fix-links, refresh), `site` (build, render,
serve); `options` declares the option groups they share once, `project` finds the project a
command acts on. Heavy modules are imported inside each command so that `llm-atlas --help`
starts fast.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from llm_atlas import __version__
from llm_atlas.cli import check, edit, links, site

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for Ctrl-C


class AtlasGroup(click.Group):
    """click's group, with Ctrl-C exiting 130 as shells expect (click says 'Aborted!', 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            pass
        except click.Abort as exc:  # a prompt turns Ctrl-C into Abort; end-of-input stays 1
            if not isinstance(exc.__context__, KeyboardInterrupt):
                raise
        click.echo("\ninterrupted", err=True)
        raise click.exceptions.Exit(EXIT_INTERRUPTED)


@click.group(
    cls=AtlasGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="llm-atlas")
def main() -> None:
    """Publish a curated LLM-engineering knowledge base from a YAML catalog.

    Every command acts on the project it is run in (the nearest folder up from here with
    mkdocs.yml or catalog/), or on the catalog folder DIR names.

    Example: llm-atlas init my-atlas && cd my-atlas && llm-atlas build
    """


for command in (
    check.validate,
    check.stats,
    check.schema,
    links.check_links_command,
    links.fix_links_command,
    links.refresh,
    edit.import_markdown_command,
    edit.init,
    edit.fmt,
    edit.new,
    site.build,
    site.render,
    site.serve,
):
    main.add_command(command)


def run() -> None:
    """The `llm-atlas` command: `main`, then exit without tearing the heap down.

    A 10k-entry render leaves a few hundred MB of small objects; freeing them one by one at
    exit took a second. Every file is closed by then and the output is flushed here.
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:  # between click's handlers, e.g. while importing a command
        code = EXIT_INTERRUPTED
    else:  # pragma: no cover - click's standalone mode always raises SystemExit
        code = 0
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        click.echo(code, err=True)
        status = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
