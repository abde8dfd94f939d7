"""Tests of render/entry_inputs.py: an edit changes the input digest of every entry page whose
HTML it changes (so a build that keeps the pages whose digest held keeps only pages that are
still right), tried on generated edits of every kind of field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from llm_atlas.catalog import Catalog
from llm_atlas.problems import AtlasError
from llm_atlas.render.docs import render_docs
from llm_atlas.render.entry_inputs import entry_inputs
from llm_atlas.render.env import own_templates
from llm_atlas.render.views import tag_index
from llm_atlas.validate import load_catalog

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "tests" / "cases" / "site-basic" / "catalog"
WORDS = st.text(st.sampled_from("abcXYZ 量化微调-:&<"), min_size=1, max_size=12).map(str.strip)
VALUES = {
    "title": WORDS.filter(bool),
    "title_en": WORDS.filter(bool),
    "description": WORDS.filter(bool),
    "venue": WORDS.filter(bool),
    "year": st.integers(1990, 2030),
    "part": st.integers(1, 9),
    "status": st.sampled_from(["planned", "published"]),
    "series": st.sampled_from(["参数高效微调实战", "another series"]),
    "tags": st.lists(st.sampled_from(["LoRA", "lora", "PEFT", "量化", "new tag"]), max_size=3),
    "authors": st.lists(WORDS.filter(bool), min_size=1, max_size=2),
    "url": st.sampled_from(["https://example.org/a", "https://example.com/b"]),
}


def render_all(root: Path, out: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Return entry id → page body and entry id → input digest of the catalog at ROOT."""
    stats = render_docs(load_catalog(root), ROOT, out, "Atlas", entry_markdown=False)
    return {i: page.body for i, page in stats.entries.items()}, stats.entry_inputs


def edit(catalog: Catalog, entry_id: str, field: str, value: object) -> None:
    """Replace FIELD of ENTRY_ID in its YAML file by VALUE (as JSON, a YAML flow value)."""
    origin = catalog.origins[entry_id]
    path = Path(origin.file.path)
    text = path.read_text(encoding="utf-8")
    mark = origin.mark(field)
    new = json.dumps(value, ensure_ascii=False)
    path.write_text(text[: mark.start] + new + text[mark.end :], encoding="utf-8")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_an_edit_changes_the_inputs_of_every_page_it_changes(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    work = tmp_path_factory.mktemp("inputs")
    shutil.copytree(CATALOG, work / "catalog")
    catalog = load_catalog(work / "catalog")
    before, inputs_before = render_all(work / "catalog", work / "a")
    entry_id = data.draw(st.sampled_from(sorted(catalog.entries)), label="entry")
    entry = catalog.entries[entry_id]
    fields = sorted(f for f in VALUES if getattr(entry, f, None) not in (None, [], ""))
    field = data.draw(st.sampled_from(fields), label="field")
    edit(catalog, entry_id, field, data.draw(VALUES[field], label="value"))
    try:
        after, inputs_after = render_all(work / "catalog", work / "b")
    except AtlasError:  # an edit the catalog refuses (a part twice in a series ...)
        assume(False)
        raise
    changed = {i for i in before if before[i] != after[i]}
    kept = {i for i in before if inputs_before[i] == inputs_after[i]}
    assert not changed & kept, f"{field} of {entry_id}: pages changed with the same inputs"


def test_a_title_reaches_the_pages_that_show_it_and_no_other() -> None:
    catalog = load_catalog(CATALOG)
    tags = tag_index(catalog)
    first = entry_inputs(catalog, tags, None)
    entry = catalog.entries["lora-paper"]
    object.__setattr__(entry, "title", "Another title")
    second = entry_inputs(catalog, tags, None)
    changed = {i for i in first if first[i] != second[i]}
    shown_on = {i for i, related in catalog.related.items() if "lora-paper" in related}
    assert changed == {"lora-paper"} | shown_on
    assert shown_on  # the fixture relates the paper to another entry
    whole = entry_inputs(catalog, tags, None, whole_catalog=True)
    object.__setattr__(entry, "title", "A third title")
    again = entry_inputs(catalog, tags, None, whole_catalog=True)
    assert all(again[i] != whole[i] for i in whole)
    plain = entry_inputs(catalog, tags, None)
    topic = next(t for t in catalog.topics.values() if t.id not in entry.topics)
    object.__setattr__(topic, "title", "Another topic title")  # shown on no page of entry's
    assert entry_inputs(catalog, tags, None)["lora-paper"] == plain["lora-paper"]
    assert all(
        v != again[i] for i, v in entry_inputs(catalog, tags, None, whole_catalog=True).items()
    )


def test_a_tag_that_takes_another_tags_anchor_reaches_the_pages_of_that_tag() -> None:
    catalog = load_catalog(CATALOG)
    mine, other = catalog.entries["lora-paper"], catalog.entries["gptq-paper"]
    object.__setattr__(other, "tags", ["b-c"])
    first = entry_inputs(catalog, tag_index(catalog), None)
    object.__setattr__(mine, "tags", [*mine.tags, "b c"])  # sorts first: takes tag-b-c
    tags = tag_index(catalog)
    assert tags["b-c"].anchor == "tag-b-c-2"
    assert first["gptq-paper"] != entry_inputs(catalog, tags, None)["gptq-paper"]


def test_only_templates_of_the_projects_own_make_every_page_read_the_whole_catalog(
    tmp_path: Path,
) -> None:
    assert not own_templates(ROOT)  # the checkout's own folder
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    assert not own_templates(tmp_path)  # a copy, as `init` leaves none but a user may
    page = tmp_path / "templates" / "entry.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "{{ catalog.entries|length }}\n")
    assert own_templates(tmp_path)
    page.unlink()
    assert not own_templates(tmp_path)
    (tmp_path / "templates" / "extra.j2").write_text("x")
    assert own_templates(tmp_path)
