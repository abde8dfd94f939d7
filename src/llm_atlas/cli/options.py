"""The option groups commands share, each declared once: where (DIR, --catalog, --config), the
link check's options (check-links, fix-links and refresh), the site's name."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from llm_atlas.cli.project import locate

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def apply(options: Sequence[Decorator], func: Callable[..., Any]) -> Callable[..., Any]:
    """Return FUNC with OPTIONS applied, the first listed shown first in --help."""
    for option in reversed(options):
        func = option(func)
    return func


def where_options(*, positional: bool = True, project: bool = False) -> Decorator:
    """Add `[DIR]` and `--catalog` (and, with PROJECT, the site's `--config`); hand the command
    `where`, the project they name (see `project.locate`)."""
    options: list[Decorator] = [
        click.option(
            "--catalog",
            "catalog_dir",
            type=click.Path(path_type=Path, file_okay=False),
            help="Catalog folder (topics.yaml + *.yaml) [default: catalog/ of the project: the "
            "nearest folder up from here with mkdocs.yml or catalog/].",
        )
    ]
    if positional:
        path = click.Path(path_type=Path, file_okay=False)
        # DIR: a catalog folder (with topics.yaml) or a project folder (with mkdocs.yml)
        options.insert(0, click.argument("directory", type=path, required=False, metavar="[DIR]"))
    if project:
        options.append(
            click.option(
                "--config",
                "config_file",
                type=click.Path(path_type=Path, dir_okay=False),
                help="Site config; its folder is the project (docs/, templates/, data/) "
                "[default: mkdocs.yml of the project; without one, llm-atlas' defaults].",
            )
        )

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(
            *args: Any,
            directory: Path | None = None,
            catalog_dir: Path | None = None,
            config_file: Path | None = None,
            **kwargs: Any,
        ) -> Any:
            return func(*args, where=locate(directory, catalog_dir, config_file), **kwargs)

        return apply(options, wrapper)

    return decorate


def format_option(*choices: str) -> Decorator:
    """Add `--format` with CHOICES, the first the default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format."
        + (" github: pull-request annotations." if "github" in choices else ""),
    )


site_name_option = click.option(
    "--site-name", default=None, help="The site's name [default: the config's, else the folder's]."
)

# The link check's options, declared once; check-links and fix-links take them all, refresh the
# ones its link step uses (LINK_STEP).
LINK = {
    "config": click.option(
        "--config",
        "config",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Link config [default: links.yaml of the project if present, else built-in rules].",
    ),
    "cache": click.option(
        "--cache",
        "cache",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Link cache [default: .cache/llm-atlas/links.json of the project].",
    ),
    "no_cache": click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
    "max_age": click.option(
        "--max-age",
        default="7d",
        show_default=True,
        help="Re-check cached good results older than this (90s, 30m, 12h, 7d).",
    ),
    "max_concurrency": click.option(
        "--max-concurrency",
        type=click.IntRange(1, 1024),
        default=64,
        show_default=True,
        help="Requests in flight at once, all hosts together.",
    ),
    "host_concurrency": click.option(
        "--host-concurrency",
        type=click.IntRange(1, 64),
        default=4,
        show_default=True,
        help="Requests in flight at once per host.",
    ),
    "timeout": click.option(
        "--timeout",
        type=click.FloatRange(0.1, 600),
        default=20.0,
        show_default=True,
        help="Seconds for one attempt at a URL (connect, redirects and body).",
    ),
    "changed_since": click.option(
        "--changed-since",
        metavar="REF",
        help="Check only entries added or changed since this git ref.",
    ),
    "shard": click.option("--shard", metavar="I/N", help="Check only shard I of N (stable split)."),
    "allow_private": click.option(
        "--allow-private",
        is_flag=True,
        help="Also connect to loopback, private and link-local addresses (skipped otherwise).",
    ),
    "retries": click.option(
        "--retries",
        type=click.IntRange(0, 10),
        help="Retries of a transient failure [default: retries in links.yaml, else 2].",
    ),
    "exclude": click.option(
        "--exclude",
        metavar="REGEX",
        multiple=True,
        help="Skip URLs this regular expression finds (repeatable; adds to links.yaml).",
    ),
    "exclude_host": click.option(
        "--exclude-host",
        metavar="HOST",
        multiple=True,
        help="Skip URLs on this host and its subdomains (repeatable; adds to links.yaml).",
    ),
}
LINK_STEP = ("config", "shard", "max_concurrency", "host_concurrency", "allow_private", "timeout")


def link_options(*names: str) -> Decorator:
    """Add the link options NAMES (default: all of them), in the order of LINK."""
    chosen = [option for name, option in LINK.items() if not names or name in names]
    return functools.partial(apply, chosen)


def link_paths(flags: dict[str, Any], root: Path) -> dict[str, Any]:
    """Return FLAGS with the link config and cache defaulting to the project's."""
    config = root / "links.yaml"
    if flags.get("config") is None and config.is_file():
        flags["config"] = config
    if "cache" in flags and flags["cache"] is None:
        flags["cache"] = root / ".cache" / "llm-atlas" / "links.json"
    return flags
