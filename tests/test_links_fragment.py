"""links.fragment: each #fragment checked over loopback, one table per family.

Every row states the verdict and the rule that gives it: the HTML spec's "find a potential indicated
element" / "select the indicated part" (ids compared as written, `a` elements' `name`, the fragment
as written then percent-decoded, `top`), or what GitHub does (its `user-content-` prefix found
without regard to case, its heading anchors in Markdown files). The pages are
tests/cases/fragments/; three loopback hosts play an ordinary site, github.com and
raw.githubusercontent.com (LLM_ATLAS_GITHUB_WEB and LLM_ATLAS_GITHUB_RAW point there).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from llm_atlas.links.classify import classify
from llm_atlas.links.http import fetch_url, make_client
from llm_atlas.links.policy import HostPolicy
from llm_atlas.links.policy_file import load_config

CASES = Path(__file__).parent / "cases" / "fragments"
CONFIG = replace(load_config(None), allow_private=True)
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}
BIG_BYTES = 5 * 1024 * 1024  # past the 4 MiB a page with an anchor is read to


class FragmentHost(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: str, role: str) -> None:
        super().__init__((address, 0), FragmentHandler)
        self.role = role  # site, github (github.com) or raw (raw.githubusercontent.com)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://{self.server_address[0]}:{self.server_address[1]}"


class FragmentHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FragmentHost

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def file(self, name: str, ctype: str | None = None) -> None:
        path = CASES / name
        if not path.is_file():
            self.send(404, b"no such file", "text/plain")
            return
        self.send(200, path.read_bytes(), ctype or TYPES[path.suffix])

    def answer(self) -> None:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.hits[path] += 1
        role = self.server.role
        if role == "github":
            if path == "/o/r":
                self.file("github-repo.html")
            elif path == "/o/r/blob/main/gone.md":
                self.send(404, b"<html>Page not found</html>", TYPES[".html"])
            elif path.startswith("/o/r/blob/main/"):
                self.file("github-blob.html")
            else:
                self.send(404, b"not found", "text/plain")
        elif role == "raw":
            if path == "/o/r/main/README.md":
                self.file("readme.md", "text/plain; charset=utf-8")
            else:
                self.send(404, b"404: Not Found", "text/plain; charset=utf-8")
        elif path.startswith("/raw/"):  # served the way raw.githubusercontent.com serves files
            self.file(path.removeprefix("/raw/"), "text/plain; charset=utf-8")
        elif path == "/paper.pdf":
            self.send(200, b"%PDF-1.4\n% a fixture\n%%EOF\n", "application/pdf")
        elif path == "/image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        elif path == "/big.html":
            tail = b'<p id="at-the-end">past the part read</p></body></html>'
            head = b"<!doctype html><html><body><p>" + b"x" * (BIG_BYTES - 100) + b"</p>"
            self.send(200, head + tail, TYPES[".html"])
        else:
            self.file(path.lstrip("/"))


@dataclass
class Web:
    site: FragmentHost
    github: FragmentHost
    raw: FragmentHost


@pytest.fixture(scope="module")
def web() -> Iterator[Web]:
    hosts = [
        FragmentHost("127.0.0.21", "site"),
        FragmentHost("127.0.0.22", "github"),
        FragmentHost("127.0.0.23", "raw"),
    ]
    threads = [
        threading.Thread(target=h.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        for h in hosts
    ]
    for thread in threads:
        thread.start()
    try:
        yield Web(*hosts)
    finally:
        for host in hosts:
            host.shutdown()
            host.server_close()


@pytest.fixture
def github_env(web: Web, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ATLAS_GITHUB_WEB", web.github.base)
    monkeypatch.setenv("LLM_ATLAS_GITHUB_RAW", web.raw.base)


def verdict_of(url: str, policy: HostPolicy | None = None) -> tuple[str, str]:
    policy = policy or HostPolicy()
    client = make_client(CONFIG)
    try:
        seen = fetch_url(client, url, policy, CONFIG, 10.0)
    finally:
        client.close()
    verdict = classify(seen, policy, CONFIG)
    return verdict.status, verdict.message


Row = tuple[str, str, str]  # the path and fragment, the status, why

HTML: list[Row] = [
    ("/page.html#in-the-beginning", "ok", "an element's id, compared as written"),
    ("/page.html#unquoted", "ok", "an unquoted attribute value is a value like any other"),
    ("/page.html#upper-a", "ok", "<A NAME>: tag and attribute names are not case-sensitive"),
    ("/page.html#old-name", "ok", "the name of an a element is a fragment target"),
    ("/page.html#description", "missing-anchor", "<meta name>: only an a element's name counts"),
    ("/page.html#q", "missing-anchor", "<input name>: only an a element's name counts"),
    ("/page.html#div-name", "missing-anchor", "<div name>: only an a element's name counts"),
    ("/page.html#in-the-end", "missing-anchor", "no element has this id or name"),
    ("/page.html#", "ok", "an empty fragment is the top of the document"),
    ("/page.html#:~:text=beginning", "ok", "a text fragment is a directive, not an id"),
    ("/page.html#in-the-end:~:text=beginning", "ok", "the text directive wins in browsers"),
    ("/page.html#/route", "ok", "a script route (#/…), not an anchor"),
]

TOP: list[Row] = [
    ("/page.html#top", "ok", "'top' selects the top of the document (HTML spec)"),
    ("/page.html#TOP", "ok", "'top' is matched ASCII case-insensitively"),
    ("/page.html#Top", "ok", "'top' is matched ASCII case-insensitively"),
    ("/page.html#%74op", "ok", "the decoded fragment is 'top'"),
    ("/page.html#topp", "missing-anchor", "only 'top' itself is special"),
    ("/readme.md#top", "ok", "GitHub renders Markdown as an HTML page: 'top' is its top"),
]

CASE: list[Row] = [
    ("/page.html#in-THE-begiNNing", "missing-anchor", "ids are case-sensitive (HTML)"),
    ("/page.html#IN-THE-BEGINNING", "missing-anchor", "ids are case-sensitive (HTML)"),
    ("/page.html#Mixed-Case", "ok", "the id exactly as written"),
    ("/page.html#mixed-case", "missing-anchor", "ids are case-sensitive (HTML)"),
    ("/page.html#UPPER-A", "missing-anchor", "an a element's name is case-sensitive too"),
]

ENCODING: list[Row] = [
    ("/page.html#%E9%87%8F%E5%8C%96", "ok", "as written, it equals the literal id"),
    ("/page.html#量化", "ok", "decoded, it equals the id 量化"),
    ("/page.html#caf%C3%A9", "ok", "decoded (UTF-8), it equals the id café"),
    ("/page.html#café", "ok", "URL parsing encodes it; decoded, it equals the id café"),
    ("/page.html#caf%C3%A9-entity", "ok", "the id was written caf&eacute;-entity"),
    ("/page.html#%41", "ok", "as written, it equals the literal id %41"),
    ("/page.html#A", "missing-anchor", "ids are not decoded: the id is %41, not A"),
    ("/page.html#a%2Fb", "ok", "as written, it equals the literal id a%2Fb"),
    ("/page.html#a/b", "missing-anchor", "ids are not decoded: the id is a%2Fb, not a/b"),
    ("/page.html#%E9%87", "missing-anchor", "cut UTF-8 decodes to U+FFFD, which is no id"),
]

TRAPS: list[Row] = [
    ("/traps.html#after-the-traps", "ok", "the real element after all the traps"),
    ("/traps.html#in-a-comment", "missing-anchor", "a comment holds no elements"),
    ("/traps.html#in-an-attribute", "missing-anchor", "text inside another attribute's value"),
    ("/traps.html#in-a-data-attribute", "missing-anchor", "text inside a data- attribute"),
    ("/traps.html#in-a-script", "missing-anchor", "script is raw text: a string, no element"),
    ("/traps.html#script-name", "missing-anchor", "script is raw text: a string, no element"),
    ("/traps.html#in-a-style", "missing-anchor", "style is raw text"),
    ("/traps.html#in-the-title", "missing-anchor", "title is escapable raw text"),
    ("/traps.html#in-a-textarea", "missing-anchor", "textarea is escapable raw text"),
    (
        "/traps.html#in-a-template",
        "missing-anchor",
        "template contents are a separate DocumentFragment, not in the document tree",
    ),
    ("/traps.html#template-name", "missing-anchor", "the same for an a element's name"),
    (
        "/traps.html#in-noscript",
        "missing-anchor",
        "browsers run scripts; with the scripting flag noscript is parsed as raw text",
    ),
    ("/traps.html#first", "ok", "of duplicate attributes the first is kept"),
    ("/traps.html#second", "missing-anchor", "a duplicate attribute is dropped by the parser"),
    ("/traps.html#spaced", "missing-anchor", "ids are not trimmed: the id is ' spaced '"),
    ("/traps.html#in-svg", "ok", "SVG elements are in the document and have ids"),
]

MARKDOWN: list[Row] = [
    ("/readme.md#installation", "ok", "GitHub's anchor of '## Installation'"),
    ("/readme.md#llm-atlas-fixture-readme", "ok", "the first heading too"),
    ("/readme.md#quick-start-the-first-five-minutes", "ok", "punctuation (':') dropped"),
    ("/readme.md#whats-new-in-v20", "ok", "apostrophe, dot and '?' dropped"),
    ("/readme.md#check-links-and-bold-words", "ok", "the heading's text, without markup"),
    ("/readme.md#a-linked-heading", "ok", "a link's text, not its URL"),
    ("/readme.md#fünf-süße-äpfel", "ok", "letters outside ASCII kept, lowercased"),
    ("/readme.md#f%C3%BCnf-s%C3%BC%C3%9Fe-%C3%A4pfel", "ok", "the same, percent-encoded"),
    ("/readme.md#量化原理与实践", "ok", "Chinese kept; the full-width colon dropped"),
    ("/readme.md#snake_case-and-kebab-case", "ok", "'_' and '-' are kept"),
    ("/readme.md#repeated", "ok", "the first of three equal headings"),
    ("/readme.md#repeated-1", "ok", "the second gets -1"),
    ("/readme.md#repeated-2", "ok", "the third gets -2"),
    ("/readme.md#repeated-3", "missing-anchor", "there is no fourth"),
    ("/readme.md#custom-id", "ok", "an explicit {#id} attribute"),
    ("/readme.md#setext-heading", "ok", "a setext heading is a heading"),
    ("/readme.md#emoji--rocket", "ok", "the emoji dropped, both spaces kept"),
    ("/readme.md#trailing-hashes", "ok", "the closing #'s are not part of the heading"),
    ("/readme.md#legacy-anchor", "ok", "<a name> in the file's HTML"),
    ("/readme.md#inline-id", "ok", "an id in inline HTML"),
    ("/readme.md#block-id", "ok", "an id in an HTML block"),
    ("/readme.md#INSTALLATION", "ok", "GitHub finds user-content- anchors whatever the case"),
    ("/readme.md#not-a-heading-in-a-fence", "missing-anchor", "a fenced code block is code"),
    ("/readme.md#fenced-anchor", "missing-anchor", "HTML in a fence is code too"),
    (
        "/readme.md#not-a-heading-in-an-indented-code-block",
        "missing-anchor",
        "an indented code block is code",
    ),
    ("/readme.md#commented-anchor", "missing-anchor", "an HTML comment holds no element"),
    ("/readme.md#no-such-heading", "missing-anchor", "no heading, {#id} or HTML anchor"),
    ("/raw/readme.md#installation", "ok", "text/plain with a .md name is Markdown (raw files)"),
    ("/raw/readme.md#repeated-2", "ok", "the same rules for a raw file"),
    ("/raw/readme.md#no-such-heading", "missing-anchor", "a raw file is checked, not waved"),
]

NOT_CHECKABLE: list[Row] = [
    ("/data.json#installation", "ok", "JSON has no anchors: not checkable, not missing"),
    ("/notes.txt#installation", "ok", "plain text (not .md) has no anchors: not checkable"),
    ("/raw/notes.txt#installation", "ok", "the same served raw"),
    ("/paper.pdf#page=2", "ok", "a PDF's fragment is the viewer's: not checkable"),
    ("/image.png#x", "ok", "an image has no anchors: not checkable"),
]


def ids(table: list[Row]) -> list[str]:
    return [path for path, _, _ in table]


@pytest.mark.parametrize(("path", "status", "why"), HTML, ids=ids(HTML))
def test_html(web: Web, path: str, status: str, why: str) -> None:
    assert verdict_of(web.site.base + path)[0] == status, why


@pytest.mark.parametrize(("path", "status", "why"), TOP, ids=ids(TOP))
def test_top(web: Web, path: str, status: str, why: str) -> None:
    assert verdict_of(web.site.base + path)[0] == status, why


@pytest.mark.parametrize(("path", "status", "why"), CASE, ids=ids(CASE))
def test_case(web: Web, path: str, status: str, why: str) -> None:
    assert verdict_of(web.site.base + path)[0] == status, why


@pytest.mark.parametrize(("path", "status", "why"), ENCODING, ids=ids(ENCODING))
def test_encoding(web: Web, path: str, status: str, why: str) -> None:
    assert verdict_of(web.site.base + path)[0] == status, why


@pytest.mark.parametrize(("path", "status", "why"), TRAPS, ids=ids(TRAPS))
def test_parser_traps(web: Web, path: str, status: str, why: str) -> None:
    assert verdict_of(web.site.base + path)[0] == status, why


@pytest.mark.parametrize(("path", "status", "why"), MARKDOWN, ids=ids(MARKDOWN))
def test_markdown(web: Web, path: str, status: str, why: str) -> None:
    assert verdict_of(web.site.base + path)[0] == status, why


@pytest.mark.parametrize(("path", "status", "why"), NOT_CHECKABLE, ids=ids(NOT_CHECKABLE))
def test_not_checkable(web: Web, path: str, status: str, why: str) -> None:
    status_seen, message = verdict_of(web.site.base + path)
    assert status_seen == status, why
    assert "not checkable" in message, message


GITHUB: list[Row] = [
    ("/o/r#install", "ok", "GitHub's script finds id user-content-install"),
    ("/o/r#INSTALL", "ok", "… whatever the case, on GitHub pages"),
    ("/o/r#Usage-Notes", "ok", "… whatever the case, on GitHub pages"),
    ("/o/r#user-content-install", "ok", "the id as written"),
    ("/o/r#legacy", "ok", "an a name with the prefix"),
    ("/o/r#gone", "missing-anchor", "no user-content-gone either"),
    ("/o/r/blob/main/README.md#installation", "ok", "checked against the raw file's headings"),
    ("/o/r/blob/main/README.md#Installation", "ok", "GitHub's case-insensitive lookup"),
    ("/o/r/blob/main/README.md#repeated-2", "ok", "GitHub's duplicate numbering"),
    ("/o/r/blob/main/README.md#量化原理与实践", "ok", "a non-ASCII heading"),
    ("/o/r/blob/main/README.md#no-such-heading", "missing-anchor", "not a heading of the file"),
    ("/o/r/blob/main/gone.md#installation", "broken", "the file's page itself is gone"),
]


@pytest.mark.parametrize(("path", "status", "why"), GITHUB, ids=ids(GITHUB))
def test_github(web: Web, github_env: None, path: str, status: str, why: str) -> None:
    assert verdict_of(web.github.base + path)[0] == status, why


def test_user_content_prefix_is_github_only(web: Web, github_env: None) -> None:
    """The prefix is added by GitHub's script, not by browsers: elsewhere #install is missing."""
    status, message = verdict_of(web.site.base + "/page.html#install")
    assert status == "missing-anchor", message
    assert verdict_of(web.site.base + "/page.html#user-content-install")[0] == "ok"


