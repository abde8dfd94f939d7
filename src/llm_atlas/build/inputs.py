"""What the site is a function of: the one statement of a build's inputs, and their digests.

Takes the catalog folder, the project folder, the project's site config as MkDocs reads it
(`render.config.read_config_files`: `!ENV` resolved, `INHERIT` merged) and the folders the
build writes; gives a `Manifest`: one digest per kind of input, and the paths it read (what
`serve` watches). Every cache of a build keys through it (`build.state.decide`, the segment
store, the link checker's memo), so a build whose inputs did not change can be reused, and
nothing else can.

The inputs: the catalog files; the templates (the project's and llm-atlas' own) and llm-atlas'
site assets; the theme's custom_dir; the hand-written docs/ pages and assets (extra_css and
extra_javascript name files there); the data/ folder of gathered facts; the site config as
resolved, and each file it was read from (INHERIT); the files the config names, found from the
project as MkDocs finds them (search dictionaries, hooks, pymdownx.snippets' base paths, less
dot-folders and the folders the build writes); llm-atlas' own code (a digest of the package,
not its version string); the versions of Python and of every package that shapes the output,
plugins named in the config included.

Blind spots (not inputs): files a project's own hook or plugin reads on its own, snippets
fetched from URLs, and the environment variables they read. `build --clean` ignores every cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, entry_points, version
from pathlib import Path
from typing import Any

from llm_atlas.render.config_paths import named_settings, project_paths

# Packages whose versions shape the site, besides the plugins the config names.
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "pygments",
    "jinja2",
    "markupsafe",
    "jieba",
    "pyyaml",
    "pydantic",
    "backrefs",
)


@dataclass(frozen=True)
class Manifest:
    """One digest per kind of input (`parts`), their digest as a whole, and the files and
    folders they were read from (`paths`)."""

    parts: dict[str, str]
    paths: tuple[Path, ...] = field(default=(), compare=False)

    @property
    def digest(self) -> str:
        return _digest_text(json.dumps(self.parts, sort_keys=True))

    def key(self, *names: str) -> str:
        """Return the digest of the parts NAMES (what a cache of some inputs keys on)."""
        return _digest_text(json.dumps({k: self.parts[k] for k in names}, sort_keys=True))

    def without(self, *names: str) -> str:
        """Return the digest of every part but NAMES."""
        return _digest_text(
            json.dumps({k: v for k, v in self.parts.items() if k not in names}, sort_keys=True)
        )


def take_manifest(
    catalog_dir: Path,
    project_dir: Path,
    config: dict[str, Any],
    template_dirs: Iterable[Path],
    config_files: Sequence[Path] = (),
    written: Iterable[Path] = (),
) -> Manifest:
    """Digest every input of a build of CATALOG_DIR in PROJECT_DIR with CONFIG (read from
    CONFIG_FILES); WRITTEN: the folders the build writes, never inputs."""
    templates = list(template_dirs)
    theme = config.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    custom_dir = [project_dir / custom] if isinstance(custom, str) else []
    found = project_paths(config, project_dir)
    dictionaries = [project_dir / p for p in search_dictionaries(config) if p is not None]
    named = [*dictionaries, *found["hooks"]]
    skip = {p.resolve() for p in written}
    folders = {
        "catalog": [catalog_dir],
        "docs": [project_dir / "docs"],
        "data": [project_dir / "data"],
    }
    parts = {name: digest_tree(paths[0]) for name, paths in folders.items()}
    parts |= {
        "templates": _digest_text(" ".join(digest_tree(d) for d in templates)),
        "theme": digest_tree(custom_dir[0]) if custom_dir else "",
        "config": _digest_text(json.dumps(config, default=repr)),
        "config_files": digest_files(named, project_dir),
        "snippets": _digest_text(" ".join(digest_tree(b, skip) for b in found["snippets"])),
        "code": code_digest(),
        "versions": _digest_text(json.dumps(package_versions(plugin_names(config)))),
    }
    paths = [
        *(p for group in folders.values() for p in group),
        *templates,
        *custom_dir,
        *config_files,
        *named,
        *found["snippets"],
    ]
    return Manifest(parts, tuple(dict.fromkeys(paths)))


def setting_files(config: dict[str, Any]) -> list[str]:
    """Return the files the config names by name: search dictionaries and hooks."""
    out = [name for name in search_dictionaries(config) if name is not None]
    hooks = config.get("hooks")
    out += [h for h in hooks if isinstance(h, str)] if isinstance(hooks, list) else []
    return out


def search_dictionaries(config: dict[str, Any]) -> tuple[str | None, str | None]:
    """Return the jieba dictionary and user dictionary Material's search is set to (or None)."""
    found: dict[str, str] = {}
    for name, settings in plugin_settings(config):
        for key in ("jieba_dict", "jieba_dict_user"):
            value = settings.get(key)
            if name in ("search", "material/search") and isinstance(value, str) and value:
                found[key] = value
    return found.get("jieba_dict"), found.get("jieba_dict_user")


