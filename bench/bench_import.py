"""Measure `import-markdown` on the corpus of real READMEs, held-out and tuning parts apart.

Reads the READMEs from ../shared/corpus/readmes (never copied here) and the split fixed before
tuning in bench/import_split.json. Each figure is computed by the mechanical rules below, from
the README text on one side and the draft catalog on the other:

- links held: content links (every http(s) URL a reader follows, outside fenced code, HTML
  comments, images and links around images, badge and star-history URLs, and outside the
  non-content sections named by NON_CONTENT) that some entry of the draft holds in any URL field;
  an arXiv link counts as held when a paper has its id.
- noisy titles: share of entry titles that NOISY matches (see `noisy_reason`).
- venue and year kept: list items, table rows and <summary> lines that show a year in one of
  the TAG forms, with a content link: the entry holding their first link has that year, and the
  venue too when the tag names one (VENUES).
- kind accuracy: bench/import_judged.json, links judged by hand with the kind of the work they
  belong to; the share the draft gives that kind.
- time: seconds per import, and the time of the text repeated 4 times over the time of it once.

    python bench/bench_import.py [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("LLM_ATLAS_CORPUS", ROOT.parent / "shared" / "corpus" / "readmes"))
SPLIT = ROOT / "bench" / "import_split.json"
JUDGED = ROOT / "bench" / "import_judged.json"
DAY = dt.date(2026, 12, 6)

from llm_atlas.importer import draft_markdown, import_markdown  # noqa: E402
from llm_atlas.rules import normalize_url  # noqa: E402

NON_CONTENT = re.compile(
    r"^\W*(news|latest news|updates?|contact|contact us|contributors?|contributing|contribution|"
    r"citation|cite|how to cite|star history|stargazers|licen[cs]e|acknowledge?ments?|"
    r"table of contents?|contents|toc|目录|更新|新闻|联系|贡献者?|引用|致谢|许可证?)\W*$",
    re.IGNORECASE,
)
DECORATION = re.compile(r"shields\.io|star-history|badge|awesome\.re|badgen\.net", re.IGNORECASE)
URL = re.compile(r"https?://[^\s<>()\[\]{}\"'，。；：、（）|]+")
ARXIV = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})|10\.48550/arxiv\.(\d{4}\.\d{4,5})", re.I
)
VENUES = (
    "NeurIPS|NIPS|ICLR|ICML|ACL|EMNLP|NAACL|EACL|COLING|CVPR|ICCV|ECCV|AAAI|IJCAI|KDD|SIGIR|"
    "WWW|ASPLOS|MLSys|OSDI|SOSP|NSDI|ATC|ISCA|MICRO|HPCA|TACL|TMLR|JMLR|TPAMI|IEEE S&P|"
    "USENIX Security|CCS|NDSS|COLM|ICASSP|Interspeech|WACV|BMVC|ICDE|VLDB|SIGMOD|EuroSys|SC|"
    "PPoPP|FAST|DAC|ICCAD|TNNLS|IJCV|CHI|UAI|AISTATS|CoRL|ICRA|IROS|RSS"
)
# Forms a README shows a year in (group 'y' four digits or 'yy' two), URLs removed first.
TAG = re.compile(
    rf"(?P<v1>\b(?:{VENUES}))\s*['’]?\s*(?:(?P<y1>(?:19|20)\d\d)|(?P<yy1>\d\d))\b"
    rf"|\b(?P<y2>(?:19|20)\d\d)[-\s](?P<v2>(?:{VENUES}))\b"
    r"|[\[(（](?P<y3>(?:19|20)\d\d)[\])）]"
    r"|\b(?P<y4>(?:19|20)\d\d)[/.-](?:0?[1-9]|1[0-2])\b"
    r"|\b\d{1,2}/\d{1,2}/(?P<yy5>\d\d)\b",
)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$|<h[1-6][^>]*>(.*?)</h[1-6]>", re.IGNORECASE)
_GENERIC_TITLE = re.compile(
    r"(paper|pdf|code|github|project( page)?|demo|blog|video|slides|data(set)?|model|website|"
    r"homepage|link|arxiv|official|web|\d{4})",
    re.IGNORECASE,
)


def noisy_reason(title: str) -> str | None:
    """Return why TITLE is noisy, or None: the written rule of the 'noisy titles' figure."""
    text = title.strip()
    checks = [
        ("empty", not text),
        ("a URL", "://" in text or "www." in text),
        ("markup or brackets", re.search(r"[\[\]<>|`]|\*\*|__", text) is not None),
        ("starts with punctuation", re.match(r"[,.;:\-–—(\"'“”/]", text) is not None),
        ("ends with punctuation", re.search(r"[,;:(\-–—\"“/]$", text) is not None),
        ("a venue or date tag", TAG.search(text) is not None),
        ("an author list", re.search(r"\bet al\b", text) is not None),
        ("a link label as title", _GENERIC_TITLE.fullmatch(text) is not None),
        ("heading plus link label", re.search(r"\s[–-]\s\S+$", text) is not None
         and _GENERIC_TITLE.fullmatch(text.rsplit(" ", 1)[-1]) is not None),
        ("longer than 200 characters", len(text) > 200),
    ]  # fmt: skip
    return next((why for why, hit in checks if hit), None)


def clean_lines(text: str) -> list[str]:
    """Return the README's lines with comments, fenced code, images and badges blanked."""

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group().count("\n")

    text = re.sub(r"<!--.*?-->", blank, text, flags=re.S)
    text = re.sub(r"^\s*(```|~~~).*?^\s*\1[^\n]*$", blank, text, flags=re.S | re.M)
    text = re.sub(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)", "", text)
    text = re.sub(r"<a[^>]*>\s*<img[^>]*>\s*</a>", "", text, flags=re.I)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|<img[^>]*>", "", text, flags=re.I)
    return text.split("\n")


