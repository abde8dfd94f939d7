#!/usr/bin/env bash
# Show that the output of `llm-atlas render` builds with Zensical (0.0.57, in its own venv) too.
# Usage: bash bench/zensical_check.sh [catalog-dir]   (run from the repository root)
set -euo pipefail
catalog="${1:-catalog}"
venv="${ZENSICAL_VENV:-/tmp/zvenv}"
out="$(mktemp -d)/render"
if [ ! -x "$venv/bin/zensical" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "zensical==0.0.57"
fi
llm-atlas render --catalog "$catalog" --out "$out"
(cd "$out" && "$venv/bin/zensical" build)
site="$out/site"
for page in index.html explore/index.html catalog.json search.json; do
  if [ -e "$site/$page" ]; then echo "ok: $page"; else echo "missing: $page"; fi
done
echo "topic pages: $(find "$site/topics" -name index.html | wc -l)"
echo "entry pages: $(find "$site/entries" -name index.html | wc -l)"
echo "site: $site"
