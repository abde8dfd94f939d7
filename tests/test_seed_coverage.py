"""The shipped catalog covers the llm-action seed: every content URL, stale repo paths remapped.

Reads the seed files (see the `seed_dir` fixture) and the catalog in <repo>/catalog. The expected
URL sets are computed from the seed files here; stale llm-action paths are remapped with the
importer's `find_moved_path` (same tail in llm-action-tree.txt), never with a hand-made table.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from llm_atlas.importer.remap import RepoTree, load_repo_tree, remap_url, split_repo_link
from llm_atlas.rules import normalize_url
from llm_atlas.validate import load_catalog

CATALOG = Path(__file__).resolve().parent.parent / "catalog"
REPO = "https://github.com/liguodongiot/llm-action"
# Sections that hold no knowledge-base content: navigation, community, a star chart.
NON_CONTENT = {"目录", "LLM学习交流群", "微信公众号", "Star History"}
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\((https?://[^)\s]+)\)")
_HEADING = re.compile(r"#{1,6}\s+(.*)")


def seed_urls(text: str) -> dict[str, int]:
    """Return URL → first line for markdown links (not images) in content sections of TEXT.

    Lines before the first heading (badge and logo HTML) and the NON_CONTENT sections are left
    out; image links `![..](..)` and HTML `<img>`/`<a>` badges are not markdown links.
    """
    found: dict[str, int] = {}
    section: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        heading = _HEADING.match(line)
        if heading:
            section = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.group(1)).strip()
        if section is None or section.rstrip("：:") in NON_CONTENT:
            continue
        for url in _LINK.findall(line):
            found.setdefault(url, number)
    return found


def url_key(url: str) -> str:
    """Compare URLs without fragment, empty query, trailing slash or %-encoding differences."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return normalize_url(f"{parts.scheme}://{parts.netloc}{unquote(parts.path)}{query}")


@pytest.fixture(scope="module")
def tree(seed_dir: Path) -> RepoTree:
    return load_repo_tree(seed_dir / "llm-action-tree.txt", REPO)


@pytest.fixture(scope="module")
def catalog_urls() -> dict[str, str]:
    catalog = load_catalog(CATALOG)
    return {
        url_key(url): f"{entry.id}.{name}"
        for entry in catalog.entries.values()
        for name, url in entry.urls()
    }


def expected_urls(seed: Path, tree: RepoTree) -> list[tuple[str, int, str, str]]:
    """Return (seed file, line, url as written, url the catalog must hold) for every seed URL."""
    rows = []
    for name in ("llm-action-excerpt.md", "llm-action-README.md"):
        for url, line in seed_urls((seed / name).read_text(encoding="utf-8")).items():
            target, state = remap_url(url, tree)
            rows.append((name, line, url, target if state != "missing" else ""))
    return rows


def test_seed_files_have_content_urls(seed_dir: Path) -> None:
    readme = seed_urls((seed_dir / "llm-action-README.md").read_text(encoding="utf-8"))
    excerpt = seed_urls((seed_dir / "llm-action-excerpt.md").read_text(encoding="utf-8"))
    # 215 distinct URLs in the README minus the 16 in badges, images and community sections;
    # 103 in the excerpt minus its one image (a yuque whiteboard picture at the top).
    assert len(readme) == 199
    assert len(excerpt) == 102
    assert "https://img.shields.io" not in " ".join(readme)


def test_every_seed_url_is_in_the_catalog(
    seed_dir: Path, tree: RepoTree, catalog_urls: dict[str, str]
) -> None:
    missing = []
    for name, line, url, target in expected_urls(seed_dir, tree):
        if not target:
            continue  # stale path with no counterpart: checked by the test below
        if url_key(target) not in catalog_urls:
            moved = f" (stale path, expected as {target})" if target != url else ""
            missing.append(f"{name}:{line}: {url}{moved}")
    assert not missing, f"{len(missing)} seed URL(s) missing from the catalog:\n" + "\n".join(
        missing
    )


def test_stale_paths_are_not_copied(
    seed_dir: Path, tree: RepoTree, catalog_urls: dict[str, str]
) -> None:
    stale = [
        (name, line, url)
        for name, line, url, target in expected_urls(seed_dir, tree)
        if target != url
    ]
    assert stale, "the seed files are known to hold stale llm-action paths"
    copied = [
        f"{name}:{line}: {url} is in {catalog_urls[url_key(url)]}"
        for name, line, url in stale
        if url_key(url) in catalog_urls
    ]
    assert not copied, "stale llm-action paths copied into the catalog:\n" + "\n".join(copied)


def test_catalog_links_into_llm_action_exist(tree: RepoTree) -> None:
    catalog = load_catalog(CATALOG)
    dead = []
    for entry in catalog.entries.values():
        for name, url in entry.urls():
            link = split_repo_link(url, REPO)
            if link is not None and not tree.has(link.path):
                origin = catalog.origins[entry.id]
                dead.append(
                    f"{origin.path}:{origin.line}: {entry.id}.{name}: {url} "
                    f"(path '{link.path}' is not in llm-action-tree.txt)"
                )
    assert not dead, "catalog links into llm-action paths that do not exist:\n" + "\n".join(dead)
