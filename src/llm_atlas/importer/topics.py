"""Plan the topics of an imported README: which headings become topics, and what they imply.

Takes the parsed headings and how many items each section holds; gives the topic of every
section (nested by level, ids under an optional prefix), the kind a section's words imply
('Benchmarks' → benchmark), the year a year heading gives its items, and a report line for
every heading that is not a topic: non-content sections (news, contact, contributors, citation,
star history, license, acknowledgements, table of contents) and the sections below them that
name no kind of work, sentences, banners, prose-only and image-only sections. A year heading
is no topic: its items belong to the section above it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from llm_atlas.importer.names import english_title, translate_title, transliterate
from llm_atlas.importer.records import Parsed, Skip
from llm_atlas.naming import IdAllocator, slugify

NON_CONTENT = re.compile(
    r"(latest |recent )?(news|updates?|update log|changelog|what'?s new|contact( us| me)?|"
    r"contributors?|contributing|contributions?|how to contribute|citations?|cite|"
    r"how to cite|cite (this|us)|star history|stargazers|stars? over time|licen[cs]es?|"
    r"acknowledge?ments?|thanks|table of contents?|contents?|toc|目录|新闻|动态|更新日志|更新|"
    r"最新动态|联系(我们|方式)?|贡献者?|如何贡献|参与贡献|引用|致谢|许可证?|协议)",
    re.IGNORECASE,
)
_YEAR_HEADING = re.compile(
    r"(?:(?:before|pre|until|up to|<=?|≤)\s?)?(?P<year>(?:19|20)\d\d)"
    r"(?:\s?(?:and|&|or)\s(?:before|earlier|older)|\s?(?:-|–|~|to)\s?(?:(?:19|20)\d\d)?|年)?",
    re.IGNORECASE,
)
_PROSE_HEADING = re.compile(r".{60}.*[.!?。！？]\s|[.!?。！？]\s.{20}")
NUMBERED_HEADING = re.compile(r"^\s*([0-9]+(\.[0-9]+)*\.?|[一二三四五六七八九十]+、)\s*")
# Words of a heading → the kind of what it lists (a paper word, else the last one found).
_KIND_WORDS = re.compile(
    r"(?<![a-z])(?:(?P<benchmark>benchmarks?|evaluations?|evals?|leaderboards?|评测|测评|基准|榜单)"
    r"|(?P<dataset>datasets?|data ?sets?|corpus|corpora|数据集|语料)"
    r"|(?P<course>courses?|lectures?|classes|课程|公开课)"
    r"|(?P<tutorial>tutorials?|guides?|how-?tos?|教程|入门|技术|实践|实战)"
    r"|(?P<tool>tools?|frameworks?|librar(?:y|ies)|toolkits?|software|platforms?|codebases?|"
    r"engines?|packages?|open[- ]source projects?|databases?|vector stores?|工具|框架|开源项目)"
    r"|(?P<article>blogs?|articles?|posts?|博客|文章)"
    r"|(?P<paper>papers?|surveys?|publications?|论文|综述))(?![a-z])",
    re.IGNORECASE,
)


@dataclass
class TopicPlan:
    """Per section: its topic id, the kind its words imply, the year its heading names."""

    section_topic: dict[int, str] = field(default_factory=dict)
    section_kind: dict[int, str] = field(default_factory=dict)
    section_year: dict[int, int] = field(default_factory=dict)
    topics: list[dict[str, Any]] = field(default_factory=list)
    roots: dict[str, str] = field(default_factory=dict)


def heading_kind(title: str) -> str | None:
    """Return the entry kind a heading's words imply ('Benchmarks' → benchmark), or None."""
    kinds = [m.lastgroup for m in _KIND_WORDS.finditer(title)]
    # The head word comes last in English and Chinese alike ('Evaluation Tools', '测评工具').
    return "paper" if "paper" in kinds else (kinds[-1] if kinds else None)


def is_non_content(title: str) -> bool:
    """Return True for the title of a news, contact, citation … section (not a topic)."""
    return NON_CONTENT.fullmatch(title.strip(" :：-—!?.*")) is not None


def year_heading(title: str) -> int | None:
    """Return the year a heading such as '2023', '2023 and before' or '2022年' names."""
    match = _YEAR_HEADING.fullmatch(title.strip(" :：-—!?.*"))
    return int(match["year"]) if match else None


