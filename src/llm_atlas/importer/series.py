"""Series of imported entries: 'Title（一）', 'Title（二）' … are parts of one series.

Takes entry titles; gives the series names used twice or more, each entry's series and part
(a Chinese numeral read as a number), and a report line for a part number given twice.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from llm_atlas.importer.records import Item, Skip
from llm_atlas.naming import slugify, title_slug

if TYPE_CHECKING:
    from llm_atlas.importer.emit import Report

_SERIES = re.compile(r"^(?P<name>.+?)\s*[（(](?P<num>[一二三四五六七八九十]+)[）)]")
_NUMERALS = "一二三四五六七八九"


def series_names(items: list[Item]) -> set[str]:
    """Return the series names that two or more item titles start with."""
    names = Counter(m["name"].strip() for item in items if (m := _SERIES.match(item.title)))
    return {name for name, count in names.items() if count >= 2}


def chinese_number(text: str) -> int:
    """Return the value of a Chinese numeral from 一 to 九十九."""
    if "十" not in text:
        return _NUMERALS.index(text) + 1
    tens, _, ones = text.partition("十")
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (
        _NUMERALS.index(ones) + 1 if ones else 0
    )


def set_series(entry: dict[str, Any], series: set[str]) -> None:
    match = _SERIES.match(entry["title"])
    if match and match["name"].strip() in series:
        entry["series"], entry["part"] = match["name"].strip(), chinese_number(match["num"])
        if title_slug(entry["title"]):  # a name from the title: part N of it
            entry["_slug"] = slugify(entry["_slug"], str(entry["part"]))


def mark_series(entries: list[dict[str, Any]], report: Report) -> None:
    used: dict[tuple[str, int], str] = {}
    for entry in entries:
        if "series" not in entry:
            continue
        slot = (entry["series"], entry["part"])
        if slot in used:
            report.skipped.append(
                Skip(
                    entry["_line"],
                    f"part {slot[1]} of series '{slot[0]}' is already "
                    f"'{used[slot]}': '{entry['id']}' left out of the series",
                    entry["title"],
                )
            )
            del entry["series"], entry["part"]
            continue
        used[slot] = entry["id"]
        report.series[slot[0]] = report.series.get(slot[0], 0) + 1
