"""The search box in Chromium: a query that finds entries whose title and tags hold script and
event attributes (tests/site_helpers.PAYLOADS) runs no script, opens no dialog, and shows the
text literally in the results (Material inserts the index's fields as HTML; search-rank.js reads
them too)."""

from __future__ import annotations

import pytest
from site_helpers import PAYLOADS, BuiltSite, serve_dir
from test_browser import Visit, browser, search  # noqa: F401 - the module's browser fixture

pytestmark = pytest.mark.browser
IMG = PAYLOADS[1]  # <img src=x onerror="window.__pwned = 2; alert('i')">


def test_search_for_a_hostile_entry_runs_no_script(
    browser: object,  # noqa: F811
    site_injection: BuiltSite,
) -> None:
    with serve_dir(site_injection.site_dir) as base:
        visit = Visit(browser, base)
        page = visit.go("")
        assert search(visit, "onerror")
        page.wait_for_timeout(300)  # an image that failed to load fires its onerror by now
        shown = page.eval_on_selector_all(
            ".md-search-result__item",
            "els => els.map(e => e.textContent.replace(/\\u200b/g, ''))",
        )
        assert any(IMG in text for text in shown), shown[:3]
        assert (
            page.eval_on_selector_all(
                ".md-search-result img, .md-search-result script", "e => e.length"
            )
            == 0
        )
        visit.check_clean()
        visit.context.close()
