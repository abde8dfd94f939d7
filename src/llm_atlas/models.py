"""Pydantic models of the catalog: topics and one model per entry kind.

This is the one place to add a field: the validator, the JSON Schema (`llm-atlas schema`), the
templates and the exports all read these models.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal, get_args
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from llm_atlas.naming import RESERVED_IDS
from llm_atlas.normalise import key

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# ASCII digits: \d takes any script's digits.
ARXIV_PATTERN = r"^([0-9]{4}\.[0-9]{4,5}|[a-z-]+(\.[A-Z]{2})?/[0-9]{7})$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]


def check_entry_id(value: str) -> str:
    """Refuse an id MkDocs would read as the entries folder's own page (entries/index.md)."""
    if value in RESERVED_IDS:
        raise ValueError(
            f"'{value}' is reserved: entries/{value}.md would be the entries folder's own page "
            "and every link to the entry would break; choose another id"
        )
    return value


EntryId = Annotated[Slug, AfterValidator(check_entry_id)]
_BAD_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f<>\"`]")


def check_url(value: str) -> str:
    """Accept only absolute http(s) URLs with a host and no whitespace or control characters."""
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if not scheme:
        raise ValueError(f"URL {value!r} is relative: write an absolute http(s) URL")
    if scheme not in ("http", "https"):
        raise ValueError(f"URL scheme '{scheme}:' is not allowed: only http and https links")
    if _BAD_URL_CHARS.search(value):
        raise ValueError(f"URL {value!r} contains whitespace or a character that must be %-encoded")
    if not parts.hostname:
        raise ValueError(f"URL {value!r} has no host")
    return value


Url = Annotated[
    str,
    AfterValidator(check_url),
    Field(json_schema_extra={"format": "uri", "pattern": r"^https?://[^\s/?#]+"}),
]


def check_aliases(aliases: list[str], titles: tuple[str | None, ...]) -> None:
    """Refuse an alias that repeats another or a title (in the search's normal form)."""
    seen = {key(t) for t in titles if t}
    for alias in aliases:
        if not key(alias):
            raise ValueError(f"aliases: {alias!r} has no letter or digit a search could match")
        if key(alias) in seen:
            raise ValueError(f"aliases: {alias!r} repeats a title or another alias (remove it)")
        seen.add(key(alias))


Kind = Literal["tutorial", "article", "paper", "benchmark", "dataset", "tool", "code", "course"]
KINDS: tuple[str, ...] = get_args(Kind)
Status = Literal["published", "planned"]
# Links of an entry beside its url and code, by role (a list item's [Demo], [Slides] …).
LINK_FIELDS = ("paper", "project", "demo", "data", "weights", "slides", "video", "blog")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Topic(Strict):
    """A node of the taxonomy (catalog/topics.yaml)."""

    id: Slug = Field(description="Unique topic id, a lowercase slug.")
    title: Text = Field(description="Chinese title shown in navigation.")
    title_en: Text = Field(description="English title.")
    parent: Slug | None = Field(None, description="Id of the parent topic (nesting).")
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other names readers search for (短名, English terms, acronyms).",
    )
    description: str | None = Field(None, description="One paragraph shown on the topic page.")

    @model_validator(mode="after")
    def _check_aliases(self) -> Topic:
        check_aliases(self.aliases, (self.title, self.title_en))
        return self


class Entry(Strict):
    """Fields shared by every kind of entry."""

    url_fields: ClassVar[tuple[str, ...]] = ("url", "code", *LINK_FIELDS)

    id: EntryId = Field(description="Unique entry id in the whole catalog, a lowercase slug.")
    kind: Kind = Field(description="What the entry is; selects the kind-specific fields.")
    status: Status = Field("published", description="'planned' marks an announced, unwritten item.")
    title: Text = Field(description="Title as written (usually Chinese).")
    title_en: Text | None = Field(None, description="English title, where it helps.")
    aliases: list[Text] = Field(
        default_factory=list, description="Other names readers search for (acronyms, spellings)."
    )
    url: Url | None = Field(
        None, description="Where to read it; required unless status is planned."
    )
    lang: Literal["zh", "en"] | None = Field(None, description="Language of the linked content.")
    topics: list[Slug] = Field(min_length=1, description="Topic ids (catalog/topics.yaml).")
    series: Text | None = Field(None, description="Name of the series this part belongs to.")
    part: int | None = Field(None, ge=1, description="Position in the series (1 for （一）).")
    authors: list[Text] = Field(default_factory=list, description="Authors, in order.")
    year: int | None = Field(None, ge=1900, le=2100, description="Year of publication.")
    # Kind-specific fields come here in the canonical order (see field_names).
    code: Url | None = Field(None, description="URL of the code that goes with it.")
    paper: Url | None = Field(None, description="The paper it comes from.")
    project: Url | None = Field(None, description="Project page or homepage.")
    demo: Url | None = Field(None, description="A demo to try (a Space, a notebook, a playground).")
    data: Url | None = Field(None, description="The data that goes with it.")
    weights: Url | None = Field(None, description="Its model weights or model card.")
    slides: Url | None = Field(None, description="Slides or a poster.")
    video: Url | None = Field(None, description="A talk or video about it.")
    blog: Url | None = Field(None, description="A blog post about it.")
    links: list[Url] = Field(default_factory=list, description="Other links (a second repository).")
    tags: list[Text] = Field(default_factory=list, description="Free keywords (methods, models).")
    related: list[Slug] = Field(default_factory=list, description="Ids of related entries.")
    description: str | None = Field(None, description="A sentence or two on what it covers.")
    added: dt.date | None = Field(None, description="Date the entry was added to the atlas.")

    @model_validator(mode="after")
    def _check_status_and_series(self) -> Entry:
        if self.status == "published" and self.url is None:
            raise ValueError("url: a published entry needs a url (add one, or set status: planned)")
        if self.part is not None and self.series is None:
            raise ValueError("part: a part number needs a series name")
        check_aliases(self.aliases, (self.title, self.title_en))
        return self

    def urls(self) -> list[tuple[str, str]]:
        """Return (field, url) for every URL the entry links to."""
        out: list[tuple[str, str]] = []
        for name in self.url_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                out.append((name, value))
        out.extend(("links", url) for url in self.links)
        return out