def plan_topics(
    parsed: Parsed, prefix: str, skipped: list[Skip], taken: frozenset[str] = frozenset()
) -> TopicPlan:
    """Return the topics of PARSED's headings (ids other than TAKEN); every heading that is
    not one is in SKIPPED."""
    with_items = Counter(item.section for item in parsed.items)
    ids = IdAllocator(taken)
    # A title written twice (an HTML <h1> over the Markdown one) counts once.
    repeated = {
        i
        for i in range(1, len(parsed.headings))
        if parsed.headings[i].title == parsed.headings[i - 1].title and not with_items[i - 1]
    }
    kept = [i for i in range(len(parsed.headings)) if i + 1 not in repeated]
    levels = [parsed.headings[i].level for i in kept]
    single = levels and levels.count(levels[0]) == 1 and len(levels) > 1
    banner = kept[0] if single and levels[0] == min(levels) else None
    plan = TopicPlan()
    stack: list[tuple[int, str, int]] = []  # (level, topic id, section)
    kinds: list[tuple[int, str | None]] = []  # (level, kind) of the headings above
    dropped: int | None = None  # level of the non-content heading being skipped
    below = _items_below(parsed, with_items)
    for index, heading in enumerate(parsed.headings):
        if dropped is not None and heading.level > dropped and not heading_kind(heading.title):
            # 'Core contributors' under 'Acknowledgements'; 'Week Papers' under 'News' is content
            skipped.append(Skip(heading.line, "section skipped: inside a non-content section",
                                heading.title))  # fmt: skip
            continue
        dropped = None
        while kinds and kinds[-1][0] >= heading.level:
            kinds.pop()
        kinds.append((heading.level, heading_kind(heading.title)))
        hint = next((k for _, k in reversed(kinds) if k), None)
        if hint:
            plan.section_kind[index] = hint
        has_children = below[index] > with_items[index]
        reason = _skip_reason(heading.title, index == banner, with_items[index], has_children,
                              heading)  # fmt: skip
        if index + 1 in repeated:
            reason = reason or "the same title as the heading below it"
        if reason == "non-content":
            dropped = heading.level
            reason = "not content (news, contact, citation, license …)"
        if reason is not None:
            skipped.append(Skip(heading.line, f"section skipped: {reason}", heading.title))
            continue
        while stack and stack[-1][0] >= heading.level:
            stack.pop()
        year = year_heading(heading.title)
        if year is not None and stack:
            plan.section_topic[index] = stack[-1][1]
            plan.section_year[index] = year
            skipped.append(Skip(heading.line, "section merged into the one above: a year, "
                                f"its items get year {year}", heading.title))  # fmt: skip
            continue
        _add_topic(plan, parsed, index, prefix, ids, stack)
    return plan


def _skip_reason(
    title: str, banner: bool, items: int, has_children: bool, heading: Any
) -> str | None:
    if is_non_content(title):
        return "non-content"
    if not items and _PROSE_HEADING.search(title):
        return "a sentence, not a topic"
    if banner and not items:
        return "the README's title over every section"
    if not (items or has_children or heading.placeholder):
        return "no links or items (prose only)"
    if not items and not has_children and heading.has_media:
        return "only images, badges or HTML"
    if not items and heading.anchor_links >= 3:
        return "table of contents (in-page links only)"
    return None


def _add_topic(
    plan: TopicPlan,
    parsed: Parsed,
    index: int,
    prefix: str,
    ids: IdAllocator,
    stack: list[tuple[int, str, int]],
) -> None:
    heading = parsed.headings[index]
    title = NUMBERED_HEADING.sub("", heading.title)
    words = translate_title(title) or [transliterate(title)]
    base = slugify(prefix, *words)
    tid = ids.take(base or slugify(prefix, "topic"))
    topic: dict[str, Any] = {
        "id": tid,
        "title": heading.title or tid,
        "title_en": english_title(heading.title or tid),
    }
    if stack:
        topic["parent"] = stack[-1][1]
    if index in parsed.descriptions:
        topic["description"] = parsed.descriptions[index]
    plan.topics.append(topic)
    plan.roots[tid] = plan.roots[stack[0][1]] if stack else tid
    plan.section_topic[index] = tid
    stack.append((heading.level, tid, index))


def _items_below(parsed: Parsed, with_items: Counter[int]) -> list[int]:
    """Return, per heading, the items in its section and every section nested under it."""
    headings = parsed.headings
    totals = [with_items[i] for i in range(len(headings))]
    stack: list[int] = []
    for index, heading in enumerate(headings):
        while stack and headings[stack[-1]].level >= heading.level:
            stack.pop()
        for parent in stack:
            totals[parent] += with_items[index]
        stack.append(index)
    return totals
