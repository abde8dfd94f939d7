"""What an entry page is made from, as one digest per entry: the rule by which a build keeps
the entry pages an edit did not reach.

Takes a catalog, its tag index and the facts of its data folder; gives entry id → a digest of
every catalog value the entry page template reads: the entry itself, every member of its
series, the entries related to it (both ways), its topics, the anchors of its tags and its
facts. An edit changes the digests of the pages that show what it changed, and only those.

Templates, code, config, language and data/ are not in the digest: when one of them changes,
the build is a full one and makes every entry page (`build.state`). A project with its own
templates may show anything on an entry page, so there every digest covers the whole catalog.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from llm_atlas.catalog import Catalog
from llm_atlas.facts import Facts
from llm_atlas.models import Entry
from llm_atlas.render import views


def entry_inputs(
    catalog: Catalog,
    tags: Mapping[str, views.Tag],
    facts: Facts | None,
    *,
    whole_catalog: bool = False,
) -> dict[str, str]:
    """Return entry id → the digest of what its page is made from (WHOLE_CATALOG: every
    digest covers every entry and topic, for templates that may read any of them)."""
    dumps = {i: e.model_dump_json().encode() for i, e in catalog.entries.items()}
    topics = {i: t.model_dump_json().encode() for i, t in catalog.topics.items()}
    base = hashlib.sha256(b"facts" if facts else b"")
    if whole_catalog:
        for part in (dumps, topics):
            for key, dump in part.items():
                base.update(f"\0{key}\0".encode() + dump)
    out: dict[str, str] = {}
    for entry_id, entry in catalog.entries.items():
        digest = base.copy()
        for other in _reached(catalog, entry):
            digest.update(b"\0e" + dumps[other])
        for topic in entry.topics:
            digest.update(b"\0t" + topics[topic])
        for tag in entry.tags:
            digest.update(f"\0#{tags[views.tag_key(tag)].anchor}".encode())
        if facts:
            digest.update(repr(facts.entry(entry)).encode())
        out[entry_id] = digest.hexdigest()
    return out


def _reached(catalog: Catalog, entry: Entry) -> list[str]:
    """Return the ids of the entries ENTRY's page shows (itself first), whether or not the
    template ends up showing each: a change may be what makes it shown."""
    series = catalog.series.get(entry.series, []) if entry.series else []
    return [entry.id, *(e.id for e in series), *catalog.related.get(entry.id, [])]
