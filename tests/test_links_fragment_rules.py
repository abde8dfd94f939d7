"""links.fragment's rules as pure functions: GitHub's heading anchors and what a body is.

GitHub's anchor of a heading (its Markdown renderer's table-of-contents filter): the heading's
text, lowercased; every character that is not a letter, a mark, a digit, '_', '-' or a space
dropped; each space made '-'; the second equal anchor gets -1, the third -2.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_atlas.links.fragment import document_kind
from llm_atlas.links.fragment_html import Wanted, html_has_target, html_targets
from llm_atlas.links.fragment_markdown import github_slug, markdown_anchors

SLUGS = [
    ("Installation", "installation", "lowercased"),
    ("Quick start: the first five minutes", "quick-start-the-first-five-minutes", "':' dropped"),
    ("What's new in v2.0?", "whats-new-in-v20", "', . and ? dropped"),
    ("a  b", "a--b", "each space is one '-', runs are not merged"),
    ("Snake_case and kebab-case", "snake_case-and-kebab-case", "'_' and '-' kept"),
    ("Fünf süße Äpfel", "fünf-süße-äpfel", "non-ASCII letters kept and lowercased"),
    ("量化：原理与实践", "量化原理与实践", "CJK kept, the full-width colon dropped"),
    ("Emoji 🚀 rocket", "emoji--rocket", "a symbol is dropped, its spaces stay"),
    ("C++ & Rust (2024)", "c--rust-2024", "'+', '&' and brackets dropped"),
    ("Ünïcödé — dash", "ünïcödé--dash", "an em dash is punctuation: dropped"),
    ("x²", "x", "a superscript digit is not a decimal digit: dropped"),
]


@pytest.mark.parametrize(("text", "slug", "why"), SLUGS, ids=[s[0] for s in SLUGS])
def test_github_slug(text: str, slug: str, why: str) -> None:
    assert github_slug(text) == slug, why


DOCS = [
    ("# A\n\n## A\n\n### A\n", ["a", "a-1", "a-2"], "duplicates numbered in order"),
    ("# A\n\n# A-1\n\n# A\n", ["a", "a-1", "a-1"], "GitHub numbers each base anchor apart"),
    ("## Title {#my-id}\n", ["my-id", "title-my-id"], "an explicit id, and GitHub's own"),
    ("Setext\n======\n", ["setext"], "a setext heading"),
    ("## `code` *em* [link](http://x)\n", ["code-em-link"], "text without markup"),
    ("## A <em>b</em> c\n", ["a-b-c"], "inline HTML tags are not text"),
    ("## Tom &amp; Jerry\n", ["tom--jerry"], "a character reference is its character"),
    ("```\n# not a heading\n```\n", [], "a fenced block is code"),
    ('<a name="x"></a>\n\n<p id="y">z</p>\n', ["x", "y"], "anchors in HTML blocks"),
    ('text <a id="x">y</a> and <span name="z">w</span>\n', ["x"], "name counts on a only"),
    ("<!-- <a name='x'></a> -->\n", [], "a comment holds no anchor"),
]


@pytest.mark.parametrize(("text", "anchors", "why"), DOCS, ids=[d[2] for d in DOCS])
def test_markdown_anchors(text: str, anchors: list[str], why: str) -> None:
    assert markdown_anchors(text) == anchors, why


KINDS = [
    ("text/html; charset=utf-8", "https://x.org/a", "<p>", "html"),
    ("application/xhtml+xml", "https://x.org/a", "<p>", "html"),
    ("text/markdown", "https://x.org/a.txt", "# a", "markdown"),
    ("text/x-markdown; charset=utf-8", "https://x.org/a", "# a", "markdown"),
    (
        "text/plain; charset=utf-8",
        "https://raw.githubusercontent.com/o/r/main/README.md",
        "",
        "markdown",
    ),
    ("text/plain", "https://x.org/docs/guide.markdown", "# a", "markdown"),
    ("text/plain", "https://x.org/notes.txt", "# a", None),
    ("text/plain", "https://raw.githubusercontent.com/o/r/main/setup.py", "#!", None),
    ("application/json", "https://x.org/a.md", "{}", None),
    ("application/pdf", "https://x.org/a.pdf", "", None),
    ("", "https://x.org/a", "  <!doctype html><p>", "html"),
    ("", "https://x.org/a", "plain words", None),
]


@pytest.mark.parametrize(("ctype", "url", "body", "kind"), KINDS)
def test_document_kind(ctype: str, url: str, body: str, kind: str | None) -> None:
    assert document_kind(ctype, url, body) == kind


HTMLISH = st.text(alphabet="<>!?-/=\"' \n&#;aidnmeptsrclxy[]{}", max_size=400)


@settings(max_examples=400, deadline=None)
@given(HTMLISH)
def test_any_text_is_read_without_error(text: str) -> None:
    """Hostile bodies: the tokenizer and the Markdown reader give an answer for any text."""
    assert isinstance(list(html_targets(text)), list)
    assert isinstance(markdown_anchors(text), list)


# Shapes on which the standard library's html.parser rescans to the end from every '<'
# ('<a b=">"' * 1500, 12 KB, took it 5 s): here each must take well under a second per MB.
HOSTILE_SHAPES = [
    '<a b=">"',
    "<a ",
    "<a/",
    "<a\n",
    "<!-- >",
    "<![CDATA[ >",
    "<p id=x>",
    "<template>",
]


@pytest.mark.parametrize("shape", HOSTILE_SHAPES)
@pytest.mark.parametrize("tail", ["", ">", "x>"])
def test_hostile_shapes_take_linear_time(shape: str, tail: str) -> None:
    text = shape * (1_000_000 // len(shape)) + tail
    started = time.process_time()
    html_has_target(text, Wanted(frozenset({"zz"})))
    assert time.process_time() - started < 3.0


TARGETS = [
    ('<p id="a"><!-- <p id="b"> --><p id="c">', ["a", "c"], "a comment holds no element"),
    ('<!--><p id="a">', ["a"], "<!--> is an empty comment"),
    ('<!---><p id="a">', ["a"], "so is <!--->"),
    ('<!-- x --!><p id="a">', ["a"], "--!> ends a comment"),
    ('<!-- x -- ><p id="b">', [], "'-- >' does not: the comment runs to the end"),
    ('<template><template></template><p id="a"></template><p id="b">', ["b"], "templates nest"),
    ('<p id="a" ID="b">', ["a"], "the first of duplicate attributes is kept"),
    ('<p title=">" id="a">', ["a"], "a quoted '>' does not end the tag"),
    ('<p title="x id=b" id="a">', ["a"], "an id inside another value is text"),
    ("<p title=\"a><b id='x'>\">", [], "a quoted '>' before an id: still one value"),
    ("<p title=\"n><a name='x'>\"><a name=y>", ["y"], "the same for a name"),
    ('<p id="a"', [], "the text ends inside the tag: it is dropped"),
    ('<script>"<p id=a>"</script ><p id="b">', ["b"], "script is text up to </script"),
    ('<a name="x"><A NAME=y><span name=z>', ["x", "y"], "name counts on a only"),
    ('<p id="caf&eacute;">', ["café"], "character references are decoded"),
    ('<![CDATA[<p id="a">]]><p id="b">', ["b"], "CDATA outside SVG: a bogus comment up to '>'"),
    ('a < b <p id="a">', ["a"], "a '<' before a space is text"),
    ('<p id="">', [], "an empty id names nothing"),
    ('<p/id="a">', ["a"], "a '/' between attributes is skipped"),
    ('<p id="a"title="b">', ["a"], "no space after a quoted value is fine"),
]


@pytest.mark.parametrize(("text", "targets", "why"), TARGETS, ids=[t[2] for t in TARGETS])
def test_html_targets(text: str, targets: list[str], why: str) -> None:
    assert list(html_targets(text)) == targets, why


TOKENS = st.sampled_from(
    [
        "<p",
        "<a",
        "<A",
        "<template>",
        "</template>",
        "<script>",
        "</script>",
        "<title>",
        "</title >",
        "<!--",
        "-->",
        "--!>",
        "<!",
        "<?",
        "</",
        "<",
        ">",
        "/>",
        " ",
        "\n",
        "=",
        '"',
        "'",
        " id",
        " ID",
        " name",
        " title",
        "=x",
        '="y"',
        "='z'",
        "sidebar",
        "&amp;",
        "&#105;d",
        "x",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(TOKENS, max_size=40).map("".join))
def test_the_quick_skip_changes_nothing(text: str) -> None:
    """What the one-match skip passes over holds no target, and it ends where the loop would."""
    assert list(html_targets(text)) == list(html_targets(text, quick=False))
