"""Link checking: collect → check (policy, http, classify, scheduler) → cache → report, and fix.

Takes a `Catalog`; gives one `LinkResult` per distinct URL, reports in four formats, and can rewrite
permanently redirected URLs in the YAML files in place.
"""
