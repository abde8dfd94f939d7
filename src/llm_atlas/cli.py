"""Command line: thin click commands that parse flags, call one function and print.

Heavy modules are imported inside each command so that `llm-atlas --help` and quick
commands start fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

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
    from llm_atlas.catalog import check_catalog

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
    from llm_atlas.catalog import load_catalog
    from llm_atlas.stats import catalog_stats, print_stats

    data = catalog_stats(load_catalog(catalog_dir))
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print_stats(data)


@main.command()
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
def schema(out_dir: Path, check: bool) -> None:
    """Write the JSON Schema of catalog files (for editors and check-jsonschema)."""
    from llm_atlas.schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(out_dir)
        for name in stale:
            click.echo(f"{out_dir / name}: stale: run `llm-atlas schema --out {out_dir}`")
        sys.exit(1 if stale else 0)
    for path in write_schemas(out_dir):
        click.echo(f"wrote {path}")
