"""Tests of `llm-atlas new`: flags and prompts end to end, ids, duplicates, files, rollback."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_atlas.cli import main
from llm_atlas.edit.entry_file import remove_addition
from llm_atlas.edit.fields import url_defaults
from llm_atlas.edit.layout import format_text
from llm_atlas.edit.new import add_entry, append_text
from llm_atlas.problems import AtlasError
from llm_atlas.validate import check_catalog

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
    holding = "the file holding entries of 'quantization'"
    assert (code, out) == (0, f"added 'smoothquant-explained' at {path}:17, {holding}\n")
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
        "- id: qlora\n  kind: paper\n"
        "  title: 'QLoRA: Efficient Finetuning of Quantized LLMs'\n"
        "  url: https://arxiv.org/abs/2305.14314\n  lang: en\n  topics: [peft, quantization]\n"
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
            "?",  # lists the topics
            "quantization",
            "",  # language: the site's (zh)
            "Ann, Bo",  # authors
            "3024",  # year out of range: asked again
            "2024",
            *[""] * 4,  # model, method, params, framework
            "not a url",  # code: asked again
            "",
            "量化, int8",  # tags
            "",  # related
            "  two spaces kept  ",  # description
            "lora",  # taken id: asked again
            "",  # accept the proposed id
        ]
    )
    code, out = run(root, "tutorial", "--prompt", input=answers + "\n")
    assert code == 0, out
    assert "Error: url is already in the catalog: entry 'gptq-tutorial' at " in out
    assert "quantization.yaml:3" in out
    assert "Error: topic 'quantisation' does not exist — did you mean 'quantization'?" in out
    assert "  compression                  Compression\n" in out  # the list after '?'
    assert "Language of the content (zh or en) [zh]: " in out
    assert "Error: 3024: input should be less than or equal to 2100" in out
    assert "Error: URL 'not a url' is relative: write an absolute http(s) URL" in out
    assert "Error: id 'lora' is already used by the entry at" in out
    assert "Id [zhihu-627484732]: " in out
    holding = "the file holding entries of 'quantization'"
    assert out.endswith(f"added 'zhihu-627484732' at {root / 'quantization.yaml'}:17, {holding}\n")
    text = (root / "quantization.yaml").read_text(encoding="utf-8")
    assert text.startswith(QUANT)
    assert text[len(QUANT) :] == (
        "\n- id: zhihu-627484732\n  kind: tutorial\n  title: 大模型量化概述\n"
        "  url: https://zhuanlan.zhihu.com/p/627484732\n  lang: zh\n  topics: [quantization]\n"
        "  authors: [Ann, Bo]\n  year: 2024\n  tags: [量化, int8]\n"
        f"  description: '  two spaces kept  '\n  added: {TODAY}\n"
    )
    assert_valid(root)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--id", "lora", "--url", "https://example.org/x"],
            "Error: --id: id 'lora' is already used by the entry at {root}/misc.yaml:2\n",
        ),
        (
            ["--url", "HTTPS://ARXIV.org/abs/2106.09685/"],
            "Error: --url: url is already in the catalog: entry 'lora' at {root}/misc.yaml:2"
            " (use 'related' to connect to it)\n",
        ),
    ],
)
def test_duplicates_are_refused(root: Path, args: list[str], message: str) -> None:
    code, out = run(root, "paper", "--title", "T", "--topic", "peft", *args)
    assert (code, out) == (2, message.format(root=root))
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


def test_flags_are_all_checked_before_any_prompt(root: Path) -> None:
    code, out = run(
        root,
        "paper",
        "--url",
        "https://arxiv.org/abs/2106.09685",
        "--topic",
        "peftt,nope",
        "--year",
        "3024",
        "--set",
        "arxiv=not-an-id",
        "--prompt",
        input="never read\n",
    )
    assert (code, out) == (
        2,
        "Error: 6 problems with the flags:\n"
        "  --year: 3024: input should be less than or equal to 2100\n"
        "  --arxiv: 'not-an-id' is not an arXiv id like '2210.17323' (no 'arXiv:' prefix, "
        "no version)\n"
        "  topic 'peftt' does not exist — did you mean 'peft'?\n"
        "  topic 'nope' does not exist\n"
        "  topic ids are listed in topics.yaml (or type '?' at the topic prompt)\n"
        "  --url: url is already in the catalog: entry 'lora' at "
        f"{root}/misc.yaml:2 (use 'related' to connect to it)\n",
    )
    assert (root / "misc.yaml").read_text(encoding="utf-8") == MISC


def test_a_paper_url_gives_arxiv_year_and_language(root: Path) -> None:
    title = "DoRA: Weight-Decomposed Low-Rank Adaptation"
    url = "https://arxiv.org/pdf/2402.09353v4.pdf"
    code, out = run(root, "paper", "--title", title, "--url", url, "--topic", "peft")
    holding = "the file holding entries of 'peft'"
    assert (code, out) == (0, f"added 'dora' at {root / 'misc.yaml'}:12, {holding}\n")
    assert (root / "misc.yaml").read_text(encoding="utf-8") == MISC + (
        "- id: dora\n  kind: paper\n  title: 'DoRA: Weight-Decomposed Low-Rank Adaptation'\n"
        "  url: https://arxiv.org/pdf/2402.09353v4.pdf\n  lang: en\n  topics: [peft]\n"
        f"  year: 2024\n  arxiv: '2402.09353'\n  added: {TODAY}\n"
    )


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


@pytest.mark.parametrize("prompt", ["--no-prompt", "--prompt"])
def test_a_part_of_a_series_ends_the_proposed_id_as_the_importer_ends_it(
    root: Path, prompt: str
) -> None:
    series = ["--set", "series=LoRA 实战", "--set", "part=3"]
    args = ["--title", "LoRA 实战（三）", "--url", "https://x.org/p/3", "--topic", "peft"]
    code, out = run(root, "tutorial", *args, *series, prompt, input="\n" * 20)
    assert code == 0, out
    assert ("Id [lora-3]: " in out) == (prompt == "--prompt")  # part 3, not the second 'lora'
    assert "added 'lora-3' at" in out
    assert_valid(root)


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
    assert f"{root / 'broken.yaml'}:3:1: error: YAML syntax" in out
    assert "broken.yaml has problems of its own: fix them first" in out
    assert (root / "broken.yaml").read_text(encoding="utf-8") == broken


def test_four_runs_at_once_all_land_and_a_bad_one_removes_only_itself(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import llm_atlas.edit.new as new_mod

    def slow_check(folder: Path) -> object:
        time.sleep(0.05)  # widen the window between reading and writing the file
        return check_catalog(folder)

    monkeypatch.setattr(new_mod, "check_catalog", slow_check)
    day = dt.date(2026, 1, 2)
    jobs = [
        {"title": f"T{i}", "url": f"https://t{i}.org", "topics": ["peft"], "id": f"t{i}"}
        for i in range(4)
    ]
    jobs.append({"title": "B", "url": "https://b.org", "topics": ["peft"], "related": ["nope"]})

    def attempt(fields: dict[str, object]) -> str:
        try:
            return add_entry(root, "tool", fields, None, day).entry_id
        except AtlasError as exc:
            return exc.format_message()

    with ThreadPoolExecutor(5) as pool:
        results = list(pool.map(attempt, jobs))
    assert results[:4] == ["t0", "t1", "t2", "t3"]
    assert "related entry 'nope' does not exist" in results[4]
    text = (root / "misc.yaml").read_text(encoding="utf-8")
    assert text.startswith(MISC)
    assert sorted(re.findall(r"^- id: ([a-z0-9-]+)$", text, flags=re.M)) == [
        "lora", "quant-survey", "t0", "t1", "t2", "t3"
    ]  # fmt: skip
    assert_valid(root)


def test_rollback_keeps_what_others_wrote_after_it(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"- id: a\n")
    path.write_bytes(b"- id: a\n- id: mine\n- id: theirs\n")
    assert remove_addition(path, b"- id: a\n", b"- id: mine\n", existed=True)
    assert path.read_bytes() == b"- id: a\n- id: theirs\n"
    assert not remove_addition(path, b"- id: a\n", b"- id: gone\n", existed=True)
    assert path.read_bytes() == b"- id: a\n- id: theirs\n"


KEEP = "- id: a\n  kind: tool\n  title: A\n  url: https://a.org\n  topics: [peft]\n"


@pytest.mark.parametrize(
    ("original", "appended"),
    [
        # keep-chomping block scalar: its trailing blank lines are its value
        (KEEP + "  description: |+\n    one\n\n", "- id: n"),
        (KEEP + "  description: |+\n    one\n\n\n- id: b\n  kind: tool\n  title: B\n"
         "  url: https://b.org\n  topics: [peft]\n  description: |+\n    two\n", "- id: n"),
        (KEEP.replace("\n", "\r\n"), "\r\n- id: n".removeprefix("\r\n")),
        ("\ufeff" + KEEP, "- id: n"),
        (KEEP.rstrip("\n"), "\n- id: n"),
        (KEEP + "\n- id: b\n  kind: tool\n  title: B\n  url: https://b.org\n  topics: [peft]\n",
         "\n- id: n"),
        (KEEP + "  # a comment at the end\n", "- id: n"),
    ],
    ids=["keep-chomp", "keep-chomp-blank-separated", "crlf", "bom", "no-final-newline",
         "blank-separated", "comment"],
)  # fmt: skip
def test_append_changes_no_neighbour(root: Path, original: str, appended: str) -> None:
    path = root / "keep.yaml"
    raw = original.encode("utf-8")
    path.write_bytes(raw)
    before = path.read_bytes()
    code, out = run(root, "tool", "--title", "N", "--url", "https://n.org", "--topic", "peft",
                    "--id", "n", "--file", "keep.yaml")  # fmt: skip
    assert code == 0, out
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before) :].decode("utf-8").startswith(appended)
    if b"\r\n" in before:
        assert after.count(b"\n") == after.count(b"\r\n")
    assert_valid(root)


def test_a_file_ending_inside_a_kept_block_is_refused(root: Path) -> None:
    original = KEEP + "  description: |+\n    one"  # no final newline: appending adds one
    (root / "keep.yaml").write_text(original, encoding="utf-8")
    code, out = run(root, "tool", "--title", "N", "--url", "https://n.org", "--topic", "peft",
                    "--file", "keep.yaml")  # fmt: skip
    assert code == 1
    assert "would change the entry at its end" in out
    assert (root / "keep.yaml").read_text(encoding="utf-8") == original


@pytest.mark.parametrize(
    "title",
    ["a \nb", " lead", "trail ", "x\u2028y", "x\x85y", "c\x01d", "tab\tx", "\ufeffbom",
     "emoji 😀", "a\r\nb", "- x", "#x", "a #b", "'q'", '"', "a\\b", "yes", "1e3", "~", "@at"],
)  # fmt: skip
def test_the_title_is_stored_exactly(root: Path, title: str) -> None:
    before = (root / "misc.yaml").read_bytes()
    added = add_entry(root, "tool", {"title": title, "url": "https://n.org", "topics": ["peft"],
                                     "id": "n"}, None, dt.date(2026, 1, 2))  # fmt: skip
    after = added.path.read_bytes()
    assert after.startswith(before)
    catalog, _ = check_catalog(root)
    assert catalog is not None and catalog.entries["n"].title == title


ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=ANY_TEXT, description=st.one_of(st.none(), ANY_TEXT), tags=st.lists(ANY_TEXT))
def test_new_stores_any_text_exactly_and_changes_no_other_byte(
    tmp_path_factory: pytest.TempPathFactory,
    title: str,
    description: str | None,
    tags: list[str],
) -> None:
    root = tmp_path_factory.mktemp("cat") / "catalog"
    root.mkdir()
    (root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    (root / "misc.yaml").write_bytes(b"\xef\xbb\xbf" + MISC.replace("\n", "\r\n").encode())
    before = (root / "misc.yaml").read_bytes()
    fields = {"title": title, "url": "https://n.org", "topics": ["peft"], "id": "n",
              "description": description, "tags": tags}  # fmt: skip
    try:
        add_entry(root, "tool", fields, None, dt.date(2026, 1, 2))
    except AtlasError as exc:
        message = exc.format_message()
        assert (root / "misc.yaml").read_bytes() == before, message
        assert "not added" in message and "would not read back" not in message, message
        return
    after = (root / "misc.yaml").read_bytes()
    assert after.startswith(before)
    catalog, problems = check_catalog(root)
    assert catalog is not None and [p for p in problems if p.severity == "error"] == []
    entry = catalog.entries["n"]
    assert (entry.title, entry.description, entry.tags) == (title, description, tags)


def test_text_that_is_not_unicode_is_refused(root: Path) -> None:
    with pytest.raises(AtlasError, match="--title: 'a\\\\udcff' holds a byte that is not UTF-8"):
        add_entry(root, "tool", {"title": "a\udcff", "url": "https://n.org", "topics": ["peft"]},
                  None, dt.date(2026, 1, 2))  # fmt: skip
    assert (root / "misc.yaml").read_text(encoding="utf-8") == MISC


@pytest.mark.parametrize(
    ("kind", "url", "expected"),
    [
        ("paper", "https://arxiv.org/abs/2402.09353", {"lang": "en", "arxiv": "2402.09353",
                                                      "year": 2024}),
        ("paper", "https://arxiv.org/pdf/2402.09353v2.pdf", {"lang": "en", "arxiv": "2402.09353",
                                                            "year": 2024}),
        ("paper", "http://arxiv.org/html/2305.14314v1", {"lang": "en", "arxiv": "2305.14314",
                                                        "year": 2023}),
        ("paper", "https://arxiv.org/abs/hep-th/9901001", {"lang": "en",
                                                           "arxiv": "hep-th/9901001"}),
        ("tool", "https://arxiv.org/abs/2402.09353", {"lang": "en"}),
        ("tutorial", "https://zhuanlan.zhihu.com/p/1", {"lang": "zh"}),
        ("article", "https://mp.weixin.qq.com/s/x", {"lang": "zh"}),
        ("article", "https://www.example.cn/a", {"lang": "zh"}),
        ("tool", "https://github.com/a/b", {}),
        ("paper", "https://arxiv.org/list/cs.CL/recent", {"lang": "en"}),
    ],
)  # fmt: skip
def test_url_defaults(kind: str, url: str, expected: dict[str, object]) -> None:
    assert url_defaults(kind, url) == expected


REPO = Path(__file__).resolve().parent.parent
DOCUMENTED = ("README.md", "CONTRIBUTING.md")
# Commands a test can run for real; the others (a site build, a server, the network) are parsed.
RUNNABLE = {"new", "fmt", "validate", "stats", "schema", "import-markdown", "init"}


def documented_commands() -> list[tuple[str, list[list[str]]]]:
    """Return (file, commands) per shell block of the docs: each `llm-atlas …` argv in order."""
    found = []
    for name in DOCUMENTED:
        text = (REPO / name).read_text(encoding="utf-8")
        for block in re.findall(r"```(?:sh|bash|console)\n(.*?)```", text, flags=re.S):
            commands = []
            for line in block.replace("\\\n", " ").splitlines():
                for command in line.split("&&"):
                    argv = shlex.split(command)
                    if argv and argv[0].endswith("llm-atlas"):
                        commands.append(argv[1:])
            if commands:
                found.append((name, commands))
    return found


@pytest.mark.parametrize(("doc", "commands"), documented_commands(), ids=lambda v: str(v)[:50])
def test_documented_commands_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, doc: str, commands: list[list[str]]
) -> None:
    """Run the commands of one shell block in order, in a copy of the project."""
    for folder in ("catalog", "schema"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    for argv in commands:
        if argv[0] not in RUNNABLE:
            command = main.commands[argv[0]]
            command.make_context(argv[0], list(argv[1:]))  # options exist and parse
            continue
        result = CliRunner().invoke(main, argv, input="")
        assert result.exit_code == 0, f"{doc}: llm-atlas {shlex.join(argv)}\n{result.output}"


def test_the_docs_document_new_and_init() -> None:
    documented = {argv[0] for _, commands in documented_commands() for argv in commands}
    assert {"new", "init", "validate", "fmt"} <= documented


def test_the_shell_completes_topic_ids(root: Path) -> None:
    env = {
        "_LLM_ATLAS_COMPLETE": "bash_complete",
        "COMP_WORDS": f"llm-atlas new paper --catalog {root} --topic qu",
        "COMP_CWORD": "6",
    }
    result = CliRunner().invoke(main, [], env=env, prog_name="llm-atlas")
    assert result.output == "plain,quantization\n"
