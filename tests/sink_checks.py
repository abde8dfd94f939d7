"""Checks of a built site with real parsers: what a page holds that a benign build of the same
structure does not (elements, attributes, URL schemes, inline scripts), the search index's
markup, papers.bib, the CSV and the feeds. Used by the hostile-corpus property tests."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import html5lib
from pybtex.database import parse_string

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "data", "srcset", "background", "ping"}
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The elements Material's search plugin keeps in an index document's text.
SEARCH_MARKUP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})


def _local(name: str) -> str:
    """Return an element or attribute name without its namespace ('{svg-ns}a' → 'svg:a')."""
    if name.startswith("{"):
        space, _, local = name[1:].partition("}")
        prefix = space.rsplit("/", 1)[-1]
        return f"{prefix}:{local}"
    return name


def _elements(text: str) -> Iterator[Any]:
    tree = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    yield from tree.iter()


def page_profile(text: str) -> set[tuple[str, ...]]:
    """Return what a page is made of: (element), (element, attribute), (element, attribute,
    URL scheme), (element, class, token) and (script, digest of its text) for inline scripts
    and styles."""
    out: set[tuple[str, ...]] = set()
    for el in _elements(text):
        if not isinstance(el.tag, str):
            continue  # a comment
        tag = _local(el.tag)
        out.add((tag,))
        for name, value in el.attrib.items():
            attr = _local(name)
            out.add((tag, attr))
            if attr == "class":  # an admonition or a style from outside shows as a class
                out.update((tag, attr, token) for token in value.split())
            if attr.split(":")[-1] in URL_ATTRIBUTES:
                out.add((tag, attr, url_scheme(value)))
        if tag in ("script", "style") and (el.text or "").strip():
            out.add((tag, hashlib.sha256(el.text.encode()).hexdigest()[:16]))
    return out


def url_scheme(value: str) -> str:
    """Return the scheme a browser would see in an attribute value ('' for a relative URL)."""
    # Browsers drop leading/trailing C0 controls and spaces, and tabs and newlines anywhere.
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03 \x0b\x0c")
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned.split("/")[0] else ""
    return "http(s)" if scheme in ("http", "https") else scheme


def site_profiles(site: Path) -> dict[str, set[tuple[str, ...]]]:
    """Return the profile of every HTML page of a built site, by site-relative path."""
    return {
        p.relative_to(site).as_posix(): page_profile(p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
    }


def _section(rel: str) -> str:
    return rel.split("/")[0] if "/" in rel else rel


def allow_list(benign: Path) -> dict[str, set[tuple[str, ...]]]:
    """Return what the pages of a benign build are made of, by site section ('entries',
    'topics', 'index.html' …): pages of one section share templates, and which branch a page
    takes (a dead link, a planned entry) depends on data, not on its path."""
    out: dict[str, set[tuple[str, ...]]] = {}
    for rel, profile in site_profiles(benign).items():
        out.setdefault(_section(rel), set()).update(profile)
    return out


def html_surprises(
    site: Path, allowed: dict[str, set[tuple[str, ...]]]
) -> dict[str, set[tuple[str, ...]]]:
    """Return, per page of SITE, what no page of its section in the benign build has (class
    tokens: no page of the benign build; which marks a list shows depends on the data)."""
    classes = {p for profile in allowed.values() for p in profile if p[1:2] == ("class",)}
    out: dict[str, set[tuple[str, ...]]] = {}
    for rel, profile in site_profiles(site).items():
        extra = profile - allowed.get(_section(rel), set()) - classes
        if extra:
            out[rel] = extra
    return out


def fragment_markup(text: str) -> tuple[set[str], set[str], str]:
    """Return the element names, the attribute names and the text of an HTML fragment."""
    tags: set[str] = set()
    attrs: set[str] = set()
    fragment = html5lib.parseFragment(text, treebuilder="etree", namespaceHTMLElements=False)
    for el in fragment:
        for sub in el.iter():
            if isinstance(sub.tag, str):
                tags.add(_local(sub.tag))
                attrs.update(sub.attrib)
    return tags, attrs, "".join(fragment.itertext())


def search_index_problems(site: Path) -> list[str]:
    """Return the index fields that hold markup other than Material's own text structure."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    problems: list[str] = []
    for doc in index["docs"]:
        fields = [("title", doc["title"]), ("text", doc["text"])]
        fields += [("tag", t) for t in doc.get("tags", [])]
        for name, value in fields:
            tags, attrs, _ = fragment_markup(value)
            allowed = set() if name != "text" else SEARCH_MARKUP
            if tags - allowed or attrs:
                problems.append(f"{doc['location']} {name}: {sorted(tags - allowed)} {attrs}")
    return problems


