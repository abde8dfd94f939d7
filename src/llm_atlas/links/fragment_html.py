"""Fragment targets of an HTML document, found the way a browser's parser finds its elements.

Takes HTML text and a test on values; gives whether some element of the document has an id, or
some `a` element a name, that passes the test. The text is read by the HTML spec's tokenizer
states that decide what is an element: data, start and end tags with their attributes (quoted
values may hold '>'), comments (`<!--> <!---> -->` and `--!>` end them; one left open runs to
the end), bogus comments (`<!…>`, `<?…>`, `<![CDATA[…]>` outside SVG), and the raw text of script,
style, textarea, title, xmp, iframe, noembed, noframes and noscript (browsers run scripts: with the
scripting flag noscript is raw text). On top of it, one rule of the tree builder: the contents of
`template` are a separate document fragment, not the document. Of duplicate attributes the first
is kept. Text that ends inside a tag or a comment holds nothing more.

The standard library's `html.parser` is not used: on a tag with a quote left open it rescans to
the end of the text from every later '<' (a 9 KB page took 5 s), and its Python loop costs about
5 ms per 30 KB page. Here every step is one regular expression with possessive quantifiers (no
backtracking) or a `find`, so the time is linear in the text; attributes are read one by one only
for tags that may hold an id or a name. Parsing stops at the first target found; the text given is
never more than the bounded reader read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import unescape

RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"}
)
_S = r"\t\n\f\r "  # HTML whitespace (CR stands for the newline the input stream makes of it)
_ATTRS = (
    rf"(?:[{_S}/]*+[^{_S}/>][^{_S}/=>]*+[{_S}]*+"
    rf"""(?:=[{_S}]*+(?:"[^"]*+"?|'[^']*+'?|[^{_S}>"'][^{_S}>]*+)?+)?+)*+[{_S}/]*+>"""
)
_START_TAG = re.compile(rf"<([A-Za-z][^{_S}/>]*+){_ATTRS}")
_END_TAG = re.compile(rf"</([A-Za-z][^{_S}/>]*+){_ATTRS}")
_MAY_NAME = re.compile(r"id|name", re.IGNORECASE)  # a tag without either holds no target
# What changes nothing, skipped in one match: text, comments, bogus comments, end tags but
# </template>, and start tags but raw-text ones and <template> in which no "id" or "name" is
# written (each letter is guarded). Anything else is left to the loop below, which reads it whole.
_G = r"(?![iI][dD]|[nN][aA][mM][eE])"


def _run(chars: str) -> str:
    """Any run of the characters not in CHARS in which no "id" or "name" starts."""
    return rf"(?:[^{chars}iInN]++|[iI](?![dD])|[nN](?![aA][mM][eE]))*+"


# An '=' must be followed by a whole value: a value cut short by the guard fails the tag, so that
# a quoted value is never read as names and the tag never ends at a '>' inside it.
_QUIET_TAG = (
    rf"<(?!(?i:{'|'.join(sorted(RAW_TEXT | {'template'}))})[{_S}/>]){_G}[A-Za-z]{_run(_S + '/>')}"
    rf"(?:[{_S}/]*+{_G}[^{_S}/>]{_run(_S + '/=>')}[{_S}]*+(?:=[{_S}]*+"
    rf"""(?:"{_run('"')}"|'{_run("'")}'|{_G}[^{_S}>"']{_run(_S + ">")}|(?=>))|(?!=)))*+"""
    rf"[{_S}/]*+>"
)
_QUIET = re.compile(
    rf"(?:[^<]++|<!--(?:>|->|(?s:.*?)--!?>)|<[!?](?!--)[^>]*+>|</(?!(?i:template)[{_S}/>])"
    rf"[A-Za-z][^{_S}/>]*+{_ATTRS}|</>|</[^A-Za-z>][^>]*+>|<(?![A-Za-z/!?])|{_QUIET_TAG})*+"
)
_COMMENT_END = re.compile(r"--!?>")
_RAW_END = {tag: re.compile(rf"</{tag}[{_S}/>]", re.IGNORECASE) for tag in RAW_TEXT}
# One attribute per match, for the tags that may hold a target: matches follow each other
# without a gap from the end of the tag name to the closing '>'.
_TAG_NAME = re.compile(rf"[^{_S}/>]*+")
_ATTR = re.compile(
    rf"[{_S}/]*+([^{_S}/>][^{_S}/=>]*+)[{_S}]*+"
    rf"""(?:=[{_S}]*+(?:"([^"]*+)"|'([^']*+)'|([^{_S}>"'][^{_S}>]*+))?+)?+"""
)


