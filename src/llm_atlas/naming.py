"""Names of things: slugs, the name a title starts with, a paper's arXiv id, sites, entry ids.

Takes titles (as written, and an English one when known) and URLs; gives lowercase slugs that
pass the catalog's id rule, the host lists (paper sites, sites that write in one language), the
arXiv id (and version) of any written form of one (the one parser: edit/, importer/ and refresh/
share it), and the id a new entry gets: the one rule `llm-atlas new` and `import-markdown`
share, so the same title, link and part of a series get the same id from either. Imports nothing
of edit/, importer/ or refresh/ (all three import it).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import unquote, urlsplit

MAX_ID_LENGTH = 50
# entries/index.md would be the entries folder's own page, not the entry's (a broken link).
RESERVED_IDS = frozenset({"index"})
# A slug of these words only names nothing ('llm', 'ai-ai'): the link names the entry instead.
GENERIC_WORDS = frozenset({"llm", "llms", "ai", "gpu", "and", "the", "of", "a", "an"})
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_EXTENSION = re.compile(r"\.(html?|pdf|md)$", re.IGNORECASE)
_NOT_A_NAME = {"index", "readme"}  # a page's file name, not its name
_COLON = re.compile("[:：]")
_REPORT = "technical report"
# An arXiv id as written: new style 2106.09685, old style hep-th/9901001 or math.GT/0309136, each
# with an optional version. ASCII only: a case-blind [a-z] would take 'ſ' and the Kelvin sign, \d
# every script's digits, and the id would then fail the catalog's rule (or ask arXiv for nothing).
_ARXIV_NUMBER = r"(?P<id>\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?P<version>v\d+)?"
_ARXIV_FLAGS = re.ASCII | re.IGNORECASE
_ARXIV_BARE = re.compile(rf"(?:arxiv:)?{_ARXIV_NUMBER}", _ARXIV_FLAGS)
_ARXIV_DOI = re.compile(rf"(?:doi:)?10\.48550/arxiv\.{_ARXIV_NUMBER}", _ARXIV_FLAGS)
_ARXIV_PATH = re.compile(rf"/(?:abs|pdf|html|format)/{_ARXIV_NUMBER}(?:\.pdf)?/?", _ARXIV_FLAGS)
_DOI_HOSTS = ("doi.org", "dx.doi.org", "www.doi.org")

PAPER_HOSTS = (
    "arxiv.org",
    "openreview.net",
    "aclanthology.org",
    "aclweb.org",
    "proceedings.neurips.cc",
    "papers.nips.cc",
    "neurips.cc",
    "proceedings.mlr.press",
    "openaccess.thecvf.com",
    "usenix.org",
    "mlsys.org",
    "proceedings.mlsys.org",
    "doi.org",
    "dl.acm.org",
    "ieeexplore.ieee.org",
    "jmlr.org",
    "semanticscholar.org",
    "ojs.aaai.org",
    "ijcai.org",
    "nature.com",
    "science.org",
    "researchgate.net",
    "ssrn.com",
    "biorxiv.org",
)
ZH_SITES = (
    "zhihu.com",
    "juejin.cn",
    "csdn.net",
    "weixin.qq.com",
    "bilibili.com",
    "cnblogs.com",
    "jianshu.com",
    "feishu.cn",
    "oschina.net",
    "51cto.com",
    "segmentfault.com",
    "infoq.cn",
)
EN_SITES = (*PAPER_HOSTS, "medium.com")  # paper sites publish in English


def on_site(url: str, sites: tuple[str, ...]) -> bool:
    """Return True when URL's host is one of SITES or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == s or host.endswith("." + s) for s in sites)


def is_paper_url(url: str) -> bool:
    """Return True for URLs of papers: by the site (arXiv, OpenReview, ACL, proceedings, DOI)."""
    return on_site(url, PAPER_HOSTS)


def arxiv_id(text: str) -> str | None:
    """Return the arXiv id (no version) TEXT is written as, or None: see `arxiv_version`."""
    found = arxiv_version(text)
    return found[0] if found else None