def content_links(lines: list[str]) -> tuple[list[tuple[int, str]], set[str]]:
    """Return (line, url) of content links in content sections, and the links left out."""
    found: list[tuple[int, str]] = []
    left_out: set[str] = set()
    skipping: int | None = None  # level of the non-content heading, its subsections included
    for number, line in enumerate(lines, 1):
        heading = _HEADING.search(line)
        if heading:
            tag = re.search(r"<h([1-6])", line, re.I)
            bare = line.lstrip()
            level = (
                len(bare) - len(bare.lstrip("#"))
                if heading[1] is not None or not tag
                else int(tag[1])
            )
            title = re.sub(r"<[^>]+>|\[([^\]]*)\]\([^)]*\)", r"\1", heading[1] or heading[2] or "")
            if skipping is None or level <= skipping:
                skipping = level if NON_CONTENT.match(title.strip()) else None
        for raw in URL.findall(line):
            url = raw.rstrip(".,;:!*_~")
            if DECORATION.search(url):
                continue
            (left_out.add(url) if skipping is not None else found.append((number, url)))
    return found, left_out


def units(lines: list[str]) -> list[tuple[int, str]]:
    """Return (first line, text) of list items, table rows and <summary> lines."""
    out: list[tuple[int, str]] = []
    current: tuple[int, list[str]] | None = None
    for number, line in enumerate(lines, 1):
        starts = _BULLET.match(line) or line.lstrip().startswith("|") or "<summary" in line
        if starts or not line.strip() or _HEADING.search(line):
            if current:
                out.append((current[0], "\n".join(current[1])))
            current = (number, [line]) if starts else None
        elif current:
            current[1].append(line)
    if current:
        out.append((current[0], "\n".join(current[1])))
    return out


def shown_tag(text: str) -> tuple[int, str | None] | None:
    """Return the (year, venue) a unit's text shows, URLs and link targets removed."""
    plain = URL.sub(" ", re.sub(r"\]\([^)]*\)", "] ", text))
    match = TAG.search(plain)
    if match is None:
        return None
    four = match["y1"] or match["y2"] or match["y3"] or match["y4"]
    two = match["yy1"] or match["yy5"]
    year = int(four) if four else 2000 + int(two or 0)
    return year, match["v1"] or match["v2"]


def draft_entries(text: str, name: str) -> list[dict[str, Any]]:
    result = draft_markdown(text, name, DAY)
    return [e for entries in result.draft.files.values() for e in entries]


def entry_urls(entry: dict[str, Any]) -> list[str]:
    values = [v for v in entry.values() if isinstance(v, str)] + list(entry.get("links", []))
    return [v for v in values if v.startswith(("http://", "https://"))]


