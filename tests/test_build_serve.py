"""Tests of serve.py: the rebuild the live preview runs after each save is the build's own
(no timing: see bench/bench_serve.py), it outlives bad edits, and the port is checked first."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from site_helpers import BASIC_CATALOG, REPO

from llm_atlas.build.serve import rebuild, watched_paths
from llm_atlas.cli import main


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


def test_rebuild_updates_pages_after_each_edit(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    work = tmp_path / "work"

    def again() -> str:
        return rebuild(project / "catalog", project, "mkdocs.yml", work)

    assert again().startswith("rebuilt all pages of 10 entries")
    edit(project / "catalog/entries.yaml", "Yelong Shen", "Phillip Wallis")
    assert again().startswith("rebuilt 1 entry pages of 10 entries")
    found = search_locations(work / "site", "Phillip")
    assert "entries/lora-paper/" in found
    assert all(f.startswith("entries/lora-paper/") for f in found)
    edit(project / "catalog/entries.yaml", "生产级 LLM 推理引擎。", "生产级推理引擎。")
    assert again().startswith("rebuilt all pages")
    topic = (work / "site/topics/quantization/index.html").read_text(encoding="utf-8")
    assert "生产级推理引擎。" in topic
    assert again() == "nothing changed"


def test_rebuild_outlives_a_template_error_and_recovers_when_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    work = tmp_path / "work"
    assert rebuild(project / "catalog", project, "mkdocs.yml", work) != "failed"
    good = (work / "site/index.html").read_bytes()
    toc = project / "templates/entry-toc.html.j2"
    text = toc.read_text(encoding="utf-8")
    toc.write_text(text + "{% if %}", encoding="utf-8")
    assert rebuild(project / "catalog", project, "mkdocs.yml", work) == "failed"
    assert "template error" in capsys.readouterr().err
    assert (work / "site/index.html").read_bytes() == good  # the last good build stays
    edit(project / "catalog/entries.yaml", "id: vllm\n", "id: vllm\n  oops: [\n")
    toc.write_text(text, encoding="utf-8")
    assert rebuild(project / "catalog", project, "mkdocs.yml", work) == "failed"
    edit(project / "catalog/entries.yaml", "  oops: [\n", "")
    # Back to the inputs of the last good build: the site is that build.
    assert rebuild(project / "catalog", project, "mkdocs.yml", work) == "nothing changed"
    assert (work / "site/index.html").read_bytes() == good
    edit(project / "catalog/entries.yaml", "Yelong Shen", "Y. Shen")
    assert rebuild(project / "catalog", project, "mkdocs.yml", work).startswith("rebuilt 1 entry")


def test_watched_paths_cover_catalog_config_docs_data_and_templates(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "data").mkdir()
    watched = watched_paths(project / "catalog", project, "mkdocs.yml")
    for path in ("catalog", "mkdocs.yml", "docs", "data", "templates"):
        assert project / path in watched


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


def test_serve_says_where_it_serves_and_serves_the_site(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    project = make_project(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "llm_atlas", "serve", "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
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
        for _ in range(100):  # the socket is bound right after the line is printed
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/entries/vllm/") as answer:
                    assert "vLLM" in answer.read().decode("utf-8")
                    break
            except ConnectionRefusedError:
                time.sleep(0.1)
            except urllib.error.URLError as exc:
                if not isinstance(exc.reason, ConnectionRefusedError):
                    raise
                time.sleep(0.1)
        else:
            raise AssertionError("the preview never answered")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stdout is not None:
            server.stdout.close()
