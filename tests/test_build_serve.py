"""Tests of serve.py: the rebuild the live preview runs after each save is the build's own
(no timing: see bench/bench_serve.py), it outlives bad edits, and the port is checked first."""

from __future__ import annotations

import json
import shutil
import socket
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from site_helpers import BASIC_CATALOG, REPO

from llm_atlas.build.pipeline import command_hint
from llm_atlas.build.serve import (
    NO_BUILD_PAGE,
    Preview,
    catch_up,
    check_project,
    watch_inputs,
)
from llm_atlas.cli import main
from llm_atlas.problems import AtlasError


def make_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(BASIC_CATALOG, project / "catalog")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "templates", project / "templates")
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def search_locations(site: Path, needle: str) -> set[str]:
    data = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return {d["location"] for d in data["docs"] if needle in d["title"] + d["text"]}


def preview(project: Path, work: Path, catalog: str = "catalog") -> Preview:
    return Preview(project / catalog, project, "mkdocs.yml", work)


def test_rebuild_updates_pages_after_each_edit(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    work = tmp_path / "work"
    again = preview(project, work).rebuild

    assert again().startswith("rebuilt all pages of 10 entries")
    edit(project / "catalog/entries.yaml", "Yelong Shen", "Phillip Wallis")
    assert again().startswith("rebuilt 1 entry page of 10 entries")
    found = search_locations(work / "site", "Phillip")
    assert "entries/lora-paper/" in found
    assert all(f.startswith("entries/lora-paper/") for f in found)
    edit(project / "catalog/entries.yaml", "生产级 LLM 推理引擎。", "生产级推理引擎。")
    assert again().startswith("rebuilt 1 entry page and 2 other pages of 10 entries")
    topic = (work / "site/topics/quantization/index.html").read_text(encoding="utf-8")
    assert "生产级推理引擎。" in topic
    assert again() == "nothing changed"


def test_rebuild_outlives_a_template_error_and_says_when_the_preview_is_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    work = tmp_path / "work"
    again = preview(project, work).rebuild
    assert again() != "failed"
    good = (work / "site/index.html").read_bytes()
    toc = project / "templates/entry-toc.html.j2"
    text = toc.read_text(encoding="utf-8")
    toc.write_text(text + "{% if %}", encoding="utf-8")
    assert again() == "failed"
    out = capsys.readouterr()
    assert "template error" in out.err
    assert "the preview keeps the last good build; fix the problem and save" in out.out
    assert (work / "site/index.html").read_bytes() == good  # the last good build stays
    edit(project / "catalog/entries.yaml", "id: vllm\n", "id: vllm\n  oops: [\n")
    toc.write_text(text, encoding="utf-8")
    assert again() == "failed"
    edit(project / "catalog/entries.yaml", "  oops: [\n", "")
    # Back to the inputs of the last good build: the site is that build, and it says so.
    assert again() == "preview up to date"
    assert (work / "site/index.html").read_bytes() == good
    assert again() == "nothing changed"
    edit(project / "catalog/entries.yaml", "Yelong Shen", "Y. Shen")
    toc.write_text(text + "{% if %}", encoding="utf-8")
    assert again() == "failed"
    toc.write_text(text, encoding="utf-8")
    assert again().endswith("; preview up to date")


def test_a_first_build_that_fails_never_claims_a_last_good_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    edit(project / "catalog/entries.yaml", "id: vllm\n", "id: vllm\n  oops: [\n")
    shown = preview(project, tmp_path / "work")
    assert shown.rebuild() == "failed"
    out = capsys.readouterr()
    assert "last good build" not in out.out + out.err
    assert "nothing to preview yet; fix the problem and save" in out.err
    assert shown.error_page(404) == NO_BUILD_PAGE
    # Still watched: the catalog, the config and the templates the failed build read.
    assert {project / "catalog", project / "mkdocs.yml", project / "templates"} <= set(shown.inputs)
    edit(project / "catalog/entries.yaml", "  oops: [\n", "")
    assert shown.rebuild().startswith("rebuilt all pages")
    assert shown.error_page(404) is None


@pytest.mark.parametrize(
    ("catalog", "config", "site_name", "hint"),
    [
        ("catalog", "mkdocs.yml", None, "llm-atlas build"),
        ("draft", "mkdocs.yml", None, "llm-atlas build --catalog draft"),
        (
            "catalog",
            "site/my.yml",
            "Atlas X",
            "llm-atlas build --config site/my.yml --site-name 'Atlas X'",
        ),
    ],
)
def test_hints_carry_the_flags_that_were_used(
    catalog: str, config: str, site_name: str | None, hint: str
) -> None:
    assert command_hint("build", Path(catalog), Path(config), site_name) == hint


def test_an_unexpected_failure_points_at_build_with_the_same_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from llm_atlas.build import serve

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(serve, "build_site", broken)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "draft").mkdir()
    shown = Preview(Path("draft"), Path("."), "mkdocs.yml", tmp_path / "work")
    assert shown.rebuild() == "failed"
    assert "run `llm-atlas build --catalog draft` to see the whole error" in capsys.readouterr().err


