"""Build-time charts (render/charts.py) and how the pages show them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from site_helpers import BASIC_CATALOG, REPO

from llm_atlas.models import KIND_MODELS, Entry
from llm_atlas.render.charts import (
    BOTTOM,
    HEIGHT,
    TOP,
    growth_chart,
    nice_ceiling,
    year_timeline,
)
from llm_atlas.render.docs import render_docs
from llm_atlas.validate import load_catalog


def make(entry_id: str, kind: str = "paper", **fields: object) -> Entry:
    entry: Entry = KIND_MODELS[kind](
        id=entry_id, title=entry_id, topics=["t"], url=f"https://x.org/{entry_id}", **fields
    )
    return entry


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (2, 2), (3, 5), (7, 10), (11, 20), (388, 500)]
)
def test_nice_ceiling(value: int, expected: int) -> None:
    assert nice_ceiling(value) == expected


def test_timeline_has_a_bar_for_every_year_in_its_span() -> None:
    entries = [
        make("a", year=2020),
        make("b", year=2020),
        make("c", year=2023),
        make("t", kind="tutorial", year=2021),  # not a paper
        make("d"),  # no year
    ]
    chart = year_timeline(entries)
    assert chart is not None
    assert [(b.label, b.value) for b in chart.bars] == [
        ("2020", 2),
        ("2021", 0),
        ("2022", 0),
        ("2023", 1),
    ]
    tallest = HEIGHT - TOP - BOTTOM
    assert chart.bars[0].height == pytest.approx(tallest)  # 2 of a scale topping at 2
    assert chart.bars[3].height == pytest.approx(tallest / 2, abs=0.1)
    assert all(b.y + b.height == pytest.approx(chart.baseline) for b in chart.bars)
    assert chart.counts == [("2020", 2), ("2023", 1)]  # the text alternative's numbers
    xs = [b.x for b in chart.bars]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


@pytest.mark.parametrize("years", [[], [2020], [None, 2021]])
def test_no_timeline_for_fewer_than_two_dated_papers(years: list[int | None]) -> None:
    assert year_timeline([make(f"p{i}", year=y) for i, y in enumerate(years)]) is None


def test_growth_steps_up_on_each_added_day() -> None:
    days = [dt.date(2024, 1, 1), dt.date(2024, 1, 1), dt.date(2024, 1, 11), dt.date(2024, 1, 31)]
    chart = growth_chart([make(f"e{i}", added=d) for i, d in enumerate(days)])
    assert chart is not None
    assert [p.label for p in chart.points] == ["2024-01-01", "2024-01-11", "2024-01-31"]
    assert (chart.totals, chart.days) == ([2, 3, 4], 3)
    ys = [p.y for p in chart.points]
    assert ys == sorted(ys, reverse=True)  # higher totals are higher up
    xs = [p.x for p in chart.points]
    assert xs[1] - xs[0] == pytest.approx((xs[2] - xs[1]) / 2, abs=0.1)  # 10 days vs 20 days
    assert chart.path.startswith("M") and chart.area.endswith("Z")
    assert [t.label for t in chart.x_ticks] == ["2024-01-01", "2024-01-31"]


@pytest.mark.parametrize("days", [[], [dt.date(2024, 1, 1)] * 3, [None]])
def test_no_growth_without_two_added_days(days: list[dt.date | None]) -> None:
    assert growth_chart([make(f"e{i}", added=d) for i, d in enumerate(days)]) is None


def test_topic_pages_show_the_timeline_of_their_subtopics_too(tmp_path: Path) -> None:
    catalog_dir = tmp_path / "catalog"
    shutil.copytree(BASIC_CATALOG, catalog_dir)
    extra = {
        "id": "p-2023",
        "kind": "paper",
        "title": "A 2023 paper",
        "url": "https://example.com/p-2023",
        "topics": ["training-practice"],
        "year": 2023,
    }
    with (catalog_dir / "entries.yaml").open("a", encoding="utf-8") as f:
        f.write(yaml.safe_dump([extra], allow_unicode=True))
    render_docs(load_catalog(catalog_dir), REPO, tmp_path / "out", "Atlas")
    page = (tmp_path / "out" / "topics" / "training" / "index.md").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="atlas-chart" id="atlas-timeline">.*?</figure>', page, re.S)
    assert figure is not None
    assert "\n\n" not in figure.group(0)  # one raw HTML block for Markdown
    assert 'role="img"' in figure.group(0)
    # lora-paper (2021) is in peft-practice, p-2023 in training-practice: both under training.
    assert re.findall(r"<title>(\d{4}) 年：(\d+) 篇</title>", figure.group(0)) == [
        ("2021", "1"),
        ("2022", "0"),
        ("2023", "1"),
    ]
    leaf = (tmp_path / "out" / "topics" / "quantization" / "index.md").read_text(encoding="utf-8")
    assert "atlas-timeline" not in leaf  # one dated paper: no timeline
