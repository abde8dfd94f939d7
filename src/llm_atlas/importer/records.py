"""Records of a parsed README and the reading of one inline Markdown run.

`Heading`, `Item`, `Skip` and `Parsed` are what `parse` gives `emit`; `read_inline` turns a
markdown-it inline token into its plain text, its links and whether it starts with a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

NUMBERING = re.compile(r"^\s*\d+[.、)]\s*")


@dataclass
class Heading:
    """A heading: level 1–6, text without markup, and its own link if it is one."""

    level: int
    title: str
    line: int
    url: str | None = None
    has_media: bool = False
    anchor_links: int = 0
    placeholder: bool = False  # says its content is still to come ('待更新')


@dataclass
class Item:
    """Something that becomes an entry: a link or a planned (unlinked) title."""

    line: int
    title: str
    url: str | None
    section: int
    source: str
    parent: int | None = None
    labels: list[str] = field(default_factory=list)
    description: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    more: list[str] = field(default_factory=list)  # links beyond one per role
    paper: bool = False  # its own link is labelled as a paper ('[Paper]', 'pdf')


@dataclass
class Skip:
    """A line that produced no item, and why."""

    line: int
    reason: str
    text: str


@dataclass
class Parsed:
    headings: list[Heading] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    descriptions: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Existing:
    """What a catalog holds already: its topic and entry ids, and its works by URL or arXiv id."""

    topic_ids: frozenset[str] = frozenset()
    entry_ids: frozenset[str] = frozenset()
    works: dict[str, str] = field(default_factory=dict)  # normalised URL or 'arxiv:ID' → id


@dataclass
class Inline:
    text: str
    links: list[tuple[str, str]]
    images: int
    starts_with_link: bool
    strong: bool
    # Targets of GitHub star badges (`[![Star](…/stars/org/repo…)](https://github.com/org/repo)`):
    # the code of what the line lists, never an entry of their own.
    stars: list[str] = field(default_factory=list)
    # Other links around an image or badge (decoration), and the text of badges (a venue …).
    decor: list[tuple[str, str]] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)
    # Emphasised text outside links ('*Ann, Bo.*': an author list in many lists).
    emphasis: list[str] = field(default_factory=list)


# Bare URLs (GitHub renders them as links): up to whitespace, brackets, quotes or CJK punctuation.
BARE_URL = re.compile(r"https?://[^\s<>()\[\]{}\"'，。；：、（）！？《》【】|\x00-\x1f\x7f]+")
_URL_END = ".,;:!?*_~"
_HTML_A = re.compile(r"<a\s[^>]*href=[\"']?([^\"'\s>]+)", re.IGNORECASE)
_GENERIC = re.compile(
    r"^(link|links|url|pdf|paper|papers|arxiv|code|github|gitlab|source|repo|project|homepage|"
    r"home|website|site|web|blog|post|docs?|documentation|model|models|weights|dataset|data|"
    r"demo|colab|notebook|discord|slack|video|youtube|slides?|poster|html|abs|here|download|"
    r"openreview|huggingface|hf|page|github page|official|"
    r"地址|链接|论文|代码|项目|主页|官网|文档|博客|下载|试用链接|项目地址|论文地址|代码地址)$",
    re.IGNORECASE,
)
_BADGE = re.compile(
    r"shields\.io|badge|awesome\.re|badgen\.net|img\.shields|camo\.githubusercontent"
)
# Sites of badges and images: a link to one is decoration, never content.
BADGE_HOSTS = re.compile(r"shields\.io|badgen\.net|star-history|awesome\.re|\.(svg|png|jpe?g|gif)$")
_STAR = re.compile(r"/github/stars/|stars\.svg|/stars/", re.IGNORECASE)


def is_generic(label: str) -> bool:
    """Return True for link labels that name a kind of link, not the thing ('[pdf]', 'GitHub')."""
    text = re.sub(r"[\[\]()（）【】*_`:：\s]+", " ", label).strip()
    text = re.sub(r"[^\w\s.+-]", "", text).strip()  # emoji and symbols
    plain = label.strip("[]() ").lower()
    return not text or bool(_GENERIC.match(text)) or plain.startswith(("code (", "code by"))


def bare_urls(text: str) -> list[tuple[int, str]]:
    """Return (offset, url) of every bare http(s) URL in TEXT, trailing punctuation dropped."""
    found = []
    for match in BARE_URL.finditer(text):
        url = match.group().rstrip(_URL_END)
        if len(url) > len("https://x"):
            found.append((match.start(), url))
    return found


def badge_text(src: str) -> str | None:
    """Return what a shields.io static badge says ('Conference-ICML'24-blue' → "ICML'24")."""
    match = re.search(r"/badge/([^?#]+?)(?:\.svg)?(?:\?|$)", src)
    if not match:
        return None
    said = match.group(1).rsplit("/", 1)[-1]
    parts = [p.replace("_", " ") for p in re.split(r"(?<!-)-(?!-)", said)]
    words = [p for p in parts[:-1] if p] if len(parts) > 1 else parts
    return words[-1].replace("--", "-") if words else None


def token_line(token: Token) -> int:
    return token.map[0] + 1 if token.map else 0


def read_inline(token: Token) -> Inline:
    parts: list[str] = []
    links: list[tuple[str, str]] = []
    href: str | None = None
    autolink = False
    label: list[str] = []
    link_images: list[str] = []
    images = 0
    first_kind = ""
    stars: list[tuple[str, str]] = []
    decor: list[tuple[str, str]] = []
    badges: list[str] = []
    emphasis: list[str] = []
    em: list[str] | None = None
    children = token.children or []
    strong = all(c.type in ("strong_open", "strong_close", "text") for c in children)
    strong = strong and any(c.type == "strong_open" for c in children)
    for child in children:
        if not first_kind and not (
            child.type == "text" and not NUMBERING.sub("", child.content).strip()
        ):
            first_kind = child.type
        if child.type == "em_open" and href is None:
            em = []
        elif child.type == "em_close" and em is not None:
            emphasis.append("".join(em).strip())
            em = None
        if child.type == "link_open":
            href, label, link_images = str(child.attrs.get("href", "")), [], []
            autolink = child.markup == "autolink"
        elif child.type == "link_close" and href is not None:
            text = "".join(label).strip()
            if link_images and not text:
                (stars if _STAR.search(link_images[0]) else decor).append((text, href))
            else:
                links.append(("" if autolink else text, href))
            href = None
        elif child.type == "image":
            images += 1
            src = str(child.attrs.get("src", ""))
            said = badge_text(src) if _BADGE.search(src) else None
            if said and not _STAR.search(src):
                badges.append(said)
            if href is not None:
                link_images.append(src)
        elif child.type in ("text", "code_inline"):
            if href is None and child.type == "text":
                for _, url in bare_urls(child.content):
                    links.append(("", url))
            parts.append(child.content)
            if href is not None:
                label.append(child.content)
            elif em is not None:
                em.append(child.content)
        elif child.type == "html_inline" and href is None and _HTML_A.match(child.content):
            opened = _HTML_A.match(child.content)
            href, label, link_images = (opened[1] if opened else ""), [], []
            autolink = False
        elif child.type == "html_inline" and child.content.lower() == "</a>" and href is not None:
            text = "".join(label).strip()
            (links if text else decor).append((text, href))
            href = None
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content.lower().startswith("<br")
        ):
            parts.append("\n")
    stars_only = [url for _, url in stars]
    return Inline(
        "".join(parts).strip(),
        links,
        images,
        first_kind == "link_open" and bool(links) and bool(links[0][0]),
        strong,
        stars_only,
        decor,
        badges,
        [e for e in emphasis if e],
    )