def index_tags(site: Path) -> dict[str, list[str]]:
    """Return entry page URL → its tags as a reader sees them (the index's HTML decoded, the
    zero-width spaces of word segmentation dropped)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {
        doc["location"]: [fragment_markup(t)[2].replace("\u200b", "") for t in doc["tags"]]
        for doc in index["docs"]
        if "tags" in doc
    }


_BIB_DECODE = {
    r"\textbackslash{}": "\\",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    "{,}": ",",
    "{and}": "and",
    "{And}": "And",
    "{AND}": "AND",
}
_BIB_TOKEN = re.compile(
    "|".join(re.escape(k) for k in sorted(_BIB_DECODE, key=len, reverse=True)) + r"|\\([&%$#_])"
)


def unbib(text: str) -> str:
    """Return the text a BibTeX value of papers.bib stands for (its escapes undone)."""
    return _BIB_TOKEN.sub(lambda m: m.group(1) or _BIB_DECODE[m.group(0)], text)


def bib_records(site: Path) -> dict[str, Any]:
    """Return papers.bib parsed by pybtex (strict: a syntax error raises)."""
    data = parse_string((site / "papers.bib").read_text(encoding="utf-8"), "bibtex")
    return dict(data.entries)


def person_text(person: Any) -> str:
    """Return a pybtex person's name parts, in order, decoded and joined by spaces."""
    parts = [
        *person.first_names,
        *person.middle_names,
        *person.prelast_names,
        *person.last_names,
        *person.lineage_names,
    ]
    return unbib(" ".join(parts))


def _csv_text(site: Path) -> io.StringIO:
    """Return catalog.csv as the csv module wants it read (newline=''), CRs kept."""
    return io.StringIO((site / "catalog.csv").read_bytes().decode("utf-8"), newline="")


def csv_rows(site: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(_csv_text(site)))


def formula_cells(site: Path) -> list[str]:
    """Return the CSV cells a spreadsheet would run as a formula."""
    return [
        cell
        for row in csv.reader(_csv_text(site))
        for cell in row
        if cell.startswith(FORMULA_START)
    ]


def rss_titles(site: Path) -> list[str]:
    """Return the RSS item titles (XML-parsed); feedparser must read the feed cleanly too."""
    text = (site / "feed.xml").read_text(encoding="utf-8")
    parsed = feedparser.parse(text)
    if parsed.bozo:
        raise AssertionError(f"feed.xml: {parsed.bozo_exception}")
    root = ET.fromstring(text)  # our own output: no entities to expand
    links = [item.findtext("link") or "" for item in root.iter("item")]
    if any(not link.startswith(("http://", "https://")) for link in links):
        raise AssertionError(f"feed.xml: a non-http(s) link in {links}")
    return [item.findtext("title") or "" for item in root.iter("item")]


# The site's Markdown extensions (mkdocs.yml markdown_extensions).
EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "pymdownx.superfences", "toc"]


def entry_markdown_profile(root: Path) -> set[tuple[str, ...]]:
    """Return what the entry pages `llm-atlas render` writes for other engines (front matter,
    then the body's HTML in Markdown) are made of once Python-Markdown has read them."""
    import markdown

    from llm_atlas.facts import load_facts
    from llm_atlas.render.docs import render_docs
    from llm_atlas.validate import load_catalog

    out = root / "render-md"
    catalog = load_catalog(root / "catalog")
    render_docs(catalog, root, out, "Atlas", entry_markdown=True, facts=load_facts(root / "data"))
    md = markdown.Markdown(extensions=EXTENSIONS)
    profile: set[tuple[str, ...]] = set()
    for page in sorted((out / "entries").glob("*.md")):
        body = page.read_text(encoding="utf-8").split("---\n", 2)[2]
        profile |= page_profile(f"<html><body>{md.reset().convert(body)}</body></html>")
    return profile
