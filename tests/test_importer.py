"""Golden cases for `llm-atlas import-markdown`, its URL remapping, and its counts on the README.

Each folder in tests/cases/importer/ holds input.md (and tree.txt for the remap case) beside the
exact expected output: expected/*.yaml and expected/report.txt. Regenerate after an intended
change with `LLM_ATLAS_REGEN=1 python -m pytest tests/test_importer.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from golden import CASES, check_golden
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_atlas.cli import main
from llm_atlas.importer import draft_markdown, import_markdown, read_markdown
from llm_atlas.importer.names import guess_kind
from llm_atlas.importer.remap import RepoTree, find_moved_path, load_repo_tree, remap_url
from llm_atlas.importer.series import chinese_number
from llm_atlas.importer.write import format_report, write_files
from llm_atlas.problems import AtlasError
from llm_atlas.rules import normalize_url
from llm_atlas.validate import check_catalog

IMPORTER = CASES / "importer"
IMPORT_CASES = sorted(p.name for p in IMPORTER.iterdir() if p.is_dir())
DAY = dt.date(2026, 11, 28)
CASE_REPO = "https://github.com/acme/notes"
LLM_ACTION = "https://github.com/liguodongiot/llm-action"
COMMUNITY = {"目录", "LLM学习交流群", "微信公众号", "Star History"}


def case_tree(case: str) -> RepoTree | None:
    tree = IMPORTER / case / "tree.txt"
    return load_repo_tree(tree, CASE_REPO) if tree.is_file() else None


@pytest.mark.parametrize("case", IMPORT_CASES)
def test_import_golden(case: str, tmp_path: Path) -> None:
    folder = IMPORTER / case
    result = draft_markdown(
        read_markdown(folder / "input.md"), "input.md", DAY, tree=case_tree(case)
    )
    expected = folder / "expected"
    if os.environ.get("LLM_ATLAS_REGEN") == "1":
        expected.mkdir(exist_ok=True)
        for old in expected.glob("*.yaml"):
            old.unlink()
    for name, text in result.files.items():
        check_golden(expected / name, text)
    assert sorted(p.name for p in expected.glob("*.yaml")) == sorted(result.files)
    report = format_report(result.report, "input.md", Path("out"), list(result.files))
    check_golden(expected / "report.txt", report + "\n")
    write_files(result.files, tmp_path / "catalog", force=False)
    _, problems = check_catalog(tmp_path / "catalog")
    assert [p.format_text() for p in problems] == []


def test_every_construct_has_a_case() -> None:
    assert set(IMPORT_CASES) >= {
        "headings",
        "bullets-kinds",
        "nested-and-labels",
        "series-and-planned",
        "practice-table",
        "framework-table",
        "ids-and-duplicates",
        "skipped-lines",
        "remap",
        "works",
    }


@pytest.mark.parametrize(
    ("url", "source", "kind"),
    [
        ("https://arxiv.org/abs/2311.07911", "bullet", "paper"),
        ("https://github.com/vllm-project/vllm", "bullet", "tool"),
        ("https://github.com/vllm-project/vllm/", "bullet", "tool"),
        ("https://github.com/a/b/tree/main/x", "bullet", "code"),
        ("https://github.com/a/b/blob/main/x.py", "heading", "code"),
        ("https://zhuanlan.zhihu.com/p/1", "bullet", "tutorial"),
        ("https://juejin.cn/post/1", "table", "tutorial"),
        ("https://www.zhihu.com/question/1/answer/2", "bullet", "article"),
        ("https://example.com/notes", "heading", "article"),
    ],
)
def test_guess_kind(url: str, source: str, kind: str) -> None:
    assert guess_kind(url, source) == kind


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十", 20), ("九十九", 99)],
)
def test_chinese_number(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize(
    ("stale", "moved"),
    [
        ("train/pytorch", "llm-train/pytorch"),
        ("inference", "llm-inference"),
        ("docs/ai-algo", "docs/ai-algo.md"),
        ("llm_localization/setup.md", "llm-localization/ascend/setup.md"),
        ("llm-action/peft/lora.ipynb", "llm-train/peft/lora.ipynb"),
        ("docs/network-communication", None),
    ],
)
def test_find_moved_path(stale: str, moved: str | None) -> None:
    tree = case_tree("remap")
    assert tree is not None
    assert find_moved_path(stale, tree) == moved


def test_remap_url_states() -> None:
    tree = case_tree("remap")
    assert tree is not None
    assert remap_url(f"{CASE_REPO}/tree/main/llm-train", tree) == (
        f"{CASE_REPO}/tree/main/llm-train",
        "current",
    )
    assert remap_url("https://example.com/x", tree) == ("https://example.com/x", "outside")
    assert remap_url(f"{CASE_REPO}/tree/main/docs/ai-algo", tree) == (
        f"{CASE_REPO}/blob/main/docs/ai-algo.md",
        "moved",
    )
    assert remap_url(f"{CASE_REPO}/tree/main/ai-infra/%E7%BD%91%E7%BB%9C", tree)[1] == "current"


def test_seed_tree_remaps_the_readme_examples(seed_dir: Path) -> None:
    tree = load_repo_tree(seed_dir / "llm-action-tree.txt", LLM_ACTION)
    assert find_moved_path("train/pytorch", tree) == "llm-train/pytorch"
    assert find_moved_path("inference", tree) == "llm-inference"


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["import-markdown", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_cli_writes_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    code, output = run_cli(
        str(IMPORTER / "remap" / "input.md"),
        "--out",
        str(out),
        "--added",
        "2026-11-28",
        "--repo-tree",
        str(IMPORTER / "remap" / "tree.txt"),
        "--repo-url",
        CASE_REPO,
    )
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == ["code.yaml", "topics.yaml"]
    assert (
        "stale repository path remapped to " + CASE_REPO + "/tree/main/llm-train/pytorch" in output
    )
    assert "line 7: repository path not in the tree" in output
    code, output = CliRunner().invoke(main, ["validate", "--catalog", str(out)]).exit_code, ""
    assert code == 0


def test_cli_refuses_existing_folder_and_keeps_files(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    out.mkdir()
    (out / "mine.yaml").write_text("keep me\n", encoding="utf-8")
    code, output = run_cli(str(IMPORTER / "headings" / "input.md"), "--out", str(out))
    assert code == 2
    assert "already exists and is not empty" in output and "--force" in output
    assert [p.name for p in out.iterdir()] == ["mine.yaml"]
    code, output = run_cli(str(IMPORTER / "headings" / "input.md"), "--out", str(out), "--force")
    assert code == 0, output
    assert (out / "mine.yaml").read_text(encoding="utf-8") == "keep me\n"
    assert (out / "topics.yaml").is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not utf-8", "is not UTF-8 text"),
        (b"just text, no headings\n", "has no headings"),
        (b"## Star History\n\n![x](https://example.com/x.png)\n", "every section was skipped"),
    ],
)
def test_cli_bad_input(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "in.md"
    source.write_bytes(content)
    code, output = run_cli(str(source), "--out", str(tmp_path / "out"))
    assert code in (1, 2)
    assert message in output
    assert not (tmp_path / "out").exists()


def test_cli_repo_tree_needs_repo_url(tmp_path: Path) -> None:
    code, output = run_cli(
        str(IMPORTER / "remap" / "input.md"),
        "--out",
        str(tmp_path / "o"),
        "--repo-tree",
        str(IMPORTER / "remap" / "tree.txt"),
    )
    assert code == 2
    assert "--repo-tree and --repo-url go together" in output


def test_an_invalid_draft_is_written_with_its_problems_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import llm_atlas.importer.emit as emit

    monkeypatch.setattr(emit, "FIELD_ORDER", ("id", "title", "url"))  # drops 'kind'
    out = tmp_path / "out"
    code, output = run_cli(str(IMPORTER / "headings" / "input.md"), "--out", str(out))
    assert code == 1
    assert "topics: " in output  # the report comes first
    assert (
        f"error: {output.split('error: ')[1].split(':')[0]}: kind: missing required field" in output
    )
    assert f"problem(s) in the draft in {out}: it was written so that you can fix them" in output
    assert sorted(p.name for p in out.glob("*.yaml")) == ["llm-inference.yaml", "llm-training.yaml",
                                                          "topics.yaml"]  # fmt: skip


# The real README (seed folder). The figures and ours differ where the importer does more
# than count lines; each difference is explained next to the figure.
README_FIGURES = {
    # 46 headings minus 4 skipped sections: 目录 (table of contents), LLM学习交流群 and 微信公众号
    # (prose + a QR-code image) and Star History (a chart image).
    "topics": 42,
    # The issue counts 171 linked items = 152 bullets with a link + 19 table rows. We also map the
    # 8 headings that are links, 3 table cells with a second <br> link and 2 links in prose
    # (llm-resource, ai-system), and merge 2 repeated URLs (the KV-cache quantization post,
    # EvalScope); the 2 second links inside bullets (IFEval's Paper, OpenCode's docs) are
    # fields of their bullet's entry: 152 + 19 + 8 + 3 + 2 - 2 = 182.
    "published": 182,
    # Same as the issue: 16 `[title]()` + 79 plain bullets (the two group labels '量化感知训练：'
    # and '训练后量化：' become tags of their children, not entries).
    "planned": 95,
    "entries": 277,
    # （一）…（十） runs with two or more members.
    "series": 10,
    "series_parts": 45,
    # The 215 distinct URLs minus the 16 outside content sections: 13 in the badge/logo
    # HTML before the first heading, the QR image of 微信公众号 and the 2 star-history links.
    "distinct_urls": 199,
}


def content_urls(text: str) -> set[str]:
    """Return the http(s) links of the README's content sections (independent of the importer)."""
    urls: set[str] = set()
    section: str | None = None
    for line in text.splitlines():
        heading = re.match(r"#{1,6}\s+(.*)", line)
        if heading:
            section = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1)).strip()
        if section is None or section in COMMUNITY:
            continue
        urls.update(re.findall(r"(?<!!)\[[^\]]*\]\((https?://[^)\s]+)\)", line))
    return urls