def test_the_build_report_names_serve_with_the_builds_flags(tmp_path: Path) -> None:
    from llm_atlas.build.pipeline import build_site, format_report

    project = make_project(tmp_path)
    (project / "catalog").rename(project / "draft")
    report = build_site(project / "draft", project, tmp_path / "site", render_dir=tmp_path / "r")
    shown = format_report(report).splitlines()[-1]
    assert shown.startswith(
        f"to look at it: llm-atlas serve --catalog {project / 'draft'} --config"
    )


def test_watched_paths_are_the_manifests(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "data").mkdir()
    (project / "hooks.py").write_text("")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks: [hooks.py]\n", encoding="utf-8")
    shown = preview(project, tmp_path / "work")
    assert shown.rebuild().startswith("rebuilt all pages")

    class Server:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

        def unwatch(self, path: str) -> None:
            self.watched.remove(path)

    server, watched = Server(), set()
    watch_inputs(server, shown, watched)
    for path in ("catalog", "mkdocs.yml", "docs", "data", "templates", "hooks.py"):
        assert str(project / path) in server.watched
    (project / "data").rmdir()
    watch_inputs(server, shown, watched)
    assert str(project / "data") not in server.watched


def test_an_edit_made_while_serve_starts_is_built_once_the_watcher_looks(tmp_path: Path) -> None:
    """The watcher takes its first look inside `server.serve`, after the first build: an edit
    in between shows no change to it, so serve builds again once it looks."""
    project = make_project(tmp_path)
    shown = preview(project, tmp_path / "work")
    assert shown.rebuild().startswith("rebuilt all pages")
    edit(project / "catalog/entries.yaml", "Yelong Shen", "Phillip Wallis")
    looks = iter([False, False, True])
    done: list[str] = []

    class Observer:
        def is_alive(self) -> bool:
            alive = next(looks)
            assert done == []  # nothing is built before the watcher looked
            return alive

    catch_up(Observer(), lambda: done.append(shown.rebuild(quiet=True)), threading.Event())
    assert len(done) == 1 and done[0].startswith("rebuilt 1 entry page ")
    stopped = threading.Event()
    stopped.set()
    catch_up(SimpleNamespace(is_alive=lambda: False), lambda: done.append("x"), stopped)
    assert len(done) == 1  # stopped before the watcher looked: no build


def test_serve_without_a_catalog_exits_like_mkdocs_without_a_config(tmp_path: Path) -> None:
    with pytest.raises(AtlasError, match="catalog folder .*nope' does not exist") as caught:
        check_project(tmp_path / "nope", tmp_path, "mkdocs.yml")
    assert caught.value.exit_code == 2
    result = CliRunner().invoke(main, ["serve", "--catalog", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_serve_warns_without_site_url(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    warning = check_project(project / "catalog", project, "mkdocs.yml")  # site_url: !ENV unset
    assert warning is not None
    assert all(word in warning for word in ("feed", "sitemap", "canonical", "site_url"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "site_url: https://x.org/\n")
    assert check_project(project / "catalog", project, "mkdocs.yml") is None


def test_serve_refuses_a_port_in_use_before_building(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            main, ["serve", "--catalog", str(BASIC_CATALOG), "--port", str(port)]
        )
    assert result.exit_code == 2
    assert f"port {port} on 127.0.0.1 is in use" in result.output
    assert f"--port {port + 1}" in result.output
    assert "Traceback" not in result.output


def fetch(url: str, want: str, deadline: float) -> None:
    import time
    import urllib.error
    import urllib.request

    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url) as answer:
                if want in answer.read().decode("utf-8"):
                    return
        except (ConnectionError, urllib.error.URLError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} never showed {want!r}")


def test_serve_serves_the_site_and_cleans_up_on_sigterm(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    project = make_project(tmp_path)
    temp = tmp_path / "temp"
    temp.mkdir()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "llm_atlas", "serve", "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp)}
    server = subprocess.Popen(
        command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        assert server.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any("serving" in line for line in lines):
            lines.append(server.stdout.readline())
        assert f"serving the preview at http://127.0.0.1:{port}/ (Ctrl+C to stop)\n" in lines
        fetch(f"http://127.0.0.1:{port}/entries/vllm/", "vLLM", time.monotonic() + 60)
        assert any(p.name.startswith("llm-atlas-serve-") for p in temp.iterdir())
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 128 + signal.SIGTERM
        assert list(temp.iterdir()) == []
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
