"""Commands that make the site: build, render, serve."""

from __future__ import annotations

from pathlib import Path

import click

from llm_atlas.cli.options import site_name_option, where_options
from llm_atlas.cli.project import Where


def say_defaults(config_file: Path) -> None:
    """Say in one line that a project without a config is built with the defaults."""
    if not config_file.is_file():
        click.echo(
            f"no {config_file} here: using llm-atlas' defaults (Material, Chinese search); "
            "`llm-atlas init` writes a config to edit",
            err=True,
        )


def warn_site_url(config_file: Path, site_name: str | None) -> None:
    """Warn, in one line, that a site without `site_url` has no feeds, sitemap or canonical
    links, and say how to set it (the words `serve` uses too)."""
    from llm_atlas.render.config import load_site_config, site_url_warning

    warning = site_url_warning(load_site_config(config_file, site_name), config_file)
    if warning:
        click.echo(f"warning: {warning}", err=True)


@click.command()
@where_options(project=True)
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
    where: Where,
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

    say_defaults(where.config)
    warn_site_url(where.config, site_name)
    project, config_name = where.config.parent, where.config.name
    report = build_site(
        where.catalog, project, site_dir or project / "site", strict=strict, clean=clean,
        config_name=config_name, render_dir=render_dir, freeze=True, site_name=site_name,
    )  # fmt: skip
    click.echo(format_report(report))


@click.command()
@where_options(project=True)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="Folder for docs/ and a ready mkdocs.yml (created; must be empty or ours).",
)
@site_name_option
def render(where: Where, out_dir: Path, site_name: str | None) -> None:
    """Render the catalog to Markdown plus a mkdocs.yml that any MkDocs-compatible engine builds.

    Example: llm-atlas render --out rendered && cd rendered && mkdocs build
    """
    from llm_atlas.build.pipeline import render_project
    from llm_atlas.render.config import load_site_config
    from llm_atlas.validate import load_catalog

    say_defaults(where.config)
    config = load_site_config(where.config, site_name)
    stats = render_project(
        load_catalog(where.catalog, freeze=True), where.config.parent, out_dir, config
    )
    click.echo(
        f"rendered {stats.pages} pages ({stats.files} files, {stats.written} written, "
        f"{stats.removed} removed) into {out_dir}; build with: cd {out_dir} && mkdocs build"
    )


@click.command()
@where_options(project=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@site_name_option
def serve(where: Where, host: str, port: int, site_name: str | None) -> None:
    """Preview the site; re-render and rebuild when the catalog, templates or docs change.

    Example: llm-atlas serve --port 8001
    """
    from llm_atlas.build.serve import serve_site

    say_defaults(where.config)
    serve_site(where.catalog, where.config.parent, where.config.name, host, port, site_name)