def test_real_readme_counts(seed_dir: Path, tmp_path: Path) -> None:
    source = seed_dir / "llm-action-README.md"
    result = import_markdown(source, tmp_path / "catalog", added=DAY)
    counts = result.report.counts()
    assert {k: counts[k] for k in README_FIGURES} == README_FIGURES
    # Kinds follow the sections: 测评集 makes benchmarks, 课程推荐 courses, 技术 tutorials.
    assert counts["kinds"] == {
        "article": 10, "benchmark": 11, "code": 22, "course": 2, "tool": 23, "tutorial": 209
    }  # fmt: skip
    skipped_sections = sorted(
        s.text for s in result.report.skipped if s.reason.startswith("section skipped")
    )
    assert skipped_sections == sorted(COMMUNITY)
    catalog, problems = check_catalog(tmp_path / "catalog")
    assert problems == [] and catalog is not None
    imported = {normalize_url(u) for e in catalog.entries.values() for _, u in e.urls()}
    expected = {normalize_url(u) for u in content_urls(read_markdown(source))}
    assert sorted(expected - imported) == [], "content URLs the importer dropped"
    assert sorted(imported - expected) == []


def test_real_readme_with_tree_fixes_stale_paths(seed_dir: Path, tmp_path: Path) -> None:
    tree = load_repo_tree(seed_dir / "llm-action-tree.txt", LLM_ACTION)
    result = import_markdown(
        seed_dir / "llm-action-README.md", tmp_path / "c", added=DAY, tree=tree
    )
    moved = [n for n in result.report.notes if n.reason.startswith("stale repository path")]
    missing = [s.text for s in result.report.skipped if s.reason.startswith("repository path")]
    assert len(moved) == 9
    assert missing == [f"{LLM_ACTION}/tree/main/docs/llm-base/network-communication"]
    data = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (tmp_path / "c").glob("*.yaml")]
    urls = {v for d in data for e in d for k, v in e.items() if k in ("url", "code")}
    assert f"{LLM_ACTION}/tree/main/llm-train/pytorch" in urls
    assert f"{LLM_ACTION}/tree/main/train/pytorch/" not in urls


