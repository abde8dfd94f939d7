"""Find the comments of a YAML text, so that a rewrite can prove it kept every one.

Takes YAML text that parses; gives each comment (its text from '#', trailing spaces dropped) with
its line. A '#' inside a scalar (a quoted title, a URL fragment, a block of text) is no comment:
the scalar tokens' spans from the scanner say where they are.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from typing import NamedTuple

import yaml

_Scanner: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPEN = yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken
_CLOSE = yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken
_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#[^\n]*", re.MULTILINE)


class Comment(NamedTuple):
    line: int
    text: str
    in_flow: bool  # inside a [ ] or { } collection


def find_comments(text: str) -> list[Comment]:
    """Return every comment of TEXT, in order."""
    if "#" not in text:
        return []
    spans: list[tuple[int, int]] = []
    depth_at: list[tuple[int, int]] = [(0, 0)]  # (index, flow depth from there on)
    depth = 0
    for token in yaml.scan(text, Loader=_Scanner):
        if isinstance(token, yaml.ScalarToken):
            spans.append((token.start_mark.index, token.end_mark.index))
        elif isinstance(token, _OPEN | _CLOSE):
            depth += 1 if isinstance(token, _OPEN) else -1
            depth_at.append((token.end_mark.index, depth))
    starts = [start for start, _ in spans]
    changes = [index for index, _ in depth_at]
    found = []
    for match in _COMMENT.finditer(text):
        at = match.start()
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and spans[i][0] <= at < spans[i][1]:
            continue
        flow = depth_at[bisect.bisect_right(changes, at) - 1][1] > 0
        found.append(Comment(text.count("\n", 0, at) + 1, match.group().rstrip(), flow))
    return found


def lost_comments(before: str, after: str) -> list[Comment]:
    """Return the comments of BEFORE that AFTER no longer has."""
    kept = Counter(comment.text for comment in find_comments(after))
    lost = []
    for comment in find_comments(before):
        if kept[comment.text]:
            kept[comment.text] -= 1
        else:
            lost.append(comment)
    return lost
