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
