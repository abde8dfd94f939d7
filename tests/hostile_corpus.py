"""A hostile corpus and a project made from it: a catalog whose every string field (every kind of
entry, every topic) and a data/ folder whose every fact is drawn from a text source.

`write_project(root, source)` writes mkdocs.yml, docs/, catalog/ and data/ under ROOT; the
structure (ids, kinds, which fields are set, which URLs have facts) is the same for every source,
so a build from `BenignSource` is the allow-list of what our templates make, and a build from a
hypothesis-drawn `HostileSource` must make nothing else.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml
from site_helpers import REPO

from llm_atlas.models import KIND_MODELS
from llm_atlas.refresh.store import dump_items

# Strings that would run script, add markup or links, end a record or a cell early, or turn into
# a formula if a sink did not escape them for its context.
HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "<svg onload=window.__pwned=1>",
    '" onmouseover="window.__pwned=1" x="',
    "' autofocus onfocus='window.__pwned=1' '",
    "<a href=javascript:window.__pwned=1>a</a>",
    "<iframe src=//evil.example/></iframe><base href=//evil.example/>",
    "<style>*{display:none}</style>",
    "javascript:window.__pwned=1",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "[x](javascript:window.__pwned=1)",
    "![i](https://evil.example/i.png)",
    "<https://evil.example/>",
    "https://evil.example/bare",
    "[r]: javascript:alert(1)",
    "*em* **strong** `code` ~~del~~ _u_",
    "| a | b |",
    "{: onclick=alert(1) } { #id .cls }",
    "# h\n\n- item\n> quote\n1. one\n!!! note\n---",
    '!!! danger "x"',
    "!!! danger",
    "~~~",
    "```js",
    "}}",
    "{",
    "}",
    "\\",
    "@misc{evil, title={x}}",
    "% # & $ _ ^ ~",
    "x and y",
    "et al.",
    "=1+2",
    "+1",
    "-1",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "</script><!--",
    "]]><![CDATA[",
    "&amp; &lt;b&gt; &#60;i&#62; &#x3C;",
    "{{ 7*7 }} {% raw %} ${x}",
    "\x01\x07\x1b\x7f",
    "\u202eRTL\u2066isolate\u2069",
    "\u200b\ufeff\u00a0",
    "a\u2028b\u2029c",
    "中文标题：大模型的量化",
    "L" * 400,
]
BENIGN_WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "量化", "微调"]
# URL pieces a catalog URL may hold (models.check_url refuses whitespace, controls, <>"`).
URL_PIECES = [
    "a'b",
    "(x)",
    "[y]",
    "*z*",
    "_u_",
    "{c}",
    "|p|",
    "\\",
    "^~",
    "&amp;",
    "?q=1&r=2",
    "#x'y",
    "javascript:alert(1)",
    "中文",
    "\u202e",
    "%0a%3C",
    "!$;=+,@",
]
# data/ URLs only need an http(s) start (facts._opt_url); they may hold anything after it.
DATA_URL_PIECES = [
    *URL_PIECES,
    "\n[x](javascript:window.__pwned=1)",
    ' " onclick="window.__pwned=1',
    "<img src=x onerror=window.__pwned=1>",
    "\t\r\n ",
    ")",
]
DAY = "2026-12-01"  # dates in data/ are checked on reading (facts.iso_day)
STATUSES = ["ok", "redirected", "blocked", "timeout", "broken", "missing-anchor", "skipped"]
# Repository names facts accept (github_repo of https://github.com/<name>) that are not plain.
HOSTILE_REPOS = ['o/r#" onclick="x', "o/r?a=<img src=x>", "o/r/[x](javascript:1)", "o/r"]


class Source(Protocol):
    def text(self) -> str: ...
    def url_piece(self) -> str: ...
    def data_url_piece(self) -> str: ...
    def status(self, n: int) -> str: ...
    def repo(self, n: int) -> str: ...


@dataclass
class BenignSource:
    """Plain words, and every link status in turn (so every template branch is taken)."""

    n: int = 0

    def text(self) -> str:
        self.n += 1
        return f"{BENIGN_WORDS[self.n % len(BENIGN_WORDS)]} {self.n}"

    def url_piece(self) -> str:
        return self.text().replace(" ", "-")

    def data_url_piece(self) -> str:
        return self.url_piece()

    def status(self, n: int) -> str:
        return [*STATUSES, "unheard-of"][n % (len(STATUSES) + 1)]

    def repo(self, n: int) -> str:
        return f"moved/r{n}"


@dataclass
class Written:
    """What was written, for checking the outputs against it."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, dict[str, Any]] = field(default_factory=dict)