def arxiv_version(text: str) -> tuple[str, str | None] | None:
    """Return (id, version or None) of an arXiv id in any written form, or None: the id
    (`2106.09685v2`, `arXiv:2106.09685`, `hep-th/9901001`), its DOI (`10.48550/arXiv.…`,
    `https://doi.org/10.48550/arXiv.…`) or an abs/pdf/html page of arxiv.org (or a subdomain).
    Old-style ids come back as arXiv writes them: `math.GT/0309136`."""
    text = text.strip()
    if "://" not in text:
        match = _ARXIV_BARE.fullmatch(text) or _ARXIV_DOI.fullmatch(text)
    else:
        try:
            parts = urlsplit(text)
            host = (parts.hostname or "").rstrip(".")
        except ValueError:  # a malformed address ('http://[x') names no paper
            return None
        if parts.scheme.lower() not in ("http", "https"):
            match = None
        elif host == "arxiv.org" or host.endswith(".arxiv.org"):
            match = _ARXIV_PATH.fullmatch(parts.path)
        elif host in _DOI_HOSTS:
            match = _ARXIV_DOI.fullmatch(unquote(parts.path)[1:].removesuffix("/"))
        else:
            match = None
    if match is None:
        return None
    found, version = match.group("id"), match.group("version")
    if "/" in found:
        archive, number = found.split("/")
        name, dot, subject = archive.partition(".")
        found = f"{name.lower()}{dot}{subject.upper()}/{number}"
    return found, version.lower() if version else None


def short_name(title: str | None) -> str | None:
    """Return the name a title starts with ('DoRA: Weight-…' → 'DoRA'), or None."""
    if not title:
        return None
    text = title.strip()
    colon = _COLON.search(text)  # no regular expression spans the spaces: linear in the title
    head = text[: colon.start()].rstrip() if colon else text
    before = head[: -len(_REPORT)]
    named = colon is not None
    if head.lower().endswith(_REPORT) and before[-1:].isspace():
        head, named = before.rstrip(), True
    if named and 0 < len(head.split()) <= 3 and re.search(r"[A-Za-z]", head):
        return head
    return None


def slugify(*texts: str) -> str:
    """Return the ASCII letters and digits of TEXTS as a lowercase slug of at most
    MAX_ID_LENGTH characters, cut at a word (a first word longer than that is cut)."""
    words = [w.lower() for text in texts for w in _TOKEN.findall(text)]
    slug = ""
    for word in words:
        joined = f"{slug}-{word}" if slug else word
        if len(joined) > MAX_ID_LENGTH:
            break
        slug = joined
    return slug or (words[0][:MAX_ID_LENGTH] if words else "")


def is_generic(slug: str) -> bool:
    return all(word in GENERIC_WORDS for word in slug.split("-"))


def title_words(title: str) -> list[str]:
    """Return the ASCII words of TITLE; a number only after a word ('Llama 3', 'GPT-4'), not
    one in Chinese text ('从0到1复现 Alpaca' → Alpaca)."""
    words: list[str] = []
    end = 0
    for match in _TOKEN.finditer(title):
        gap = title[end : match.start()]
        if not match.group().isdigit() or (words and not any(c.isalpha() for c in gap)):
            words.append(match.group())
        end = match.end()
    return words


def title_slug(title: str | None, title_en: str | None = None) -> str:
    """Return the id a title gives ('' when none): the name the English title or the title
    starts with ('DoRA: …' → dora), else the words of either (three letters or digits)."""
    for text in (title_en, title):
        name = short_name(text)
        slug = slugify(*title_words(name)) if name else ""
        if len(slug) >= 2 and not is_generic(slug):
            return slug
    for text in (title_en, title):
        words = title_words(text or "")
        slug = slugify(*words)
        if len(slug.replace("-", "")) >= 3 and not is_generic(slug):
            return slug
    return ""


