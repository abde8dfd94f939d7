"""What the last build made, so the next one can reuse it: a digest of everything MkDocs reads,
a digest per entry page, the entry page shell, and a token tying that record to the site folder.

Takes the render folder (docs/, mkdocs.yml, overrides/) and the entry pages; gives `BuildState`,
kept as render-folder/build-state.json beside render-folder/entry-shell.html.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from llm_atlas.render import EntryHtml

STATE_FILE = "build-state.json"
SHELL_FILE = "entry-shell.html"
TOKEN_PREFIX = "build "


@dataclass
class BuildState:
    site_dir: str = ""
    token: str = ""
    mkdocs: str = ""
    entries: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # `mkdocs_digests`' first digest (a dirty MkDocs build is right while it holds), and the
    # pages' titles (`site.run_mkdocs`).
    structure: str = ""
    titles: dict[str, str] = field(default_factory=dict)


def _versions() -> str:
    out = []
    for name in ("llm-atlas", "mkdocs", "mkdocs-material", "pymdown-extensions", "markdown"):
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name}=?")
    return ";".join(out)


def mkdocs_digests(out_dir: Path, shell_markdown: str, entry_ids: list[str]) -> tuple[str, str]:
    """Return two digests of what MkDocs reads: the structure (config, theme overrides, the
    shell, the names of all docs files) and the contents (also the non-entry Markdown pages).

    Other docs files (exports, assets) are copied as they are, so `sync_static` updates them
    without MkDocs. A dirty MkDocs build is right when only the contents changed.
    """
    structure = hashlib.sha256()
    structure.update(_versions().encode())
    structure.update(shell_markdown.encode())
    structure.update("\n".join(entry_ids).encode())
    contents = structure.copy()
    files = [out_dir / "mkdocs.yml"]
    for folder in (out_dir / "docs", out_dir / "overrides"):
        if folder.is_dir():
            files += sorted(folder.rglob("*"))
    for path in files:
        rel = path.relative_to(out_dir).as_posix()
        if rel.startswith("docs/entries/") or not path.is_file():
            continue
        name = f"\0{rel}\0".encode()
        structure.update(name)
        contents.update(name)
        if not rel.startswith("docs/"):
            data = path.read_bytes()
            structure.update(data)
            contents.update(data)
        elif path.suffix == ".md":
            contents.update(path.read_bytes())
    return structure.hexdigest(), contents.hexdigest()


def sync_static(docs_dir: Path, site_dir: Path) -> int:
    """Copy the docs files MkDocs copies verbatim (all but Markdown) where they changed."""
    copied = 0
    for path in docs_dir.rglob("*"):
        rel = path.relative_to(docs_dir)
        if not path.is_file() or path.suffix == ".md" or rel.parts[0] == "entries":
            continue
        if any(part.startswith(".") for part in rel.parts):
            continue
        data = path.read_bytes()
        target = site_dir / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        copied += 1
    return copied


def entry_digests(pages: dict[str, EntryHtml]) -> dict[str, str]:
    """Return entry id → digest of its page's title and body."""
    return {
        i: hashlib.sha256(f"{p.title}\0{p.body}".encode()).hexdigest()[:32]
        for i, p in pages.items()
    }


def new_token() -> str:
    return secrets.token_hex(8)


def load_state(out_dir: Path) -> BuildState | None:
    """Return the state the last build left in OUT_DIR, or None when missing or unreadable."""
    try:
        data = json.loads((out_dir / STATE_FILE).read_text(encoding="utf-8"))
        return BuildState(
            str(data["site_dir"]),
            str(data["token"]),
            str(data["mkdocs"]),
            dict(data["entries"]),
            [str(w) for w in data["warnings"]],
            str(data.get("structure", "")),
            {str(k): str(v) for k, v in dict(data.get("titles", {})).items()},
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_state(out_dir: Path, state: BuildState, shell_html: str | None = None) -> None:
    """Write STATE (and the entry page shell, when given) into OUT_DIR."""
    if shell_html is not None:
        (out_dir / SHELL_FILE).write_text(shell_html, encoding="utf-8")
    data = {
        "site_dir": state.site_dir,
        "token": state.token,
        "mkdocs": state.mkdocs,
        "entries": state.entries,
        "warnings": state.warnings,
        "structure": state.structure,
        "titles": state.titles,
    }
    (out_dir / STATE_FILE).write_text(json.dumps(data), encoding="utf-8")


def load_shell(out_dir: Path) -> str | None:
    try:
        return (out_dir / SHELL_FILE).read_text(encoding="utf-8")
    except OSError:
        return None


def site_token(marker: Path) -> str | None:
    """Return the build token written in a site's marker file."""
    try:
        for line in marker.read_text(encoding="utf-8").splitlines():
            if line.startswith(TOKEN_PREFIX):
                return line[len(TOKEN_PREFIX) :].strip()
    except OSError:
        return None
    return None
