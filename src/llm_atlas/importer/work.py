"""One list item, table row or reference read as one work.

Takes the inline reading of an item (text, links with labels, emphasised spans); gives a `Work`:
its title span without citation residue, its authors, venue and year, its main URL and every
other link under a role (paper, code, project, demo, data, model, slides, video, blog, docs),
an arXiv id written in text, and what is left as a description. Roles become fields of the
entry, never entries of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from llm_atlas.importer.records import NUMBERING, Inline, is_generic
from llm_atlas.importer.tags import ARXIV_TEXT, cut_tags, find_tags, text_arxiv, venue_text
from llm_atlas.naming import PAPER_HOSTS

# Role → entry field ('model' is taken by the practice tables: a model's weights are 'weights').
ROLE_FIELDS = {
    "paper": "paper",
    "code": "code",
    "project": "project",
    "demo": "demo",
    "data": "data",
    "model": "weights",
    "slides": "slides",
    "video": "video",
    "blog": "blog",
    "docs": "docs",
}
_LABEL_ROLES = (
    ("paper", r"paper|pdf|arxiv|abs|openreview|论文|preprint|publication|tech(nical)? report"),
    ("code", r"code|github|gitlab|repo(sitory)?|source|implementation|official|代码"),
    ("demo", r"demo|colab|playground|space|try|试用|notebook"),
    ("data", r"data(set)?s?|benchmark|数据(集)?|corpus"),
    ("model", r"models?|weights?|checkpoints?|hugging ?face|hf|模型|ckpt"),
    ("slides", r"slides?|ppt|poster|deck"),
    ("video", r"video|youtube|bilibili|talk|recording|视频|b站"),
    ("blog", r"blog|post|medium|知乎|zhihu|article|news|twitter|tweet|x\.com|thread"),
    ("docs", r"docs?|documentation|文档|manual|guide"),
    ("project", r"project( page)?|homepage|home|page|website|site|web|主页|官网|link|url"),
)
_LABEL_RE = [(role, re.compile(rf"(^|\W)({words})(\W|$)", re.I)) for role, words in _LABEL_ROLES]
_HOST_ROLES = (
    ("paper", PAPER_HOSTS),
    ("code", ("github.com", "gitlab.com", "gitee.com", "bitbucket.org")),
    ("video", ("youtube.com", "youtu.be", "bilibili.com", "vimeo.com", "b23.tv")),
    ("slides", ("slideshare.net", "speakerdeck.com")),
    ("blog", ("medium.com", "zhuanlan.zhihu.com", "substack.com", "twitter.com", "x.com",
              "mp.weixin.qq.com", "towardsdatascience.com")),
    ("data", ("kaggle.com",)),
)  # fmt: skip
# A name: capitalised words (initials, particles and hyphens allowed), or 2–4 CJK characters.
_NAME = re.compile(
    r"(?:[A-Z][\w'’.-]{0,20}|[a-z]{1,3}|[A-Z]\.)(?: (?:[A-Z][\w'’.-]{0,20}|de|van|von|der|la|da|"
    r"[A-Z]\.)){0,5}|[\u4e00-\u9fff]{2,4}"
)
_QUOTED = re.compile(r"[\"“]([^\"“”]{8,300})[\"”]")
_SEPARATORS = " \t\n.,;:|/-–—·•*_()[]（）【】：，。"


@dataclass
class Work:
    """What one item lists: a title, its main link and links by role, and its facts."""

    title: str
    url: str | None = None
    links: dict[str, str] = field(default_factory=dict)  # entry field → URL
    more: list[str] = field(default_factory=list)  # links whose role was taken already
    authors: list[str] = field(default_factory=list)
    venue: str | None = None
    year: int | None = None
    arxiv: str | None = None
    description: str | None = None
    paper: bool = False  # the main link is the work's paper ('[Paper]', an arXiv id)


def host_role(url: str) -> str | None:
    """Return the role a URL's site implies (arXiv → paper, GitHub → code …), or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "huggingface.co":
        path = parts.path.strip("/")
        if path.startswith("datasets/"):
            return "data"
        if path.startswith("spaces/"):
            return "demo"
        if path.startswith("papers/"):
            return "paper"
        return "model" if path.count("/") == 1 else None
    if url.lower().split("?")[0].endswith(".pdf"):
        return "paper"
    for role, hosts in _HOST_ROLES:
        if any(host == h or host.endswith("." + h) for h in hosts):
            return role
    return None


def label_role(label: str) -> str | None:
    """Return the role a link label names ('[Code]', 'Project page', '论文'), or None."""
    text = label.strip()
    if len(text) > 40 or (len(text.split()) > 2 and not is_generic(text)):
        return None  # 'GPT-4 Technical Report' names a work, 'Tech report' a role
    return next((role for role, words in _LABEL_RE if words.search(text)), None)


def link_role(label: str, url: str) -> str:
    """Return a link's role: a generic label names it, else the site, else 'project'."""
    if is_generic(label) or len(label) <= 24:
        named = label_role(label)
        if named is not None:
            return named
    return host_role(url) or "project"


def split_authors(text: str) -> list[str]:
    """Return the names of an author list ('A, B and C' → three names)."""
    text = re.sub(r"\s+and\s+|\s?&\s?", ", ", text.strip(" .*_"))
    text = re.sub(r",?\s(et al)\b\.?", r", \1.", text)
    names = [n.strip(" .*_") for n in re.split(r"[,，;]", text)]
    names = ["et al." if n == "et al" else n for n in names]
    return [n for n in names if n and len(n) <= 60]


