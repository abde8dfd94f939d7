"""llm-atlas: a curated LLM-engineering knowledge base from a YAML catalog to a searchable site."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:  # the installed distribution's, set from the git tag at build time (hatch-vcs)
    __version__ = version("llm-atlas")
except PackageNotFoundError:  # pragma: no cover - imported from a copy that was never installed
    __version__ = "0+unknown"
HOMEPAGE = "https://github.com/llm-atlas/llm-atlas"
