"""The Jinja environment: template lookup, strict undefined, and the escaping filters.

Every catalog string reaches a template through `md` (text in Markdown and HTML) or `url` (a link
target), so a title like `<script>` or `| pipes |` shows as text and never breaks a table or runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from llm_atlas.problems import AtlasError
from llm_atlas.render.exports import clean_xml

PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SOURCE_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
# The site's own scripts and stylesheets (docs/assets in a checkout, packaged in the wheel), which
# every project's site gets unless its docs/ has a file of the same name.
PACKAGED_ASSETS = Path(__file__).resolve().parent.parent / "site-assets"
SOURCE_ASSETS = Path(__file__).resolve().parents[3] / "docs" / "assets"
ASSET_FOLDERS = ("javascripts", "stylesheets")

# Characters that start Markdown or HTML syntax anywhere in a line (Python-Markdown, its tables,
# attr_list, trailing heading hashes). Written as numeric entities: Markdown leaves them alone and
# browsers show them. Templates never put catalog text inside an HTML attribute, so quotes stay.
_INLINE_SPECIAL = "\\`*_{}[]<>|&#"
# Characters that only matter at the start of a line (lists, quotes, headings, definitions, setext).
_LEADING_SPECIAL = frozenset("-+.:=>#")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_NEWLINES = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
# Control characters other than whitespace become spaces.
_CONTROL_SPACES = {chr(i): " " for i in range(32) if not chr(i).isspace()}
_CONTROL = str.maketrans(_CONTROL_SPACES)
_MARKDOWN_TABLE = str.maketrans({**_CONTROL_SPACES, **{c: f"&#{ord(c)};" for c in _INLINE_SPECIAL}})
_URL_ESCAPES = {
    " ": "%20",
    "(": "%28",
    ")": "%29",
    "<": "%3C",
    ">": "%3E",
    '"': "%22",
    "\\": "%5C",
    "`": "%60",
    "'": "%27",
}
_URL_TABLE = str.maketrans(_URL_ESCAPES)
_WEB_SCHEMES = ("http://", "https://")


def escape_markdown(value: object) -> Markup:
    """Return VALUE as inert text for a Markdown line that may also be read as HTML."""
    text = _NEWLINES.sub(" ", str(value)).strip()
    head = ""
    number = _LIST_NUMBER.match(text)
    if number:
        i = len(number.group(1))
        head, text = f"{text[:i]}&#{ord(text[i])};", text[i + 1 :]
    elif text and text[0] in _LEADING_SPECIAL:
        head, text = f"&#{ord(text[0])};", text[1:]
    return Markup(head + text.translate(_MARKDOWN_TABLE))


def one_line(value: object) -> str:
    """Return VALUE on one line without control characters (HTML escaping is autoescape's job)."""
    return _NEWLINES.sub(" ", str(value)).strip().translate(_CONTROL)


def escape_url(value: object) -> Markup:
    """Return an http(s) URL ready for a Markdown link target or an HTML attribute."""
    url = str(value)
    # The scheme must open the string (a browser would skip leading blanks; we refuse them).
    if not url[:8].lower().startswith(_WEB_SCHEMES):
        raise AtlasError(f"refusing to render a non-http(s) URL: {url!r}")
    return Markup(url.translate(_URL_TABLE).replace("&", "&amp;"))


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


_ENVIRONMENTS: dict[tuple[str, ...], tuple[jinja2.Environment, dict[str, Any]]] = {}


def make_environment(
    project_dir: Path, globals_: dict[str, Any] | None = None
) -> jinja2.Environment:
    """Return the Jinja environment for rendering pages (StrictUndefined, autoescape).

    One environment per template lookup path is kept, so `serve` and repeated renders reuse the
    compiled templates (Jinja recompiles a template whose file changed). GLOBALS, when given,
    replace the previous render's globals; loaded templates are dropped then, because imported
    macros keep the globals of their first use.
    """
    folders = tuple(str(p) for p in find_templates(project_dir))
    if folders in _ENVIRONMENTS:
        env, defaults = _ENVIRONMENTS[folders]
    else:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(list(folders)),
            undefined=jinja2.StrictUndefined,
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.do"],
        )
        env.filters["md"] = escape_markdown
        env.filters["line"] = one_line
        env.filters["url"] = escape_url
        env.filters["xml"] = clean_xml
        defaults = dict(env.globals)
        _ENVIRONMENTS[folders] = env, defaults
    if globals_ is not None:
        env.cache.clear()  # type: ignore[union-attr]
        env.globals.clear()
        env.globals.update(defaults)
        env.globals.update(globals_)
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
