"""What the site is a function of: the one statement of a build's inputs, and their digests.

Takes the catalog folder, the project folder and the project's site config (with `!ENV`
resolved); gives a `Manifest`: one digest per kind of input. Every cache of a build keys through
it (`build_state.decide`), so a build whose inputs did not change can be reused, and nothing
else can.

The inputs: the catalog files; the templates (the project's and llm-atlas' own) and the theme's
custom_dir; the hand-written docs/ pages and assets; the data/ folder of gathered facts; the
site config as resolved; the files the config names (search dictionaries, hooks); llm-atlas'
own code (a digest of the package, not its version string); the versions of Python and of every
package that shapes the output, plugins named in the config included.

Blind spots (not inputs): files a project's own hook or plugin reads on its own, and the
environment variables they read. `build --clean` ignores every cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, packages_distributions, version
from pathlib import Path
from typing import Any

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
    """One digest per kind of input (`parts`), and their digest as a whole."""

    parts: dict[str, str]

    @property
    def digest(self) -> str:
        return _digest_text(json.dumps(self.parts, sort_keys=True))

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
) -> Manifest:
    """Digest every input of a build of CATALOG_DIR in PROJECT_DIR with CONFIG."""
    custom = (
        (config.get("theme") or {}).get("custom_dir")
        if isinstance(config.get("theme"), dict)
        else None
    )
    named = [project_dir / p for p in setting_files(config)]
    return Manifest(
        {
            "catalog": digest_tree(catalog_dir),
            "templates": _digest_text(" ".join(digest_tree(d) for d in template_dirs)),
            "theme": digest_tree(project_dir / custom) if isinstance(custom, str) else "",
            "docs": digest_tree(project_dir / "docs"),
            "data": digest_tree(project_dir / "data"),
            "config": _digest_text(json.dumps(config, default=repr)),
            "config_files": digest_files(named, project_dir),
            "code": code_digest(),
            "versions": _digest_text(json.dumps(package_versions(plugin_names(config)))),
        }
    )


def setting_files(config: dict[str, Any]) -> list[str]:
    """Return the files the config names: search dictionaries and hooks."""
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
    """Return each plugin CONFIG lists with its settings, in any of MkDocs' spellings (a list
    of names and {name: settings}, or a mapping of name to settings)."""
    plugins = config.get("plugins")
    items = list(plugins.items()) if isinstance(plugins, dict) else plugins
    out: list[tuple[str, dict[str, Any]]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and len(item) == 1:
            item = next(iter(item.items()))
        name, settings = item if isinstance(item, tuple) else (item, None)
        out.append((str(name), settings if isinstance(settings, dict) else {}))
    return out


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
    """Return MkDocs plugin entry point name → the distributions that provide it."""
    from importlib.metadata import entry_points

    dists = packages_distributions()
    out: dict[str, set[str]] = {}
    for point in entry_points(group="mkdocs.plugins"):
        top = point.value.split(".")[0].split(":")[0]
        out.setdefault(point.name, set()).update(dists.get(top, [top]))
    return out


@functools.cache
def code_digest() -> str:
    """Return a digest of llm-atlas' own code (read once per process: it is the code running)."""
    package = Path(__file__).resolve().parent.parent  # the llm_atlas package, not build/
    return digest_files(sorted(package.rglob("*.py")), package)


def digest_tree(folder: Path) -> str:
    """Return a digest of the names and bytes of every file below FOLDER ("" when absent)."""
    return digest_files(_files(folder), folder) if folder.is_dir() else ""


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


def _files(folder: Path) -> list[Path]:
    out = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        out += [Path(top, n) for n in sorted(names)]
    return out


def _digest_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()
