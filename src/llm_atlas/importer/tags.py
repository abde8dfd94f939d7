"""Venue, year and arXiv tags in the text of a list item.

Takes the text an item shows around its title; gives the venue and year it names in any of the
common forms (`[ICLR'24]`, `ASPLOS' 26`, `NeurIPS 2023`, `2016-ICLR-`, `(2023)`, `2024/05:`,
`Arxiv 2024`), the text with those tags cut out, and an arXiv id written in text
(`arXiv:2301.00001`) or as a DOI (`10.48550/arXiv.2301.00001`). Every pattern is linear: no
quantifier nests over the characters of another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Acronyms with one capital (arXiv) or lower case letters inside (NeurIPS) need naming;
# anything else with two capitals before a year reads as a venue too ('ICLR 2024').
KNOWN_VENUES = (
    "NeurIPS|NIPS|MLSys|EuroSys|arXiv|Arxiv|ArXiv|Interspeech|OpenReview|Nature|Science|"
    "COLM|Findings|USENIX Security|USENIX ATC|IEEE S&P|ACM CCS"
)
_VENUE = rf"(?:{KNOWN_VENUES}|[A-Z][A-Z&]{{1,9}}(?:-[A-Z]{{2,9}})?)"
_YEAR4 = r"(?:19|20)\d\d"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
# One alternative per form; each names its groups, each is a flat sequence.
_TAG = re.compile(
    rf"(?P<venue_a>\b{_VENUE})(?: ?Workshop)?\s?['’]\s?(?P<yy_a>\d\d)\b"
    rf"|(?P<venue_b>\b{_VENUE})(?: Workshop| Findings)?[ ,]{{1,2}}(?P<year_b>{_YEAR4})\b"
    rf"|\b(?P<year_c>{_YEAR4})[-_ ](?P<venue_c>{_VENUE})\b"
    rf"|(?:^|[\[(（\s])(?P<year_d>{_YEAR4})[/.-](?:0?[1-9]|1[0-2])(?:[/.-]\d\d?)?\b"
    rf"|\b{_MONTH} (?:\d\d?, )?(?P<year_e>{_YEAR4})\b"
    rf"|[\[(（](?P<year_f>{_YEAR4})[\])）]"
    r"|^\s?\d{1,2}/\d{1,2}/(?P<yy_g>\d\d)\s?$"  # a date column: 9/04/24
    rf"|, ?(?P<year_h>{_YEAR4})\.?\s?$",  # the end of a reference: '…, 2015.'
)
ARXIV_TEXT = re.compile(
    r"\b(?:arxiv preprint )?arxiv(?::\s?|\.org/abs/|\.org/pdf/| preprint arxiv:\s?|\.)"
    r"([0-9]{4}\.[0-9]{4,5})(?:v[0-9]{1,3})?\b",  # ASCII digits (\d takes any script's)
    re.IGNORECASE,
)
_NOT_VENUES = frozenset(
    {"LLM", "LLMS", "AI", "GPT", "RL", "RLHF", "PDF", "CODE", "API", "NLP", "CV", "ML", "TBD",
     "NEW", "KV", "US", "UK", "EU", "Q", "V", "PR"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Tag:
    """A venue and year written in an item, and where."""

    venue: str | None
    year: int
    start: int
    end: int


def find_tags(text: str) -> list[Tag]:
    """Return every venue or date tag of TEXT, in order."""
    tags: list[Tag] = []
    for match in _TAG.finditer(text):
        venue = match["venue_a"] or match["venue_b"] or match["venue_c"]
        if venue is not None and venue.upper() in _NOT_VENUES:
            continue
        four = match["year_b"] or match["year_c"] or match["year_d"] or match["year_e"]
        four = four or match["year_h"]
        two = match["yy_a"] or match["yy_g"]
        year = int(four or match["year_f"] or 0) or 2000 + int(two or 0)
        start = match.start()
        if match["year_d"] and not text[start].isdigit():
            start += 1
        tags.append(Tag(venue, year, start, match.end()))
    return tags


def venue_text(tag: Tag) -> str | None:
    """Return the venue as the catalog writes it ('ICLR 2024'), or None for a date."""
    if tag.venue is None:
        return None
    name = "arXiv" if tag.venue.lower() == "arxiv" else tag.venue
    return f"{name} {tag.year}"


def cut_tags(text: str, tags: list[Tag]) -> str:
    """Return TEXT without the TAGS and the brackets or separators left around them."""
    out, last = [], 0
    for tag in tags:
        out.append(text[last : tag.start])
        last = tag.end
    out.append(text[last:])
    joined = "".join(out)
    joined = re.sub(r"[\[(（]\s?(?:(?:19|20)\d\d)?[\s,;/.-]{0,9}[\])）]", " ", joined)
    return "\n".join(" ".join(line.split()) for line in joined.split("\n")).strip()


def text_arxiv(text: str) -> str | None:
    """Return the arXiv id written in TEXT or a URL (`arXiv:2301.00001`, the DOI form)."""
    match = ARXIV_TEXT.search(text)
    return match.group(1) if match else None
