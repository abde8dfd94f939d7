"""The Jinja environment: template lookup, strict undefined, and the escaping filters.

Every catalog string reaches a template through `md` (text in Markdown and HTML) or `url` (a link
target), so a title like `<script>` or `| pipes |` shows as text and never breaks a table or runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from llm_atlas.problems import AtlasError
from llm_atlas.render.exports import clean_xml

PACKAGED_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
SOURCE_TEMPLATES = Path(__file__).resolve().parents[3] / "templates"

# Characters that start Markdown or HTML syntax anywhere in a line (Python-Markdown, its tables,
# attr_list, trailing heading hashes). Written as numeric entities: Markdown leaves them alone and
# browsers show them. Templates never put catalog text inside an HTML attribute, so quotes stay.
_INLINE_SPECIAL = frozenset("\\`*_{}[]<>|&#")
# Characters that only matter at the start of a line (lists, quotes, headings, definitions, setext).
_LEADING_SPECIAL = frozenset("-+.:=>#")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_NEWLINES = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
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


def escape_markdown(value: object) -> Markup:
    """Return VALUE as inert text for a Markdown line that may also be read as HTML."""
    text = _NEWLINES.sub(" ", str(value)).strip()
    text = "".join(c if c.isspace() or ord(c) >= 32 else " " for c in text)
    out = [f"&#{ord(c)};" if c in _INLINE_SPECIAL else c for c in text]
    if out and out[0] in _LEADING_SPECIAL:
        out[0] = f"&#{ord(out[0])};"
    number = _LIST_NUMBER.match(text)
    if number:
        i = len(number.group(1))
        out[i] = f"&#{ord(text[i])};"
    return Markup("".join(out))


def escape_url(value: object) -> Markup:
    """Return an http(s) URL ready for a Markdown link target or an HTML attribute."""
    url = str(value)
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise AtlasError(f"refusing to render a non-http(s) URL: {url!r}")
    return Markup("".join(_URL_ESCAPES.get(c, c) for c in url).replace("&", "&amp;"))


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


def make_environment(
    project_dir: Path, globals_: dict[str, Any] | None = None
) -> jinja2.Environment:
    """Return the Jinja environment for rendering pages (StrictUndefined, autoescape)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in find_templates(project_dir)]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = escape_markdown
    env.filters["url"] = escape_url
    env.filters["xml"] = clean_xml
    env.globals.update(globals_ or {})
    return env
