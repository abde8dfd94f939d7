"""GitHub's pages, named as such: which URLs are GitHub's and where a file page's raw file is.

Takes a URL; gives whether it is a page of github.com (whose script finds `#install` at
`id="user-content-install"`, whatever the case) and, for a Markdown file's page
(`github.com/<owner>/<repo>/blob/<ref>/<path>.md`), the raw file's URL on
raw.githubusercontent.com: the page's HTML does not carry the headings' ids to a plain fetch.
`LLM_ATLAS_GITHUB_WEB` and `LLM_ATLAS_GITHUB_RAW` point both hosts elsewhere (tests, mirrors).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

GITHUB_WEB = "https://github.com"
GITHUB_RAW = "https://raw.githubusercontent.com"
GITHUB_HOSTS = frozenset({"github.com", "www.github.com", "gist.github.com"})
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _bases() -> tuple[str, str]:
    env = os.environ
    web = (env.get("LLM_ATLAS_GITHUB_WEB") or GITHUB_WEB).rstrip("/")
    raw = (env.get("LLM_ATLAS_GITHUB_RAW") or GITHUB_RAW).rstrip("/")
    return web, raw


def is_github_page(url: str) -> bool:
    """Whether URL is a page of GitHub's web site (github.com, gist.github.com)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in GITHUB_HOSTS or _origin(url) == _origin(_bases()[0])


def raw_markdown_url(url: str) -> str | None:
    """Return the raw file behind a GitHub page of a Markdown file, or None for other URLs."""
    web, raw = _bases()
    parts = urlsplit(url)
    if _origin(url) not in (_origin(web), _origin(GITHUB_WEB)):
        return None
    segments = parts.path.split("/")
    # ['', owner, repo, 'blob', ref, *path]: the ref may hold slashes, the raw URL keeps them all
    if len(segments) < 6 or segments[3] != "blob" or not all(segments[1:3]):
        return None
    if not segments[-1].lower().endswith(MARKDOWN_SUFFIXES):
        return None
    return f"{raw}/{segments[1]}/{segments[2]}/{'/'.join(segments[4:])}"
