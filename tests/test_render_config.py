"""Tests of render/config.py's site_url warning: what a site without one lacks, and, when
site_url comes from an unset environment variable, which variable to set."""

from __future__ import annotations

from pathlib import Path

import pytest

from llm_atlas.render.config import load_site_config, site_url_warning


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("site_url: https://atlas.example.org/\n", None),
        ("", "no site_url in mkdocs.yml: feed.xml"),
        ("site_url: !ENV ATLAS_URL\n", "site_url in mkdocs.yml comes from $ATLAS_URL, which"),
        ("site_url: !ENV [MY_URL, OTHER_URL, '']\n", "comes from $MY_URL, which is not set"),
        ("site_url: !ENV [UNSET_URL, 'https://fallback.example.org/']\n", None),
    ],
)
def test_the_site_url_warning_says_what_to_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, line: str, says: str | None
) -> None:
    for name in ("ATLAS_URL", "MY_URL", "OTHER_URL", "UNSET_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    config = Path("mkdocs.yml")
    config.write_text(f"site_name: t\n{line}", encoding="utf-8")
    warning = site_url_warning(load_site_config(config), config)
    if says is None:
        assert warning is None
    else:
        assert warning is not None and says in warning
        assert "https://you.github.io/repo/" in warning
