"""The fields of a new entry: what a URL tells, what a flag may hold, which topics exist.

Takes the fields given as flags (or typed at a prompt) and the catalog; gives the defaults a URL
implies (an arXiv id and its year, the language of the site), the problems of each given value
checked on its own against the kind's model (before anything is asked), and every unknown
topic with a suggestion.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from llm_atlas.models import KIND_MODELS
from llm_atlas.naming import EN_SITES, ZH_SITES, arxiv_id, on_site
from llm_atlas.schema_errors import did_you_mean, error_message

# Placeholders for the required fields, so one given value can be checked on its own.
_PLACEHOLDERS = {"id": "x", "title": "x", "url": "https://example.org", "topics": ["x"]}


def url_lang(url: str) -> str | None:
    """Return 'zh' or 'en' when the URL's site writes in one language, else None."""
    host = (urlsplit(url).hostname or "").lower()
    if on_site(url, ZH_SITES) or host.endswith(".cn"):
        return "zh"
    return "en" if on_site(url, EN_SITES) else None


def url_defaults(kind: str, url: str | None) -> dict[str, Any]:
    """Return the fields URL implies for a KIND entry: lang, and for a paper arxiv and year."""
    if not url:
        return {}
    found: dict[str, Any] = {}
    lang = url_lang(url)
    if lang:
        found["lang"] = lang
    arxiv = arxiv_id(url)
    if kind == "paper" and arxiv:
        found["arxiv"] = arxiv
        if re.match(r"\d{4}\.", arxiv):
            found["year"] = 2000 + int(arxiv[:2])
    return found


def flag_problems(kind: str, fields: dict[str, Any]) -> list[str]:
    """Return a message for each given field whose value the KIND's model refuses."""
    data = {**_PLACEHOLDERS, **{k: v for k, v in fields.items() if v not in (None, [], ())}}
    data["kind"] = kind
    try:
        KIND_MODELS[kind].model_validate(data)
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            _, message = error_message(err, kind)
            loc = err["loc"]
            name = str(loc[0]) if loc else message.split(":", 1)[0]
            if name not in fields:
                continue
            message = message.removeprefix(f"{name}: ")
            out.append(f"--{name.replace('_', '-')}: {message}")
        return out
    return []


def topic_problems(topics: list[str], known: list[str]) -> list[str]:
    """Return a message for every topic of TOPICS that is not in KNOWN."""
    return [
        f"topic '{topic}' does not exist{did_you_mean(topic, known)}"
        for topic in topics
        if topic not in known
    ]
