"""Tests of llm_atlas.naming: slugs, the id a title or a link gives, the suffix rule, and that
`llm-atlas new` and `import-markdown` give the same item the same id."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from llm_atlas.edit.new import add_entry
from llm_atlas.importer import draft_markdown
from llm_atlas.importer.records import Existing
from llm_atlas.importer.series import chinese_number
from llm_atlas.models import Slug
from llm_atlas.naming import (
    MAX_ID_LENGTH,
    RESERVED_IDS,
    IdAllocator,
    entry_base,
    free_id,
    numbered,
    propose_id,
    title_slug,
    title_words,
    url_slug,
)

DAY = dt.date(2026, 12, 6)
LLM_ACTION = "https://github.com/liguodongiot/llm-action"
SLUG = TypeAdapter(Slug)


@pytest.mark.parametrize(
    ("title", "title_en", "url", "topic", "expected"),
    [
        ("大模型量化", "An Overview of LLM Quantization", None, None,
         "an-overview-of-llm-quantization"),
        ("大模型量化感知训练技术原理：LLM-QAT", None, "https://x.org/p/1", None, "llm-qat"),
        ("大模型量化", None, "https://zhuanlan.zhihu.com/p/647589650", None, "zhihu-647589650"),
        ("大模型分布式训练并行技术（二）-数据并行", None, "https://zhuanlan.zhihu.com/p/650002268",
         None, "zhihu-650002268"),
        ("大模型推理框架概述", None, "https://www.zhihu.com/question/625415776/answer/3243562246",
         None, "zhihu-3243562246"),
        ("AI 集群", None, "https://juejin.cn/post/7", None, "juejin-7"),  # 'ai' names nothing
        ("AI芯片技术原理剖析（一）：国内外AI芯片概述", None, "https://zhuanlan.zhihu.com/p/6",
         None, "zhihu-6"),  # nor does 'ai-ai'
        ("LLM推理", None, "https://example.com/inference-notes", None, "inference-notes"),
        ("数据集", None, "https://github.com/hkust-nlp/ceval", None, "ceval"),
        ("网络", None, "https://github.com/acme/notes/tree/main/docs/network-communication", None,
         "notes-network-communication"),
        ("说明", None, "https://github.com/acme/notes/blob/main/README.md", None, "notes"),
        ("文档", None, "https://example.org/guide/index.html", None, "guide"),
        ("论文", None, "https://arxiv.org/abs/2106.09685", None, "arxiv-2106-09685"),
        ("论文", None, "https://arxiv.org/pdf/2106.09685v2.pdf", None, "arxiv-2106-09685"),
        ("论文", None, "https://example.org/papers/flash_attention.pdf", None, "flash-attention"),
        ("LoRA", None, None, None, "lora-2"),  # 'lora' is taken
        ("Index: a new index", None, None, None, "index-2"),  # 'index' is reserved
        ("DoRA: Weight-Decomposed Low-Rank Adaptation", None, None, None, "dora"),
        ("x", "LLM.int8(): 8-bit Matrix Multiplication", None, None, "llm-int8"),
        ("DeepSeek-V3 Technical Report", None, None, None, "deepseek-v3"),
        ("Llama 2: Open Foundation and Fine-Tuned Chat Models", None, None, None, "llama-2"),
        ("The Llama 3 Herd of Models", None, None, None, "the-llama-3-herd-of-models"),
        ("从0到1复现斯坦福羊驼（Stanford Alpaca 7B）", None, None, None, "stanford-alpaca-7b"),
        ("基于 Megatron-DeepSpeed 从 0 到1 完成 LLaMA 预训练", None, None, None,
         "megatron-deepspeed-llama"),
        ("TensorRT-LLM保姆级教程", None, None, None, "tensorrt-llm"),
        ("A survey of many things: part one", None, None, None,
         "a-survey-of-many-things-part-one"),
        ("中文", None, None, None, "entry"),
        ("大模型", None, None, "quantization", "quantization-item"),
        ("大模型", None, None, "a" * 60, "a" * 45 + "-item"),
        ("x", "A very long English title that goes on and on well past the limit for ids", None,
         None, "a-very-long-english-title-that-goes-on-and-on-well"),
        ("Supercalifragilistic" * 4, None, None, None, ("supercalifragilistic" * 3)[:50]),
    ],
)  # fmt: skip
def test_propose_id(
    title: str, title_en: str | None, url: str | None, topic: str | None, expected: str
) -> None:
    assert propose_id(title, title_en, url, {"lora"}, topic) == expected


@pytest.mark.parametrize(
    ("title", "url", "part", "expected"),
    [
        ("大模型参数高效微调技术实战（一）-PEFT概述", "https://zhuanlan.zhihu.com/p/651744834", 1,
         "peft-1"),
        ("大模型参数高效微调技术实战（二）-Prompt Tuning", None, 2, "prompt-tuning-2"),
        ("LoRA（二）", None, 2, "lora-2"),  # part 2, not the second 'lora'
        ("LoRA（三）", None, 3, "lora-3"),
        ("大模型分布式训练并行技术（二）-数据并行", "https://zhuanlan.zhihu.com/p/650002268", 2,
         "zhihu-650002268"),  # a link names its one page already
        ("AI编译器技术剖析（四）-编译器前端", None, 4, "parallelism-item"),
        ("A very long English title that goes on and on well past the limit for ids（三）", None,
         3, "a-very-long-english-title-that-goes-on-and-on-3"),  # cut at a word, part kept
        ("Supercalifragilistic" * 4 + "（二）", None, 12,
         ("supercalifragilistic" * 3)[:47] + "-12"),
        ("Qwen 技术", None, 0, "qwen"),  # no place in a series
        ("Qwen 技术", None, 10**60, "qwen"),  # no id holds that part
    ],
)  # fmt: skip
def test_the_part_of_a_series_ends_the_id_a_title_gives(
    title: str, url: str | None, part: int, expected: str
) -> None:
    assert propose_id(title, None, url, {"lora"}, "parallelism", part) == expected


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://www.deepspeed.ai", "deepspeed"),
        (f"{LLM_ACTION}/tree/main/llm-train/alpaca", "llm-action-alpaca"),
        (f"{LLM_ACTION}/blob/main/docs/llm-base/ai-algo.md", "llm-action-ai-algo"),
        ("https://github.com/vllm-project/vllm/", "vllm"),
        ("https://github.com/vllm-project/vllm/issues/12", "vllm-12"),
        ("https://arxiv.org/abs/hep-th/9901001v2", "arxiv-hep-th-9901001"),
        ("https://example.com/%E4%B8%AD%E6%96%87", "example"),
        ("https://example.com/a/%E4%B8%AD%E6%96%87-notes", "notes"),
        ("https://mp.weixin.qq.com/s?__biz=x", "qq-s"),
        ("https://www.bilibili.com/video/BV1H44y1t75x/", "bilibili-bv1h44y1t75x"),  # a code
        ("https://yaofu.notion.site/514f4e63918749398a1a8a4c", "notion-514f4e63918749398a1a8a4c"),
        ("https://huggingface.co/Qwen/Qwen2.5-72B-Instruct", "qwen2-5-72b-instruct"),
        ("https://example.com/readme/index.htm", "example"),
        ("http:///", ""),
    ],
)
def test_url_slug(url: str, slug: str) -> None:
    assert url_slug(url) == slug


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("GPT-4 和 Qwen2.5", ["GPT", "4", "Qwen2", "5"]),
        ("2024 年 10 大模型", []),
        ("LLaMA 65B 微调", ["LLaMA", "65B"]),
        ("Top 10 papers", ["Top", "10", "papers"]),
    ],
)
def test_title_words(title: str, words: list[str]) -> None:
    assert title_words(title) == words


def test_the_allocator_hands_out_what_free_id_would() -> None:
    ids = IdAllocator({"x", "x-3", "index"})
    taken = {"x", "x-3", "index"}
    for base in ["x", "x", "x", "index", "y" * 50, "y" * 50, "x-2"]:
        expected = free_id(base, taken)
        taken.add(expected)
        assert ids.take(base) == expected
    assert ids.taken == taken
    assert numbered("y" * 50, 2) == "y" * 48 + "-2"


# Generated titles: Latin names and words, numbers, Chinese words, generic words, and the
# separators titles use (no Markdown syntax, so the importer reads the title as written).
_WORDS = st.one_of(
    st.from_regex(r"[A-Z][a-z]{0,8}[0-9]?", fullmatch=True),
    st.from_regex(r"[a-z]{1,10}", fullmatch=True),
    st.from_regex(r"[0-9]{1,4}[A-Za-z]?", fullmatch=True),
    st.sampled_from(["LLM", "AI", "GPU", "the", "of", "LoRA", "Index", "README", "v2", "Qwen2.5"]),
    st.sampled_from(["大模型", "量化", "推理", "技术原理", "从", "到", "（一）", "（二）", "中文"]),
)
_SEPARATORS = st.sampled_from([" ", " ", "", "-", "：", ": ", "、", "/", " & ", ".", "，"])
titles = st.lists(st.tuples(_WORDS, _SEPARATORS), min_size=1, max_size=14).map(
    lambda parts: "".join(w + s for w, s in parts).strip(" -：:、/&.，") or "x"
)
_SEGMENT = st.one_of(
    st.from_regex(r"[a-z][a-z0-9_-]{0,20}", fullmatch=True),
    st.from_regex(r"[0-9]{1,12}", fullmatch=True),
    st.sampled_from(["index.html", "README.md", "paper.pdf", "p", "%E4%B8%AD%E6%96%87"]),
)
_HOST = st.from_regex(r"(www\.)?[a-z][a-z0-9]{0,10}\.(com|org|cn|ai|io)", fullmatch=True)
urls = st.one_of(
    st.none(),
    st.builds(
        "https://arxiv.org/{}/{}.{:05d}{}".format,
        st.sampled_from(["abs", "pdf", "html"]),
        st.integers(1501, 2512),
        st.integers(0, 99999),
        st.sampled_from(["", "v2", "v3.pdf"]),
    ),
    st.builds(
        lambda owner, repo, way, rest: "/".join(["https://github.com", owner, repo, *way, *rest]),
        _SEGMENT,
        _SEGMENT,
        st.sampled_from([[], ["tree", "main"], ["blob", "main"]]),
        st.lists(_SEGMENT, max_size=3),
    ),
    st.builds("https://zhuanlan.zhihu.com/p/{}".format, st.integers(1, 10**19)),
    st.builds(
        lambda host, path: "/".join([f"https://{host}", *path]),
        _HOST,
        st.lists(_SEGMENT, max_size=4),
    ),
)
topics = st.one_of(st.none(), st.from_regex(r"[a-z][a-z0-9-]{0,60}[a-z0-9]", fullmatch=True))


def _taken(base: str, suffixes: int, others: list[str]) -> set[str]:
    """Ids a catalog holds: BASE and BASE-2 … (SUFFIXES of them) when SUFFIXES, and OTHERS."""
    held = {base, *(numbered(base, n) for n in range(2, suffixes + 1))} if suffixes else set()
    return held | set(others)


@settings(max_examples=400, deadline=None)
@given(
    title=titles,
    title_en=st.one_of(st.none(), titles),
    url=urls,
    topic=topics,
    suffixes=st.integers(0, 4),
    others=st.lists(st.sampled_from(["lora", "index", "entry", "llm", "zhihu-1"]), max_size=3),
    part=st.one_of(st.none(), st.integers(-1, 120), st.integers(10**40, 10**60)),
)
def test_a_proposed_id_is_a_free_slug(
    title: str,
    title_en: str | None,
    url: str | None,
    topic: str | None,
    suffixes: int,
    others: list[str],
    part: int | None,
) -> None:
    base = entry_base(title, title_en, url, topic, part)
    named, suffix = title_slug(title, title_en), f"-{part}"
    if named and part is not None and part >= 1 and len(suffix) < MAX_ID_LENGTH:
        head = base.removesuffix(suffix)  # the title's name, cut at a word when it must be
        assert head and base == head + suffix
        assert head == named or named.startswith(f"{head}-") or "-" not in head
        assert named.startswith(head) and (head == named or len(named + suffix) > MAX_ID_LENGTH)
    else:  # no part, or the id comes from the link or the topic: the part is not in it
        assert base == entry_base(title, title_en, url, topic)
    taken = _taken(base, suffixes, others)
    proposal = propose_id(title, title_en, url, taken, topic, part)
    assert SLUG.validate_python(proposal) == proposal  # the catalog's id rule
    assert len(proposal) <= MAX_ID_LENGTH
    assert proposal not in taken and proposal not in RESERVED_IDS
    assert proposal == base or re.fullmatch(rf"{re.escape(base[:40])}.*-\d+", proposal)
    assert IdAllocator(taken).take(base) == proposal


ANCHOR = "- [Anchor](https://anchor.example/x)\n"  # so the section is kept whatever the item


def _import_one(title: str, url: str | None, taken: set[str]) -> dict[str, object] | None:
    """Return the entry `import-markdown` makes of '- [TITLE](URL)' (or '- TITLE') with TAKEN
    ids held, or None when it makes none (a link-less bullet read as prose)."""
    item = f"- [{title}]({url})" if url else f"- {title}"
    result = draft_markdown(
        f"# Notes\n\n## Quantization\n\n{item}\n{ANCHOR}",
        "README.md",
        DAY,
        existing=Existing(entry_ids=frozenset(taken)),
    )
    entries = [e for file in result.draft.files.values() for e in file if e["title"] != "Anchor"]
    assert len(entries) <= 1
    return entries[0] if entries else None


@settings(max_examples=300, deadline=None)
@given(title=titles, url=urls, suffixes=st.integers(0, 3), others=st.lists(st.text(), max_size=2))
def test_new_and_import_give_an_item_the_same_id(
    title: str, url: str | None, suffixes: int, others: list[str]
) -> None:
    base = entry_base(title, None, url, "quantization")
    taken = _taken(base, suffixes, others)
    entry = _import_one(title, url, taken)
    assume(entry is not None)
    assert entry is not None and entry["topics"] == ["quantization"]
    read = str(entry["title"])
    assert entry.get("url") == url
    proposal = propose_id(read, None, url, taken, "quantization")
    assert entry["id"] == proposal
    if read == title:  # as written: the same id from the title and link as generated
        assert proposal == propose_id(title, None, url, taken, "quantization")


TOPICS = "- id: quantization\n  title: 量化\n  title_en: Quantization\n"


def _catalog_holding(tmp_path_factory: pytest.TempPathFactory, ids: set[str]) -> Path:
    """Return a new catalog folder with the topic quantization and entries of IDS."""
    root = tmp_path_factory.mktemp("catalog")
    (root / "topics.yaml").write_text(TOPICS, encoding="utf-8")
    held = "".join(
        f"- id: {i}\n  kind: tutorial\n  title: t\n  status: planned\n  topics: [quantization]\n"
        for i in sorted(ids)
    )
    (root / "held.yaml").write_text(held or "[]\n", encoding="utf-8")
    return root


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=titles, url=urls, suffixes=st.integers(0, 2))
def test_llm_atlas_new_adds_the_id_the_importer_gives(
    tmp_path_factory: pytest.TempPathFactory, title: str, url: str | None, suffixes: int
) -> None:
    taken = _taken(entry_base(title, None, url, "quantization"), suffixes, [])
    entry = _import_one(title, url, taken)
    assume(entry is not None)
    assert entry is not None
    root = _catalog_holding(tmp_path_factory, taken)
    fields: dict[str, object] = {"title": entry["title"], "topics": ["quantization"]}
    fields.update({"url": url} if url else {"status": "planned"})
    added = add_entry(root, "tutorial", fields, root / "new.yaml", DAY)
    assert added.entry_id == entry["id"]


def _numeral(n: int) -> str:
    """Return N (1 to 99) as a Chinese numeral, as a series writes its parts: 十二, 二十."""
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return head + (digits[ones - 1] if ones else "")


SeriesList = tuple[str, list[int], list[str | None], list[str | None], int]
# A list whose items are parts of one series: its name, the parts, what follows each part in
# its title, the links (None: a bullet without one), and how many suffixes of the id are held.
series_lists: st.SearchStrategy[SeriesList] = st.tuples(
    titles,
    st.lists(st.integers(1, 99), min_size=2, max_size=5, unique=True),
    st.lists(st.one_of(st.none(), titles), min_size=5, max_size=5),
    st.lists(urls, min_size=5, max_size=5, unique=True),
    st.integers(0, 3),
)


def _import_series(listed: SeriesList) -> tuple[list[dict[str, object]], set[str]]:
    """Return the entries `import-markdown` makes of LISTED, '- [NAME（二）-REST](LINK)' (or
    '- NAME（二）' without a link) a line, and the ids the catalog held before."""
    name, parts, rests, links, suffixes = listed
    taken = _taken(entry_base(name, None, None, "quantization", parts[0]), suffixes, [])
    items = "".join(
        f"- [{title}]({link})\n" if link else f"- {title}\n"
        for part, rest, link in zip(parts, rests, links, strict=False)
        for title in [f"{name}（{_numeral(part)}）" + (f"-{rest}" if rest else "")]
    )
    result = draft_markdown(
        f"# Notes\n\n## Quantization\n\n{items}{ANCHOR}",
        "README.md",
        DAY,
        existing=Existing(entry_ids=frozenset(taken)),
    )
    entries = [e for file in result.draft.files.values() for e in file]
    return [e for e in entries if e.get("url") != "https://anchor.example/x"], taken


@settings(max_examples=200, deadline=None)
@given(listed=series_lists)
def test_new_and_import_give_the_parts_of_a_series_the_same_id(listed: SeriesList) -> None:
    assert [chinese_number(_numeral(n)) for n in listed[1]] == listed[1]
    entries, taken = _import_series(listed)
    assume(any("part" in e for e in entries))
    for entry in entries:
        part = entry.get("part")
        assert part is None or isinstance(part, int)
        url = str(entry["url"]) if "url" in entry else None
        proposal = propose_id(str(entry["title"]), None, url, taken, "quantization", part)
        assert entry["id"] == proposal  # what `new --set series=S --set part=N` proposes
        taken.add(proposal)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(listed=series_lists)
def test_llm_atlas_new_adds_the_id_the_importer_gives_a_part_of_a_series(
    tmp_path_factory: pytest.TempPathFactory, listed: SeriesList
) -> None:
    entries, taken = _import_series(listed)
    index = next((i for i, e in enumerate(entries) if "part" in e), None)
    assume(index is not None)
    assert index is not None
    entry = entries[index]
    root = _catalog_holding(tmp_path_factory, taken | {str(e["id"]) for e in entries[:index]})
    fields: dict[str, object] = {
        "title": entry["title"],
        "topics": ["quantization"],
        "series": entry["series"],
        "part": entry["part"],
    }
    fields.update({"url": entry["url"]} if "url" in entry else {"status": "planned"})
    added = add_entry(root, "tutorial", fields, root / "new.yaml", DAY)
    assert added.entry_id == entry["id"]


def test_a_long_run_of_spaces_takes_linear_time() -> None:
    spaces = " " * 100_000  # a pattern spanning the spaces took minutes (quadratic)
    start = time.perf_counter()
    assert propose_id(f"ab{spaces}x", None, None, set()) == "ab-x"
    assert propose_id("中文", None, f"https://x.org/{'a/' * 50_000}b", set()) == "x-b"
    assert propose_id(f"GPT{spaces}technical report", None, None, set()) == "gpt"
    assert time.perf_counter() - start < 2
