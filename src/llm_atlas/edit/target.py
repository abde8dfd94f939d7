"""Which catalog file a new entry goes to: `llm-atlas new --topic T` or `--file PATH`.

Takes a catalog and a topic (or the path given); gives the file and, when `new` chose it, why:
the file holding entries of the topic, else of its parent or a subtopic, else the file named
after the topic, else the catalog's only entry file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from llm_atlas.catalog import Catalog
from llm_atlas.loader import catalog_files
from llm_atlas.problems import AtlasError, display_path
from llm_atlas.schema_errors import did_you_mean


def choose_file(catalog: Catalog, root: Path, topic: str) -> tuple[Path, str]:
    """Return the file a new entry of TOPIC goes to, and why, trying in order: the file holding
    most entries of TOPIC, of its parent, of one of its children; a file named after TOPIC; the
    catalog's only entry file."""
    if topic not in catalog.topics:
        hint = did_you_mean(topic, list(catalog.topics))
        raise AtlasError(f"topic '{topic}' does not exist{hint}", exit_code=2)
    parent = catalog.topics[topic].parent
    children = [t.id for t in catalog.topics.values() if t.parent == topic]
    tries = [(topic, f"the file holding entries of '{topic}'")]
    if parent is not None:
        tries.append((parent, f"the file holding entries of '{parent}', the parent of '{topic}'"))
    tries += [(c, f"the file holding entries of '{c}', a subtopic of '{topic}'") for c in children]
    for candidate, reason in tries:
        held = catalog.by_topic.get(candidate, [])
        files = Counter(catalog.origins[e.id].file.path for e in held)
        if files:
            return files.most_common(1)[0][0], reason
    entry_files = catalog_files(root)
    named = [p for p in entry_files if p.stem == topic]
    if named:
        return named[0], f"the file named after '{topic}'"
    if len(entry_files) == 1:
        return entry_files[0], "the catalog's only entry file"
    raise AtlasError(
        f"no catalog file holds entries of topic '{topic}', of its parent or of a subtopic, and "
        f"none is named {topic}.yaml: pass --file {display_path(root / topic)}.yaml (created if "
        "missing) or --file with another file",
        exit_code=2,
    )


def resolve_target(root: Path, target: Path) -> Path:
    """Return the entry file for `--file TARGET` (a path, or a name inside the catalog ROOT)."""
    path = target if target.resolve().is_relative_to(root.resolve()) else root / target
    if not path.resolve().is_relative_to(root.resolve()):
        raise AtlasError(
            f"--file {target}: not inside the catalog folder '{display_path(root)}'", exit_code=2
        )
    if path.suffix not in (".yaml", ".yml") or path.name == "topics.yaml":
        raise AtlasError(f"--file {target}: choose an entry file ending in .yaml", exit_code=2)
    return path
