"""Command line: thin click commands that parse flags, call one function and print.

Heavy modules are imported inside each command so that `llm-atlas --help` and quick
commands start fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click

from llm_atlas import __version__

catalog_option = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("catalog"),
    show_default=True,
    help="Catalog folder (topics.yaml + *.yaml).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="llm-atlas")
def main() -> None:
    """Publish a curated LLM-engineering knowledge base from a YAML catalog."""


@main.command()
@catalog_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Output format (github: pull-request annotations).",
)
def validate(catalog_dir: Path, fmt: str) -> None:
    """Check the catalog against the schema and catalog-wide rules; report every problem."""
    from llm_atlas.validate import check_catalog

    catalog, problems = check_catalog(catalog_dir)
    errors = [p for p in problems if p.severity == "error"]
    entries = len(catalog.entries) if catalog else 0
    if fmt == "json":
        payload = {
            "ok": not errors,
            "entries": entries,
            "problems": [p.to_dict() for p in problems],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(problem.format_github() if fmt == "github" else problem.format_text())
        if fmt == "text":
            topics = len(catalog.topics) if catalog else 0
            summary = (
                f"{len(errors)} error(s) in {catalog_dir}"
                if errors
                else f"ok: {entries} entries, {topics} topics in {catalog_dir}"
            )
            click.echo(summary, err=bool(errors))
    sys.exit(1 if errors else 0)


@main.command()
@catalog_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def stats(catalog_dir: Path, fmt: str) -> None:
    """Print entry counts per kind, status and topic."""
    from llm_atlas.stats import catalog_stats, print_stats
    from llm_atlas.validate import load_catalog

    data = catalog_stats(load_catalog(catalog_dir))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_stats(data)


@main.command()
@catalog_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("schema"),
    show_default=True,
    help="Folder for the schema files.",
)
@click.option(
    "--check", is_flag=True, help="Exit 1 if the files in --out are stale; write nothing."
)
def schema(catalog_dir: Path, out_dir: Path, check: bool) -> None:
    """Write the JSON Schema of catalog files (for editors and check-jsonschema).

    The topic ids of --catalog's topics.yaml are listed in it, so editors complete them.

    Example: llm-atlas schema --check
    """
    from llm_atlas.schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(out_dir, catalog_dir)
        for name in stale:
            click.echo(f"{out_dir / name}: stale: run `llm-atlas schema --out {out_dir}`")
        sys.exit(1 if stale else 0)
    written = write_schemas(out_dir, catalog_dir)
    shown = ", ".join(str(p) for p in written)
    click.echo(f"wrote {shown}" if written else f"{out_dir} is up to date")


def _link_options(func: Any) -> Any:
    """Add the flags shared by check-links and fix-links."""
    options = [
        catalog_option,
        click.option(
            "--config",
            "config",
            type=click.Path(path_type=Path, dir_okay=False),
            help="Link config (default: ./links.yaml if present, else built-in ones).",
        ),
        click.option(
            "--cache",
            "cache",
            type=click.Path(path_type=Path, dir_okay=False),
            default=Path(".cache/llm-atlas/links.json"),
            show_default=True,
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
        click.option(
            "--max-age",
            default="7d",
            show_default=True,
            help="Re-check cached good results older than this (90s, 30m, 12h, 7d).",
        ),
        click.option(
            "--max-concurrency",
            type=click.IntRange(1, 1024),
            default=64,
            show_default=True,
            help="Requests in flight at once, all hosts together.",
        ),
        click.option(
            "--host-concurrency",
            type=click.IntRange(1, 64),
            default=4,
            show_default=True,
            help="Requests in flight at once per host.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(0.1, 600),
            default=20.0,
            show_default=True,
            help="Seconds for one attempt at a URL (connect, redirects and body).",
        ),
        click.option(
            "--changed-since",
            metavar="REF",
            help="Check only entries added or changed since this git ref.",
        ),
        click.option("--shard", metavar="I/N", help="Check only shard I of N (stable split)."),
        click.option(
            "--allow-private",
            is_flag=True,
            help="Also connect to loopback, private and link-local addresses (skipped otherwise).",
        ),
        click.option(
            "--retries",
            type=click.IntRange(0, 10),
            help="Retries of a transient failure (default: retries in links.yaml, else 2).",
        ),
        click.option(
            "--exclude",
            metavar="REGEX",
            multiple=True,
            help="Skip URLs this regular expression finds (repeatable; adds to links.yaml).",
        ),
        click.option(
            "--exclude-host",
            metavar="HOST",
            multiple=True,
            help="Skip URLs on this host and its subdomains (repeatable; adds to links.yaml).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@main.command("check-links")
@_link_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "github"]),
    default="text",
    show_default=True,
)
@click.option(
    "--fail-on",
    default="broken",
    show_default=True,
    help="Comma list of statuses that fail the run "
    "(broken,blocked,timeout,missing-anchor,redirected).",
)
@click.option(
    "--fail-after",
    type=int,
    default=1,
    show_default=True,
    help="Fail on a URL only after this many consecutive failing runs.",
)
@click.option(
    "--report",
    "reports",
    metavar="FORMAT:PATH",
    multiple=True,
    callback=lambda ctx, param, value: tuple(_report_spec(v) for v in value),
    help="Also write the report in FORMAT (text, json, markdown, github) to PATH; repeatable.",
)
@click.option("--fix", is_flag=True, help="Also rewrite permanently redirected URLs in place.")
@click.option("--dump", is_flag=True, help="List the URLs that would be checked; request nothing.")
def check_links_command(
    fmt: str,
    fail_on: str,
    fail_after: int,
    reports: tuple[tuple[str, Path], ...],
    fix: bool,
    dump: bool,
    **flags: Any,
) -> None:
    """Check every URL of the catalog: ok, redirected, broken, blocked, timeout, missing-anchor
    or skipped."""
    from llm_atlas.links.run import exit_code, options_from_flags, run_check, run_dump, run_fix

    opts = options_from_flags(
        flags, fmt=fmt, fail_on=fail_on, fail_after=fail_after, reports=reports
    )
    if dump:
        sys.exit(run_dump(opts))
    report, failing = run_check(opts)
    if fix and not report.interrupted:
        run_fix(report, opts.catalog)
    sys.exit(exit_code(report, failing))


def _report_spec(value: str) -> tuple[str, Path]:
    from llm_atlas.links.run import REPORT_FORMATS

    fmt, sep, path = value.partition(":")
    if not sep or fmt not in REPORT_FORMATS or not path:
        raise click.BadParameter(
            f"{value!r}: expected FORMAT:PATH with FORMAT one of {', '.join(REPORT_FORMATS)}, "
            "e.g. markdown:link-report.md",
            param_hint="--report",
        )
    return fmt, Path(path)


@main.command("fix-links")
@_link_options
def fix_links_command(**flags: Any) -> None:
    """Rewrite permanently redirected URLs in the YAML files, changing nothing else."""
    from llm_atlas.links.run import EXIT_INTERRUPTED, options_from_flags, run_check, run_fix

    opts = options_from_flags(flags, fmt="quiet", fail_on="none", fail_after=1)
    report, _ = run_check(opts)
    if report.interrupted:
        sys.exit(EXIT_INTERRUPTED)
    run_fix(report, opts.catalog)


@main.command()
@catalog_option
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data"),
    show_default=True,
    help="Data folder (links.json, repos.json, papers.json, archive.json).",
)
@click.option(
    "--only",
    default="links,repos,papers,archive",
    show_default=True,
    help="Comma list of steps to run.",
)
@click.option(
    "--links-report",
    "links_reports",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Take link results from `check-links --format json` reports (repeatable) "
    "instead of checking.",
)
@click.option(
    "--config",
    "link_config",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Link config (default: ./links.yaml if present).",
)
@click.option("--shard", metavar="I/N", help="Check only shard I of N of the links.")
@click.option(
    "--max-concurrency",
    type=click.IntRange(1, 1024),
    default=64,
    show_default=True,
    help="Link check: requests in flight at once, all hosts together.",
)
@click.option(
    "--host-concurrency",
    type=click.IntRange(1, 64),
    default=4,
    show_default=True,
    help="Link check: requests in flight at once per host.",
)
@click.option(
    "--allow-private", is_flag=True, help="Let the link check connect to private addresses."
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 600),
    default=20.0,
    show_default=True,
    help="Seconds for one request.",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(0, 3600),
    default=60.0,
    show_default=True,
    help="Longest rate-limit wait; a longer one stops that step, keeping what it gathered.",
)
@click.option(
    "--summary",
    "summary_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a Markdown summary of what changed (a pull request's body).",
)
def refresh(summary_path: Path | None, **flags: Any) -> None:
    """Gather link health, GitHub repository facts, arXiv metadata and archived copies into DATA.

    API base URLs: LLM_ATLAS_GITHUB_API, LLM_ATLAS_ARXIV_API, LLM_ATLAS_WAYBACK_API; a token
    from GITHUB_TOKEN.
    """
    from llm_atlas.refresh.run import refresh_from_flags

    refresh_from_flags(flags, summary_path)


@main.command("import-markdown")
@click.argument("source", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder for the draft catalog (topics.yaml + one file per top-level section).",
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
def import_markdown_command(
    source: Path,
    out: Path,
    force: bool,
    topics_prefix: str,
    repo_tree: Path | None,
    repo_url: str | None,
    added: object,
) -> None:
    """Turn an awesome-list style Markdown README into a draft catalog and report the mapping.

    Every link that did not become data is listed with its line. A draft that does not validate
    is written all the same, with its problems listed (exit 1).

    Example: llm-atlas import-markdown README.md --out draft/
    """
    import datetime as dt

    from llm_atlas.importer import import_markdown
    from llm_atlas.importer.remap import load_repo_tree
    from llm_atlas.importer.write import format_report
    from llm_atlas.problems import AtlasError

    if (repo_tree is None) != (repo_url is None):
        raise click.UsageError("--repo-tree and --repo-url go together")
    tree = load_repo_tree(repo_tree, repo_url) if repo_tree and repo_url else None
    day = added.date() if isinstance(added, dt.datetime) else dt.date.today()
    result = import_markdown(
        source, out, added=day, force=force, topics_prefix=topics_prefix, tree=tree
    )
    click.echo(format_report(result.report, source.name, out, list(result.files)))
    if result.problems:
        for problem in result.problems:
            click.echo(problem.format_text(), err=True)
        raise AtlasError(
            f"{len(result.problems)} problem(s) in the draft in {out}: it was written so that "
            f"you can fix them by hand, then run `llm-atlas validate --catalog {out}`"
        )


@main.command()
@click.argument(
    "directory", type=click.Path(path_type=Path, file_okay=False), default=Path("."), required=False
)
@click.option(
    "--from",
    "source",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="An awesome-list README to import as the catalog (instead of the example entry).",
)
@click.option("--site-name", help="Name of the site [default: the folder's name].")
def init(directory: Path, source: Path | None, site_name: str | None) -> None:
    """Create a new project in DIRECTORY (default: here): mkdocs.yml, catalog/, schema/, docs/,
    links.yaml, workflows and pre-commit config. Existing files are never overwritten.

    Example: llm-atlas init my-atlas --from README.md
    """
    import datetime as dt

    from llm_atlas.init import init_project
    from llm_atlas.problems import AtlasError, display_path

    result = init_project(directory, source=source, site_name=site_name, today=dt.date.today())
    if result.report:
        click.echo(result.report)
    shown = display_path(directory)
    if result.problems:
        for problem in result.problems:
            click.echo(problem.format_text(), err=True)
        raise AtlasError(
            f"{len(result.problems)} problem(s) in the imported catalog in {shown}: fix them by "
            f"hand, then run `llm-atlas validate` there"
        )
    go = "llm-atlas serve" if shown == "." else f"cd {shown} && llm-atlas serve"
    click.echo(f"created {len(result.files)} files in {shown}: {go} previews the site")


@main.command()
@catalog_option
@click.option("--check", is_flag=True, help="Exit 1 and name the files that would change.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
def fmt(catalog_dir: Path, check: bool, files: tuple[Path, ...]) -> None:
    """Format catalog files canonically (key order, quoting, indentation), keeping comments,
    line endings and BOM. A file whose comments cannot be kept is left as is, with the reason.

    FILES default to topics.yaml and every entry file of --catalog.

    Example: llm-atlas fmt --check
    """
    from llm_atlas.edit.fmt import catalog_paths, fmt_files
    from llm_atlas.problems import AtlasError, display_path

    if not files and not catalog_dir.is_dir():
        message = f"catalog folder '{catalog_dir}' does not exist: pass --catalog DIR"
        raise AtlasError(message, exit_code=2)
    paths = list(files) or catalog_paths(catalog_dir)
    changed, problems = fmt_files(paths, check=check)
    for problem in problems:
        click.echo(problem.format_text(), err=True)
    names = ", ".join(display_path(p) for p in changed)
    if check and changed:
        click.echo(f"{len(changed)} of {len(paths)} file(s) would be reformatted: {names}")
        click.echo("run `llm-atlas fmt` to reformat them", err=True)
    elif changed:
        click.echo(f"reformatted {len(changed)} of {len(paths)} file(s): {names}")
    elif not problems:
        click.echo(f"{len(paths)} file(s) already formatted")
    if problems:
        click.echo(f"{len(problems)} problem(s): those files were left as they are", err=True)
    sys.exit(1 if problems or (check and changed) else 0)


@main.command()
@click.argument("kind")
@catalog_option
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
    "form; other flags win).",
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
    help="Catalog file to append to [default: the file with most entries of the first topic].",
)
@click.option(
    "--prompt/--no-prompt",
    default=None,
    help="Ask for the fields of the kind ('?' lists topics) [default: when stdin is a terminal].",
)
def new(
    kind: str,
    catalog_dir: Path,
    entry_id: str | None,
    topics: tuple[str, ...],
    settings: tuple[str, ...],
    target: Path | None,
    prompt: bool | None,
    arxiv_ref: str | None,
    **options: Any,
) -> None:
    """Add a KIND entry (tutorial, article, paper, benchmark, dataset, tool, code, course) at the
    end of the right catalog file, changing no other byte of it.

    Example: llm-atlas new paper --url https://arxiv.org/abs/2402.09353 --topic peft
    """
    import datetime as dt

    from llm_atlas.edit.new import (
        add_entry,
        check_kind,
        missing_flags,
        parse_setting,
        resolve_target,
    )
    from llm_atlas.edit.prompts import check_flags, fill_defaults, load_for_new, prompt_fields
    from llm_atlas.problems import AtlasError, display_path

    check_kind(kind)
    fields: dict[str, Any] = {k: v for k, v in options.items() if v not in (None, ())}
    fields = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
    if entry_id:
        fields["id"] = entry_id
    topic_ids = [t.strip() for raw in topics for t in raw.split(",") if t.strip()]
    if topic_ids:
        fields["topics"] = topic_ids
    fields.update(parse_setting(kind, s) for s in settings)
    if arxiv_ref is not None:
        from llm_atlas.refresh.arxiv import paper_fields
        from llm_atlas.refresh.step import context_from_env

        for key, value in paper_fields(kind, arxiv_ref, context_from_env()).items():
            fields.setdefault(key, value)
    path = resolve_target(catalog_dir, target) if target is not None else None
    catalog = load_for_new(catalog_dir)
    check_flags(catalog, kind, fields)
    if prompt if prompt is not None else sys.stdin.isatty():
        prompt_fields(catalog, kind, fields)
    missing = missing_flags(fields)
    if missing:
        message = f"missing {', '.join(missing)} (or run in a terminal to be asked)"
        raise AtlasError(message, exit_code=2)
    fill_defaults(kind, fields)
    added = add_entry(catalog_dir, kind, fields, path, dt.date.today())
    click.echo(f"added '{added.entry_id}' at {display_path(added.path)}:{added.line}")


def _complete_topics(ctx: click.Context, incomplete: str) -> list[Any]:
    from click.shell_completion import CompletionItem

    from llm_atlas.schema import topic_ids

    root = ctx.params.get("catalog_dir") or Path("catalog")
    found = topic_ids(root)
    return [CompletionItem(t, help=title) for t, title in found if t.startswith(incomplete)]


project_option = click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="Site config; its folder is the project (docs/, templates/, data/). Without one, "
    "llm-atlas' defaults are used.",
)
site_name_option = click.option(
    "--site-name", default=None, help="The site's name [default: the config's, else the folder's]."
)


def say_defaults(config_file: Path) -> None:
    """Say in one line that a project without a config is built with the defaults."""
    if not config_file.is_file():
        click.echo(
            f"no {config_file} here: using llm-atlas' defaults (Material, Chinese search); "
            "`llm-atlas init` writes a config to edit",
            err=True,
        )


@main.command()
@catalog_option
@project_option
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to write the site [default: site/ beside the config].",
)
@click.option(
    "--render-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where to keep the rendered pages and what the next build reuses "
    "[default: .cache/llm-atlas/render beside the config]; give each of two builds running "
    "at once its own.",
)
@click.option("--strict", is_flag=True, help="Fail on any MkDocs warning (broken links, anchors).")
@click.option(
    "--clean", is_flag=True, help="Ignore what earlier builds left: render and build everything."
)
@site_name_option
def build(
    catalog_dir: Path,
    config_file: Path,
    site_dir: Path | None,
    render_dir: Path | None,
    strict: bool,
    clean: bool,
    site_name: str | None,
) -> None:
    """Validate the catalog, render it and build the static site (swapped in only on success).

    Example: llm-atlas build --site-dir public --strict
    """
    from llm_atlas.build.pipeline import build_site, format_report

    say_defaults(config_file)
    project = config_file.parent
    report = build_site(
        catalog_dir,
        project,
        site_dir or project / "site",
        strict=strict,
        clean=clean,
        config_name=config_file.name,
        render_dir=render_dir,
        freeze=True,
        site_name=site_name,
    )
    click.echo(format_report(report))


@main.command()
@catalog_option
@project_option
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for docs/ and a ready mkdocs.yml (created; must be empty or ours).",
)
@site_name_option
def render(catalog_dir: Path, config_file: Path, out_dir: Path, site_name: str | None) -> None:
    """Render the catalog to Markdown plus a mkdocs.yml that any MkDocs-compatible engine builds."""
    from llm_atlas.build.pipeline import render_project
    from llm_atlas.render.config import load_site_config
    from llm_atlas.validate import load_catalog

    say_defaults(config_file)
    config = load_site_config(config_file, site_name)
    catalog = load_catalog(catalog_dir, freeze=True)
    stats = render_project(catalog, config_file.parent, out_dir, config)
    click.echo(
        f"rendered {stats.pages} pages ({stats.files} files, {stats.written} written, "
        f"{stats.removed} removed) into {out_dir}; build with: cd {out_dir} && mkdocs build"
    )


@main.command()
@catalog_option
@project_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@site_name_option
def serve(
    catalog_dir: Path, config_file: Path, host: str, port: int, site_name: str | None
) -> None:
    """Preview the site; re-render and rebuild when the catalog, templates or docs change."""
    from llm_atlas.build.serve import serve_site

    say_defaults(config_file)
    serve_site(catalog_dir, config_file.parent, config_file.name, host, port, site_name)


def run() -> None:
    """The `llm-atlas` command: `main`, then exit without tearing the heap down.

    A 10k-entry render leaves a few hundred MB of small objects; freeing them one by one at
    exit took a second. Every file is closed by then and the output is flushed here.
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code
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