def is_author_list(text: str) -> bool:
    plain = text.strip(" .*_")
    if not plain or len(plain) > 600 or re.search(r"[:：!?。()\[\]]|\d{3}", plain):
        return False
    if re.search(r"[A-Z]{2}", plain):  # 'LLMs', 'RAG': keywords, not names
        return False
    names = split_authors(plain)
    if not names or not all(_NAME.fullmatch(n) or n.startswith("et al") for n in names):
        return False
    if "et al" in plain:
        return True
    return len(names) >= 2 and 2 * sum(" " in n for n in names) >= len(names)


def clean_work_title(text: str) -> str:
    """Return TEXT as a title: no numbering, emphasis marks, wrapping quotes or end punctuation."""
    text = NUMBERING.sub("", " ".join(text.split()))
    text = text.strip(" *_`")
    quoted = re.fullmatch(r"[\"“'](.+)[\"”']", text)
    text = quoted.group(1) if quoted else text
    ellipsis = text.rstrip(" *_").endswith(("...", "…"))
    text = text.strip(' ,;:.|-–—*_"“”').lstrip("])）】").rstrip("[(（【")
    return text.strip(' ,;:.|-–—*_"“”') + ("..." if ellipsis and not text.endswith("…") else "")


def read_work(info: Inline, title: str | None, url: str | None) -> Work:
    """Return the work INFO lists. TITLE and URL are its named first link, when it has one;
    without them the title is the text before the links and the main URL the best link."""
    links = [(label, target) for label, target in info.links if target != url]
    arxiv = text_arxiv(info.text)
    text = ARXIV_TEXT.sub(" ", info.text) if arxiv and title is None else info.text
    if title is not None:
        at = text.find(title)
        rest = text[at + len(title) :] if at >= 0 else text
        head = text[:at] if at > 0 else ""
    else:
        head, rest = _split_head(text, links)
    for label, target in links:
        rest = rest.replace(label, " ", 1) if label else rest.replace(target, " ", 1)
    tags = find_tags(head) + find_tags(rest)
    work = Work(clean_work_title(title) if title is not None else "")
    head_tags = find_tags(head)
    head = cut_tags(head, head_tags)
    rest_tags = find_tags(rest)
    rest = cut_tags(rest, rest_tags)
    tags += [t for badge in info.badges for t in find_tags(badge) if t.venue]  # 'ICLR'22'
    if tags:
        best = next((t for t in tags if t.venue is not None), tags[0])
        work.year, work.venue = best.year, venue_text(best)
    if title is None:
        for span in info.emphasis:  # '*Ann, Bo*' between the title and the links
            if not work.authors and span in head and is_author_list(span):
                work.authors = split_authors(span)
                head = head.replace(span, " ", 1)
        work.title = _title_from_text(head, work)
    else:
        head = head.strip(_SEPARATORS)
        if head and is_author_list(head):
            work.authors = split_authors(head)
    rest = _take_authors(rest, info, work)
    work.arxiv = arxiv
    work.url = url
    for label, target in links:
        _place(work, label, target)
    if work.url is None:
        work.url = _main_link(work)
    description = " ".join(rest.strip(_SEPARATORS.replace(")", "").replace("）", "")).split())
    description = description.lstrip(")）").strip()
    work.description = description if len(description) >= 3 else None
    return work


def _split_head(text: str, links: list[tuple[str, str]]) -> tuple[str, str]:
    """Return the text before the first link (the title's place) and after it."""
    cut = len(text)
    for label, target in links:
        at = text.find(label) if label else text.find(target)
        if at >= 0:
            cut = min(cut, at)
    return text[:cut], text[cut:]


def _title_from_text(head: str, work: Work) -> str:
    """Return the title a citation or a 'Title [paper] [code]' line names; authors aside."""
    first = head.split("\n")[0]
    quoted = _QUOTED.search(first)
    if quoted:
        before = first[: quoted.start()].strip(_SEPARATORS)
        if before and is_author_list(before):
            work.authors = split_authors(before)
        return clean_work_title(quoted.group(1))
    lines = [line.strip(_SEPARATORS) for line in head.split("\n")]
    lines = [line for line in lines if line]
    if len(lines) > 1 and not work.authors and is_author_list(lines[1]):
        work.authors = split_authors(lines[1])
    title = clean_work_title(lines[0] if lines else "")
    # 'Authors. Title. Venue' (a reference): the title is the sentence after the authors.
    parts = re.split(r"(?<=[a-z0-9)])\. ", title, maxsplit=2)
    if len(parts) >= 2 and is_author_list(parts[0]) and len(parts[1]) >= 8:
        if not work.authors:
            work.authors = split_authors(parts[0])
        title = clean_work_title(parts[1])
    return title


def _take_authors(rest: str, info: Inline, work: Work) -> str:
    """Move an emphasised author list ('*A, B, C.*') or an author line out of REST."""
    for span in info.emphasis:
        if not work.authors and is_author_list(span) and span in rest:
            work.authors = split_authors(span)
            return rest.replace(span, " ", 1)
    lines = [line.strip(_SEPARATORS) for line in rest.split("\n")]
    for line in lines:
        if line and not work.authors and is_author_list(line):
            work.authors = split_authors(line)
            return rest.replace(line, " ", 1)
    return rest


def _place(work: Work, label: str, url: str) -> None:
    role = link_role(label, url)
    name = ROLE_FIELDS[role]
    if url in work.links.values() or url in work.more:
        return
    if name not in work.links:
        work.links[name] = url
    else:
        work.more.append(url)


def _main_link(work: Work) -> str | None:
    """Pick the URL that names the work: its paper, else its project, code or any link."""
    for name in ("paper", "project", "code", "docs", "data", "weights", "demo", "blog", "video"):
        if name in work.links:
            work.paper = name == "paper"
            return work.links.pop(name)
    return work.more.pop(0) if work.more else None
