"""A list item read as one work: tags, roles, authors, kinds, sections, merging, bounds.

Small inline cases only (the corpus figures are bench/bench_import.py's): each mechanism of
importer/work.py, tags.py, kinds.py, topics.py and htmlblocks.py on a table of inputs, then whole
drafts of a few lines, then the time of pathological inputs doubled.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from llm_atlas.importer import draft_markdown
from llm_atlas.importer.htmlblocks import anchors, elements, html_text
from llm_atlas.importer.kinds import entry_kind
from llm_atlas.importer.notes import is_prose
from llm_atlas.importer.tags import find_tags, text_arxiv, venue_text
from llm_atlas.importer.topics import heading_kind, is_non_content, year_heading
from llm_atlas.importer.work import is_author_list, link_role, split_authors
from llm_atlas.naming import arxiv_id
from llm_atlas.problems import AtlasError

DAY = dt.date(2026, 12, 6)


def entries(markdown: str) -> list[dict[str, Any]]:
    """Return the draft entries of MARKDOWN, in order."""
    result = draft_markdown(markdown, "x.md", DAY)
    return [e for file in result.draft.files.values() for e in file]


def only(markdown: str) -> dict[str, Any]:
    found = entries(markdown)
    assert len(found) == 1, [e["title"] for e in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "venue", "year"),
    [
        ("[ICLR'24]", "ICLR 2024", 2024),
        ("ASPLOS' 26", "ASPLOS 2026", 2026),
        ("NeurIPS 2023", "NeurIPS 2023", 2023),
        ("Title, NeurIPS, 2021. [", "NeurIPS 2021", 2021),
        ("2016-ICLR-", "ICLR 2016", 2016),
        ("Arxiv 2024.", "arXiv 2024", 2024),
        ("2024/05: accepted", None, 2024),
        ("[2023-03] [", None, 2023),
        ("(2023)", None, 2023),
        ("Jan 5, 2024", None, 2024),
        ("9/04/24", None, 2024),
        ("G. Hinton. Distilling. arXiv preprint, 2015.", None, 2015),
    ],
)
def test_venue_and_year_tags(text: str, venue: str | None, year: int) -> None:
    tag = find_tags(text)[0]
    assert (venue_text(tag), tag.year) == (venue, year)


@pytest.mark.parametrize("text", ["GPT 2023 review", "LLM 2024", "on 20 GPUs", "v2.1", "RLHF'23"])
def test_not_a_venue_tag(text: str) -> None:
    assert find_tags(text) == []


@pytest.mark.parametrize(
    ("text", "arxiv"),
    [
        ("Hinton et al. Distilling … arXiv:1503.02531", "1503.02531"),
        ("arXiv preprint arXiv:2301.00001, 2023", "2301.00001"),
        ("https://doi.org/10.48550/arXiv.2301.00001", "2301.00001"),
        ("https://arxiv.org/pdf/2305.14314v2", "2305.14314"),
        ("see 2301.00001 for details", None),
        ("arXiv: soon", None),
        ("arXiv:\u0663\u0660\u0662\u0661.00001", None),  # Arabic-Indic digits: no id
    ],
)
def test_arxiv_id_in_text(text: str, arxiv: str | None) -> None:
    assert text_arxiv(text) == arxiv


@pytest.mark.parametrize(
    ("url", "arxiv"),
    [
        ("https://doi.org/10.48550/arXiv.2301.00001", "2301.00001"),
        ("https://arxiv.org/abs/2106.09685v2", "2106.09685"),
        ("https://doi.org/10.1145/3600006.3613165", None),
        ("https://www.doi.org/10.48550/arXiv.2301.00001/", "2301.00001"),
        # Neither arXiv's link nor the DOI's: no id, as `new --url` reads it (naming.arxiv_id).
        ("https://dl.acm.org/doi/10.48550/arXiv.2301.00001", None),
        ("https://example.com/10.48550/arxiv.2301.00001", None),
    ],
)
def test_arxiv_of_doi_and_abs_urls(url: str, arxiv: str | None) -> None:
    entry = only(f"# L\n\n## Papers\n\n- [A Title]({url})\n")
    assert (entry["kind"], entry.get("arxiv"), entry.get("paper")) == ("paper", arxiv, None)
    assert arxiv_id(url) == arxiv  # the importer's id of a link is the one parser's


@pytest.mark.parametrize(
    ("label", "url", "role"),
    [
        ("Code", "https://example.org/x", "code"),
        ("[Official]", "https://example.org/x", "code"),
        ("Demo", "https://example.org/x", "demo"),
        ("Project page", "https://example.org/x", "project"),
        ("Slides", "https://example.org/x", "slides"),
        ("Dataset", "https://example.org/x", "data"),
        ("Model weights", "https://example.org/x", "model"),
        ("Blog", "https://example.org/x", "blog"),
        ("", "https://arxiv.org/abs/2301.00001", "paper"),
        ("pdf", "https://example.org/x.pdf", "paper"),
        ("", "https://github.com/a/b", "code"),
        ("", "https://huggingface.co/spaces/a/b", "demo"),
        ("", "https://huggingface.co/datasets/a/b", "data"),
        ("", "https://huggingface.co/a/b", "model"),
        ("", "https://www.youtube.com/watch?v=x", "video"),
        ("", "https://www.bilibili.com/video/BV1", "video"),
        ("GPT-4 Technical Report", "https://example.org/x", "project"),
        ("PyTorch", "https://github.com/pytorch/pytorch", "code"),
    ],
)
def test_link_roles(label: str, url: str, role: str) -> None:
    assert link_role(label, url) == role


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ann Lee, Bo Chen and Cy Diaz", ["Ann Lee", "Bo Chen", "Cy Diaz"]),
        ("Amelia Glaese, Nat McAleese, Maja Trębacz, et al.",
         ["Amelia Glaese", "Nat McAleese", "Maja Trębacz", "et al."]),
        ("Hinton et al.", ["Hinton", "et al."]),
        ("G. Hinton, O. Vinyals, J. Dean", ["G. Hinton", "O. Vinyals", "J. Dean"]),
        ("Retrieval, RAG, Agents", None),
        ("Fast, simple and cheap", None),
        ("Keyword: RLHF, PPO", None),
        ("Data Scaling, Reward Hacking, LLMs", None),
    ],
)  # fmt: skip
def test_author_lists(text: str, names: list[str] | None) -> None:
    assert is_author_list(text) == (names is not None)
    if names is not None:
        assert split_authors(text) == names


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        ("Reduced Hallucinations: Grounds responses in retrieved factual information", True),
        ("SparseGPT: Massive Language Models Can be Accurately Pruned in One-Shot", False),
        ("想要使用或体验 LLM，但无条件获得或使用相关 API；", True),
        ("DeepSpeed 单机多卡训练", False),
        ("Can be used with embeddings but may lose effectiveness", True),
        ("基于 Megatron-DeepSpeed 从 0 到1 完成 Bloom 预训练", False),
        ("以及最广大、最普通的学生群体。", True),
        ("LoRA", False),
    ],
)
def test_prose_bullets_are_not_planned_entries(text: str, prose: bool) -> None:
    assert is_prose(text) == prose


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Benchmarks", "benchmark"),
        ("Datasets", "dataset"),
        ("Evaluation Tools", "tool"),
        ("测评工具", "tool"),
        ("测评集", "benchmark"),
        ("LLM Algorithmic/Eval Survey", "paper"),
        ("Courses", "course"),
        ("Retrieval Augmented Generation", None),
        ("Papers", "paper"),
    ],
)
def test_heading_kinds(title: str, kind: str | None) -> None:
    assert heading_kind(title) == kind


@pytest.mark.parametrize(
    ("url", "hint", "kind"),
    [
        ("https://github.com/a/b", "benchmark", "benchmark"),
        ("https://arxiv.org/abs/2009.03300", "dataset", "dataset"),
        ("https://example.org/tool", "tool", "tool"),
        ("https://arxiv.org/abs/2009.03300", "tool", "paper"),
        ("https://zhuanlan.zhihu.com/p/1", "tool", "tutorial"),
        ("https://github.com/a/b/blob/main/x.pdf", None, "paper"),
        ("https://github.com/a/b", None, "tool"),
        ("https://example.org/post", "tutorial", "tutorial"),
        ("https://github.com/a/b", "tutorial", "tool"),
        (None, "dataset", "dataset"),
        (None, "tool", "tutorial"),
    ],
)
def test_kind_follows_section_and_link(url: str | None, hint: str | None, kind: str) -> None:
    assert entry_kind(url, "bullet", hint, False) == kind


@pytest.mark.parametrize(
    ("url", "title", "is_paper", "kind"),
    [
        ("https://eprint.iacr.org/2023/763", "Undetectable Watermarks", True, "paper"),
        ("https://eprint.iacr.org/2023/763", "Undetectable Watermarks", False, "article"),
        ("https://docs.example.org/rag", "Production RAG", False, "tutorial"),
        ("https://example.org/docs/rag/", "Production RAG", False, "tutorial"),
        ("https://www.youtube.com/watch?v=1", "Vision-RAG", False, "tutorial"),
        ("https://github.com/a/happy-llm", "Happy-LLM 原理与实践教程", False, "tutorial"),
        ("https://github.com/a/b", "An LLM Course", False, "course"),
        ("https://github.com/a/b", "X-Bench: a Benchmark for Agents", False, "benchmark"),
        ("https://arxiv.org/abs/2403.02691", "Y: Benchmarking Agents", False, "paper"),
        ("https://www.zhihu.com/question/1/answer/2", "Z 的技术区别在哪里？", False, "article"),
    ],
)
def test_kind_from_the_items_own_words_and_link_label(
    url: str, title: str, is_paper: bool, kind: str
) -> None:
    assert entry_kind(url, "bullet", None, False, is_paper, title) == kind


@pytest.mark.parametrize(
    "title",
    ["News", "Latest News", "Contact", "Contributors", "Contributing", "Citation", "Star History",
     "License", "Acknowledgements", "Table of Contents", "目录", "致谢", "引用"],
)  # fmt: skip
def test_non_content_sections(title: str) -> None:
    assert is_non_content(title)


@pytest.mark.parametrize("title", ["Newsletters", "Contact-rich Manipulation", "Papers", "Tools"])
def test_content_sections(title: str) -> None:
    assert not is_non_content(title)


@pytest.mark.parametrize(
    ("title", "year"),
    [("2023", 2023), ("2022 and before", 2022), ("2021年", 2021), ("2020-2021", 2020),
     ("Papers 2023", None), ("GPT-4", None)],
)  # fmt: skip
def test_year_headings(title: str, year: int | None) -> None:
    assert year_heading(title) == year


def test_html_elements_and_text() -> None:
    html = '<div><h2 id="x">Tools <b>&amp;</b> libs</h2><a href="https://a.org">A</a></div>'
    assert [(tag, inner) for tag, inner, _, _ in elements(html, "h2")] == [
        ('<h2 id="x">', "Tools <b>&amp;</b> libs")
    ]
    assert html_text("Tools <b>&amp;</b> libs 🚀") == "Tools & libs"
    assert anchors('<a class="x" href="https://a.org/1">One</a> <a>no href</a>') == [
        ("https://a.org/1", "One")
    ]


def test_a_bullet_is_one_work_with_links_by_role() -> None:
    entry = only(
        "# L\n\n## Papers\n\n"
        "- [ICLR'24] [Tiny: A Title](https://openreview.net/forum?id=abc) *Ann Lee, Bo Chen.* "
        "[[Code](https://github.com/a/tiny)] [[Demo](https://huggingface.co/spaces/a/b)] "
        "[[Slides](https://example.org/s.pptx)] [video](https://youtube.com/watch?v=1)\n"
    )
    assert entry == {
        "id": "tiny", "kind": "paper", "title": "Tiny: A Title",
        "url": "https://openreview.net/forum?id=abc", "lang": "en", "topics": ["papers"],
        "authors": ["Ann Lee", "Bo Chen"], "year": 2024, "venue": "ICLR 2024",
        "code": "https://github.com/a/tiny", "demo": "https://huggingface.co/spaces/a/b",
        "slides": "https://example.org/s.pptx", "video": "https://youtube.com/watch?v=1",
        "added": DAY,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("bullet", "title", "venue", "year"),
    [
        ('Ann Lee, Bo Chen. "Fast Things for Slow Models", NeurIPS, 2021. [pdf](https://a.org/f.pdf)',
         "Fast Things for Slow Models", "NeurIPS 2021", 2021),
        ("[2023-03] [ICLR 2023] [Dated Title](https://arxiv.org/abs/2303.00001)",
         "Dated Title", "ICLR 2023", 2023),
        ("2016-ICLR-[Deep Compression](https://arxiv.org/abs/1510.00149)",
         "Deep Compression", "ICLR 2016", 2016),
        ("2024/05: [Dated Work](https://arxiv.org/abs/2405.00001)", "Dated Work", None, 2024),
        ("[**Bold Title.**](https://arxiv.org/abs/2404.15574) *A B, C D.* ASPLOS' 26.",
         "Bold Title", "ASPLOS 2026", 2026),
        ("**Plain Title,** ICML 2019. [[pdf](https://arxiv.org/abs/1902.00751)]",
         "Plain Title", "ICML 2019", 2019),
        ("Paper: [Labelled Title](https://arxiv.org/abs/2502.01068) [2025]",
         "Labelled Title", None, 2025),
    ],
)  # fmt: skip
def test_titles_carry_no_citation_residue(
    bullet: str, title: str, venue: str | None, year: int
) -> None:
    entry = only(f"# L\n\n## Papers\n\n- {bullet}\n")
    assert (entry["title"], entry.get("venue"), entry["year"]) == (title, venue, year)


def test_descriptions_carry_no_tag_residue() -> None:
    entry = only(
        "# L\n\n## Agents\n\n- [AgentBench: Evaluating LLMs as Agents]"
        "(https://arxiv.org/abs/2308.03688) [2023, ICLR 2024] — Benchmark across 8 environments.\n"
    )
    assert (entry["description"], entry["venue"]) == (
        "Benchmark across 8 environments",
        "ICLR 2024",
    )


def test_a_reference_without_a_link_is_a_paper_by_its_arxiv_id() -> None:
    entry = only(
        "# L\n\n## Reading\n\n- Hinton et al. Distilling the Knowledge. arXiv:1503.02531\n"
    )
    assert (entry["kind"], entry["title"], entry["url"], entry["arxiv"], entry["authors"]) == (
        "paper", "Distilling the Knowledge", "https://arxiv.org/abs/1503.02531", "1503.02531",
        ["Hinton", "et al."],
    )  # fmt: skip


def test_a_doi_link_gives_the_arxiv_id() -> None:
    entry = only("# L\n\n## P\n\n- [Via DOI](https://doi.org/10.48550/arXiv.2301.00001)\n")
    assert (entry["kind"], entry["arxiv"]) == ("paper", "2301.00001")


def test_sub_bullets_add_to_their_item() -> None:
    entry = only(
        "# L\n\n## Papers\n\n- [A Title](https://arxiv.org/abs/2504.04950)\n"
        "  - Wenyuan Xu, Xiaochen Zuo, Chao Xin\n  - Keyword: Reward Model, PPO\n"
        "  - Code: [official](https://github.com/a/b)\n"
    )
    assert (entry["authors"], entry["tags"], entry["code"]) == (
        ["Wenyuan Xu", "Xiaochen Zuo", "Chao Xin"], ["Reward Model", "PPO"], "https://github.com/a/b"
    )  # fmt: skip


def test_an_item_listed_twice_is_one_entry_with_every_link() -> None:
    found = entries(
        "# L\n\n## A\n\n- [Work](https://arxiv.org/abs/2301.00001) [code](https://github.com/a/w)\n"
        "\n## B\n\n- [Work](https://arxiv.org/pdf/2301.00001v2) [demo](https://a.org/demo)"
        " [code](https://github.com/b/w)\n"
    )
    assert [(e["topics"], e["code"], e["demo"], e["links"]) for e in found] == [
        (["a", "b"], "https://github.com/a/w", "https://a.org/demo", ["https://github.com/b/w"])
    ]


def test_sections_html_headings_years_and_non_content() -> None:
    result = draft_markdown(
        "# L\n\n## News\n\n- [Launch](https://a.org/news)\n\n### Contributors\n\n"
        "- [ann](https://github.com/ann)\n\n<h2>Tools</h2>\n\n- [T](https://github.com/a/t)\n\n"
        "### 2023\n\n- [Old](https://github.com/a/old)\n\n## Citation\n\n- [bib](https://a.org/b)\n",
        "x.md",
        DAY,
    )
    assert [t["id"] for t in result.draft.topics] == ["tools"]
    found = [e for file in result.draft.files.values() for e in file]
    assert [(e["title"], e["topics"], e.get("year")) for e in found] == [
        ("T", ["tools"], None), ("Old", ["tools"], 2023)
    ]  # fmt: skip
    skipped = {(s.reason.split(":")[0], s.text) for s in result.report.skipped}
    assert {("section skipped", "News"), ("section skipped", "Contributors"),
            ("section skipped", "Citation"), ("item in a skipped section",
            "Launch (https://a.org/news)")} <= skipped  # fmt: skip


def test_a_details_summary_is_one_work_and_its_notes_are_not_entries() -> None:
    entry = only(
        "# L\n\n## Attacks\n\n<details><summary>Prompt Packer: Hidden Attacks (2023) "
        '[<a href="https://arxiv.org/abs/2310.10077">Paper</a>] ⭐</summary>\n\n'
        "- A short note on it.\n- Compare with [SOTA](https://arxiv.org/abs/2404.02151) which "
        "is a much longer comment that explains at length why this matters for readers.\n\n"
        "</details>\n"
    )
    assert (entry["title"], entry["year"], entry["arxiv"], entry["links"]) == (
        "Prompt Packer: Hidden Attacks", 2023, "2310.10077", ["https://arxiv.org/abs/2404.02151"]
    )  # fmt: skip


@pytest.mark.parametrize(
    "bullet", ["[Web]()", "[Web]() [Paper](https://arxiv.org/abs/2301.00001)", "[]()", "[ ]( )"]
)
def test_empty_link_targets_are_reported_not_fatal(bullet: str) -> None:
    result = draft_markdown(f"# L\n\n## S\n\n- {bullet}\n- [Kept](https://a.org/k)\n", "x", DAY)
    assert any(s.reason == "link without a target" for s in result.report.skipped) or "[]" in bullet
    assert "https://a.org/k" in result.report.urls


def _best_times(run: Callable[[str], object], small: str, large: str) -> tuple[float, float]:
    """Return the best of five CPU times of RUN on SMALL and on LARGE, taken in turns: CPU time
    of this process, so that other processes on a busy machine do not count."""
    best = [float("inf"), float("inf")]
    for _ in range(5):
        for i, text in enumerate((small, large)):
            start = time.process_time()
            run(text)
            best[i] = min(best[i], time.process_time() - start)
    return best[0], best[1]


@pytest.mark.parametrize(
    ("name", "run", "unit"),
    [
        ("tags", find_tags, "ICLR " * 7 + "x, "),
        ("arxiv", text_arxiv, "arxiv preprint arxiv: "),
        ("authors", is_author_list, "Ann Bo Cy Di Ed Fa, "),
        ("anchors", anchors, "<a href=x>"),
        ("headings", lambda t: elements(t, "h2"), "<h2 "),
        ("tags in html", html_text, "<<a "),
        ("prose", is_prose, "a, b. "),
        ("draft", lambda t: draft_markdown("# L\n\n## S\n\n" + t, "x", DAY),
         "- [ICLR'24] [T](https://a.org/x) *A B, C D.* [code](https://github.com/a/b)\n"),
    ],
)  # fmt: skip
def test_time_is_linear_in_input_size(name: str, run: Callable[[str], object], unit: str) -> None:
    """Doubling a pathological input at most about doubles the time (ratio 3: never flaky)."""
    size = {"draft": 300, "tags": 3000}.get(name, 100_000)
    small, large = _best_times(run, unit * size, unit * size * 2)
    assert large <= 3 * max(small, 0.05), (name, small, large)


def test_a_readme_larger_than_the_bound_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import llm_atlas.importer as importer

    monkeypatch.setattr(importer, "MAX_BYTES", 1_000_000)
    big = tmp_path / "big.md"
    big.write_bytes(b"# T\n\n" + b"- [x](https://a.org/x)\n" * 50_000)
    with pytest.raises(AtlasError, match="larger than 1 MB"):
        importer.read_markdown(big)
