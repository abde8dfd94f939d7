"""The policy on missing anchors: they fail a run by default, and the PR summary says so."""

from __future__ import annotations

from click.testing import CliRunner

from llm_atlas.cli import main
from llm_atlas.links.check import LinkReport
from llm_atlas.links.policy import DEFAULT_FAIL_ON
from llm_atlas.links.report import format_markdown
from llm_atlas.links.results import LinkResult
from llm_atlas.links.run import RunOptions, parse_fail_on


def test_missing_anchor_fails_by_default() -> None:
    assert parse_fail_on(DEFAULT_FAIL_ON) == frozenset({"broken", "missing-anchor"})
    assert RunOptions(catalog=__import__("pathlib").Path("catalog")).fail_on == DEFAULT_FAIL_ON


def test_cli_default_is_the_policy() -> None:
    result = CliRunner().invoke(main, ["check-links", "--help"], terminal_width=200)
    assert result.exit_code == 0
    assert "[default: broken,missing-anchor]" in result.output


def test_the_pr_summary_states_what_fails() -> None:
    report = LinkReport([LinkResult("https://x.org/#gone", "missing-anchor", "no #gone")], 1, 0.1)
    text = format_markdown(report, {"https://x.org/#gone"}, parse_fail_on(DEFAULT_FAIL_ON))
    assert "Fails the check: broken, missing-anchor (`--fail-on`)" in text
    assert "other statuses are warnings" in text