class PracticeFields(Strict):
    model: Text | None = Field(None, description="Model trained or served (e.g. 'LLaMA').")
    method: Text | None = Field(None, description="Method (e.g. 'LoRA', 'full fine-tuning').")
    params: Text | None = Field(None, description="Parameter count(s), e.g. '7B~65B'.")
    framework: Text | None = Field(None, description="Framework used (e.g. 'HuggingFace PEFT').")


class Tutorial(PracticeFields, Entry):
    """A how-to or explanatory article, often part of a series."""

    kind: Literal["tutorial"] = "tutorial"


class Article(PracticeFields, Entry):
    """A blog post, answer or news piece that is not a step-by-step tutorial."""

    kind: Literal["article"] = "article"


class Code(PracticeFields, Entry):
    """Example code, notebooks or scripts (a folder or file in a repository)."""

    kind: Literal["code"] = "code"


class Paper(Entry):
    """A research paper."""

    url_fields: ClassVar[tuple[str, ...]] = ("url", "code", "pdf", *LINK_FIELDS)

    kind: Literal["paper"] = "paper"
    arxiv: Annotated[str, StringConstraints(pattern=ARXIV_PATTERN)] | None = Field(
        None, description="arXiv identifier without version, e.g. '2210.17323'."
    )
    venue: Text | None = Field(None, description="Where it was published, e.g. 'ICLR 2023'.")
    pdf: Url | None = Field(None, description="Direct PDF link when not on arXiv.")

    @model_validator(mode="after")
    def _check_arxiv_url(self) -> Paper:
        if self.arxiv and self.url and "arxiv.org" in self.url and self.arxiv not in self.url:
            raise ValueError(f"url: points at arXiv but not at {self.arxiv!r} given in 'arxiv'")
        return self


class Benchmark(Entry):
    """An evaluation set or leaderboard."""

    url_fields: ClassVar[tuple[str, ...]] = ("url", "code", "leaderboard", *LINK_FIELDS)

    kind: Literal["benchmark"] = "benchmark"
    size: Text | None = Field(None, description="How big, e.g. '13,948 multiple-choice questions'.")
    languages: list[Text] = Field(default_factory=list, description="Languages covered (zh, en …).")
    tasks: list[Text] = Field(default_factory=list, description="Task types it measures.")
    leaderboard: Url | None = Field(None, description="URL of the public leaderboard.")


class Dataset(Entry):
    """A training or fine-tuning data set."""

    kind: Literal["dataset"] = "dataset"
    size: Text | None = Field(None, description="How big, e.g. '52K instructions'.")
    languages: list[Text] = Field(default_factory=list, description="Languages covered.")
    license: Text | None = Field(None, description="Licence of the data.")


class Tool(Entry):
    """A framework, library, engine or service."""

    url_fields: ClassVar[tuple[str, ...]] = ("url", "code", "docs", *LINK_FIELDS)

    kind: Literal["tool"] = "tool"
    docs: Url | None = Field(None, description="Documentation site.")
    license: Text | None = Field(None, description="Licence (SPDX id where there is one).")
    framework: Text | None = Field(None, description="What it builds on (e.g. 'PyTorch').")


class Course(Entry):
    """A course or lecture series."""

    kind: Literal["course"] = "course"
    provider: Text | None = Field(None, description="Who offers it.")


KIND_MODELS: dict[str, type[Entry]] = {
    "tutorial": Tutorial,
    "article": Article,
    "paper": Paper,
    "benchmark": Benchmark,
    "dataset": Dataset,
    "tool": Tool,
    "code": Code,
    "course": Course,
}

KIND_TITLES: dict[str, tuple[str, str]] = {
    "tutorial": ("教程", "Tutorials"),
    "article": ("文章", "Articles"),
    "paper": ("论文", "Papers"),
    "benchmark": ("评测基准", "Benchmarks"),
    "dataset": ("数据集", "Datasets"),
    "tool": ("工具与框架", "Tools"),
    "code": ("代码", "Code"),
    "course": ("课程", "Courses"),
}


_COMMON = list(Entry.model_fields)
_HEAD = _COMMON[: _COMMON.index("code")]


def _canonical(*models: type[Entry]) -> list[str]:
    own = {n: None for m in models for n in m.model_fields if n not in Entry.model_fields}
    return [*_HEAD, *own, *_COMMON[len(_HEAD) :]]


def field_names(kind: str | None) -> list[str]:
    """Return KIND's fields in canonical order (all kinds' fields when unknown).

    Shared identity fields first, then the kind's own fields, then code, tags, relations,
    description and date: the order `llm-atlas fmt` writes and the schema lists.
    """
    if kind in KIND_MODELS:
        return _canonical(KIND_MODELS[kind])
    return _canonical(*KIND_MODELS.values())


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    """Return the entry as JSON-ready data without empty optional fields."""
    data = entry.model_dump(mode="json", exclude_defaults=True)
    data["kind"] = entry.kind
    if entry.status != "published":
        data["status"] = entry.status
    return data
