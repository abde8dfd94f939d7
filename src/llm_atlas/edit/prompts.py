"""Ask for the fields of a new entry, after checking every flag given.

Takes a kind, the fields given as flags and the catalog folder; checks the flags first (each
value against the kind's model, every topic, the id and URL against the catalog) so that no
answer is typed in vain, then asks for what is missing: title, English title, URL, topics
('?' lists them), the kind's own fields with defaults taken from the URL, and the id.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from llm_atlas.catalog import Catalog
from llm_atlas.edit.fields import flag_problems, topic_problems, url_defaults
from llm_atlas.edit.new import find_duplicate, parse_value, proposed_id
from llm_atlas.models import LINK_FIELDS, SLUG_PATTERN, check_url, field_names
from llm_atlas.problems import AtlasError
from llm_atlas.validate import check_catalog

# Asked in this order, before the kind's own fields; never asked: set by the tool or rare.
_FIRST = ("title", "title_en", "url", "topics")
# Links by role beside url and code (a demo, slides …) and other names are rare by hand:
# `--set demo=URL`, `--set aliases=QLoRA,q-lora`.
_NOT_ASKED = {"id", "kind", "status", "added", "series", "part", *_FIRST, *LINK_FIELDS, "links"}
_NOT_ASKED.add("aliases")
_LABELS = {
    "lang": "Language of the content (zh or en)",
    "authors": "Authors (comma-separated)",
    "tags": "Keywords (comma-separated)",
    "related": "Related entry ids (comma-separated)",
    "languages": "Languages covered (comma-separated)",
    "tasks": "Tasks (comma-separated)",
    "arxiv": "arXiv id",
    "code": "Code URL",
}


def load_for_new(root: Path) -> Catalog:
    """Return the catalog of ROOT for `new` (its own problems do not stop an addition)."""
    catalog, _ = check_catalog(root)
    if catalog is None:  # pragma: no cover - check_catalog raises instead
        raise AtlasError(f"the catalog in {root} cannot be read")
    return catalog


def check_flags(catalog: Catalog, kind: str, fields: dict[str, Any]) -> None:
    """Raise one usage error listing every problem of the flags given, before any prompt."""
    problems = flag_problems(kind, {k: v for k, v in fields.items() if k != "topics"})
    problems += topic_problems(list(fields.get("topics", [])), list(catalog.topics))
    if fields.get("topics") and any("topic '" in p for p in problems):
        problems.append("topic ids are listed in topics.yaml (or type '?' at the topic prompt)")
    if fields.get("id"):
        problems += [f"--id: {d}" for d in [find_duplicate(catalog, fields["id"], None)] if d]
    if fields.get("url"):
        problems += [f"--url: {d}" for d in [find_duplicate(catalog, None, fields["url"])] if d]
    if len(problems) == 1:
        raise AtlasError(problems[0], exit_code=2)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise AtlasError(f"{len(problems)} problems with the flags:\n{listed}", exit_code=2)


def fill_defaults(kind: str, fields: dict[str, Any]) -> None:
    """Add what the URL implies (lang; a paper's arXiv id and year) to FIELDS, keeping flags."""
    for name, value in url_defaults(kind, fields.get("url")).items():
        fields.setdefault(name, value)


def prompt_fields(catalog: Catalog, kind: str, fields: dict[str, Any]) -> None:
    """Ask for the fields of KIND missing from FIELDS; propose defaults and an id."""
    if not fields.get("title"):
        fields["title"] = click.prompt("Title (as written)", value_proc=_required)
    if "title_en" not in fields:
        fields["title_en"] = click.prompt("English title", default="", show_default=False)
    if not fields.get("url") and fields.get("status") != "planned":
        fields["url"] = click.prompt("URL", value_proc=_check_url(catalog))
    if not fields.get("topics"):
        fields["topics"] = _ask_topics(catalog)
    defaults = url_defaults(kind, fields.get("url"))
    for name in field_names(kind):
        if name in _NOT_ASKED or name in fields:
            continue
        default = defaults.get(name)
        shown = ", ".join(map(str, default)) if isinstance(default, list) else default
        answer = click.prompt(
            _LABELS.get(name, name.replace("_", " ").capitalize()),
            default="" if shown is None else str(shown),
            show_default=shown is not None,
            value_proc=_check_field(kind, name),
        )
        if answer not in (None, "", []):
            fields[name] = answer
    if not fields.get("id"):
        proposal = proposed_id(catalog, fields)
        fields["id"] = click.prompt("Id", default=proposal, value_proc=_check_id(catalog))


def _required(raw: str) -> str:
    if not raw.strip():
        raise click.UsageError("a title is needed")
    return raw


def _ask_topics(catalog: Catalog) -> list[str]:
    """Ask for topic ids until all exist; '?' lists them."""
    known = list(catalog.topics)
    while True:
        raw = click.prompt("Topics (topic ids, comma-separated; ? lists them)")
        if raw.strip() == "?":
            for topic in catalog.topics.values():
                click.echo(f"  {topic.id:<28} {topic.title_en}")
            continue
        topics = [t.strip() for t in re.split(r"[,\s]+", raw) if t.strip()]
        problems = topic_problems(topics, known) if topics else ["give at least one topic id"]
        if not problems:
            return topics
        click.echo("Error: " + "; ".join(problems) + " (type ? to list the topics)", err=True)


def _check_field(kind: str, name: str) -> Callable[[str], Any]:
    def check(raw: str) -> Any:
        if not raw.strip():
            return None
        try:
            value = parse_value(kind, name, raw)  # text is kept exactly as typed
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        problems = flag_problems(kind, {name: value})
        if problems:
            raise click.UsageError(problems[0].split(": ", 1)[1])
        return value

    return check


def _check_url(catalog: Catalog) -> Callable[[str], str]:
    def check(raw: str) -> str:
        try:
            url = check_url(raw.strip())
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None
        duplicate = find_duplicate(catalog, None, url)
        if duplicate:
            raise click.UsageError(duplicate)
        return url

    return check


def _check_id(catalog: Catalog) -> Callable[[str], str]:
    def check(raw: str) -> str:
        if not re.match(SLUG_PATTERN, raw):
            raise click.UsageError(f"id {raw!r} must be a lowercase slug like 'lora-paper'")
        duplicate = find_duplicate(catalog, raw, None)
        if duplicate:
            raise click.UsageError(duplicate)
        return raw

    return check
