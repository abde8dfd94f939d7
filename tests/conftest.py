"""Shared fixtures. Each fixture is self-contained; helpers add their own below."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEED_FILES = ("llm-action-README.md", "llm-action-excerpt.md", "llm-action-tree.txt")


def find_seed_dir() -> tuple[Path | None, list[Path]]:
    """Return the first seed folder that holds the seed files, and every place looked at."""
    repo = Path(__file__).resolve().parent.parent
    places = [repo.parent / "shared" / "seed"]
    if os.environ.get("LLM_ATLAS_SEED_DIR"):
        places.append(Path(os.environ["LLM_ATLAS_SEED_DIR"]))
    places.append(Path("/work/shared/seed"))
    for place in places:
        if all((place / name).is_file() for name in SEED_FILES):
            return place, places
    return None, places


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    """The llm-action seed files (beside the clone in CI); fail, never skip, when missing."""
    found, places = find_seed_dir()
    if found is None:
        pytest.fail(
            "seed folder not found: looked for "
            + ", ".join(SEED_FILES)
            + " in "
            + ", ".join(str(p) for p in places)
            + " (put shared/seed beside the clone or set LLM_ATLAS_SEED_DIR)",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session", autouse=True)
def private_user_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the per-user cache of the tests (and of the commands they run) out of ~/.cache."""
    os.environ["LLM_ATLAS_CACHE_DIR"] = str(tmp_path_factory.mktemp("llm-atlas-cache"))


# --- site (render/build) fixtures ---------------------------------------------------------------
@pytest.fixture(scope="session")
def site_basic(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The small site-basic catalog built with the repository's mkdocs.yml and templates."""
    from site_helpers import BASIC_CATALOG, build_catalog

    return build_catalog(BASIC_CATALOG, tmp_path_factory.mktemp("site-basic"))


@pytest.fixture(scope="session")
def site_injection(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A catalog with script/HTML/Markdown payloads in every string field, built."""
    from site_helpers import build_catalog, write_injection_catalog

    work = tmp_path_factory.mktemp("site-injection")
    write_injection_catalog(work / "catalog")
    return build_catalog(work / "catalog", work)


# --- the reader's side of the shipped catalog (#22): tests/test_reader_*.py ----------------------
@pytest.fixture(scope="session")
def site_shipped(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The shipped catalog (hundreds of entries), built with the repository's settings."""
    from site_helpers import REPO, build_catalog

    return build_catalog(REPO / "catalog", tmp_path_factory.mktemp("site-shipped"))


@pytest.fixture(scope="module")
def chromium():  # type: ignore[no-untyped-def]
    """Debian's chromium with bench/chromium.py's flags, one per test module (Playwright's sync
    API runs one at a time: test_browser.py starts its own)."""
    from chromium import ARGS, CHROMIUM
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def reader(chromium, site_shipped):  # type: ignore[no-untyped-def]
    """A page on the shipped site (test_browser.Visit) that also records every request's URL."""
    from site_helpers import serve_dir
    from test_browser import Visit

    with serve_dir(site_shipped.site_dir) as base:
        visit = Visit(chromium, base)
        visit.requests = []  # type: ignore[attr-defined]
        visit.page.on("request", lambda r: visit.requests.append(r.url))  # type: ignore[attr-defined]
        yield visit
        visit.context.close()
