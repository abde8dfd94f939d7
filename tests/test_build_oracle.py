"""The build oracle: change one input, build incrementally, build clean (fresh render folder and
fresh per-user cache), and the two sites must be byte-equal (the build marker aside).

A new input or cache costs one row of `EDITS`. Each row also names the decision the incremental
build must take (None: either is right), so a cache that reuses too much fails here.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from site_helpers import BASIC_CATALOG, REPO
from test_facts import DEAD_LINK, write

from llm_atlas.build import inputs as manifest
from llm_atlas.build.pipeline import BuildReport, build_site
from llm_atlas.build.site_folder import MARKER
from llm_atlas.build.state import Decision

# Material's search hands jieba the user dictionary's path, and jieba never closes that file.
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")

SHIPPED_TEMPLATES = sorted(
    p.relative_to(REPO / "templates").as_posix()
    for p in (REPO / "templates").rglob("*")
    if p.is_file()
)


@dataclass
class Project:
    root: Path
    site: Path
    render: Path
    cache: Path

    def build(self, **kwargs: bool) -> BuildReport:
        os.environ["LLM_ATLAS_CACHE_DIR"] = str(self.cache)
        return build_site(
            self.root / "catalog", self.root, self.site, render_dir=self.render, **kwargs
        )


HOOK = """def on_post_page(output, page, config):
    return output.replace("</body>", "<!-- hook v1 --></body>")
