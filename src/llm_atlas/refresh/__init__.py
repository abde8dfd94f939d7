"""Refresh: gather volatile facts about the catalog into the data folder.

Takes a `Catalog` and the data folder; each step (links, repos, papers, archive) reads its file,
asks the network (the link checker, GitHub's REST API, the arXiv API, the Wayback Machine's
availability API) and writes the file back only when something other than a check date changed.
`llm_atlas.facts` reads the files for the site.
"""
