"""The Jinja environment: template lookup, strict undefined, autoescape, and the escaping
filters of `render.escape` (`md`, `line`, `url`, `xml`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from llm_atlas.problems import AtlasError
from llm_atlas.render.escape import clean_xml, escape_markdown, escape_url, one_line
from llm_atlas.user_cache import compiled_templates

PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SOURCE_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
# The site's own scripts and stylesheets (docs/assets in a checkout, packaged in the wheel), which
# every project's site gets unless its docs/ has a file of the same name.
PACKAGED_ASSETS = Path(__file__).resolve().parent.parent / "site-assets"
SOURCE_ASSETS = Path(__file__).resolve().parents[3] / "docs" / "assets"
ASSET_FOLDERS = ("javascripts", "stylesheets")


def find_assets() -> Path | None:
    """Return the folder of llm-atlas' own site assets (packaged, else the checkout's)."""
    for folder in (PACKAGED_ASSETS, SOURCE_ASSETS):
        if folder.is_dir():
            return folder
    return None


def find_templates(project_dir: Path) -> list[Path]:
    """Return the template folders in lookup order: the project's own first, then the packaged."""
    folders = [project_dir / "templates", PACKAGED_TEMPLATES, SOURCE_TEMPLATES]
    out: list[Path] = []
    for folder in folders:
        resolved = folder.resolve()
        if resolved.is_dir() and resolved not in out:
            out.append(resolved)
    if not out:
        raise AtlasError("no templates found: reinstall llm-atlas or add a templates/ folder")
    return out


def own_templates(project_dir: Path) -> bool:
    """Return True when PROJECT_DIR/templates holds a template that is not llm-atlas' own (a
    copy of the packaged templates, or the checkout's own folder, is not)."""
    folder = (project_dir / "templates").resolve()
    ours = [f for f in (PACKAGED_TEMPLATES, SOURCE_TEMPLATES) if f.is_dir()]
    if not folder.is_dir() or folder in [f.resolve() for f in ours]:
        return False
    for path in folder.rglob("*"):
        if path.is_file():
            rel = path.relative_to(folder)
            same = [f / rel for f in ours if (f / rel).is_file()]
            if not same or same[0].read_bytes() != path.read_bytes():
                return True
    return False


def make_environment(
    project_dir: Path, globals_: dict[str, Any] | None = None
) -> jinja2.Environment:
    """Return a new Jinja environment for rendering pages (StrictUndefined, autoescape, the
    escaping filters) with GLOBALS: the one Jinja setup of llm-atlas' templates, made per render
    (a kept one would hold the last render's globals and compiled templates)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in find_templates(project_dir)]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
        bytecode_cache=compiled_templates(),  # 0.3 s of compiling per build saved
    )
    env.filters["md"] = escape_markdown
    env.filters["line"] = one_line
    env.filters["url"] = escape_url
    env.filters["xml"] = clean_xml
    env.globals.update(globals_ or {})
    return env


class PageRenderer:
    """Render many pages from the templates of one environment, fast.

    `Template.render` copies the template's globals (a ChainMap of ~25 names here) into every
    new context: 30–120 µs per page, more than a small page takes to render. Here each template
    is loaded once and its globals merged once; every page gets a shared context of them plus
    its own names. Errors are reported as `Template.render` reports them.
    """

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._templates: dict[str, tuple[jinja2.Template, dict[str, Any]]] = {}

    def render(self, name: str, **names: Any) -> str:
        found = self._templates.get(name)
        if found is None:
            template = self.env.get_template(name)
            found = self._templates[name] = template, dict(template.globals)
        template, base = found
        context = template.new_context({**base, **names}, shared=True)
        try:
            text: str = self.env.concat(template.root_render_func(context))
            return text
        except Exception:
            self.env.handle_exception()
