"""Tests of llm_atlas.naming's arXiv parser, the one edit/, importer/ and refresh/ share: every
written form of an id gives that id, and nothing it returns breaks the catalog's arxiv rule."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from llm_atlas.models import ARXIV_PATTERN
from llm_atlas.naming import arxiv_id, arxiv_version

# The catalog's rule read as meant: ASCII digits and letters (Python's \d takes any script's).
_CATALOG_ID = re.compile(ARXIV_PATTERN, re.ASCII)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2106.09685", ("2106.09685", None)),
        ("arXiv:2106.09685V2", ("2106.09685", "v2")),
        ("https://arxiv.org/abs/2106.09685v3?context=cs#S2", ("2106.09685", "v3")),
        ("https://arxiv.org/pdf/2106.09685v3.pdf", ("2106.09685", "v3")),
        ("https://arxiv.org/format/2106.09685", ("2106.09685", None)),
        ("https://ar5iv.labs.arxiv.org/html/2106.09685", ("2106.09685", None)),
        ("http://arxiv.org/abs/hep-th/9901001v1", ("hep-th/9901001", "v1")),
        ("https://arxiv.org/abs/MATH.gt/0309136", ("math.GT/0309136", None)),
        ("10.48550/arXiv.2106.09685", ("2106.09685", None)),
        ("doi:10.48550/arxiv.hep-th/9901001", ("hep-th/9901001", None)),
        ("https://doi.org/10.48550/arXiv.2106.09685", ("2106.09685", None)),
        ("https://dx.doi.org/10.48550%2FarXiv.2106.09685", ("2106.09685", None)),
        ("https://www.doi.org/10.48550/arXiv.2106.09685v2/", ("2106.09685", "v2")),
    ],
)
def test_arxiv_version(text: str, found: tuple[str, str | None]) -> None:
    assert arxiv_version(text) == found
    assert arxiv_id(text) == found[0]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2106",
        "2106.096855",
        "see 2106.09685",  # a parser of whole forms: finding an id in prose is importer.tags'
        "https://notarxiv.org/abs/2106.09685",
        "https://example.com/arxiv.org/abs/2106.09685",
        "https://arxiv.org@example.com/abs/2106.09685",
        "ftp://arxiv.org/abs/2106.09685",
        "https://arxiv.org/list/cs/2106.09685",
        "https://arxiv.org/api/errors#incorrect_id_format_for_1",  # arXiv's error entries
        "https://doi.org/10.1145/3600006.3613165",
        "https://dl.acm.org/doi/10.48550/arXiv.2106.09685",  # a page of the DOI, not the DOI
        "https://example.com/10.48550/arxiv.2106.09685",
        "https://doi.org/10.48550/arXiv.2106.09685//",
        "http://[::1/abs/2106.09685",
        "\u0662106.09685",  # Arabic-Indic digits
        "\u017fe/9901001",  # 'ſ' matches [a-z] case-blind, and stays 'ſ' when lowered
        "hep-th/9901001\u212a",
    ],
)
def test_not_an_arxiv_id(text: str) -> None:
    assert arxiv_version(text) is None


canonical_ids = st.from_regex(re.compile(ARXIV_PATTERN, re.ASCII), fullmatch=True)
versions = st.one_of(st.none(), st.integers(1, 40).map("v{}".format))
FORMS = (
    "{id}{v}",
    "arXiv:{id}{v}",
    "https://arxiv.org/abs/{id}{v}",
    "http://export.arxiv.org/abs/{id}{v}",
    "https://arxiv.org/pdf/{id}{v}",
    "https://arxiv.org/pdf/{id}{v}.pdf",
    "https://www.arxiv.org/html/{id}{v}/",
    "https://arxiv.org/abs/{id}{v}?context=cs#section",
    "10.48550/arXiv.{id}{v}",
    "https://doi.org/10.48550/arXiv.{id}{v}",
    "https://www.doi.org/10.48550/arXiv.{id}{v}/",
)


@settings(max_examples=300, deadline=None)
@given(
    paper=canonical_ids,
    version=versions,
    form=st.sampled_from(FORMS),
    shout=st.booleans(),
    pad=st.sampled_from(["", " ", "\n", " \t"]),
)
def test_every_form_of_an_id_gives_that_id(
    paper: str, version: str | None, form: str, shout: bool, pad: str
) -> None:
    text = form.format(id=paper, v=version or "")
    text = pad + (text.upper() if shout else text) + pad
    assert arxiv_version(text) == (paper, version)
    assert arxiv_id(text) == paper


_NEAR = st.text(alphabet="0123456789.-/:vVaxXhepthGTms\u017f\u212a\u0131\u0662 %", max_size=24)
# Ids with look-alikes: other scripts' digits, letters a case-blind match folds to ASCII ones.
_LOOKALIKE = "\u017f\u212a\u0131\u0130"
_DIGIT = "[0-9\u0662\u0663\uff11]"
lookalike_ids = st.one_of(
    st.from_regex(rf"{_DIGIT}{{4}}\.{_DIGIT}{{4,5}}", fullmatch=True),
    st.from_regex(
        rf"[a-z{_LOOKALIKE}-]{{1,8}}(\.[A-Za-z{_LOOKALIKE}]{{2}})?/{_DIGIT}{{7}}", fullmatch=True
    ),
)
_PREFIXES = st.sampled_from(
    ["", "arXiv:", "https://arxiv.org/abs/", "https://arxiv.org/pdf/", "10.48550/arXiv.",
     "https://doi.org/10.48550/arXiv.", "https://arxiv.org/abs/hep-th/", "HTTP://ARXIV.ORG/ABS/"]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=60),
        st.builds("{}{}".format, _PREFIXES, _NEAR),
        st.builds("{}{}{}".format, _PREFIXES, canonical_ids, _NEAR),
        st.builds("{}{}{}".format, _PREFIXES, lookalike_ids, st.sampled_from(["", "v2", ".pdf"])),
    )
)
def test_what_it_returns_passes_the_catalog_rule(text: str) -> None:
    found = arxiv_version(text)
    if found is not None:
        paper, version = found
        assert _CATALOG_ID.fullmatch(paper), paper
        assert version is None or re.fullmatch("v[0-9]+", version)
        assert arxiv_id(text) == paper
