"""Render a catalog: Jinja pages (docs), the output folder (output), plain records (records)."""