# Real READMEs of the field (tests/corpus/sources.yaml says where each comes from) and the seed:
# (distinct content links, links in the draft). Content links are every http(s) URL a reader
# follows, found by the regular expressions below, independent of the importer: badges, images,
# links around an image, HTML comments and fenced code are not content.
CORPUS = Path(__file__).resolve().parent / "corpus"
CORPUS_FIGURES = {
    "awesome-chinese-llm": (22, 22),
    "awesome-efficient-llm": (19, 19),
    "awesome-llm": (57, 57),
    "awesome-llm-compression": (40, 40),
    "awesome-llm-inference": (44, 44),
    "awesome-llm-long-context-modeling": (26, 26),
    "awesome-llms-in-china": (24, 24),
    "find-the-chatgpter": (42, 42),
    "llm-action": (199, 199),
}
_DECORATION = re.compile(r"shields\.io|star-history|badge", re.IGNORECASE)


def readme_links(text: str) -> set[str]:
    """Return the distinct content links of a README (see CORPUS_FIGURES)."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"^\s*```.*?^\s*```", "", text, flags=re.S | re.M)
    text = re.sub(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)", "", text)  # a link around an image
    text = re.sub(r"<a[^>]*>\s*<img[^>]*>\s*</a>", "", text, flags=re.I)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|<img[^>]*>", "", text, flags=re.I)
    found = re.findall(r"https?://[^\s<>()\[\]{}\"'，。；：、（）|]+", text)
    return {u.rstrip(".,;:!*_~") for u in found if not _DECORATION.search(u)}


def corpus_readme(name: str, seed_dir: Path) -> Path:
    return (
        seed_dir / "llm-action-README.md" if name == "llm-action" else CORPUS / name / "README.md"
    )


def test_corpus_sources_are_recorded() -> None:
    sources = yaml.safe_load((CORPUS / "sources.yaml").read_text(encoding="utf-8"))
    assert sorted(s["folder"] for s in sources) == sorted(
        p.name for p in CORPUS.iterdir() if p.is_dir()
    )
    assert all(re.fullmatch(r"[0-9a-f]{40}", s["commit"]) and "/" in s["repo"] for s in sources)
    assert len(sources) >= 8


@pytest.mark.parametrize("name", sorted(CORPUS_FIGURES))
def test_real_readmes_of_the_field(name: str, seed_dir: Path, tmp_path: Path) -> None:
    source = corpus_readme(name, seed_dir)
    links = readme_links(read_markdown(source))
    result = import_markdown(source, tmp_path / "draft", added=DAY)
    catalog, problems = check_catalog(tmp_path / "draft")
    assert catalog is not None and [p.format_text() for p in problems] == []
    held = {normalize_url(u): e for e in catalog.entries.values() for _, u in e.urls()}
    captured = {u for u in links if normalize_url(u) in held}
    assert (len(links), len(captured)) == CORPUS_FIGURES[name]
    assert len(captured) >= 0.95 * len(links)
    for url in links:
        arxiv = re.search(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})", url)
        entry = held.get(normalize_url(url))
        if arxiv and entry is not None and entry.url == url:
            assert (entry.kind, getattr(entry, "arxiv", None)) == ("paper", arxiv.group(1)), url
    assert [e.title for e in catalog.entries.values() if "://" in e.title] == []
    unreadable = re.compile(r"(topic|item)(-\d+)?|\d+|u[0-9a-f]{4}.*")
    assert [t for t in catalog.topics if unreadable.fullmatch(t)] == []
    report = "\n".join(f"{s.line}: {s.text}" for s in result.report.skipped)
    for url in sorted(links - captured):
        assert url in report, f"{url} is neither in the draft nor listed as not mapped"


def test_ids_are_allocated_linearly() -> None:
    from llm_atlas.naming import IdAllocator

    ids = IdAllocator()
    taken = [ids.take("item") for _ in range(8000)]
    assert taken[:3] == ["item", "item-2", "item-3"] and taken[-1] == "item-8000"
    assert len(set(taken)) == 8000
    # link-less bullets under one heading: one draft, distinct ids
    text = "## Planned\n\n" + "".join(f"- 待写 {i}\n" for i in range(2000))
    result = draft_markdown(text, "x.md", DAY)
    assert result.report.counts()["planned"] == 2000


@pytest.mark.parametrize(
    ("label", "generic"),
    [("[pdf]", True), ("[[Paper]]", True), ("GitHub", True), ("Code (DeepSpeed)", True),
     ("📚 Colab", True), ("地址", True), ("LoRA", False), ("Notions", False), ("", True)],
)  # fmt: skip
def test_generic_labels(label: str, generic: bool) -> None:
    from llm_atlas.importer.records import is_generic

    assert is_generic(label) is generic


@pytest.mark.parametrize(
    ("src", "text"),
    [
        ("https://img.shields.io/badge/Conference-ICML'24-blue", "ICML'24"),
        ("https://img.shields.io/badge/w/Quantization-39B0A9", "Quantization"),
        ("https://img.shields.io/github/stars/a/b.svg?style=social", None),
    ],
)
def test_badge_text(src: str, text: str | None) -> None:
    from llm_atlas.importer.records import badge_text

    assert badge_text(src) == text


def test_bare_urls_stop_at_cjk_punctuation() -> None:
    from llm_atlas.importer.records import bare_urls

    text = "地址：https://github.com/a/b，见 https://x.org/p?q=1. 和（https://y.org/z）"
    assert [u for _, u in bare_urls(text)] == [
        "https://github.com/a/b",
        "https://x.org/p?q=1",
        "https://y.org/z",
    ]


def test_one_paper_in_two_sections_is_one_entry_with_two_topics() -> None:
    text = (
        "## Quantization\n\n- [GPTQ](https://arxiv.org/abs/2210.17323)\n\n"
        "## Inference\n\n| Title | Paper |\n|---|---|\n"
        "| GPTQ | [[pdf]](https://arxiv.org/pdf/2210.17323v2.pdf) |\n"
    )
    result = draft_markdown(text, "x.md", DAY)
    entries = [e for name, t in result.files.items() if name != "topics.yaml"
               for e in yaml.safe_load(t)]  # fmt: skip
    assert [(e["id"], e["topics"], e["arxiv"]) for e in entries] == [
        ("gptq", ["quantization", "inference"], "2210.17323")
    ]


_PIECES = st.sampled_from(
    [
        "# T\n",
        "## Sec\n",
        "### 一、中文\n",
        "- ",
        "* ",
        "  - ",
        "1. ",
        "| a | Title | Paper |\n",
        "|---|---|---|\n",
        "| x | y | [[pdf]](https://arxiv.org/pdf/2106.09685.pdf) |\n",
        "\n",
        "[t](https://x.org/a)",
        "[[Code]](https://github.com/a/b)",
        "https://y.org/p ",
        "<https://z.org/q>",
        "[![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/a/b)",
        "[![B](https://img.shields.io/badge/Conference-ICLR-blue)]()",
        "<details><summary>S</summary>\n",
        "</details>\n",
        '<a href="https://h.org">H</a>',
        "地址：",
        "简介：",
        "May 1, 2024: ",
        "**[2025.01.02]**",
        "    https://code.org/x\n",
        "```\nhttps://f.org\n```\n",
        "<!-- c -->",
        "text ",
        "：",
        "|",
        "<br>",
        "[ICLR'24] ",
        "ASPLOS' 26 ",
        "2016-ICLR-",
        "arXiv:2301.00001 ",
        "https://doi.org/10.48550/arXiv.2301.00001 ",
        '"Quoted Title", NeurIPS, 2021. ',
        "*Ann Lee, Bo Chen.* ",
        "[Web]()",
        "[Demo](https://huggingface.co/spaces/a/b)",
        "  - Code: [official](https://github.com/c/d)\n",
        "<h2>Html</h2>\n",
        "## News\n",
        "### 2023\n",
        "## Benchmarks\n",
    ]
)


@settings(max_examples=int(os.environ.get("IMPORT_EXAMPLES", "200")), deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40))
def test_any_markdown_gives_a_draft_or_a_clear_error(pieces: list[str]) -> None:
    text = "".join(pieces)
    try:
        result = draft_markdown(text, "x.md", DAY)
    except AtlasError as exc:
        assert "x.md" in exc.format_message()
        return
    for name, body in result.files.items():
        for record in yaml.safe_load(body) or []:
            assert record["title"].strip() and "://" not in str(record["title"]), (name, record)
    with tempfile.TemporaryDirectory() as folder:
        write_files(result.files, Path(folder), force=True)
        _, problems = check_catalog(Path(folder))
        assert [p.format_text() for p in problems if p.severity == "error"] == [], text


def small_catalog(root: Path) -> Path:
    root.mkdir()
    (root / "topics.yaml").write_text(
        "- id: papers\n  title: 论文\n  title_en: Papers\n", encoding="utf-8"
    )
    (root / "papers.yaml").write_text(
        "- id: lora\n  kind: paper\n  title: 'LoRA: Low-Rank Adaptation'\n"
        "  url: https://arxiv.org/abs/2106.09685\n  topics: [papers]\n",
        encoding="utf-8",
    )
    return root


def test_cli_imports_into_an_existing_catalog(tmp_path: Path) -> None:
    catalog = small_catalog(tmp_path / "catalog")
    readme = tmp_path / "README.md"
    readme.write_text(
        "# List\n\n## Papers\n\n- [LoRA again](https://arxiv.org/pdf/2106.09685v2)\n"
        "- [LoRA](https://github.com/acme/lora) a tool of the same name\n",
        encoding="utf-8",
    )
    run = CliRunner().invoke(
        main, ["import-markdown", str(readme), "--into", str(catalog), "--added", "2026-12-06"]
    )
    assert run.exit_code == 0, run.output
    assert "already in the catalog as 'lora': left out: LoRA again" in run.output
    assert f"topics appended to {catalog / 'topics.yaml'}: 1" in run.output
    topics = yaml.safe_load((catalog / "topics.yaml").read_text(encoding="utf-8"))
    assert [t["id"] for t in topics] == ["papers", "papers-2"]
    imported = yaml.safe_load((catalog / "imported" / "papers-2.yaml").read_text("utf-8"))
    assert [(e["id"], e["url"], e["topics"]) for e in imported] == [
        ("lora-2", "https://github.com/acme/lora", ["papers-2"])
    ]
    loaded, problems = check_catalog(catalog)
    assert problems == [] and loaded is not None and len(loaded.entries) == 2


def test_cli_into_with_a_prefix_and_a_bad_out(tmp_path: Path) -> None:
    catalog = small_catalog(tmp_path / "catalog")
    readme = tmp_path / "README.md"
    readme.write_text("# L\n\n## Papers\n\n- [New](https://a.org/new)\n", encoding="utf-8")
    outside = CliRunner().invoke(
        main, ["import-markdown", str(readme), "--into", str(catalog), "--out", str(tmp_path / "x")]
    )
    assert outside.exit_code == 2 and "must be a folder inside --into" in outside.output
    assert not (tmp_path / "x").exists()
    neither = CliRunner().invoke(main, ["import-markdown", str(readme)])
    assert neither.exit_code == 2 and "give --out DIR" in neither.output
    prefixed = CliRunner().invoke(
        main,
        ["import-markdown", str(readme), "--into", str(catalog), "--topics-prefix", "rag",
         "--out", str(catalog / "rag")],
    )  # fmt: skip
    assert prefixed.exit_code == 0, prefixed.output
    topics = yaml.safe_load((catalog / "topics.yaml").read_text(encoding="utf-8"))
    assert [t["id"] for t in topics] == ["papers", "rag-papers"]


def test_into_writes_nothing_when_the_catalog_would_break(tmp_path: Path) -> None:
    from llm_atlas.importer.merge import write_into

    catalog = small_catalog(tmp_path / "catalog")
    before = (catalog / "topics.yaml").read_text(encoding="utf-8")
    files = {"topics.yaml": "- id: new\n  title: N\n  title_en: N\n",
             "x.yaml": "- id: lora\n  kind: paper\n  title: T\n  url: https://a.org\n"
                       "  topics: [nowhere]\n"}  # fmt: skip
    with pytest.raises(AtlasError, match="would add 2 problem"):
        write_into(catalog, catalog / "imported", files, "README.md", force=False)
    assert not (catalog / "imported").exists()
    assert (catalog / "topics.yaml").read_text(encoding="utf-8") == before


# The developers' corpus of eleven READMEs (../shared/corpus/readmes, never copied here; its
# held-out split and figures are bench/bench_import.py's): read when present.
SHARED = Path(
    os.environ.get(
        "LLM_ATLAS_CORPUS", Path(__file__).resolve().parents[2] / "shared/corpus/readmes"
    )
)
SHARED_FILES = (
    sorted(p.name for p in SHARED.glob("*__*.md")) if SHARED.is_dir() else []
)  # owner__name.md


@pytest.mark.skipif(not SHARED_FILES, reason=f"no corpus at {SHARED} (set LLM_ATLAS_CORPUS)")
@pytest.mark.parametrize("name", SHARED_FILES)
def test_shared_corpus_readme_imports_cleanly(name: str, tmp_path: Path) -> None:
    source = SHARED / name
    result = import_markdown(source, tmp_path / "draft", added=DAY)
    catalog, problems = check_catalog(tmp_path / "draft")
    assert catalog is not None and [p.format_text() for p in problems] == []
    held = {normalize_url(u) for e in catalog.entries.values() for _, u in e.urls()}
    papers = {getattr(e, "arxiv", None) for e in catalog.entries.values()}
    said = "\n".join(s.text for s in [*result.report.skipped, *result.report.notes])
    for url in sorted(readme_links(read_markdown(source))):
        arxiv = re.search(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})", url)
        kept = normalize_url(url) in held or (arxiv is not None and arxiv[1] in papers)
        # readme_links stops a URL at '(' or '：' ('…/wiki/ROUGE_(metric)'): its start is enough
        kept = kept or any(h.startswith(normalize_url(url)) for h in held) or url in said
        assert kept, f"{url} is neither in the draft nor in the report"
    assert [e.title for e in catalog.entries.values() if "://" in e.title or "](" in e.title] == []
