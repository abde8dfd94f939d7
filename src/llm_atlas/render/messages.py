"""The words of the generated pages, in the site's language.

Takes a site config (mkdocs.yml as read); gives `Messages`: one message catalog per language
(`messages/en.yaml`, `messages/zh.yaml`, the same keys in both but English's `.one` forms),
chosen by `theme.language` (zh, zh-TW … → zh; any other → en), which templates call as
`t("home.overview")`; and the home page's introduction, the project's own: a docs page
`extra.home_intro` names, else `site_description`. A message's count is its `count` value:
with a count of 1, its `KEY.one` form is used where the catalog has one (English; the scripts
do the same, search-lazy.js).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from llm_atlas.problems import AtlasError
from llm_atlas.render.escape import escape_markdown

FOLDER = Path(__file__).resolve().parent / "messages"
LANGUAGES = ("en", "zh")


@functools.cache
def load_messages(language: str) -> dict[str, str]:
    """Return key → text of the message catalog of LANGUAGE (one of LANGUAGES)."""
    data = yaml.safe_load((FOLDER / f"{language}.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def _form(language: str, key: str, values: Mapping[str, object]) -> str:
    """Return the text of KEY for VALUES: its `.one` form when their count is 1 and it has one."""
    table = load_messages(language)
    if str(values.get("count")) == "1":  # an int, or a number formatted with commas
        return table.get(f"{key}.one", table[key])
    return table[key]


def site_language(config: Mapping[str, Any]) -> str:
    """Return the catalog language for CONFIG's `theme.language` (MkDocs' default: en)."""
    theme = config.get("theme")
    code = str(theme.get("language") or "en") if isinstance(theme, dict) else "en"
    return "zh" if code.lower().replace("_", "-").split("-")[0] == "zh" else "en"


@dataclass(frozen=True)
class Messages:
    """The message catalog of one language."""

    language: str

    def text(self, key: str, **values: object) -> Markup:
        """Return the message KEY with VALUES filled in (HTML-escaped, as autoescape would)."""
        return Markup(_form(self.language, key, values)).format(**values)

    def raw(self, key: str, **values: object) -> str:
        """Return the message KEY with VALUES filled in as they are (for slugs, not pages)."""
        return _form(self.language, key, values).format(**values)

    def kind_title(self, kind: str) -> str:
        """Return the plural name of entries of KIND (the kind pages' title)."""
        return load_messages(self.language)[f"kind.{kind}"]

    def script_words(self) -> dict[str, str]:
        """Return the words the site's scripts show (`js.*`, without the prefix, with their
        `.one` forms; the planned badge; `one_<kind>`, one entry's kind), for a JSON block a
        page hands them in."""
        table = load_messages(self.language)
        words = {k.removeprefix("js."): v for k, v in table.items() if k.startswith("js.")}
        kinds = {
            f"one_{k.removeprefix('one.')}": v for k, v in table.items() if k.startswith("one.")
        }
        return {**words, **kinds, "planned": table["badge.planned"], "lang_zh": table["lang.zh"]}


def messages_for(config: Mapping[str, Any] | None) -> Messages:
    """Return the messages of CONFIG's language (without a config: Chinese, llm-atlas' own)."""
    return Messages("zh" if config is None else site_language(config))


def home_intro(config: Mapping[str, Any] | None, project_dir: Path) -> Markup:
    """Return the Markdown that opens the home page: the docs page `extra.home_intro` names, or
    `site_description` as text, or nothing."""
    if config is None:
        return Markup("")
    extra = config.get("extra")
    page = extra.get("home_intro") if isinstance(extra, dict) else None
    if page is not None:
        docs = project_dir / str(config.get("docs_dir") or "docs")
        path = docs / str(page)
        if not path.is_file() or not path.resolve().is_relative_to(docs.resolve()):
            raise AtlasError(
                f"mkdocs.yml: extra.home_intro: {page!r} is not a page in {docs}: name a "
                "Markdown file there (e.g. intro.md), or remove it to use site_description"
            )
        return Markup(path.read_text(encoding="utf-8").strip())  # the project's own Markdown
    return Markup(escape_markdown(str(config.get("site_description") or "").strip()))
