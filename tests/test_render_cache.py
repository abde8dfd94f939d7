"""Tests of the render cache: whatever was edited, a cached render makes exactly what a render
from scratch makes, and it skips work only where nothing changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_helpers import BASIC_CATALOG

from llm_atlas.catalog import load_catalog
from llm_atlas.render import RenderStats, render_docs
from llm_atlas.render.snippets import RELATED_FIELDS, Snippets

REPO = Path(__file__).resolve().parent.parent
CACHE = ".render-cache.pickle"
SNIPPETS = ".render-cache-snippets.pickle"  # the entries' snippets, beside the cache


def render(catalog_dir: Path, out: Path, project: Path = REPO, cached: bool = True) -> RenderStats:
    return render_docs(
        load_catalog(catalog_dir),
        project,
        out / "docs",
        "Atlas",
        "https://example.org/",
        cache_path=out / CACHE if cached else None,
    )


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def assert_same_as_fresh(catalog_dir: Path, out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    stats = render(catalog_dir, fresh, cached=False)
    assert files_of(out / "docs") == files_of(fresh / "docs")
    assert stats.entries == render(catalog_dir, out).entries


@pytest.fixture()
def catalog_dir(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(BASIC_CATALOG, target)
    return target


def edit(catalog_dir: Path, old: str, new: str) -> None:
    path = catalog_dir / "entries.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_entry(catalog_dir: Path) -> None:
    with (catalog_dir / "entries.yaml").open("a", encoding="utf-8") as f:
        f.write(
            "- id: extra\n  kind: tool\n  title: Extra\n  url: https://example.com/x\n"
            "  topics: [quantization]\n"
        )


def own_template(tmp_path: Path, name: str, extra: str) -> Path:
    """Return a project whose template NAME is the shipped one plus EXTRA."""
    project = tmp_path / "project"
    (project / "templates").mkdir(parents=True)
    template = (REPO / "templates" / name).read_text(encoding="utf-8")
    (project / "templates" / name).write_text(template + extra, encoding="utf-8")
    return project


def test_second_render_writes_nothing(catalog_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = render(catalog_dir, out)
    assert first.written == first.files and (out / CACHE).is_file()
    second = render(catalog_dir, out)
    assert (second.written, second.removed, second.files) == (0, 0, first.files)
    assert second.entries == first.entries


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A related entry's title shows on lora-tutorial's and lora-code's pages.
        ('title: "LoRA: Low-Rank', 'title: "LoRA 2: Low-Rank'),
        # A series member's status shows on the other member's page.
        (
            "- id: qlora-tutorial\n  kind: tutorial\n  status: planned\n",
            "- id: qlora-tutorial\n"
            "  kind: tutorial\n  status: published\n  url: https://example.com/qlora\n",
        ),
        # A new relation shows on both pages.
        ("  related: [gptq-paper]\n", "  related: [gptq-paper, vllm]\n"),
        # A tag that sorts first renumbers no anchor but changes the tags page.
        ("  tags: [GPTQ, 量化]\n", "  tags: [GPTQ, 量化, AAA]\n"),
    ],
)
def test_cached_render_equals_fresh_after_an_edit(
    catalog_dir: Path, tmp_path: Path, old: str, new: str
) -> None:
    out = tmp_path / "out"
    render(catalog_dir, out)
    edit(catalog_dir, old, new)
    stats = render(catalog_dir, out)
    assert 0 < stats.written < stats.files
    assert_same_as_fresh(catalog_dir, out, tmp_path)


def test_topic_title_edit_reaches_entry_pages(catalog_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(catalog_dir, out)
    topics = catalog_dir / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("title: ", "title: 新", 1), encoding="utf-8")
    render(catalog_dir, out)
    assert_same_as_fresh(catalog_dir, out, tmp_path)


def test_changed_or_deleted_output_is_made_again(catalog_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    render(catalog_dir, out)
    docs = out / "docs"
    (docs / "entries" / "lora-paper.md").write_text("hand edit", encoding="utf-8")
    (docs / "catalog.json").unlink()
    (docs / "tags" / "index.md").write_text("x", encoding="utf-8")
    stats = render(catalog_dir, out)
    assert stats.written >= 3
    assert_same_as_fresh(catalog_dir, out, tmp_path)


@pytest.mark.parametrize("damage", [b"", b"junk", b"\x80\x05\x95garbage"])
@pytest.mark.parametrize("name", [CACHE, SNIPPETS])
def test_damaged_cache_means_a_full_render(
    catalog_dir: Path, tmp_path: Path, damage: bytes, name: str
) -> None:
    out = tmp_path / "out"
    render(catalog_dir, out)
    assert (out / name).is_file()
    (out / name).write_bytes(damage)
    edit(catalog_dir, "ICLR 2022", "ICLR 2023")
    render(catalog_dir, out)
    assert_same_as_fresh(catalog_dir, out, tmp_path)


def test_own_entry_template_turns_the_entry_cache_off(catalog_dir: Path, tmp_path: Path) -> None:
    """A project's entry template may show anything (here: the number of entries), so its
    pages are never taken from the cache."""
    project = own_template(
        tmp_path, "entry.html.j2", "<p>{{ catalog.entries|length }} entries</p>\n"
    )
    out = tmp_path / "out"
    render(catalog_dir, out, project)
    add_entry(catalog_dir)
    stats = render(catalog_dir, out, project)
    count = len(stats.entries)
    assert all(f"<p>{count} entries</p>" in page.body for page in stats.entries.values())


def other_value(name: str, value: object) -> object:
    """Return a valid value for field NAME that differs from VALUE."""
    if name == "status":
        return "planned"
    if name in ("url", "code", "pdf", "docs", "leaderboard"):
        return "https://changed.example/"
    if isinstance(value, int) or name in ("year", "part"):
        return 1999
    if isinstance(value, list) or name in ("authors", "topics", "tags", "related"):
        return ["changed"]
    return "changed"


def test_related_item_reads_only_the_fingerprint_fields() -> None:
    """The entry cache keys a page on RELATED_FIELDS of its related entries: changing any other
    field of an entry must not change how it is listed on other pages."""
    catalog = load_catalog(BASIC_CATALOG)
    for entry_id in ("lora-paper", "lora-tutorial", "vllm", "ceval"):
        entry = catalog.entries[entry_id]
        base = Snippets(catalog).related_item(entry)
        for name in type(entry).model_fields:
            new = other_value(name, getattr(entry, name))
            shown = Snippets(catalog).related_item(entry.model_copy(update={name: new}))
            if name not in RELATED_FIELDS:
                assert shown == base, f"related_item reads {name!r}: add it to RELATED_FIELDS"
            elif name in ("title", "url", "status", "id"):
                assert shown != base, name


def test_an_edit_remakes_only_the_list_pages_showing_the_entry(
    catalog_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = render(catalog_dir, out)
    assert {"topics/evaluation/index.md", "catalog.json", "tags/index.md"} <= set(first.remade)
    edit(catalog_dir, "生产级 LLM 推理引擎。", "生产级推理引擎（改过）。")  # vllm, a tool
    stats = render(catalog_dir, out)
    assert {"topics/quantization/index.md", "tools/index.md", "catalog.json"} <= set(stats.remade)
    shown_elsewhere = {"topics/evaluation/index.md", "papers/index.md", "explore/index.md"}
    assert not shown_elsewhere & set(stats.remade)
    assert_same_as_fresh(catalog_dir, out, tmp_path)
    assert render(catalog_dir, out).remade == []


def test_a_new_entry_remakes_the_counts(catalog_dir: Path, tmp_path: Path) -> None:
    """Counts and trees (home page, parent topics) follow the catalog's shape."""
    out = tmp_path / "out"
    render(catalog_dir, out)
    add_entry(catalog_dir)
    stats = render(catalog_dir, out)
    assert {"index.md", "explore/index.md", "topics/compression/index.md"} <= set(stats.remade)
    assert_same_as_fresh(catalog_dir, out, tmp_path)


