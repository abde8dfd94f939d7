"""The derived MkDocs config: the project's mkdocs.yml plus what the generator owns.

Takes the project's mkdocs.yml, read as MkDocs reads it (`!ENV` resolved, `INHERIT` merged,
`!relative $config_dir` made absolute; python tags like `!!python/name:` kept as they are), and
the catalog; gives the text of a mkdocs.yml beside the generated docs/ that MkDocs, ProperDocs or
Zensical can build: docs_dir, site_dir, the navigation (home, topic tree, index pages, then the
project's own `nav` items), entry pages `not_in_nav`, link validation raised to warnings,
llm-atlas' own stylesheets and scripts of every page (config_assets.py) and the paths MkDocs
would find from the project (hooks, snippets' base paths) made absolute.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mergedeep  # type: ignore[import-untyped]
import yaml
from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]

from llm_atlas.catalog import Catalog
from llm_atlas.models import KINDS
from llm_atlas.problems import AtlasError, Problem, display_path
from llm_atlas.render.config_assets import add_own_assets
from llm_atlas.render.config_paths import absolute_paths
from llm_atlas.render.messages import Messages, messages_for
from llm_atlas.render.plan import HEALTH_PAGE, kind_page

DEFAULT_SITE_NAME = "LLM Atlas"
PACKAGED_CONFIG = Path(__file__).resolve().parent.parent / "default-mkdocs.yml"
SOURCE_CONFIG = Path(__file__).resolve().parents[3] / "mkdocs.yml"
LINK_VALIDATION = {
    "not_found": "warn",
    "absolute_links": "warn",
    "unrecognized_links": "warn",
    "anchors": "warn",
}


@dataclass(frozen=True)
class Tagged:
    """A YAML node with a tag we do not construct (e.g. `!!python/name:`); dumped back unchanged."""

    tag: str
    value: Any


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    value: Any
    if isinstance(node, yaml.MappingNode):
        value = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_scalar(node)  # type: ignore[arg-type]
    return Tagged(node.tag, value)


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, str(data.value))


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
# `!ENV` is resolved here as MkDocs resolves it, so feeds, canonical links and the build's
# input manifest see the value (not the tag).
_Loader.add_constructor("!ENV", construct_env_tag)
_Loader.add_multi_constructor("!", _construct_tagged)
_Dumper.add_representer(Tagged, _represent_tagged)


def load_site_config(path: Path, site_name: str | None = None) -> dict[str, Any]:
    """Read the project's mkdocs.yml; without one, llm-atlas' defaults (`default_config`).
    SITE_NAME, when given, replaces the config's."""
    return load_site_config_files(path, site_name)[0]


def load_site_config_files(
    path: Path, site_name: str | None = None
) -> tuple[dict[str, Any], list[Path]]:
    """Return `load_site_config` and the files it was read from (none for the defaults)."""
    config, files = read_config_files(path) if path.is_file() else (default_config(path.parent), [])
    if site_name:
        config["site_name"] = site_name
    return config, files


def default_config(project_dir: Path) -> dict[str, Any]:
    """Return the config a project without mkdocs.yml is built with: llm-atlas' own (Material,
    the Chinese search settings, system fonts: nothing from another origin), without its extra
    pages, named after the project's folder."""
    for path in (PACKAGED_CONFIG, SOURCE_CONFIG):
        if path.is_file():
            config = read_config(path)
            break
    else:
        raise AtlasError("llm-atlas' default mkdocs.yml is missing: reinstall llm-atlas")
    for key in ("nav", "site_description", "site_url"):
        config.pop(key, None)
    config["site_name"] = project_dir.resolve().name or DEFAULT_SITE_NAME
    return config


def read_config(path: Path) -> dict[str, Any]:
    """Read a mkdocs.yml as MkDocs reads it (see the module text)."""
    return read_config_files(path)[0]


def read_config_files(path: Path) -> tuple[dict[str, Any], list[Path]]:
    """Read a mkdocs.yml as MkDocs reads it; return it and the files read: PATH, then each
    file it INHERITs (found from the folder of the file naming it, merged as MkDocs merges)."""
    config_dir = path.parent
    files = [path]
    data = _read_one(path, config_dir)
    while "INHERIT" in data:
        parent = Path(os.path.normpath(files[-1].parent / str(data.pop("INHERIT"))))
        if parent in files or not parent.is_file():
            what = "inherits itself" if parent in files else "does not exist"
            raise AtlasError(f"{display_path(files[-1])}: INHERIT: '{display_path(parent)}' {what}")
        files.append(parent)
        inherited = _read_one(parent, config_dir)
        rest = inherited.pop("INHERIT", None)
        data = mergedeep.merge(inherited, data)
        if rest is not None:
            data["INHERIT"] = rest
    return data, files


