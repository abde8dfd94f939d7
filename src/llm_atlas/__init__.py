"""llm-atlas: a curated LLM-engineering knowledge base from a YAML catalog to a searchable site."""

from __future__ import annotations

__version__ = "0.1.0"
HOMEPAGE = "https://github.com/llm-atlas/llm-atlas"
