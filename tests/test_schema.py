"""Tests of the committed JSON Schema: fresh, referenced by every catalog file, and accepting the
shipped catalog while rejecting what the validator rejects."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from llm_atlas.loader import TOPICS_FILE, catalog_files, load_file
from llm_atlas.schema import stale_schemas

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"
CATALOG = ROOT / "catalog"
CATALOG_FILES = catalog_files(CATALOG)


@functools.cache
def schema(name: str) -> Draft202012Validator:
    data = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(data)
    return Draft202012Validator(data)


def as_json(value: Any) -> Any:
    """Return VALUE as JSON would carry it (YAML dates become ISO strings, as editors see them)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    return value


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(as_json(data))]


def detail(validator: Draft202012Validator, data: Any) -> str:
    """Return every message, including those of each branch of the per-kind oneOf."""
    stack = list(validator.iter_errors(as_json(data)))
    messages = []
    while stack:
        error = stack.pop()
        messages.append(error.message)
        stack.extend(error.context or [])
    return "\n".join(messages)


def test_committed_schema_is_fresh() -> None:
    assert stale_schemas(SCHEMA_DIR, CATALOG) == [], "run `llm-atlas schema` and commit schema/"


def relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("path", [CATALOG / TOPICS_FILE, *CATALOG_FILES], ids=relative)
def test_every_file_starts_with_its_schema_line(path: Path) -> None:
    name = "topics.schema.json" if path.name == TOPICS_FILE else "catalog.schema.json"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    target = Path(os.path.relpath(SCHEMA_DIR / name, path.parent)).as_posix()
    assert first == f"# yaml-language-server: $schema={target}"


@pytest.mark.parametrize("path", CATALOG_FILES, ids=relative)
def test_shipped_entry_files_match_the_schema(path: Path) -> None:
    loaded = load_file(path)
    assert loaded.problems == []
    assert errors(schema("catalog.schema.json"), loaded.data) == []


def test_shipped_topics_match_the_schema() -> None:
    loaded = load_file(CATALOG / TOPICS_FILE)
    assert errors(schema("topics.schema.json"), loaded.data) == []


GOOD = {"id": "lora", "kind": "paper", "title": "LoRA", "url": "https://arxiv.org/abs/2106.09685"}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, []),
        ({"added": dt.date(2026, 11, 28), "arxiv": "2106.09685", "topics": ["peft"]}, []),
        ({"titel": "x"}, ["Additional properties are not allowed ('titel' was unexpected)"]),
        ({"kind": "papr"}, ["'paper' was expected"]),
        ({"id": "LoRA"}, ["'LoRA' does not match"]),
        ({"year": "2021"}, ["'2021' is not of type 'integer'"]),
        ({"provider": "x"}, ["'provider' was unexpected"]),  # a course field on a paper
        ({"url": "ftp://x.org/a"}, ["does not match"]),
        ({"arxiv": "\u0663106.09685"}, ["does not match"]),  # an Arabic-Indic digit
    ],
)
def test_schema_rejects_what_the_validator_rejects(
    change: dict[str, Any], expected: list[str]
) -> None:
    entry = {**GOOD, "topics": ["peft"], **change}
    found = errors(schema("catalog.schema.json"), [entry])
    assert len(found) == len(expected), found
    messages = detail(schema("catalog.schema.json"), [entry])
    for want in expected:
        assert want in messages


def test_schema_requires_kind_and_topics() -> None:
    found = errors(schema("catalog.schema.json"), [{"id": "x", "title": "X"}])
    assert found, "an entry without kind must not validate"


def test_contributing_examples_are_valid_and_formatted() -> None:
    from llm_atlas.edit.layout import format_text
    from llm_atlas.models import KIND_MODELS, KINDS

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    data = yaml.safe_load(block)
    assert [e["kind"] for e in data] == list(KINDS)  # one example per kind, in order
    assert errors(schema("catalog.schema.json"), data) == []
    for entry in data:
        KIND_MODELS[entry["kind"]].model_validate(entry)
    topics = {t["id"] for t in load_file(CATALOG / TOPICS_FILE).data}
    assert {t for e in data for t in e["topics"]} <= topics
    assert format_text(block) == block


def test_schema_lists_the_topic_ids_for_completion() -> None:
    ids = [item["id"] for item in yaml.safe_load((CATALOG / TOPICS_FILE).read_text("utf-8"))]
    catalog = json.loads((SCHEMA_DIR / "catalog.schema.json").read_text(encoding="utf-8"))
    assert catalog["$defs"]["TopicId"]["enum"] == ids
    assert catalog["$defs"]["Paper"]["properties"]["topics"]["items"] == {"$ref": "#/$defs/TopicId"}
    entry = {"id": "x", "kind": "tool", "title": "X", "url": "https://x.org"}
    assert errors(schema("catalog.schema.json"), [{**entry, "topics": [ids[0]]}]) == []
    assert "peft-typo" in detail(
        schema("catalog.schema.json"), [{**entry, "topics": ["peft-typo"]}]
    )
    topics = json.loads((SCHEMA_DIR / "topics.schema.json").read_text(encoding="utf-8"))
    assert topics["$defs"]["TopicId"]["enum"] == ids


def test_schema_of_a_catalog_without_topics_has_no_enum(tmp_path: Path) -> None:
    from llm_atlas.schema import render_schemas

    text = render_schemas(tmp_path)["catalog.schema.json"]
    assert "TopicId" not in text and '"pattern": "^[a-z0-9][a-z0-9-]*$"' in text
