"""JSON Schema of the catalog files, generated from the same models the validator uses.

Gives two schemas: one for entry files (a list of entries, one variant per kind) and one for
topics.yaml. Editors use them through the `# yaml-language-server: $schema=…` line of each file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from llm_atlas import HOMEPAGE
from llm_atlas.models import KIND_MODELS, Topic

SCHEMA_FILES = {"catalog": "catalog.schema.json", "topics": "topics.schema.json"}

# A list of entries, each validated by the model its 'kind' selects.
_ANY_ENTRY: Any = Union.__getitem__(tuple(KIND_MODELS.values()))
ENTRY_LIST: Any = list[Annotated[_ANY_ENTRY, Field(discriminator="kind")]]


def entries_schema() -> dict[str, Any]:
    """Return the JSON Schema of an entry file."""
    schema = TypeAdapter(ENTRY_LIST).json_schema(mode="validation")
    for definition in schema.get("$defs", {}).values():
        props = definition.get("properties", {})
        if "kind" in props:
            # Defaults make 'kind' optional for pydantic, but every YAML entry must state it.
            props["kind"].pop("default", None)
            definition["required"] = sorted({*definition.get("required", []), "kind"})
    return _wrap(schema, "llm-atlas catalog entries", "catalog.schema.json")


def topics_schema() -> dict[str, Any]:
    """Return the JSON Schema of topics.yaml."""
    return _wrap(TypeAdapter(list[Topic]).json_schema(), "llm-atlas topics", "topics.schema.json")


def _wrap(schema: dict[str, Any], title: str, name: str) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{HOMEPAGE}/schema/{name}",
        "title": title,
        **schema,
    }


def render_schemas() -> dict[str, str]:
    """Return file name → JSON text for every schema file."""
    texts = {
        SCHEMA_FILES["catalog"]: entries_schema(),
        SCHEMA_FILES["topics"]: topics_schema(),
    }
    return {
        name: json.dumps(data, ensure_ascii=False, indent=2) + "\n" for name, data in texts.items()
    }


def write_schemas(out_dir: Path) -> list[Path]:
    """Write the schema files into OUT_DIR, touching only files whose text changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, text in render_schemas().items():
        path = out_dir / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def stale_schemas(out_dir: Path) -> list[str]:
    """Return the names of schema files in OUT_DIR that differ from the models."""
    return [
        name
        for name, text in render_schemas().items()
        if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != text
    ]
