"""Allow `python -m llm_atlas`."""

from __future__ import annotations

from llm_atlas.cli import run

if __name__ == "__main__":
    run()