def url_slug(url: str) -> str:
    """Return the id a URL gives ('' when none): arxiv-<id> for arXiv, the repository (and the
    last part of a path in it) for GitHub, else the last part of the path when it is a word
    (more letters than digits, three at least), else the site and that part
    (zhuanlan.zhihu.com/p/123 → zhihu-123, bilibili.com/video/BV1H44y1t75x → bilibili-bv1h…)."""
    paper = arxiv_id(url)
    if paper:
        return slugify("arxiv", paper)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = [_EXTENSION.sub("", p) for p in unquote(parts.path).split("/") if p]
    if host == "github.com" and len(path) >= 2:
        inner = path[4:] if path[2:3] in (["tree"], ["blob"]) else path[2:]
        inner = _named_path(inner)
        return slugify(path[1], inner[-1] if inner else "")
    path = _named_path(path)
    last = path[-1] if path else ""
    letters = sum(c.isascii() and c.isalpha() for c in last)
    if letters >= 3 and letters > sum(c.isdigit() for c in last):  # a word, not a code
        return slugify(last)
    labels = [x for x in host.split(".") if x not in ("www", "")]
    site = labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")
    return slugify(site, last)


def _named_path(path: list[str]) -> list[str]:
    """Return PATH without the trailing parts that are file names, not names (index, README)."""
    end = len(path)
    while end and path[end - 1].lower() in _NOT_A_NAME:
        end -= 1
    return path[:end]


def entry_base(
    title: str | None,
    title_en: str | None = None,
    url: str | None = None,
    topic: str | None = None,
    part: int | None = None,
) -> str:
    """Return the id an entry is named by before any suffix: its title's, else its link's, else
    '<topic>-item' (or 'entry' with no topic). A title's name ends in the entry's PART of a
    series ('…实战（二）-Prompt Tuning' → prompt-tuning-2), so that the parts of a series named by
    the series alone ('Qwen 技术（三）') say which part they are, not which came first."""
    slug = title_slug(title, title_en)
    if slug:
        return with_part(slug, part) if part is not None else slug
    slug = url_slug(url) if url else ""  # a link names its one page: no part needed
    if slug:
        return slug
    topic_slug = slugify(topic or "")
    return f"{topic_slug[: MAX_ID_LENGTH - 5].rstrip('-')}-item" if topic_slug else "entry"


def with_part(slug: str, part: int) -> str:
    """Return SLUG-PART, SLUG cut at a word so that the part always fits (SLUG alone when the
    part is no place in a series or too long a number for any id)."""
    suffix = f"-{part}"
    if part < 1 or len(suffix) >= MAX_ID_LENGTH:
        return slug
    words = slug.split("-")
    while len(words) > 1 and len("-".join(words)) + len(suffix) > MAX_ID_LENGTH:
        words.pop()
    return "-".join(words)[: MAX_ID_LENGTH - len(suffix)] + suffix


def numbered(base: str, n: int) -> str:
    """Return BASE-N, BASE cut so that the whole stays within MAX_ID_LENGTH."""
    suffix = f"-{n}"
    return base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix


def free_id(base: str, taken: Collection[str]) -> str:
    """Return BASE, or BASE-2, BASE-3 … : the first one neither TAKEN nor reserved."""
    candidate, n = base, 2
    while candidate in taken or candidate in RESERVED_IDS:
        candidate, n = numbered(base, n), n + 1
    return candidate


def propose_id(
    title: str | None,
    title_en: str | None,
    url: str | None,
    taken: Collection[str],
    topic: str | None = None,
    part: int | None = None,
) -> str:
    """Propose an unused id the way the catalog names things (`entry_base`, then a suffix)."""
    return free_id(entry_base(title, title_en, url, topic, part), taken)


class IdAllocator:
    """Hand out unique ids as `free_id` would, in constant time per id: BASE, BASE-2 …"""

    def __init__(self, taken: Collection[str] = ()) -> None:
        self.taken: set[str] = set(taken)
        self._next: dict[str, int] = {}

    def take(self, base: str) -> str:
        candidate, n = base, self._next.get(base, 2)
        while candidate in self.taken or candidate in RESERVED_IDS:
            candidate, n = numbered(base, n), n + 1
        self._next[base] = n
        self.taken.add(candidate)
        return candidate
