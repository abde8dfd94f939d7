"""Where Chromium is and how to start it headless here: shared by the browser tests, the
screenshots and Lighthouse. LLM_ATLAS_CHROMIUM points at another binary."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = Path(os.environ.get("LLM_ATLAS_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
