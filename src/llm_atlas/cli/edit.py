"""Commands that write catalog files: init, import-markdown, fmt, new."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from llm_atlas.cli.options import where_options
from llm_atlas.cli.project import Where

LANGUAGES = ("en", "zh")


def _locale_language() -> str:
    """Return 'zh' when the user's locale is Chinese, else 'en'."""
    import locale
    import os

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name):
            return "zh" if os.environ[name].lower().startswith("zh") else "en"
    found = locale.getlocale()[0] or ""
    return "zh" if found.lower().startswith("zh") else "en"


@click.command()
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False), default=Path("."))
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="An awesome-list README to import as the catalog (instead of the example entry).",
)
@click.option("--site-name", help="Name of the site [default: the folder's name].")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=_locale_language,
    show_default="from the locale, else en",
    help="Language of the site's pages and of the example catalog.",
)
def init(directory: Path, source: Path | None, site_name: str | None, lang: str) -> None:
    """Create a new project in DIRECTORY (default: here): mkdocs.yml, catalog/, schema/, docs/,
    links.yaml, workflows and pre-commit config. Existing files are never overwritten.

    Example: llm-atlas init my-atlas --lang en --from README.md
    """
    import datetime as dt

    from llm_atlas.cli.output import fail_on
    from llm_atlas.init import init_project, next_steps

    result = init_project(
        directory, source=source, site_name=site_name, today=dt.date.today(), lang=lang
    )
    if result.report:
        click.echo(result.report)
    fail_on(result.problems, next_steps(result, failed=True))
    click.echo(next_steps(result, failed=False))


@click.command("import-markdown")
@click.argument("source", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    help="Folder for the draft catalog (topics.yaml + one file per top-level section); "
    "with --into, a folder inside that catalog for the entry files [default: CATALOG/imported].",
)
@click.option(
    "--into",
    type=click.Path(path_type=Path, exists=True, file_okay=False),
    metavar="CATALOG",
    help="Import into this existing catalog: free ids, works it holds already left out, "
    "topics appended to its topics.yaml; nothing is written if it would stop validating.",
)
@click.option("--force", is_flag=True, help="Write into an existing, non-empty --out folder.")
@click.option(
    "--topics-prefix",
    default="",
    metavar="PREFIX",
    help="Prefix every topic id with PREFIX- (to merge the draft into a catalog).",
)
@click.option(
    "--repo-tree",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Path listing of a repository; links to moved paths in it are remapped.",
)
@click.option("--repo-url", metavar="URL", help="URL of the repository --repo-tree lists.")
@click.option(
    "--added",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date for the entries' 'added' field [default: today].",
)
def import_markdown_command(source: Path, out: Path | None, **flags: Any) -> None:
    """Turn an awesome-list style Markdown README into a draft catalog and report the mapping.

    Every link that did not become data is listed with its line. A draft that does not validate
    is written all the same, with its problems listed (exit 1).

    Example: llm-atlas import-markdown README.md --out draft/
    (or: llm-atlas import-markdown README.md --into catalog --topics-prefix rag)
    """
    from llm_atlas.cli.output import fail_on

    result, out = _import(source, out, **flags)
    _echo_import(result, source, out, flags["into"])
    fail_on(
        result.problems,
        f"{len(result.problems)} problem(s) in the draft in {out}: it was written so that you "
        f"can fix them by hand, then run `llm-atlas validate {out}`",
    )


def _import(
    source: Path,
    out: Path | None,
    force: bool,
    topics_prefix: str,
    repo_tree: Path | None,
    repo_url: str | None,
    added: object,
    into: Path | None,
) -> tuple[Any, Path]:
    """Run the import the flags describe; return its result and the folder written."""
    import datetime as dt

    from llm_atlas.importer import import_markdown
    from llm_atlas.importer.remap import load_repo_tree

    if out is None and into is None:
        raise click.UsageError("give --out DIR (a new draft) or --into CATALOG (or both)")
    if (repo_tree is None) != (repo_url is None):
        raise click.UsageError("--repo-tree and --repo-url go together")
    out = out if out is not None else into / "imported" if into is not None else Path()
    tree = load_repo_tree(repo_tree, repo_url) if repo_tree and repo_url else None
    day = added.date() if isinstance(added, dt.datetime) else dt.date.today()
    result = import_markdown(
        source, out, added=day, force=force, topics_prefix=topics_prefix, tree=tree, into=into
    )
    return result, out


