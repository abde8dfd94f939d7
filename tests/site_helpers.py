"""Helpers for the site tests: small catalogs, an injection catalog, a build, a local server."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from llm_atlas.build.pipeline import BuildReport, build_site
from llm_atlas.models import KIND_MODELS

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"
BASIC_CATALOG = CASES / "site-basic" / "catalog"

# Payloads that would run script, inject HTML or break Markdown/tables if not escaped.
PAYLOADS = [
    '<script>window.__pwned = 1; alert("s")</script>',
    "<img src=x onerror=\"window.__pwned = 2; alert('i')\">",
    "| pipe | breaks | table |",
    "[click](javascript:alert(3)) ![x](https://example.com/x.png)",
    "**bold** _em_ `code` ~~del~~ <b>b</b>",
    "</title><script>window.__pwned = 4</script>",
    "&lt;script&gt;window.__pwned = 5&lt;/script&gt;",
    'ends with attr { onclick="alert(6)" } {: #x .y }',
    "# heading\n\n- list\n> quote\n!!! note\n<!-- comment",
    "{{ 7 * 7 }} {% raw %} ${x} \\ backslash",
]
INJECTION_URL = "https://example.com/a'b(c)[d]*e*?x=1&y=%3Cscript%3E"


@dataclass
class BuiltSite:
    site_dir: Path
    render_dir: Path
    catalog_dir: Path
    report: BuildReport


def write_injection_catalog(root: Path) -> None:
    """Write a catalog whose every string field holds a payload (one entry per kind)."""
    root.mkdir(parents=True, exist_ok=True)
    topics = [
        {"id": f"evil-{i}", "title": p, "title_en": p, "description": p}
        for i, p in enumerate(PAYLOADS[:3])
    ]
    topics[1]["parent"] = "evil-0"
    (root / "topics.yaml").write_text(yaml.safe_dump(topics, allow_unicode=True), encoding="utf-8")
    entries: list[dict[str, Any]] = []
    for n, (kind, model) in enumerate(KIND_MODELS.items()):
        for i, payload in enumerate(PAYLOADS):
            entry: dict[str, Any] = {
                "id": f"{kind}-{i}",
                "kind": kind,
                "topics": [f"evil-{i % 3}"],
                "lang": "zh",
                "year": 2020 + i,
                "added": dt.date(2024, 2, i + 1),
            }
            for name, info in model.model_fields.items():
                if name in entry or name in ("kind", "status", "related", "part", "arxiv"):
                    continue
                text = info.annotation is not None and "str" in str(info.annotation)
                if name in model.url_fields:
                    entry[name] = f"{INJECTION_URL}&k={kind}&i={i}&f={name}"
                elif name == "links":  # a list of URLs
                    entry[name] = [f"{INJECTION_URL}&k={kind}&i={i}&f={name}"]
                elif name == "aliases":  # must differ from the title
                    entry[name] = [f"{payload} alias"]
                elif "list[" in str(info.annotation):
                    entry[name] = [payload, f"{payload} 2"]
                elif text:
                    entry[name] = payload
            entry["series"] = payload
            entry["part"] = n + 1
            entry["related"] = [f"{kind}-{(i + 1) % len(PAYLOADS)}"]
            entries.append(entry)
    (root / "entries.yaml").write_text(
        yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8"
    )


def build_catalog(catalog_dir: Path, work: Path, strict: bool = True) -> BuiltSite:
    """Build CATALOG_DIR with the repository's mkdocs.yml, docs/ and templates into WORK."""
    site_dir, render_dir = work / "site", work / "render"
    report = build_site(catalog_dir, REPO, site_dir, strict=strict, render_dir=render_dir)
    return BuiltSite(site_dir, render_dir, catalog_dir, report)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_dir(directory: Path) -> Iterator[str]:
    """Serve DIRECTORY on 127.0.0.1 (random port); yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
