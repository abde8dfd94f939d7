"""The installed Material still does what docs/assets/javascripts/search-lazy.js assumes: its
bundle requests search/search_index.json with XMLHttpRequest (the shim holds that request)."""

from __future__ import annotations

from pathlib import Path

import material

BUNDLES = Path(material.__file__).parent / "templates" / "assets" / "javascripts"


def test_materials_bundle_fetches_the_search_index_with_xmlhttprequest() -> None:
    (bundle,) = BUNDLES.glob("bundle.*.min.js")
    text = bundle.read_text(encoding="utf-8")
    assert '"search/search_index.json"' in text
    assert "new XMLHttpRequest" in text
    assert "fetch(" not in text.replace("prefetch(", "")
