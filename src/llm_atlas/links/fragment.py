"""Fragments: is the `#anchor` of a URL still in the page it points at?

Takes a URL and the text of the page it led to; gives the anchor to look for (None for fragments
that name no element: JavaScript routes `#/…` and `#!…`, text fragments `#:~:text=…`, GitHub's line
ranges `#L10-L20`) and whether the page has an element with that id or name, GitHub's
`user-content-` prefix included (its README headings are `id="user-content-install"` and linked
as `#install`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote, urlsplit

PAGE_BYTES = 4 * 1024 * 1024  # read this much of a page whose anchor is checked (max_bytes if more)
_NOT_AN_ANCHOR = re.compile(r"[/!]|:~:|L\d+(?:-L\d+)?$")
_ID_OR_NAME = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)


def anchor_of(url: str) -> str | None:
    """Return the anchor URL asks for, decoded, or None when it has none worth checking."""
    fragment = urlsplit(url).fragment
    if not fragment or _NOT_AN_ANCHOR.match(fragment):
        return None
    return unquote(fragment)


def has_anchor(page: str, anchor: str) -> bool:
    """Whether PAGE (HTML) has an element whose id or name is ANCHOR (or user-content-ANCHOR)."""
    wanted = {anchor, f"user-content-{anchor}", anchor.lower(), f"user-content-{anchor.lower()}"}
    for match in _ID_OR_NAME.finditer(page):
        value = html.unescape(next(v for v in match.groups() if v is not None))
        if value in wanted or unquote(value) in wanted:
            return True
    return False
