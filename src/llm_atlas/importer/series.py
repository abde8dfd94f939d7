"""Series of imported entries: 'Title（一）', 'Title（二）' … are parts of one series.

Takes entry titles; gives the series names used twice or more, each entry's series and part
(a Chinese numeral read as a number; its id ends in it, by `naming`'s rule), and a report line
for a part number given twice.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from llm_atlas.importer.records import Item, Skip

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


def set_series(
    entry: dict[str, Any], series: set[str], held: dict[tuple[str, int], dict[str, Any]]
) -> int | None:
    """Give ENTRY its series and part when its title is a part of one of SERIES that no entry
    before it HELD; return that part, which its id ends in (`naming.entry_base`), or None. A part
    held already is none: the entry is marked for `mark_series` to report, and its id has no part
    its fields would not show."""
    match = _SERIES.match(entry["title"])
    if not match or match["name"].strip() not in series:
        return None
    slot = (match["name"].strip(), chinese_number(match["num"]))
    if slot in held:
        entry["_repeats"] = held[slot]
        return None
    held[slot] = entry
    entry["series"], entry["part"] = slot
    return slot[1]


def mark_series(entries: list[dict[str, Any]], report: Report) -> None:
    """Count the parts of each series in REPORT, and report each part given twice."""
    for entry in entries:
        first = entry.pop("_repeats", None)
        if first is not None:
            report.skipped.append(
                Skip(
                    entry["_line"],
                    f"part {first['part']} of series '{first['series']}' is already "
                    f"'{first['id']}': '{entry['id']}' left out of the series",
                    entry["title"],
                )
            )
        elif "series" in entry:
            report.series[entry["series"]] = report.series.get(entry["series"], 0) + 1