def holder(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Return normalised URL or 'arxiv:ID' → the entry holding it."""
    held: dict[str, dict[str, Any]] = {}
    for entry in entries:
        for url in entry_urls(entry):
            held.setdefault(normalize_url(url), entry)
        if entry.get("arxiv"):
            held.setdefault(f"arxiv:{entry['arxiv']}", entry)
    return held


def find(held: dict[str, dict[str, Any]], url: str) -> dict[str, Any] | None:
    arxiv = ARXIV.search(url)
    if arxiv:
        found = held.get(f"arxiv:{arxiv[1] or arxiv[2]}")
        if found is not None:
            return found
    return held.get(normalize_url(url))


def measure_file(path: Path, judged: dict[str, str], runs: int) -> dict[str, Any]:
    text = path.read_bytes().decode("utf-8-sig")
    row: dict[str, Any] = {"file": path.name, "bytes": len(text.encode())}
    try:
        entries = draft_entries(text, path.name)
        with tempfile.TemporaryDirectory() as tmp:
            row["validation_errors"] = len(
                import_markdown(path, Path(tmp) / "d", added=DAY).problems
            )
    except Exception:  # noqa: BLE001  # a traceback is a figure here, not a crash of the bench
        row["traceback"] = traceback.format_exc().splitlines()[-1]
        return row
    lines = clean_lines(text)
    links, left_out = content_links(lines)
    distinct = sorted({u for _, u in links})
    held = holder(entries)
    missing = [u for u in distinct if find(held, u) is None]
    row["links"] = len(distinct)
    row["links_held"] = len(distinct) - len(missing)
    row["links_in_non_content_sections"] = len(left_out - set(distinct))
    row["missing_links"] = missing
    noisy = [(e["title"], why) for e in entries if (why := noisy_reason(e["title"]))]
    row["entries"] = len(entries)
    row["noisy_titles"] = len(noisy)
    row["noisy_examples"] = noisy[:15]
    shown = kept = 0
    lost: list[str] = []
    for _, unit in units(lines):
        tag = shown_tag(unit)
        urls = [u.rstrip(".,;:!*_~") for u in URL.findall(unit) if not DECORATION.search(u)]
        if tag is None or not urls:
            continue
        entry = find(held, urls[0])
        if entry is None:
            continue  # counted under links held
        shown += 1
        year, venue = tag
        ok = entry.get("year") == year and (
            venue is None or venue.lower() in str(entry.get("venue", "")).lower()
        )
        kept += ok
        if not ok:
            lost.append(
                f"{unit.strip()[:90]!r} -> year={entry.get('year')} venue={entry.get('venue')}"
            )
    row["venue_year_shown"] = shown
    row["venue_year_kept"] = kept
    row["venue_year_lost_examples"] = lost[:10]
    right = [u for u, kind in judged.items() if (e := find(held, u)) and e["kind"] == kind]
    row["kinds_judged"] = len(judged)
    row["kinds_right"] = len(right)
    row["kinds_wrong"] = {u: (find(held, u) or {}).get("kind") for u in judged if u not in right}
    row["seconds"] = statistics.median(_time(text, path.name) for _ in range(runs))
    return row


def _time(text: str, name: str) -> float:
    start = time.perf_counter()
    draft_markdown(text, name, DAY)
    return time.perf_counter() - start


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def total(key: str) -> int:
        return sum(r.get(key, 0) for r in rows)

    def share(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    return {
        "files": len(rows),
        "tracebacks": sum("traceback" in r for r in rows),
        "validation_errors": total("validation_errors"),
        "links": total("links"),
        "links_held": share(total("links_held"), total("links")),
        "entries": total("entries"),
        "noisy_titles": share(total("noisy_titles"), total("entries")),
        "venue_year_shown": total("venue_year_shown"),
        "venue_year_kept": share(total("venue_year_kept"), total("venue_year_shown")),
        "kinds_judged": total("kinds_judged"),
        "kind_accuracy": share(total("kinds_right"), total("kinds_judged")),
        "seconds": round(sum(r.get("seconds", 0.0) for r in rows), 3),
    }


def linearity(names: list[str], runs: int) -> dict[str, Any]:
    """Return the time of the part's READMEs joined, once and repeated 4 times."""
    text = "\n\n".join(CORPUS.joinpath(n).read_text(encoding="utf-8-sig") for n in names)
    try:
        _time(text, "x.md")
    except Exception:  # noqa: BLE001
        return {"traceback": traceback.format_exc().splitlines()[-1]}
    once = min(_time(text, "x.md") for _ in range(runs))
    four = min(_time(text * 4, "x.md") for _ in range(runs))
    return {"bytes": len(text.encode()), "once_s": round(once, 3), "four_times_s": round(four, 3),
            "ratio": round(four / once, 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "import.json")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}: set LLM_ATLAS_CORPUS to the readmes folder")
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    judged = json.loads(JUDGED.read_text(encoding="utf-8")) if JUDGED.is_file() else {}
    results: dict[str, Any] = {"split": {"seed": split["seed"], "held_out": split["held_out"]}}
    for part in ("held_out", "tuning"):
        rows = [
            measure_file(CORPUS / name, judged.get("links", {}).get(name, {}), args.runs)
            for name in split[part]
        ]
        results[part] = {"summary": summarise(rows), "linearity": linearity(split[part], args.runs),
                         "files": rows}  # fmt: skip
        print(part, json.dumps(results[part]["summary"]), json.dumps(results[part]["linearity"]))
    results["load_average"] = os.getloadavg()[0]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