def test_blob_file_is_read_raw(web: Web, github_env: None) -> None:
    """A file page's headings come from the raw file: one request to each host."""
    before = (web.github.hits["/o/r/blob/main/README.md"], web.raw.hits["/o/r/main/README.md"])
    status, message = verdict_of(web.github.base + "/o/r/blob/main/README.md#quick-start")
    assert status == "missing-anchor"
    assert "Markdown" in message and "#quick-start" in message
    after = (web.github.hits["/o/r/blob/main/README.md"], web.raw.hits["/o/r/main/README.md"])
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)


def test_blob_file_whose_raw_file_is_missing_is_not_checkable(web: Web, github_env: None) -> None:
    status, message = verdict_of(web.github.base + "/o/r/blob/main/docs/other.md#installation")
    assert status == "ok"
    assert "not checkable" in message and "404" in message


def test_missing_anchor_message_names_the_rule(web: Web) -> None:
    status, message = verdict_of(web.site.base + "/page.html#description")
    assert status == "missing-anchor"
    assert "id 'description'" in message and "<a name>" in message


def test_a_page_longer_than_the_cap_is_not_judged(web: Web) -> None:
    """The anchor past the 4 MiB read is neither found nor reported missing."""
    status, message = verdict_of(web.site.base + "/big.html#at-the-end")
    assert status == "ok"
    assert "#at-the-end not in the part read" in message


def test_fragments_off_for_a_host(web: Web) -> None:
    assert verdict_of(web.site.base + "/page.html#gone", HostPolicy(fragments=False))[0] == "ok"
