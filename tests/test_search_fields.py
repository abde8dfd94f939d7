"""The search index's own fields (llm_atlas.build.search_fields): plain text, the keys field,
topic pages as one document, lean word breaks. No catalog, no MkDocs: documents as dicts."""

from __future__ import annotations

import re
from typing import Any

import pytest

from llm_atlas.build.search_fields import (
    KEYS_FIELD,
    add_keys,
    name_topic_docs,
    plain,
    plain_docs,
    segment_tags,
    trim_breaks,
)

# The shipped mkdocs.yml's search separator.
SEPARATOR = re.compile(
    r"""[\s\u200b\u3000\-、。，．？！；：“”‘’（）《》【】〈〉「」『』:;,!?()\[\]"/|]+|\.(?!\d)"""
)


def fake_segment(text: str) -> str:
    """Cut every Han character apart, as a stand-in for jieba."""
    return re.sub(r"([\u4e00-\u9fff])", "\u200b\\1\u200b", text).strip("\u200b")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>a <code>b</code></p>\n<ul><li>c</li></ul>", "a b c"),
        ("&lt;script&gt; stays escaped", "&lt;script&gt; stays escaped"),
        ("  spaced\n\tout  ", "spaced out"),
    ],
)
def test_plain_docs(text: str, expected: str) -> None:
    docs = [{"location": "x/", "title": f"<code>{text}</code>", "text": text}]
    plain_docs(docs)
    assert docs == [{"location": "x/", "title": expected, "text": expected}]


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ((["fsdp", "剪枝"], ["ceval"]), "fsdp \u200b剪\u200b\u200b枝\u200b | ceval"),
        (([], ["ceval"]), "| ceval"),
        ((["fsdp"], []), "fsdp"),
        (([], []), None),
    ],
)
def test_add_keys(keys: tuple[list[str], list[str]], expected: str | None) -> None:
    doc: dict[str, Any] = {"location": "x/", KEYS_FIELD: "old"}
    add_keys(doc, keys, fake_segment)
    assert doc.get(KEYS_FIELD) == expected


def test_a_topic_page_is_one_document_named_by_its_tags() -> None:
    docs: list[dict[str, Any]] = [
        {"location": "", "title": "Home", "text": "t"},
        {
            "location": "topics/sparsity/",
            "title": "LLM稀疏化与剪枝",
            "text": "Sparsity and Pruning",
            "tags": ["Sparsity and Pruning", "剪枝", "FSDP-2"],
        },
        {"location": "topics/sparsity/#kind-paper", "title": "论文", "text": "SparseGPT …"},
        {"location": "entries/x/", "title": "X", "text": "y", "tags": ["剪枝"]},
    ]
    kept = name_topic_docs(docs, fake_segment)
    assert [d["location"] for d in kept] == ["", "topics/sparsity/", "entries/x/"]
    topic = kept[1]
    assert topic["tags"] == ["Sparsity and Pruning", "剪\u200b\u200b枝", "FSDP-2"]
    assert topic[KEYS_FIELD] == "sparsityandpruning \u200b剪\u200b\u200b枝\u200b fsdp2"
    assert kept[2] == docs[3]  # entries are not touched
    # Again on its own output: the same (an incremental build updates the last index).
    assert name_topic_docs([dict(d) for d in kept], fake_segment) == kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u200b大\u200b模型\u200b：\u200b概述\u200b", "大\u200b模型：概述"),
        ("LLM\u200b压缩\u200b 和 \u200bA\u200b\u200bB", "LLM\u200b压缩 和 A\u200bB"),
        ("x\u200b.y 1\u200b.5", "x.y 1\u200b.5"),  # a dot splits, but not before a digit
        ("\u200b", ""),
        ("plain", "plain"),
    ],
)
def test_trim_breaks(text: str, expected: str) -> None:
    docs = [{"location": "x/", "title": text, "text": text, "tags": [text], KEYS_FIELD: text}]
    trim_breaks(docs, SEPARATOR)
    assert docs == [
        {
            "location": "x/",
            "title": expected,
            "text": expected,
            "tags": [expected],
            KEYS_FIELD: expected,
        }
    ]


def test_breaks_trimmed_split_the_text_as_before() -> None:
    text = "\u200b大\u200b模型\u200b（\u200b一\u200b）-\u200bLoRA\u200b 实战 FP8\u200b量化"
    docs = [{"location": "x/", "title": "", "text": text}]
    trim_breaks(docs, SEPARATOR)
    words = [w for w in SEPARATOR.split(text) if w]
    assert [w for w in SEPARATOR.split(docs[0]["text"]) if w] == words


def test_plain_and_segment_tags() -> None:
    assert plain("<mark>Lo</mark>RA &amp; \u200b剪枝") == " Lo RA & 剪枝"
    assert segment_tags(["\u200b剪\u200b枝", "LoRA"], fake_segment) == ["剪\u200b\u200b枝", "LoRA"]


def test_search_docs_use_the_segmenter_handed_down() -> None:
    from llm_atlas.build.search_index import search_docs
    from llm_atlas.render.records import EntryHtml

    body = (
        '<h1 id="t">剪枝</h1><p>稀疏 <code>FSDP</code>-2</p>'
        '<td data-search-tags><a href="#">标签</a></td>'
    )
    pages = {"x": EntryHtml("剪枝", body, ("Sparse-Pruning", "别名"))}
    assert search_docs(pages, fake_segment) == [
        {
            "location": "entries/x/",
            "title": "剪\u200b\u200b枝",
            "text": "稀\u200b\u200b疏\u200b FSDP-2 \u200b标\u200b\u200b签",
            "tags": ["标\u200b\u200b签"],
            KEYS_FIELD: "sparsepruning \u200b别\u200b\u200b名",  # the text's compounds: no
        }
    ]
