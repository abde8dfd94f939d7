"""Escaping of outside text: every catalog string, data/ fact and remote answer reaches an output
through one of these, one function per output context (the inventory is `render.sinks`).

Takes any value; gives text that shows as itself in its context: `escape_markdown` (Markdown that
may also be read as HTML, attribute values included), `escape_url` (a link target), `one_line`,
`clean_xml`, `search_text` (a search index field), `bib_text` and `bib_names` (BibTeX),
`csv_cell` (a spreadsheet cell), `markdown_code` (remote text in a Markdown report). A title like
`<script>`, `}}` or `=1+2` shows as text and never breaks a table, a record or a cell, nor runs.
A leaf of `render`: it imports nothing of it.
"""

from __future__ import annotations

import html
import re
import unicodedata

from markupsafe import Markup

from llm_atlas.problems import AtlasError

# Characters that start Markdown or HTML syntax anywhere in a line (Python-Markdown, its tables,
# attr_list, trailing heading hashes), and quotes (a Markdown page may hold the text in an HTML
# attribute). Written as numeric entities: Markdown leaves them alone and browsers show them.
_INLINE_SPECIAL = "\\`*_{}[]<>|&#\"'"
# Characters that only matter at the start of a line (lists, quotes, headings, definitions, setext,
# admonitions, ~~~ fences).
_LEADING_SPECIAL = frozenset("-+.:=>#!~")
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
    "|": "%7C",  # a table cell's end
}
_URL_TABLE = str.maketrans(_URL_ESCAPES)
# Characters a link target never shows raw: controls, every kind of space and line break, and
# invisible format characters (bidi overrides): percent-encoded as UTF-8.
_URL_INVISIBLE = re.compile(
    r"[\x00-\x20\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]"
)
_WEB_SCHEMES = ("http://", "https://")


def escape_markdown(value: object) -> Markup:
    """Return VALUE as inert text for a Markdown line that may also be read as HTML."""
    text = _NEWLINES.sub(" ", str(value).translate(_CONTROL)).strip()
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
    return _NEWLINES.sub(" ", str(value).translate(_CONTROL)).strip()


def escape_url(value: object) -> Markup:
    """Return an http(s) URL ready for a Markdown link target or an HTML attribute."""
    url = str(value)
    # The scheme must open the string (a browser would skip leading blanks; we refuse them).
    if not url[:8].lower().startswith(_WEB_SCHEMES):
        raise AtlasError(f"refusing to render a non-http(s) URL: {url!r}")
    url = _URL_INVISIBLE.sub(_percent, url.translate(_URL_TABLE))
    return Markup(url.replace("&", "&amp;"))


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in match.group(0).encode("utf-8"))


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_xml(text: object) -> str:
    """Return TEXT without the control characters XML 1.0 forbids (escaping is Jinja's job)."""
    return _XML_INVALID.sub(" ", str(text))


def search_text(value: object) -> str:
    """Return VALUE for a field of the search index: Material's index holds HTML that its
    results insert as HTML, so outside text goes in escaped, on one line."""
    return html.escape(one_line(value), quote=False)


# BibTeX counts every brace, escaped or not: `\}` closes a group as surely as `}` does. So
# braces become brace-free commands, and the other specials are escaped with a backslash.
_BIB_TABLE = str.maketrans(
    {
        **_CONTROL_SPACES,
        "{": r"\textbraceleft{}",
        "}": r"\textbraceright{}",
        "\\": r"\textbackslash{}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
        **{c: "\\" + c for c in "&%$#_"},
    }
)
# In a name list, a comma would split first and last names and a bare `and` one name in two;
# inside braces both are plain text.
_BIB_NAME_WORD = re.compile(r"(?<!\S)(and)(?!\S)|,", re.IGNORECASE)
_ET_AL = re.compile(r"^(et al\.?|等|others)$", re.IGNORECASE)


def bib_text(value: object) -> str:
    """Return VALUE as BibTeX field text: braces balanced whatever the input, one line."""
    return " ".join(str(value).translate(_BIB_TABLE).split())


def bib_names(names: list[str]) -> str:
    """Return an author field: names joined by ` and `, a trailing 'et al.' as `others`."""
    out = [bib_text(n) for n in names]
    if len(out) > 1 and _ET_AL.match(out[-1]):
        out[-1] = "others"
    out = [n if n == "others" else _BIB_NAME_WORD.sub(_bib_brace, n) for n in out]
    return " and ".join(n for n in out if n)


def _bib_brace(match: re.Match[str]) -> str:
    return "{" + match.group(0) + "}"


# OWASP's CSV injection rule: a cell starting with one of these is a formula in a spreadsheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """Return VALUE for a CSV cell; a cell a spreadsheet would run as a formula gets a `'`."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


_BACKTICKS = re.compile("`+")


def markdown_code(value: object, *, table: bool = False) -> str:
    """Return VALUE as an inline code span for a Markdown report (a pull-request comment):
    on one line, never HTML, a link or a mention; in a TABLE cell, pipes are escaped."""
    text = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in str(value)
    ).strip()
    if not text:
        return ""
    fence = "`" * (max((len(run) for run in _BACKTICKS.findall(text)), default=0) + 1)
    if table:
        text = text.replace("|", "\\|")
    pad = " " if text[0] == "`" or text[-1] == "`" else ""  # CommonMark strips one each side
    return f"{fence}{pad}{text}{pad}{fence}"


def terminal_text(value: object) -> str:
    """Return VALUE for a terminal or a CI log: characters that are not printable (line breaks,
    escape sequences, bidi overrides) shown as escapes, so outside text never starts a line (a
    CI log runs `::command::` lines) or drives the terminal."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _visible(c) for c in text)


def _visible(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