def _read_one(path: Path, config_dir: Path) -> dict[str, Any]:
    class Loader(_Loader):
        pass

    def relative(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        # MkDocs' `!relative $config_dir/x`: the main config's folder (mkdocs.utils.yaml).
        value = str(loader.construct_scalar(node))  # type: ignore[arg-type]
        prefix, _, suffix = value.partition("/")
        if prefix == "$config_dir":
            return (
                os.path.join(config_dir.resolve(), suffix) if suffix else str(config_dir.resolve())
            )
        return Tagged(node.tag, value)  # the page's or the docs folder: MkDocs resolves those

    Loader.add_constructor("!relative", relative)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise AtlasError(
            f"{display_path(path)} is not valid YAML",
            problems=[Problem(display_path(path), line, column, "yaml", str(exc.problem))],
        ) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise AtlasError(f"{display_path(path)} is not valid YAML: {exc}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AtlasError(f"{display_path(path)} must be a mapping of settings")
    return data


def site_url_warning(config: dict[str, Any], config_file: Path) -> str | None:
    """Return what a site without `site_url` lacks, and how to set it (None when it has one):
    `site_url: !ENV NAME` unset says which variable to set (the shipped atlas's Pages URL)."""
    if str(config.get("site_url") or "").strip():
        return None
    lacks = (
        "feed.xml and feed.json carry no links, sitemap.xml is empty and pages have no "
        "canonical link"
    )
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    found = _ENV_SITE_URL.search(text)
    if found:
        name = found[1]
        return (
            f"site_url in {display_path(config_file)} comes from ${name}, which is not set: "
            f"{lacks}; set it to the published address when you build what you publish (e.g. "
            f"{name}=https://you.github.io/repo/ llm-atlas build); a local preview needs none"
        )
    return (
        f"no site_url in {display_path(config_file)}: {lacks}; set site_url to the "
        "published address (e.g. https://you.github.io/repo/)"
    )


# `site_url: !ENV NAME` or `!ENV [NAME, …]`: the first variable MkDocs reads.
_ENV_SITE_URL = re.compile(r"(?m)^site_url:\s*!ENV\s+\[?\s*([A-Za-z_][A-Za-z0-9_]*)")


def site_name(config: dict[str, Any]) -> str:
    return str(config.get("site_name") or DEFAULT_SITE_NAME)


def make_nav(
    catalog: Catalog, extra: list[Any], health: bool = False, words: Messages | None = None
) -> list[Any]:
    """Return the navigation: home, the topic tree, the index pages (the health page with
    HEALTH), then EXTRA; titled in the language of WORDS."""

    def topic_item(tid: str) -> dict[str, Any]:
        page = f"topics/{tid}/index.md"
        title = _nav_title(catalog.topics[tid].title)
        children = catalog.children.get(tid, [])
        if not children:
            return {title: page}
        return {title: [page, *(topic_item(c) for c in children)]}

    words = words or messages_for(None)

    def say(key: str) -> str:
        return str(words.text(key))

    indexes: list[Any] = [
        {words.kind_title(k): kind_page(k)} for k in KINDS if catalog.by_kind.get(k)
    ]
    indexes += [{say("nav.tags"): "tags/index.md"}, {say("nav.explore"): "explore/index.md"}]
    indexes.append({say("nav.map"): "map/index.md"})
    if health:
        indexes.append({say("nav.health"): HEALTH_PAGE})
    nav: list[Any] = [{say("nav.home"): "index.md"}]
    nav += [topic_item(t) for t in catalog.children.get(None, [])]
    nav.append({say("nav.indexes"): indexes})
    return nav + list(extra)


def _names_page(item: object, pages: set[str]) -> bool:
    """Return True when a nav ITEM ('page.md' or {title: 'page.md'}) is one of PAGES (a
    generated page the navigation lists itself; older configs listed the map)."""
    target = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
    return isinstance(target, str) and target in pages


def _nav_title(title: str) -> str:
    # MkDocs themes print nav titles as raw HTML.
    return title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def derive_config(
    config: dict[str, Any],
    catalog: Catalog,
    docs_dir: str = "docs",
    site_dir: str = "site",
    *,
    health: bool = False,
    project_dir: Path | None = None,
) -> dict[str, Any]:
    """Return the config to build the generated docs with (HEALTH: there is a health page;
    PROJECT_DIR: the folder the config's relative paths are found from)."""
    out = dict(config)
    if project_dir is not None:
        absolute_paths(out, project_dir)
    extra_nav = out.pop("nav", None) or []
    if not isinstance(extra_nav, list):
        raise AtlasError("mkdocs.yml: 'nav' must be a list of extra pages")
    generated = {"map/index.md", HEALTH_PAGE}
    extra_nav = [item for item in extra_nav if not _names_page(item, generated)]
    out["site_name"] = site_name(config)
    out["docs_dir"] = docs_dir
    out["site_dir"] = site_dir
    out["nav"] = make_nav(catalog, extra_nav, health, messages_for(config))
    not_in_nav = str(out.get("not_in_nav") or "")
    out["not_in_nav"] = "\n".join(filter(None, [not_in_nav, "/entries/"]))
    # The scripts of every page (search-rank.js) get their words through the theme (main.html).
    extra = out.get("extra")
    kept: dict[str, Any] = extra if isinstance(extra, dict) else {}
    out["extra"] = {**kept, "atlas_words": messages_for(config).script_words()}
    add_own_assets(out)
    validation = dict(out.get("validation") or {})
    links = dict(validation.get("links") or {})
    for key, level in LINK_VALIDATION.items():
        links.setdefault(key, level)
    validation.setdefault("omitted_files", "warn")
    validation["links"] = links
    out["validation"] = validation
    return out


def dump_config(config: dict[str, Any]) -> str:
    """Return CONFIG as mkdocs.yml text (python tags kept)."""
    header = (
        "# Generated by llm-atlas from the project's mkdocs.yml: edit that file, not this one.\n"
    )
    body = yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return header + body