def plugin_names(config: dict[str, Any]) -> list[str]:
    """Return the names of the plugins CONFIG lists."""
    return [name for name, _settings in plugin_settings(config)]


def plugin_settings(config: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Return each plugin CONFIG lists with its settings, in any of MkDocs' spellings."""
    return named_settings(config.get("plugins"))


def package_versions(plugins: Iterable[str] = ()) -> dict[str, str]:
    """Return Python's version and that of each package shaping the output (PLUGINS: their
    entry point names, e.g. 'material/search' or 'awesome-pages')."""
    names = set(PACKAGES)
    providers = _plugin_packages()
    for plugin in plugins:
        names.update(providers.get(plugin, {plugin}))
    out = {"python": platform.python_version()}
    for name in sorted(names):
        try:
            out[name] = version(name)
        except (PackageNotFoundError, ValueError):
            out[name] = "?"
    return out


@functools.cache
def _plugin_packages() -> dict[str, set[str]]:
    """Return MkDocs plugin entry point name → the distributions that declare it (read from the
    entry points themselves: `packages_distributions` scans every installed file, 0.25 s)."""
    out: dict[str, set[str]] = {}
    for point in entry_points(group="mkdocs.plugins"):
        name = point.dist.name if point.dist is not None else point.value.split(".")[0]
        out.setdefault(point.name, set()).add(name)
    return out


@functools.cache
def code_digest() -> str:
    """Return a digest of llm-atlas' own code (read once per process: it is the code running)."""
    package = Path(__file__).resolve().parent.parent  # the llm_atlas package, not build/
    return digest_files(sorted(package.rglob("*.py")), package)


def digest_tree(folder: Path, skip: set[Path] | None = None) -> str:
    """Return a digest of the names and bytes of every file below FOLDER ("" when absent; a
    file digests as itself). With SKIP, dot-folders and the folders in SKIP are left out."""
    if folder.is_file():
        return digest_files([folder], folder.parent)
    return digest_files(_files(folder, skip), folder) if folder.is_dir() else ""


def digest_files(paths: Iterable[Path], base: Path) -> str:
    """Return a digest of the names (relative to BASE, so a moved project is the same) and
    bytes of PATHS (a missing file counts as absent)."""
    digest = hashlib.sha256()
    for path in paths:
        name = path.relative_to(base) if path.is_relative_to(base) else path
        digest.update(f"\0{name}\0".encode("utf-8", "surrogateescape"))
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def _files(folder: Path, skip: set[Path] | None = None) -> list[Path]:
    out = []
    for top, dirs, names in os.walk(folder):
        if skip is not None:
            dirs[:] = [d for d in dirs if d[0] != "." and Path(top, d).resolve() not in skip]
        dirs.sort()
        out += [Path(top, n) for n in sorted(names)]
    return out


def _digest_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
