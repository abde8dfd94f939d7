"""Commands that read the catalog and report: validate, stats, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from llm_atlas.cli.options import format_option, where_options
from llm_atlas.cli.project import Where


@click.command()
@where_options()
@format_option("text", "json", "github")
def validate(where: Where, fmt: str) -> None:
    """Check the catalog against the schema and catalog-wide rules; report every problem.

    Example: llm-atlas validate catalog/ --format github
    """
    from llm_atlas.cli.output import echo_validation
    from llm_atlas.validate import check_catalog

    catalog, problems = check_catalog(where.catalog)
    sys.exit(echo_validation(catalog, problems, fmt, where.catalog))


@click.command()
@where_options()
@format_option("text", "json")
def stats(where: Where, fmt: str) -> None:
    """Print entry counts per kind, status and topic.

    Example: llm-atlas stats --format json
    """
    from llm_atlas.stats import catalog_stats, print_stats
    from llm_atlas.validate import load_catalog

    data = catalog_stats(load_catalog(where.catalog))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_stats(data)


@click.command()
@where_options()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the schema files [default: schema/ of the project].",
)
@click.option(
    "--check", is_flag=True, help="Exit 1 if the files in --out are stale; write nothing."
)
def schema(where: Where, out_dir: Path | None, check: bool) -> None:
    """Write the JSON Schema of catalog files (for editors and check-jsonschema).

    The topic ids of the catalog's topics.yaml are listed in it, so editors complete them.

    Example: llm-atlas schema --check
    """
    from llm_atlas.schema import stale_schemas, write_schemas

    out = out_dir or where.beside("schema")
    if check:
        stale = stale_schemas(out, where.catalog)
        for name in stale:
            click.echo(f"{out / name}: stale: run `llm-atlas schema --out {out}`")
        sys.exit(1 if stale else 0)
    written = write_schemas(out, where.catalog)
    click.echo(f"wrote {', '.join(map(str, written))}" if written else f"{out} is up to date")
