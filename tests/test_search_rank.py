"""search-rank.js, the search box's query rewriting, fuzzy retry and ranking, run in Node against
a fake Material worker (tests/search_rank_harness.js): no browser, no shipped catalog."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from llm_atlas.render.config_assets import OWN_ASSETS
from llm_atlas.render.messages import Messages

HARNESS = Path(__file__).resolve().parent / "search_rank_harness.js"
LAZY_SCRIPT = "assets/javascripts/search-lazy.js"  # the theme's, before the others (main.html)


def run(
    docs: list[dict[str, Any]], queries: list[str], answers: dict[str, list[str]], **kw: Any
) -> dict[str, Any]:
    """Run search-rank.js (and the scripts loaded with it) on the scenario; return what the
    worker got and what was shown."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    words = Messages("zh").script_words()  # what the theme puts on a Chinese site's pages
    scripts = [LAZY_SCRIPT, *OWN_ASSETS["extra_javascript"]]  # as every page loads them
    scenario = {"scripts": scripts, "docs": docs, "queries": queries, "answers": answers}
    scenario |= {"words": words, **kw}
    done = subprocess.run(
        [node, str(HARNESS)],
        input=json.dumps(scenario),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    out: dict[str, Any] = json.loads(done.stdout)
    return out


def doc(location: str, title: str, text: str = "", **fields: Any) -> dict[str, Any]:
    return {"location": location, "title": title, "text": text, **fields}


LORA = doc("entries/lora/", "LoRA: Low-Rank Adaptation of Large Language Models")
LORAPRUNE = doc("entries/loraprune/", "LoRAPrune: Structured Pruning Meets LoRA")
ZERO = doc("entries/zero/", "ZeRO: Memory Optimizations", keys="fsdp")
MENTION = doc("entries/mention/", "Data parallelism", "DDP and FSDP compared")
SPARSITY = doc(
    "topics/sparsity/", "LLM稀疏化与剪枝", tags=["Sparsity and Pruning"], keys="pruning 剪枝"
)
PRUNER = doc("entries/llm-pruner/", "LLM-Pruner: On the Structural Pruning of LLMs")
ALIGN = doc("topics/alignment/", "LLM对齐技术", "RLHF（PPO）、DPO")
RLHF_ONLY = doc("entries/rlhf-paper/", "Deep RL from human preferences", "RLHF")
DISTILL = doc("topics/distillation/", "LLM知识蒸馏", tags=["Knowledge Distillation"])
MINILLM = doc("entries/minillm/", "MiniLLM: Knowledge Distillation of LLMs")


@pytest.mark.parametrize(
    ("query", "sent"),
    [
        ("Ｌｏｒａ微调", "lora 微调"),
        ("Quantisation", "quantization"),
        ("FlashAttention—2", "flashattention-2"),
        ("AI编译器", "ai 编译器"),
    ],
)
def test_query_goes_out_folded(query: str, sent: str) -> None:
    holder = doc("entries/holder/", sent)  # holds every word: no fuzzy retry
    assert run([holder], [query], {sent: ["entries/holder/"]})["sent"] == [sent]


@pytest.mark.parametrize(
    ("docs", "query", "answer", "expected"),
    [
        # The page the query names first, whatever lunr's score.
        ([LORA, LORAPRUNE], "LoRA", ["entries/loraprune/", "entries/lora/"], ["lora", "loraprune"]),
        # An alias (the keys field's names) names a page.
        ([ZERO, MENTION], "FSDP", ["entries/mention/", "entries/zero/"], ["zero", "mention"]),
        # A topic's English title and aliases rank as titles.
        (
            [PRUNER, SPARSITY],
            "pruning",
            ["entries/llm-pruner/", "topics/sparsity/"],
            ["sparsity", "llm-pruner"],
        ),
        (
            [PRUNER, SPARSITY],
            "剪枝",
            ["entries/llm-pruner/", "topics/sparsity/"],
            ["sparsity", "llm-pruner"],
        ),
        # Pages holding every word before pages holding some.
        (
            [RLHF_ONLY, ALIGN],
            "RLHF 对齐",
            ["entries/rlhf-paper/", "topics/alignment/"],
            ["alignment", "rlhf-paper"],
        ),
        # Titles are read as text: entities decoded, highlights dropped.
        (
            [LORA, doc("entries/amp/", "A &amp; B &lt;C&gt;", "")],
            "a & b <c>",
            ["entries/lora/", "entries/amp/"],
            ["amp", "lora"],
        ),
        (
            [LORA, doc("entries/mark/", "<mark>Deep</mark>Speed", "")],
            "deepspeed",
            ["entries/lora/", "entries/mark/"],
            ["mark", "lora"],
        ),
        # Spacing and joined forms name a page alike.
        (
            [PRUNER, LORA],
            "llm pruner",
            ["entries/lora/", "entries/llm-pruner/"],
            ["llm-pruner", "lora"],
        ),
    ],
)
def test_ranking(
    docs: list[dict[str, Any]], query: str, answer: list[str], expected: list[str]
) -> None:
    sent = run(docs, [query], {})["sent"][0]
    found = run(docs, [query], {sent: answer})["results"]
    assert [loc.split("/")[1] for loc in found[0]] == expected


def test_a_long_word_no_page_holds_is_asked_again_fuzzily() -> None:
    answers = {"distilation~2": ["entries/minillm/", "topics/distillation/"]}
    out = run([DISTILL, MINILLM], ["distilation"], answers)
    assert out["sent"] == ["distilation", "distilation~2"]
    # The fuzzy answer is shown (once), the topic its corrected word names first.
    assert out["results"] == [["topics/distillation/", "entries/minillm/"]]


@pytest.mark.parametrize(
    ("query", "answers", "sent"),
    [
        ("lor", {}, ["lor"]),  # too short to guess at
        ("lora", {"lora": ["entries/lora/"]}, ["lora"]),  # found
        (
            "lora distilation",
            {"lora distilation": ["entries/lora/"]},
            ["lora distilation", "lora distilation~2"],
        ),
        ("quantizaton methods", {}, ["quantizaton methods", "quantizaton~2 methods~1"]),
    ],
)
def test_which_words_are_asked_fuzzily(
    query: str, answers: dict[str, list[str]], sent: list[str]
) -> None:
    assert run([LORA], [query], answers)["sent"] == sent


def test_an_answer_to_an_older_query_is_dropped() -> None:
    out = run(
        [LORA, DISTILL], ["distilation", "lora"], {"lora": ["entries/lora/"]}, typed_ahead=True
    )
    assert out["sent"] == ["distilation", "lora"]  # no fuzzy retry for the stale query
    assert out["results"] == [["entries/lora/"]]


@pytest.mark.parametrize(
    ("query", "suggested"),
    [
        # Nothing found, fuzzily neither: the nearest topic, then pages, as links.
        (
            "distilaton",
            [
                "试试：",
                ["LLM知识蒸馏 · Knowledge Distillation", "http://h/topics/distillation/"],
                "、",
                ["MiniLLM: Knowledge Distillation of LLMs", "http://h/entries/minillm/"],
            ],
        ),
        (
            "蒸溜",
            ["试试：", ["LLM知识蒸馏 · Knowledge Distillation", "http://h/topics/distillation/"]],
        ),
        ("qqqqqqqq", []),  # nothing near: nothing offered
    ],
)
def test_an_empty_result_offers_the_nearest_names(query: str, suggested: list[Any]) -> None:
    topic = {**DISTILL, "keys": "蒸馏 kd"}
    assert run([topic, MINILLM, LORA], [query], {})["suggested"] == suggested


def test_suggestions_go_once_something_is_found() -> None:
    out = run([DISTILL, LORA], ["distilaton", "lora"], {"lora": ["entries/lora/"]})
    assert out["suggested"] == []


def test_the_suggestions_speak_the_sites_language() -> None:
    topic = {**DISTILL, "keys": "蒸馏 kd"}
    words = Messages("en").script_words()  # an English site's pages (main.html)
    suggested = run([topic, MINILLM], ["distilaton"], {}, words=words)["suggested"]
    assert [part for part in suggested if isinstance(part, str)] == ["Try: ", ", "]