def test_own_list_template_remakes_every_list_page(catalog_dir: Path, tmp_path: Path) -> None:
    """A project's own list template may read anything in the catalog (here: the latest
    description), so any edit makes every list page again."""
    project = own_template(tmp_path, "topic.md.j2", "{{ catalog.entries['vllm'].description }}\n")
    out = tmp_path / "out"
    render(catalog_dir, out, project)
    edit(catalog_dir, "生产级 LLM 推理引擎。", "生产级推理引擎（改过）。")
    stats = render(catalog_dir, out, project)
    page = out / "docs" / "topics" / "evaluation" / "index.md"
    assert "topics/evaluation/index.md" in stats.remade
    assert "生产级推理引擎（改过）。" in page.read_text(encoding="utf-8")


def test_a_few_changed_entries_do_not_rewrite_the_snippets(
    catalog_dir: Path, tmp_path: Path
) -> None:
    """The next render makes the snippets of an edited entry again instead of rewriting the
    whole file after each edit."""
    out = tmp_path / "out"
    render(catalog_dir, out)
    before = (out / SNIPPETS).stat().st_mtime_ns
    edit(catalog_dir, "生产级 LLM 推理引擎。", "生产级推理引擎（改过）。")
    render(catalog_dir, out)
    edit(catalog_dir, "ICLR 2022", "ICLR 2023")
    render(catalog_dir, out)
    assert (out / SNIPPETS).stat().st_mtime_ns == before
    assert_same_as_fresh(catalog_dir, out, tmp_path)


@pytest.mark.parametrize("catalog_name", ["site-basic", "site-injection"])
def test_paper_rows_are_the_rows_of_the_template_loop(catalog_name: str, tmp_path: Path) -> None:
    """`paper_rows` makes in Python what this Jinja loop made (kind-paper.md.j2 before)."""
    from site_helpers import CASES, write_injection_catalog

    from llm_atlas.render import template_globals
    from llm_atlas.render.env import make_environment

    folder = CASES / catalog_name / "catalog"
    if catalog_name == "site-injection":
        folder = tmp_path / "catalog"
        write_injection_catalog(folder)
    catalog = load_catalog(folder)
    env = make_environment(REPO, template_globals(catalog, "Atlas"))
    loop = env.from_string(
        "{% for e in entries %}\n"
        '| {{ entry_link(e, root) }}{{ badges(e) }} | {{ e.year or "" }} '
        '| {{ (e.venue or "")|md }} '
        "| {% if e.arxiv %}[{{ e.arxiv }}](https://arxiv.org/abs/{{ e.arxiv }}){% endif %} "
        "| {{ topic_links(e, root) }} |\n"
        "{% endfor %}\n"
    )
    papers = catalog.by_kind["paper"]
    assert papers
    expected = loop.render(entries=papers, root="../")
    assert (
        env.from_string("{{ paper_rows(entries, root) }}\n").render(entries=papers, root="../")
        == expected
    )