def _echo_import(result: Any, source: Path, out: Path, into: Path | None) -> None:
    """Print the mapping report (and, with --into, where the topics went)."""
    from llm_atlas.importer.write import format_report

    files = [f for f in result.files if into is None or f != "topics.yaml"]
    click.echo(format_report(result.report, source.name, out, files))
    if into is not None:
        click.echo(f"topics appended to {into / 'topics.yaml'}: {len(result.draft.topics)}")


@click.command()
@where_options(positional=False)
@click.option("--check", is_flag=True, help="Exit 1 and name the files that would change.")
@click.option(
    "--diff", is_flag=True, help="Show what would change as a unified diff; write nothing."
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, exists=True))
def fmt(where: Where, check: bool, diff: bool, files: tuple[Path, ...]) -> None:
    """Format catalog files canonically (key order, quoting, indentation), keeping comments,
    line endings and BOM. A file whose comments cannot be kept is left as is, with the reason.

    FILES (files, catalog folders or project folders) default to topics.yaml and every entry
    file of the catalog.

    Example: llm-atlas fmt --diff catalog/
    """
    from llm_atlas.cli.output import echo_fmt
    from llm_atlas.cli.project import catalog_of
    from llm_atlas.edit.fmt import fmt_files, fmt_paths

    paths = fmt_paths([catalog_of(f) if f.is_dir() else f for f in files], where.catalog)
    changed, problems = fmt_files(paths, check=check or diff, diff=diff)
    sys.exit(echo_fmt(changed, problems, paths, check, diff))


def _complete_topics(ctx: click.Context, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    from llm_atlas.cli.project import locate
    from llm_atlas.schema import topic_ids

    where = locate(ctx.params.get("directory"), ctx.params.get("catalog_dir"), None)
    found = topic_ids(where.catalog)
    return [CompletionItem(t, help=title) for t, title in found if t.startswith(incomplete)]


@click.command()
@click.argument("kind")
@where_options()
@click.option("--id", "entry_id", help="Entry id (a slug); proposed from the title or URL.")
@click.option("--title", help="Title as written (usually Chinese).")
@click.option("--title-en", help="English title.")
@click.option("--url", help="Where to read it.")
@click.option(
    "--topic",
    "topics",
    multiple=True,
    shell_complete=lambda ctx, param, incomplete: _complete_topics(ctx, incomplete),
    help="Topic id (repeat, or comma-separate); the shell completes them.",
)
@click.option(
    "--status",
    type=click.Choice(["published", "planned"]),
    help="'planned' for an announced, unwritten item (it needs no --url) [default: published].",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    help="Language of the content [default: the site's, e.g. zh for zhihu.com, en for arXiv].",
)
@click.option("--year", type=int, help="Year of publication [default: an arXiv id's year].")
@click.option("--author", "authors", multiple=True, help="Author (repeat for several).")
@click.option("--tag", "tags", multiple=True, help="Keyword (repeat for several).")
@click.option("--related", multiple=True, help="Id of a related entry (repeat for several).")
@click.option("--description", help="A sentence or two on what it covers.")
@click.option(
    "--arxiv",
    "arxiv_ref",
    metavar="ID",
    help="Fill a paper's title, authors, year and URL from the arXiv API (any id or URL "
    "form; other flags win; with all four given, arXiv is not asked).",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Any other field, e.g. --set arxiv=2106.09685 --set languages=zh,en.",
)
@click.option(
    "--file",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Catalog file to append to [default: the file holding entries of the first topic, "
    "else of its parent or a subtopic, else the file named after it, else the only one].",
)
@click.option(
    "--prompt/--no-prompt",
    default=None,
    help="Ask for the fields of the kind ('?' lists topics) [default: when stdin is a terminal].",
)
def new(kind: str, where: Where, prompt: bool | None, **flags: Any) -> None:
    """Add a KIND entry (tutorial, article, paper, benchmark, dataset, tool, code, course) at the
    end of the right catalog file, changing no other byte of it.

    Example: llm-atlas new paper --url https://arxiv.org/abs/2402.09353 --topic peft
    """
    from llm_atlas.edit.new_flags import describe, new_from_flags

    click.echo(describe(new_from_flags(kind, where.catalog, flags, prompt=prompt)))
