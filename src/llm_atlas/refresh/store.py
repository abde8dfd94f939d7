"""The data files as `refresh` reads and writes them: one JSON file per kind, keys sorted.

Takes the data folder; gives the records of a file by key, and writes them back (whole, keeping
the file's mode: `llm_atlas.files`), only when the text changed. Unlike `llm_atlas.facts` (which
skips an unusable file with a warning), refresh refuses to overwrite a file it cannot read, so
nobody's data is lost.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from llm_atlas.bounded import LimitError, load_json, read_bounded
from llm_atlas.facts import FORMAT, MAX_DATA_BYTES, VERSION, data_path
from llm_atlas.files import write_file
from llm_atlas.problems import AtlasError, display_path

Items = dict[str, dict[str, Any]]


def load_items(data_dir: Path, kind: str) -> Items:
    """Return the records of DATA_DIR/KIND.json by key ({} when the file does not exist)."""
    path = data_path(data_dir, kind)
    where = display_path(path)
    try:
        doc = load_json(read_bounded(path, MAX_DATA_BYTES), max_bytes=MAX_DATA_BYTES)
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, LimitError) as exc:
        raise AtlasError(
            f"{where}: cannot read it ({exc}); fix or remove it, then refresh"
        ) from exc
    except json.JSONDecodeError as exc:
        raise AtlasError(
            f"{where}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); "
            "fix it (git checkout restores the committed copy) or remove it, then refresh"
        ) from exc
    except ValueError as exc:  # NaN, Infinity
        raise AtlasError(
            f"{where}: not valid JSON ({exc}); fix or remove it, then refresh"
        ) from exc
    if (
        not isinstance(doc, dict)
        or doc.get("format") != FORMAT
        or doc.get("kind") != kind
        or not isinstance(doc.get("items"), dict)
    ):
        raise AtlasError(f"{where}: not an llm-atlas {kind} data file; move it away, then refresh")
    if doc.get("version") != VERSION:
        raise AtlasError(
            f"{where}: data format version {doc.get('version')!r}, this llm-atlas writes "
            f"version {VERSION}; upgrade llm-atlas or remove the file"
        )
    return {k: v for k, v in doc["items"].items() if isinstance(v, dict)}


def dump_items(kind: str, items: Items) -> str:
    """Return the file text: keys sorted, one field per line, so a diff shows what changed."""
    doc = {"format": FORMAT, "kind": kind, "version": VERSION, "items": items}
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def save_items(data_dir: Path, kind: str, items: Items) -> bool:
    """Write the records when the text differs from the file; return True when written."""
    path = data_path(data_dir, kind)
    text = dump_items(kind, items)
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if path.read_text(encoding="utf-8") == text:
            return False
    write_file(path, text)
    return True
