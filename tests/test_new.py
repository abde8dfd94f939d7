"""Tests of `llm-atlas new`: flags and prompts end to end, ids, duplicates, files, rollback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from llm_atlas.catalog import check_catalog
from llm_atlas.cli import main
from llm_atlas.fmt import format_text
from llm_atlas.new import append_text, propose_id, slug_from_url

TODAY = dt.date.today().isoformat()
SCHEMA = "# yaml-language-server: $schema=../schema/catalog.schema.json\n"
TOPICS = SCHEMA.replace("catalog.schema", "topics.schema") + (
    "- id: compression\n  title: 压缩\n  title_en: Compression\n"
    "- id: quantization\n  title: 量化\n  title_en: Quantization\n  parent: compression\n"
    "- id: peft\n  title: 微调\n  title_en: PEFT\n"
)
QUANT = (
    SCHEMA + "# Quantization tutorials.  Comments, order and quoting here must stay as written.\n"
    '- id: gptq-tutorial\n  title: "GPTQ 原理"\n  kind: tutorial\n'
    "  url: https://zhuanlan.zhihu.com/p/680212402\n  topics:\n    - quantization\n\n"
    "# second section\n"
    "- id: awq-tutorial\n  kind: tutorial\n  title: AWQ 原理\n"
    "  url: https://zhuanlan.zhihu.com/p/681578090   # the longer one\n"
    "  topics: [quantization]\n"
)
MISC = SCHEMA + (
    "- id: lora\n  kind: paper\n  title: LoRA\n  url: https://arxiv.org/abs/2106.09685\n"
    "  topics: [peft]\n"
    "- id: quant-survey\n  kind: paper\n  title: A survey\n  url: https://arxiv.org/abs/2308.07633\n"
    "  topics: [quantization]\n"
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (catalog / "quantization.yaml").write_text(QUANT, encoding="utf-8")
    (catalog / "misc.yaml").write_text(MISC, encoding="utf-8")
    return catalog


def run(root: Path, *args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", *args, "--catalog", str(root)], input=input)
    return result.exit_code, result.output


def assert_valid(root: Path) -> None:
    _, problems = check_catalog(root)
    assert [p.format_text() for p in problems] == []


def test_flags_end_to_end(root: Path) -> None:
    code, out = run(
        root,
        "tutorial",
        "--title",
        "SmoothQuant 原理",
        "--title-en",
        "SmoothQuant explained",
        "--url",
        "https://zhuanlan.zhihu.com/p/681578091",
        "--topic",
        "quantization",
        "--lang",
        "zh",
        "--tag",
        "量化",
        "--tag",
        "on",
        "--related",
        "gptq-tutorial",
        "--set",
        "method=SmoothQuant",
    )
    path = root / "quantization.yaml"
    assert (code, out) == (0, f"added 'smoothquant-explained' at {path}:17\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(QUANT)  # every existing byte kept
    assert text[len(QUANT) :] == (
        "\n"  # the file separates its entries with blank lines
        "- id: smoothquant-explained\n"
        "  kind: tutorial\n"
        "  title: SmoothQuant 原理\n"
        "  title_en: SmoothQuant explained\n"
        "  url: https://zhuanlan.zhihu.com/p/681578091\n"
        "  lang: zh\n"
        "  topics: [quantization]\n"
        "  method: SmoothQuant\n"
        "  tags: [量化, 'on']\n"
        "  related: [gptq-tutorial]\n"
        f"  added: {TODAY}\n"
    )
    assert_valid(root)


def test_appended_entry_is_already_formatted(root: Path) -> None:
    misc = root / "misc.yaml"
    assert format_text(MISC) == MISC
    code, _ = run(
        root,
        "paper",
        "--title",
        "QLoRA: Efficient Finetuning of Quantized LLMs",
        "--url",
        "https://arxiv.org/abs/2305.14314",
        "--topic",
        "peft,quantization",
        "--year",
        "2023",
        "--author",
        "Tim Dettmers",
        "--set",
        "arxiv=2305.14314",
        "--set",
        "venue=NeurIPS 2023",
    )
    assert code == 0
    text = misc.read_text(encoding="utf-8")
    assert format_text(text) == text
    assert text.endswith(
        "- id: qlora-efficient-finetuning-of-quantized-llms\n  kind: paper\n"
        "  title: 'QLoRA: Efficient Finetuning of Quantized LLMs'\n"
        "  url: https://arxiv.org/abs/2305.14314\n  topics: [peft, quantization]\n"
        "  authors: [Tim Dettmers]\n  year: 2023\n"
        f"  arxiv: '2305.14314'\n  venue: NeurIPS 2023\n  added: {TODAY}\n"
    )
    assert_valid(root)


def test_prompts_end_to_end(root: Path) -> None:
    answers = "\n".join(
        [
            "大模型量化概述",  # title
            "",  # English title: none
            "https://zhuanlan.zhihu.com/p/680212402",  # duplicate URL: asked again
            "https://zhuanlan.zhihu.com/p/627484732",
            "quantisation",  # unknown topic: asked again
            "quantization",
            "lora",  # taken id: asked again
            "",  # accept the proposed id
        ]
    )
    code, out = run(root, "tutorial", "--prompt", input=answers + "\n")
    assert code == 0, out
    assert "Error: url is already in the catalog: entry 'gptq-tutorial' at " in out
    assert "quantization.yaml:3" in out
    assert "Error: topic 'quantisation' does not exist — did you mean 'quantization'?" in out
    assert "Error: id 'lora' is already used by the entry at" in out
    assert "Id [zhihu-627484732]: " in out
    assert out.endswith(f"added 'zhihu-627484732' at {root / 'quantization.yaml'}:17\n")
    text = (root / "quantization.yaml").read_text(encoding="utf-8")
    assert text.startswith(QUANT)
    assert text[len(QUANT) :] == (
        "\n- id: zhihu-627484732\n  kind: tutorial\n  title: 大模型量化概述\n"
        "  url: https://zhuanlan.zhihu.com/p/627484732\n  topics: [quantization]\n"
        f"  added: {TODAY}\n"
    )
    assert_valid(root)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "lora", "--url", "https://example.org/x"],
            "Error: not added: id 'lora' is already used by the entry at {root}/misc.yaml:2\n",
        ),
        (
            ["--url", "HTTPS://ARXIV.org/abs/2106.09685/"],
            "Error: not added: url is already in the catalog: entry 'lora' at {root}/misc.yaml:2"
            " (use 'related' to connect to it)\n",
        ),
    ],
)
def test_duplicates_are_refused(root: Path, args: list[str], message: str) -> None:
    code, out = run(root, "paper", "--title", "T", "--topic", "peft", *args)
    assert (code, out) == (1, message.format(root=root))
    assert (root / "misc.yaml").read_text(encoding="utf-8") == MISC


def test_invalid_entry_is_rolled_back(root: Path) -> None:
    code, out = run(
        root,
        "tool",
        "--title",
        "X",
        "--url",
        "https://x.org",
        "--topic",
        "peft",
        "--related",
        "no-such-entry",
    )
    assert code == 1
    assert "error: x: related: related entry 'no-such-entry' does not exist" in out
    assert "misc.yaml was left as it was" in out
    assert (root / "misc.yaml").read_text(encoding="utf-8") == MISC


def test_field_error_is_rolled_back(root: Path) -> None:
    code, out = run(
        root,
        "paper",
        "--title",
        "X",
        "--url",
        "https://x.org",
        "--topic",
        "peft",
        "--set",
        "arxiv=not-an-id",
    )
    assert code == 1
    assert "arxiv" in out
    assert (root / "misc.yaml").read_text(encoding="utf-8") == MISC


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", "T"], "Error: missing --url (or --status planned), --topic"),
        (["--url", "https://x.org", "--topic", "peft"], "Error: missing --title"),
        (["--title", "T", "--url", "https://x.org", "--topic", "peftt"], "did you mean 'peft'?"),
        (["--set", "venu=ICLR"], "Error: --set venu: unknown field 'venu' — did you mean 'venue'?"),
        (["--set", "year=soon"], "Error: --set year: 'soon' is not a valid int"),
        (
            ["--set", "languages=zh"],
            "--set languages: unknown field 'languages' — did you mean 'lang'?",
        ),
        (
            ["--title", "T", "--url", "https://x.org", "--topic", "peft", "--file", "/tmp/o.yaml"],
            "Error: --file /tmp/o.yaml: not inside the catalog folder",
        ),
    ],
)
def test_usage_errors(root: Path, args: list[str], message: str) -> None:
    code, out = run(root, "paper", *args, "--no-prompt")
    assert code == 2
    assert message in out
    assert (root / "misc.yaml").read_text(encoding="utf-8") == MISC


def test_unknown_kind(root: Path) -> None:
    code, out = run(root, "papr")
    assert code == 2
    assert "unknown kind 'papr' — did you mean 'paper'?" in out


def test_file_is_the_one_with_most_entries_of_the_first_topic(root: Path) -> None:
    code, out = run(
        root,
        "tutorial",
        "--title",
        "T",
        "--url",
        "https://t.org/a",
        "--topic",
        "quantization",
        "--topic",
        "peft",
    )
    assert code == 0
    assert f"at {root / 'quantization.yaml'}:" in out


def test_parent_topic_file_when_the_topic_has_no_entries(root: Path) -> None:
    (root / "quantization.yaml").unlink()
    code, out = run(
        root, "tutorial", "--title", "Tq", "--url", "https://t.org/b", "--topic", "quantization"
    )
    assert code == 0, out
    assert f"at {root / 'misc.yaml'}:" in out


def test_new_file_gets_the_schema_line(root: Path) -> None:
    (root / "sub").mkdir()
    code, out = run(
        root,
        "course",
        "--title",
        "CS324",
        "--url",
        "https://stanford-cs324.github.io",
        "--topic",
        "peft",
        "--set",
        "provider=Stanford",
        "--file",
        "sub/courses.yaml",
    )
    assert code == 0, out
    assert (root / "sub" / "courses.yaml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/catalog.schema.json\n"
        "- id: cs324\n  kind: course\n  title: CS324\n  url: https://stanford-cs324.github.io\n"
        f"  topics: [peft]\n  provider: Stanford\n  added: {TODAY}\n"
    )
    assert_valid(root)


def test_planned_entry_needs_no_url(root: Path) -> None:
    code, out = run(
        root,
        "tutorial",
        "--title",
        "KV Cache 量化",
        "--status",
        "planned",
        "--topic",
        "quantization",
        "--no-prompt",
    )
    assert code == 0, out
    assert "added 'kv-cache' at" in out
    assert_valid(root)


@pytest.mark.parametrize(
    ("title", "title_en", "url", "expected"),
    [
        ("大模型量化", "An Overview of LLM Quantization", None, "an-overview-of-llm-quantization"),
        ("大模型量化感知训练技术原理：LLM-QAT", None, "https://x.org/p/1", "llm-qat"),
        ("大模型量化", None, "https://zhuanlan.zhihu.com/p/647589650", "zhihu-647589650"),
        ("数据集", None, "https://github.com/hkust-nlp/ceval", "ceval"),
        ("论文", None, "https://arxiv.org/abs/2106.09685", "arxiv-2106-09685"),
        ("论文", None, "https://example.org/papers/flash_attention.pdf", "flash-attention"),
        ("LoRA", None, None, "lora-2"),  # 'lora' is taken
        ("中文", None, None, "entry"),
        (
            "x",
            "A very long English title that goes on and on well past the limit for ids",
            None,
            "a-very-long-english-title-that-goes-on-and-on-well",
        ),
    ],
)
def test_propose_id(title: str, title_en: str | None, url: str | None, expected: str) -> None:
    assert propose_id(title, title_en, url, {"lora"}) == expected


def test_slug_from_url_without_path() -> None:
    assert slug_from_url("https://www.deepspeed.ai") == "deepspeed"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("", "- id: n\n"),
        ("# only a comment", "# only a comment\n- id: n\n"),
        ("- id: a\n", "- id: a\n- id: n\n"),
        ("- id: a", "- id: a\n- id: n\n"),
        ("- id: a\n\n- id: b\n", "- id: a\n\n- id: b\n\n- id: n\n"),
        ("- id: a\n\n- id: b\n\n", "- id: a\n\n- id: b\n\n- id: n\n"),
        ("- id: a\n\n# b\n# c\n- id: b\n", "- id: a\n\n# b\n# c\n- id: b\n\n- id: n\n"),
        ("- id: a\n  # x\n- id: b\n", "- id: a\n  # x\n- id: b\n- id: n\n"),
    ],
)
def test_append_text(original: str, expected: str) -> None:
    assert append_text(original, "- id: n\n") == expected


def test_file_with_a_yaml_error_is_left_alone(root: Path) -> None:
    broken = "- id: x\n  title: [unclosed\n"
    (root / "broken.yaml").write_text(broken, encoding="utf-8")
    code, out = run(root, "tool", "--title", "Y", "--url", "https://y.org", "--topic", "peft",
                    "--file", "broken.yaml")  # fmt: skip
    assert code == 1
    assert f"Error: {root / 'broken.yaml'}:3:5: error: YAML syntax" in out
    assert "broken.yaml was left as it was" in out
    assert (root / "broken.yaml").read_text(encoding="utf-8") == broken
