"""Editing the catalog: new entries, fields, prompts, the entry file, fmt and YAML comments."""
