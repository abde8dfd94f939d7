"""Escaping of catalog text: every catalog string reaches a page through one of these.

Takes any value; gives text that shows as itself: `escape_markdown` (text in Markdown and HTML),
`escape_url` (a link target), `one_line`, `clean_xml`. A title like `<script>` or `| pipes |`
shows as text and never breaks a table or runs. A leaf of `render`: it imports nothing of it.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from llm_atlas.problems import AtlasError

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


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_xml(text: object) -> str:
    """Return TEXT without the control characters XML 1.0 forbids (escaping is Jinja's job)."""
    return _XML_INVALID.sub(" ", str(text))