def write_project(root: Path, source: Source, per_kind: int = 2) -> Written:
    """Write a project (mkdocs.yml, docs/, catalog/, data/) whose every string comes from
    SOURCE; PER_KIND entries of each kind."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if not (root / "docs").exists():
        shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("screenshots"))
    out = Written()
    out.topics = [
        {"id": f"t{i}", "title": source.text(), "title_en": source.text()} for i in range(3)
    ]
    out.topics[1]["parent"] = "t0"
    for topic in out.topics:
        topic["description"] = source.text()
    n = 0
    for kind, model in KIND_MODELS.items():
        for i in range(per_kind):
            out.entries.append(_entry(kind, model.model_fields, model.url_fields, n, i, source))
            n += 1
    catalog = root / "catalog"
    shutil.rmtree(catalog, ignore_errors=True)
    catalog.mkdir()
    _dump(catalog / "topics.yaml", out.topics)
    _dump(catalog / "entries.yaml", out.entries)
    out.data = _facts(out.entries, source)
    data = root / "data"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir()
    for kind, items in out.data.items():
        (data / f"{kind}.json").write_text(dump_items(kind, items), encoding="utf-8")
    return out


def _dump(path: Path, value: object) -> None:
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")


def _entry(
    kind: str, fields: dict[str, Any], url_fields: tuple[str, ...], n: int, i: int, source: Source
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"{kind}-{i}",
        "kind": kind,
        "topics": [f"t{n % 3}"],
        "lang": ("zh", "en")[n % 2],
        "year": 2018 + n % 7,
        "added": dt.date(2024, 1 + n % 12, 1 + n % 28),
        "series": f"{source.text()} s{n}",  # one series per entry: parts never clash
        "part": i + 1,
        "related": [f"{kind}-{(i + 1) % 2}"],
    }
    if i == 1:
        entry["status"] = "planned"
    for name, info in fields.items():
        annotation = str(info.annotation)
        if name in entry or name in ("kind", "status", "arxiv"):
            continue
        if name == "code":
            entry[name] = f"https://github.com/o{n}/r{n}"
        elif name in url_fields or name == "links":
            url = f"https://x{n}.example/{name}/{source.url_piece()}"
            entry[name] = [url] if name == "links" else url
        elif name == "aliases":  # each must differ from the titles and the others
            entry[name] = [f"{source.text()} a{n}", f"{source.text()} b{n}"]
        elif "list[" in annotation:
            entry[name] = [source.text(), source.text(), "et al."]
        elif "str" in annotation:
            entry[name] = source.text()
    if kind == "paper":
        entry["arxiv"] = f"2106.{9680 + n:05d}"
    return entry


def _facts(entries: list[dict[str, Any]], source: Source) -> dict[str, dict[str, Any]]:
    """Return data/ records for every URL, repository and arXiv id of ENTRIES."""
    links: dict[str, Any] = {}
    archive: dict[str, Any] = {}
    repos: dict[str, Any] = {}
    papers: dict[str, Any] = {}
    for n, entry in enumerate(entries):
        url = entry["url"]
        status = source.status(n)
        links[url] = {
            "status": status,
            "http_status": 301 if status == "redirected" else 404,
            "final_url": f"https://moved.example/{source.data_url_piece()}",
            "message": source.text(),
            "checked": DAY,
            "last_good": DAY,
            "failures": 2,
        }
        archive[url] = {
            "checked": DAY,
            "snapshot": f"http://web.archive.org/web/1/{source.data_url_piece()}",
            "timestamp": DAY,
        }
        repos[f"o{n}/r{n}"] = {
            "state": ("ok", "ok", "missing")[n % 3],
            "checked": DAY,
            "stars": n,
            "forks": n,
            "pushed": DAY,
            "archived": n % 2 == 0,
            "license": source.text(),
            "language": source.text(),
            "moved_to": source.repo(n) if n % 4 == 1 else None,
        }
        if entry["kind"] == "paper":
            papers[entry["arxiv"]] = {
                "state": "ok",
                "checked": DAY,
                "title": source.text(),
                "authors": [source.text(), source.text()],
                "published": DAY,
                "version": source.text(),
            }
    return {"links": links, "archive": archive, "repos": repos, "papers": papers}
