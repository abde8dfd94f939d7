"""llm-atlas' own stylesheets and scripts in the derived config.

Takes a project's config (as `render.config.read_config` gives it); gives its `extra_css` and
`extra_javascript` with llm-atlas' own files of every page added (`OWN_ASSETS`). Every project's
docs hold them (render/docs.py::default_assets copies them), so every site loads them whatever
its mkdocs.yml lists: a project made by `llm-atlas init` lists none.
"""

from __future__ import annotations

import posixpath
from typing import Any

from llm_atlas.problems import AtlasError

# In loading order. Scripts only one page needs are in that page's front matter (`scripts:`,
# read by the theme's main.html), and search-lazy.js, which must come before Material's bundle,
# in main.html itself.
OWN_ASSETS: dict[str, tuple[str, ...]] = {
    "extra_css": ("assets/stylesheets/atlas.css", "assets/stylesheets/reader.css"),
    "extra_javascript": (
        # The one normaliser of search and explore text (the build's is llm_atlas/normalise.py).
        "assets/javascripts/normalise.js",
        # Not deferred: it must wrap the search worker's messages before Material listens to them.
        "assets/javascripts/search-rank.js",
        # The names offered under an empty search result; reads them as search-rank.js does.
        "assets/javascripts/search-suggest.js",
    ),
}


def add_own_assets(config: dict[str, Any]) -> None:
    """Add llm-atlas' own stylesheets and scripts (`OWN_ASSETS`) to CONFIG, in place."""
    for key, own in OWN_ASSETS.items():
        config[key] = with_own_assets(key, config.get(key), own)


def with_own_assets(key: str, listed: object, own: tuple[str, ...]) -> list[Any]:
    """Return the project's LISTED extra_css or extra_javascript (KEY) with each of OWN it does
    not list inserted: before the project's items, or right after the last of OWN before it
    that the project lists (so OWN keeps its order); the project's items keep theirs."""
    if listed is None:
        listed = []
    if not isinstance(listed, list):
        raise AtlasError(f"mkdocs.yml: '{key}' must be a list of paths")
    out = list(listed)
    paths = [_asset_path(item) for item in out]
    at = 0
    for path in own:
        if path in paths:
            at = paths.index(path) + 1
            continue
        out.insert(at, path)
        paths.insert(at, path)
        at += 1
    return out


def _asset_path(item: object) -> str:
    # MkDocs takes a path or, for a script, {path: ..., type: ..., defer: ..., async: ...}.
    path = item.get("path") if isinstance(item, dict) else item
    return posixpath.normpath(str(path))