"""


def make_project(root: Path) -> None:
    """A project with its own copy of every input kind: catalog, templates, theme override,
    docs (with files MkDocs' exclude_docs and draft_docs keep out), an !ENV site_url, a jieba
    user dictionary, an inherited config file and a snippet, each found from the project (the
    build runs MkDocs on a config in another folder), and a hook (`with_hook` turns it on)."""
    shutil.copytree(BASIC_CATALOG, root / "catalog")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("screenshots"))
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "overrides" / "partials").mkdir(parents=True)
    (root / "overrides" / "partials" / "copyright.html").write_text("<p>© atlas</p>\n")
    (root / "dict.txt").write_text("大模型 10 n\n", encoding="utf-8")
    (root / "hooks.py").write_text(HOOK)
    (root / "base.yml").write_text("site_author: base v1\n", encoding="utf-8")
    (root / "snippets").mkdir()
    (root / "snippets" / "note.md").write_text("片段 v1\n", encoding="utf-8")
    append(root / "docs" / "about.md", '\n--8<-- "note.md"\n')
    for folder in ("private", "drafts"):
        (root / "docs" / folder).mkdir()
        (root / "docs" / folder / "kept-out.txt").write_text("not published\n")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    edits = {
        "site_url: !ENV ATLAS_URL": 'site_url: !ENV [ATLAS_URL, "https://example.org/atlas/"]',
        "  font: false\n": "  font: false\n  custom_dir: overrides\n",
        "      pipeline: []\n": "      pipeline: []\n      jieba_dict_user: dict.txt\n",
        "  - pymdownx.superfences\n": "  - pymdownx.superfences\n  - pymdownx.snippets:\n"
        "      base_path: [snippets]\n      check_paths: true\n",
    }
    for old, new in edits.items():
        assert old in config, old
        config = config.replace(old, new)
    config += "INHERIT: base.yml\nexclude_docs: private/\ndraft_docs: drafts/\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    work = tmp_path_factory.mktemp("oracle-base")
    project = Project(work / "project", work / "site", work / "render", work / "cache")
    make_project(project.root)
    os.environ.pop("ATLAS_URL", None)
    # No warning: Material found the search dictionary although the working folder is not the
    # project's.
    assert project.build().warnings == []
    return project


def copy_project(base: Project, work: Path) -> Project:
    out = Project(work / "project", work / "site", work / "render", work / "cache")
    for source, target in zip(
        (base.root, base.site, base.render, base.cache),
        (out.root, out.site, out.render, out.cache),
        strict=True,
    ):
        shutil.copytree(source, target, symlinks=True)
    return out


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


Edit = Callable[[Path, pytest.MonkeyPatch], None]
ENTRIES = "catalog/entries.yaml"


def take_entry(root: Path, entry_id: str) -> str:
    """Remove entry ENTRY_ID from the entries file; return its YAML."""
    entries = root / ENTRIES
    blocks = entries.read_text(encoding="utf-8").split("\n- id: ")
    found = [b for b in blocks if b.removeprefix("- id: ").startswith(f"{entry_id}\n")]
    assert len(found) == 1, entry_id
    kept = [b for b in blocks if b is not found[0]]
    text = "\n- id: ".join(kept)
    entries.write_text(text if text.startswith("- id: ") else "- id: " + text, encoding="utf-8")
    return "- id: " + found[0].removeprefix("- id: ").rstrip("\n") + "\n"


def with_hook(root: Path, _mp: pytest.MonkeyPatch) -> None:
    append(root / "mkdocs.yml", "hooks: [hooks.py]\n")


def move_entry(root: Path, _mp: pytest.MonkeyPatch) -> None:
    (root / "catalog" / "moved.yaml").write_text(take_entry(root, "ceval"), encoding="utf-8")


def write_data(root: Path, _mp: pytest.MonkeyPatch) -> None:
    """Give the project a data folder: one dead link, as `llm-atlas refresh` records it."""
    for kind, items in {
        "links": {"https://example.com/quant-overview": DEAD_LINK},
        "repos": {},
        "papers": {},
        "archive": {},
    }.items():
        write(root / "data", kind, items)


EDITS: dict[str, tuple[Edit, Decision | None]] = {
    "data folder": (write_data, Decision.FULL),
    "entry field on its page only": (
        lambda r, _: replace(r / ENTRIES, "Yelong Shen", "Phillip Wallis"),
        Decision.DIRTY,
    ),
    "entry description on list pages": (
        lambda r, _: replace(r / ENTRIES, "生产级 LLM 推理引擎。", "生产级推理引擎。"),
        Decision.PAGES,
    ),
    "entry title": (
        lambda r, _: replace(r / ENTRIES, "title: 大模型量化技术原理-总结", "title: 量化总结"),
        Decision.PAGES,
    ),
    # Shown on other entries' pages too: the series list of each member, the tags page.
    "series part": (lambda r, _: replace(r / ENTRIES, "part: 5", "part: 4"), Decision.PAGES),
    "entry tags": (
        lambda r, _: replace(r / ENTRIES, "tags: [LoRA, PEFT]", "tags: [LoRA, PEFT, 适配器]"),
        Decision.PAGES,
    ),
    "new entry": (
        lambda r, _: append(
            r / ENTRIES,
            "- id: new-one\n  kind: tool\n  title: 新工具\n  url: https://example.org/new\n"
            "  topics: [quantization]\n  added: 2024-03-01\n",
        ),
        Decision.FULL,
    ),
    "deleted entry": (lambda r, _: take_entry(r, "alpaca-data") and None, Decision.FULL),
    "moved entry": (move_entry, None),  # the catalog order changes: list pages may too
    # The navigation: every page shows it, so every page is made again.
    "topic title": (
        lambda r, _: replace(r / "catalog/topics.yaml", "LLM量化", "大模型量化"),
        Decision.FULL,
    ),
    "theme override": (
        lambda r, _: replace(r / "overrides/partials/copyright.html", "atlas", "the atlas"),
        Decision.FULL,
    ),
    "docs page": (lambda r, _: append(r / "docs/about.md", "\n另起一段。\n"), Decision.PAGES),
    # A new file: the set of files MkDocs builds and copies (every page lists the pages).
    "new docs page": (
        lambda r, _: (r / "docs/notes.md").write_text("# 笔记\n\n新页。\n", encoding="utf-8"),
        Decision.FULL,
    ),
    "new docs asset": (
        lambda r, _: (r / "docs/assets/extra.css").write_text(".y { color: blue }\n"),
        Decision.FULL,
    ),
    "docs asset": (  # copied as it is, as the exports are: no page changes
        lambda r, _: append(r / "docs/assets/stylesheets/atlas.css", "\n.x { color: red }\n"),
        Decision.DIRTY,
    ),
    "mkdocs.yml key": (
        lambda r, _: replace(r / "mkdocs.yml", "site_description: ", "site_description: 新："),
        Decision.FULL,
    ),
    "!ENV value": (
        lambda r, mp: mp.setenv("ATLAS_URL", "https://atlas.example.com/"),
        Decision.FULL,
    ),
    "search dictionary": (lambda r, _: append(r / "dict.txt", "技术原理 9 n\n"), Decision.FULL),
    "package versions": (
        lambda r, mp: mp.setattr(
            manifest, "package_versions", lambda plugins=(): {"mkdocs-material": "9.9.9"}
        ),
        Decision.FULL,
    ),
    "package code": (
        lambda r, mp: mp.setattr(manifest, "code_digest", lambda: "other code"),
        Decision.FULL,
    ),
    "nothing": (lambda r, _: None, Decision.REUSE),
    "hook": (with_hook, Decision.FULL),
    "hook edited": (
        lambda r, _: replace(r / "hooks.py", "hook v1", "hook v2"),
        None,  # no hook in the config: the file is no input
    ),
    "inherited config": (lambda r, _: replace(r / "base.yml", "base v1", "base v2"), Decision.FULL),
    "snippet": (lambda r, _: replace(r / "snippets/note.md", "v1", "v2"), Decision.FULL),
    "excluded docs file": (
        lambda r, _: append(r / "docs/private/kept-out.txt", "more\n"),
        None,  # not published: a full build would give the same site
    ),
    # The site folder as the last build left it, damaged by hand: a rebuild, never "nothing".
    "site: truncated search index": (
        lambda r, _: (r.parent / "site/search/search_index.json").write_text('{"docs": ['),
        Decision.FULL,
    ),
    "site: page removed": (
        lambda r, _: (r.parent / "site/topics/quantization/index.html").unlink(),
        Decision.FULL,
    ),
    "site: entry page edited": (
        lambda r, _: append(r.parent / "site/entries/vllm/index.html", "<!-- by hand -->"),
        Decision.FULL,
    ),
}
for name in SHIPPED_TEMPLATES:
    mark = "<!-- edited -->" if name.endswith(("html.j2", ".html", "xml.j2")) else "\nedited\n"
    EDITS[f"template {name}"] = (
        lambda r, _, name=name, mark=mark: append(r / "templates" / name, mark),
        Decision.FULL,
    )


def test_the_project_inputs_reach_the_site(built: Project) -> None:
    """The hook, the inherited config and the snippet were found from the project; the files
    exclude_docs and draft_docs name were not published."""
    about = (built.site / "about/index.html").read_text(encoding="utf-8")
    assert "base v1" in about and "片段 v1" in about
    assert not (built.site / "private").exists() and not (built.site / "drafts").exists()


def test_a_hook_is_found_from_the_project_and_its_edits_rebuild(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(built, tmp_path)
    with_hook(project.root, monkeypatch)
    assert project.build().decision is Decision.FULL
    about = project.site / "about/index.html"
    assert "<!-- hook v1 -->" in about.read_text(encoding="utf-8")
    replace(project.root / "hooks.py", "hook v1", "hook v2")
    assert project.build().decision is Decision.FULL
    assert "<!-- hook v2 -->" in about.read_text(encoding="utf-8")
    # With a hook, a list page edit is a full build: a hook may read every page.
    EDITS["entry description on list pages"][0](project.root, monkeypatch)
    assert project.build().decision is Decision.FULL
    assert_clean_equal(project, tmp_path)


def test_an_entry_only_build_publishes_no_excluded_docs_file(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(built, tmp_path)
    EDITS["entry field on its page only"][0](project.root, monkeypatch)
    assert project.build().decision is Decision.DIRTY
    assert not (project.site / "private").exists() and not (project.site / "drafts").exists()


def without_toc(page: str) -> str:
    """PAGE without its table of contents, the skip link to its first item and lines of
    white space (the theme's template blocks around them leave different ones)."""
    start = page.find('<nav class="md-nav md-nav--secondary"')
    end = page.find('<div class="md-content"', start)
    assert 0 < start < end
    page = page[:start] + page[end:]
    page = re.sub(r'\s*<a href="#[^"]*" class="md-skip">[^<]*</a>', "", page)
    return re.sub(r"\n[ \t]*(?=\n)", "", page)


def test_an_entry_page_from_the_shell_is_the_page_mkdocs_builds(
    built: Project, tmp_path: Path
) -> None:
    """Each entry page, built by MkDocs from its Markdown page (as `llm-atlas render` writes it;
    with llm-atlas' plugin), is the page filled from the shell, but for the table of contents:
    MkDocs finds no headings in the HTML body, the shell fills them in (and the skip link)."""
    from llm_atlas.build.mkdocs_run import run_mkdocs
    from llm_atlas.build.pipeline import render_project, render_shell
    from llm_atlas.build.segments import segment_chinese
    from llm_atlas.render.config import load_site_config
    from llm_atlas.validate import load_catalog

    os.environ["LLM_ATLAS_CACHE_DIR"] = str(built.cache)
    config = load_site_config(built.root / "mkdocs.yml")
    out = tmp_path / "render"
    render_project(load_catalog(built.root / "catalog"), built.root, out, config)
    shell = render_shell(built.root)
    run_mkdocs(out / "mkdocs.yml", tmp_path / "site", False, shell, [], built.root, segment_chinese)
    ids = sorted(p.name for p in (built.site / "entries").iterdir())
    assert len(ids) == 10
    for entry_id in ids:
        filled = (built.site / f"entries/{entry_id}/index.html").read_text(encoding="utf-8")
        made = (tmp_path / f"site/entries/{entry_id}/index.html").read_text(encoding="utf-8")
        assert without_toc(filled) == without_toc(made), entry_id
        heading = re.search(r'<h1 id="([^"]*)"', filled)
        assert heading is not None and "atlas-shell" not in filled, entry_id
        assert f'<a href="#{heading[1]}" class="md-skip">' in filled, entry_id


def site_files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def assert_clean_equal(project: Project, work: Path) -> None:
    clean = Project(project.root, work / "clean-site", work / "clean-render", work / "clean-cache")
    clean.build(clean=True)
    incremental, fresh = site_files(project.site), site_files(clean.site)
    assert sorted(incremental) == sorted(fresh)
    differ = [rel for rel in fresh if incremental[rel] != fresh[rel]]
    assert differ == []


@pytest.mark.parametrize("name", sorted(EDITS))
def test_incremental_build_equals_clean_build(
    name: str, built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit, expected = EDITS[name]
    project = copy_project(built, tmp_path)
    monkeypatch.delenv("ATLAS_URL", raising=False)
    edit(project.root, monkeypatch)
    report = project.build()
    if expected is not None:
        assert report.decision is expected
    assert_clean_equal(project, tmp_path)


def test_env_site_url_reaches_feeds_and_canonical_links(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(built, tmp_path)
    monkeypatch.setenv("ATLAS_URL", "https://atlas.example.com/")
    project.build()
    feed = (project.site / "feed.xml").read_text(encoding="utf-8")
    assert "<link>https://atlas.example.com/</link>" in feed and "Tagged" not in feed
    home = (project.site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://atlas.example.com/">' in home


def test_a_random_sequence_of_edits(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(built, tmp_path)
    entry_edits = [
        "entry field on its page only",
        "entry description on list pages",
        "new entry",
        "moved entry",
        "docs page",
    ]
    rng = random.Random(20261202)
    order = rng.sample(entry_edits, k=4)
    for step, name in enumerate(order):
        EDITS[name][0](project.root, monkeypatch)
        project.build()
        assert_clean_equal(project, tmp_path / f"step-{step}")


def test_the_data_folder_reaches_the_site(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(built, tmp_path)
    write_data(project.root, monkeypatch)
    project.build()
    page = (project.site / "entries/quant-overview/index.html").read_text(encoding="utf-8")
    assert "链接失效" in page and "2026-12-01" in page
    assert (project.site / "health" / "index.html").is_file()