def _eat(pattern: re.Pattern[str], text: str, pos: int) -> tuple[str, int]:
    """Return what PATTERN takes of TEXT at POS and where it stops (it may take nothing)."""
    match = pattern.match(text, pos)
    return ("", pos) if match is None else (match.group(), match.end())


def tag_attributes(tag: str) -> list[tuple[str, str]]:
    """Return the attributes of TAG, a whole start tag: names lowercased, values decoded."""
    attrs: list[tuple[str, str]] = []
    for match in _ATTR.finditer(tag, _eat(_TAG_NAME, tag, 1)[1]):
        value = match.group(2) or match.group(3) or match.group(4) or ""
        attrs.append((match.group(1).lower(), unescape(value) if "&" in value else value))
    return attrs


@dataclass(frozen=True)
class Wanted:
    """The values looked for: as they are, or (FOLDED) whatever their case."""

    exact: frozenset[str]
    folded: frozenset[str] = frozenset()

    def __call__(self, value: str) -> bool:
        return value in self.exact or (bool(self.folded) and value.casefold() in self.folded)

    def may_be_in(self, tag: str) -> bool:
        """Whether the text of TAG can hold such a value (a reference may spell it otherwise)."""
        if "&" in tag or any(v in tag for v in self.exact):
            return True
        return bool(self.folded) and any(v in tag.casefold() for v in self.folded)


def html_targets(
    text: str, may_hold: Callable[[str], bool] = bool, *, quick: bool = True
) -> Iterator[str]:
    """Yield the id of every element of TEXT and the name of every `a` element, in order.

    MAY_HOLD sees the text of each start tag written with "id" or "name" in it: a tag it
    refuses is not read further (a quick test on the raw text, before the attributes). QUICK
    skips what changes nothing in one match; without it every token goes through the loop (the
    tests compare both).
    """
    pos, end, template = 0, len(text), 0
    while True:
        if quick:
            pos = _eat(_QUIET, text, pos)[1]
        lt = text.find("<", pos)
        if lt < 0 or lt + 1 >= end:
            return
        after = text[lt + 1]
        if after.isascii() and after.isalpha():
            match = _START_TAG.match(text, lt)
            if match is None:
                return  # the text ends inside the tag
            name, pos = match.group(1).lower(), match.end()
            if name == "template":
                template += 1
            elif not template and _MAY_NAME.search(text, lt, pos) and may_hold(match.group()):
                seen: set[str] = set()
                for attr, value in tag_attributes(match.group()):
                    if (
                        attr not in seen
                        and value
                        and (attr == "id" or (attr, name) == ("name", "a"))
                    ):
                        yield value
                    seen.add(attr)  # of duplicate attributes the tokenizer keeps the first
            if name in RAW_TEXT:
                close = _RAW_END[name].search(text, pos)
                if close is None:
                    return
                pos = close.start()
        elif after == "/":
            match = _END_TAG.match(text, lt)
            if match is not None:
                pos = match.end()
                if template and match.group(1).lower() == "template":
                    template -= 1
                continue
            if text[lt + 2 : lt + 3].isalpha():
                return  # the text ends inside the end tag
            gt = text.find(">", lt + 2)  # '</>' is dropped, '</ …>' is a bogus comment
            if gt < 0:
                return
            pos = gt + 1
        elif text.startswith("<!--", lt):
            if text.startswith(">", lt + 4) or text.startswith("->", lt + 4):
                pos = text.find(">", lt + 4) + 1  # <!--> and <!---> are empty comments
                continue
            close = _COMMENT_END.search(text, lt + 4)
            if close is None:
                return  # a comment left open runs to the end
            pos = close.end()
        elif after in "!?":
            gt = text.find(">", lt + 2)  # a bogus comment: <!DOCTYPE …>, <![CDATA[ … ]]>, <?…>
            if gt < 0:
                return
            pos = gt + 1
        else:
            pos = lt + 1  # a '<' that starts nothing is text


def html_has_target(text: str, wanted: Wanted) -> bool:
    """Whether TEXT has an element whose id, or an `a` element whose name, is WANTED."""
    return any(wanted(value) for value in html_targets(text, wanted.may_be_in))
