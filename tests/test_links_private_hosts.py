"""`llm-atlas validate` warns about catalog URLs on non-public hosts (rules.check_url_hosts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from links_fixture import write_catalog

from llm_atlas.cli import main


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://169.254.169.254/latest/meta-data/", "a link-local address"),
        ("http://localhost:8080/admin", "a name for a local or internal host"),
        ("http://10.0.0.7/", "a private address"),
        ("http://[::1]/", "a loopback address"),
        ("https://example.com/ok", None),
    ],
)
def test_validate_warns_about_private_hosts(tmp_path: Path, url: str, why: str | None) -> None:
    root = write_catalog(tmp_path / "cat", [url])
    result = CliRunner().invoke(main, ["validate", "--catalog", str(root)])
    assert result.exit_code == 0  # a warning, not an error
    lines = [line for line in result.output.splitlines() if "warning" in line]
    if why is None:
        assert lines == []
        return
    assert lines == [
        f"{root / 'links.yaml'}:6:8: warning: link-0: url: the host of {url} is {why}"
        + lines[0].split(why, 1)[1]
    ]
    assert "check-links skips it unless --allow-private" in lines[0]
