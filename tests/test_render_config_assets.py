"""llm-atlas' own stylesheets and scripts in the derived config (render/config_assets.py)."""

from __future__ import annotations

from typing import Any

import pytest
from site_helpers import BASIC_CATALOG

from llm_atlas.problems import AtlasError
from llm_atlas.render.config import derive_config
from llm_atlas.render.config_assets import OWN_ASSETS, with_own_assets
from llm_atlas.validate import load_catalog

OWN = ("a.js", "b.js", "c.js")


@pytest.mark.parametrize(
    ("listed", "expected"),
    [
        (None, ["a.js", "b.js", "c.js"]),
        ([], ["a.js", "b.js", "c.js"]),
        (["x.js", "y.js"], ["a.js", "b.js", "c.js", "x.js", "y.js"]),
        # Listed by the project: once, where it put them; the others around them in order.
        (["a.js", "b.js", "c.js", "x.js"], ["a.js", "b.js", "c.js", "x.js"]),
        (["x.js", "a.js", "b.js", "c.js"], ["x.js", "a.js", "b.js", "c.js"]),
        (["x.js", "b.js"], ["a.js", "x.js", "b.js", "c.js"]),
        (["x.js", "b.js", "y.js"], ["a.js", "x.js", "b.js", "c.js", "y.js"]),
        (["./a.js", "x.js"], ["./a.js", "b.js", "c.js", "x.js"]),
        (
            [{"path": "b.js", "defer": True}, "x.js"],
            ["a.js", {"path": "b.js", "defer": True}, "c.js", "x.js"],
        ),
    ],
)
def test_own_assets_come_first_and_once(listed: object, expected: list[Any]) -> None:
    assert with_own_assets("extra_javascript", listed, OWN) == expected


def test_a_list_that_is_not_a_list_is_refused() -> None:
    with pytest.raises(AtlasError, match="'extra_css' must be a list of paths"):
        with_own_assets("extra_css", "x.css", OWN)


@pytest.mark.parametrize(
    ("config", "css", "js"),
    [
        # A project made by `llm-atlas init` lists none of them.
        (
            {},
            list(OWN_ASSETS["extra_css"]),
            list(OWN_ASSETS["extra_javascript"]),
        ),
        (
            {"extra_css": ["mine.css"], "extra_javascript": ["mine.js"]},
            [*OWN_ASSETS["extra_css"], "mine.css"],
            [*OWN_ASSETS["extra_javascript"], "mine.js"],
        ),
        # A project that lists the first four itself (as the shipped mkdocs.yml did).
        (
            {
                "extra_css": ["assets/stylesheets/atlas.css", "assets/stylesheets/reader.css"],
                "extra_javascript": [
                    "assets/javascripts/normalise.js",
                    "assets/javascripts/search-rank.js",
                    "mine.js",
                ],
            },
            list(OWN_ASSETS["extra_css"]),
            [*OWN_ASSETS["extra_javascript"], "mine.js"],
        ),
    ],
)
def test_the_derived_config_lists_them_whatever_the_project_lists(
    config: dict[str, Any], css: list[str], js: list[str]
) -> None:
    derived = derive_config(config, load_catalog(BASIC_CATALOG))
    assert (derived["extra_css"], derived["extra_javascript"]) == (css, js)
