"""JSON Schema of the catalog files, generated from the same models the validator uses.

Gives two schemas: one for entry files (a list of entries, one variant per kind) and one for
topics.yaml. Editors use them through the `# yaml-language-server: $schema=…` line of each file;
the topic ids of the catalog's topics.yaml are listed in both (an enum with the topics' titles),
so editors complete `topics` and `parent`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from llm_atlas import HOMEPAGE
from llm_atlas.files import write_file
from llm_atlas.models import KIND_MODELS, Topic

SCHEMA_FILES = {"catalog": "catalog.schema.json", "topics": "topics.schema.json"}

# A list of entries, each validated by the model its 'kind' selects.
_ANY_ENTRY: Any = Union.__getitem__(tuple(KIND_MODELS.values()))
ENTRY_LIST: Any = list[Annotated[_ANY_ENTRY, Field(discriminator="kind")]]


TopicIds = list[tuple[str, str]]


def topic_ids(catalog_dir: Path) -> TopicIds:
    """Return (id, title) of every topic of CATALOG_DIR/topics.yaml that has a text id."""
    from llm_atlas.loader import TOPICS_FILE, load_file

    path = catalog_dir / TOPICS_FILE
    if not path.is_file():
        return []
    data = load_file(path).data
    items = data if isinstance(data, list) else []
    return [
        (item["id"], str(item.get("title_en") or item.get("title") or item["id"]))
        for item in items
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def _with_topics(schema: dict[str, Any], place: dict[str, Any], topics: TopicIds) -> None:
    """Make PLACE (a topic id's string schema) refer to one shared enum of the TOPICS."""
    if topics:
        schema["$defs"]["TopicId"] = {
            **place,
            "enum": [tid for tid, _ in topics],
            "enumDescriptions": [title for _, title in topics],
        }
        place.clear()
        place["$ref"] = "#/$defs/TopicId"


def entries_schema(topics: TopicIds | None = None) -> dict[str, Any]:
    """Return the JSON Schema of an entry file (TOPICS: the ids its `topics` may name)."""
    schema = TypeAdapter(ENTRY_LIST).json_schema(mode="validation")
    for definition in list(schema.get("$defs", {}).values()):
        props = definition.get("properties", {})
        if "kind" in props:
            # Defaults make 'kind' optional for pydantic, but every YAML entry must state it.
            props["kind"].pop("default", None)
            definition["required"] = sorted({*definition.get("required", []), "kind"})
        if "topics" in props:
            _with_topics(schema, props["topics"]["items"], topics or [])
    return _wrap(schema, "llm-atlas catalog entries", "catalog.schema.json")


def topics_schema(topics: TopicIds | None = None) -> dict[str, Any]:
    """Return the JSON Schema of topics.yaml (TOPICS: the ids a `parent` may name)."""
    schema = TypeAdapter(list[Topic]).json_schema()
    for branch in schema["$defs"]["Topic"]["properties"]["parent"].get("anyOf", []):
        if branch.get("type") == "string":
            _with_topics(schema, branch, topics or [])
    return _wrap(schema, "llm-atlas topics", "topics.schema.json")


def _wrap(schema: dict[str, Any], title: str, name: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{HOMEPAGE}/schema/{name}",
        "title": title,
        **schema,
    }


def render_schemas(catalog_dir: Path | None = None) -> dict[str, str]:
    """Return file name → JSON text for every schema file (with CATALOG_DIR's topic ids)."""
    topics = topic_ids(catalog_dir) if catalog_dir is not None else []
    texts = {
        SCHEMA_FILES["catalog"]: entries_schema(topics),
        SCHEMA_FILES["topics"]: topics_schema(topics),
    }
    return {
        name: json.dumps(data, ensure_ascii=False, indent=2) + "\n" for name, data in texts.items()
    }


def write_schemas(out_dir: Path, catalog_dir: Path | None = None) -> list[Path]:
    """Write the schema files into OUT_DIR, touching only files whose text changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in render_schemas(catalog_dir).items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_file(path, text)
            written.append(path)
    return written


def stale_schemas(out_dir: Path, catalog_dir: Path | None = None) -> list[str]:
    """Return the names of schema files in OUT_DIR that differ from the models and topics."""
    return [
        name
        for name, text in render_schemas(catalog_dir).items()
        if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text
    ]
