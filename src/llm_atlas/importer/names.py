"""Ids, English titles and guesses (kind, language) for imported topics and entries.

Takes titles and URLs; gives lowercase slugs that pass the catalog's id rule, a rough English
title for a Chinese heading (from a small glossary of the field's terms), an entry kind guessed
from the URL, and a language guessed from the script of the title.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

MAX_ID_LENGTH = 60
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+#]*")
_GENERIC = {"llm", "llms", "ai", "gpu", "and", "the", "of", "a", "an"}

# Longest terms first so that 参数高效微调 wins over 微调; "" drops filler words.
GLOSSARY: dict[str, str] = dict(
    sorted(
        {
            "参数高效微调": "PEFT",
            "分布式": "distributed",
            "训练": "training",
            "推理": "inference",
            "微调": "fine-tuning",
            "压缩": "compression",
            "量化": "quantization",
            "剪枝": "pruning",
            "稀疏化": "sparsity",
            "知识蒸馏": "distillation",
            "蒸馏": "distillation",
            "低秩分解": "low-rank",
            "测评集": "benchmarks",
            "测评工具": "evaluation tools",
            "测评": "evaluation",
            "评测": "evaluation",
            "效果": "quality",
            "压测": "load testing",
            "性能": "performance",
            "数据工程": "data engineering",
            "数据筛选": "data selection",
            "数据": "data",
            "工程": "engineering",
            "高效": "efficient",
            "框架": "frameworks",
            "引擎": "engines",
            "服务": "serving",
            "优化": "optimization",
            "并行": "parallelism",
            "对齐": "alignment",
            "网络通信": "networking",
            "通信": "communication",
            "实战": "practice",
            "原理": "principles",
            "提示": "prompt",
            "算法架构": "architecture",
            "架构": "architecture",
            "应用开发": "applications",
            "应用": "applications",
            "开发": "development",
            "国产化": "localization",
            "适配": "adaptation",
            "编译器": "compilers",
            "基础设施": "infrastructure",
            "加速卡": "accelerators",
            "集群": "cluster",
            "生态": "ecosystem",
            "相关技术": "",
            "技术": "",
            "分析": "analysis",
            "面试题": "interview questions",
            "服务器": "server",
            "基础环境": "environment",
            "安装": "setup",
            "常用工具": "tools",
            "工具": "tools",
            "预训练": "pre-training",
            "语料": "corpus",
            "处理": "processing",
            "学习": "learning",
            "交流群": "community",
            "课程推荐": "courses",
            "课程": "courses",
            "大模型": "LLM",
            "模型": "model",
            "目录": "contents",
            "列表": "list",
            "国外": "international",
            "中国": "china",
            "中文": "chinese",
            "官方": "official",
            "链接": "links",
            "自主": "own",
            "模式": "style",
            "语料篇": "corpus",
            "对话": "dialogue",
            "指令集": "instructions",
            "指令": "instruction",
            "答案": "answers",
            "仅": "only",
            "开源": "open-source",
            "传统": "classic",
            "数据集": "datasets",
            "论文": "papers",
            "综述": "survey",
            "长文本": "long-context",
            "多模态": "multimodal",
            "智能体": "agents",
            "检索增强": "rag",
            "强化学习": "rl",
            "新闻": "news",
            "更新": "updates",
            "无": "no",
            "篇": "",
            "及": "and",
            "和": "and",
            "与": "and",
            "的": "",
        }.items(),
        key=lambda kv: -len(kv[0]),
    )
)


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def slugify(words: list[str]) -> str:
    """Join WORDS into a lowercase slug no longer than MAX_ID_LENGTH (cut at a word)."""
    slug = ""
    for word in words:
        part = re.sub(r"[^a-z0-9]+", "-", word.lower()).strip("-")
        if not part:
            continue
        joined = f"{slug}-{part}" if slug else part
        if len(joined) > MAX_ID_LENGTH:
            break
        slug = joined
    return slug


def english_words(title: str) -> list[str]:
    """Return the Latin-script words of TITLE, in order."""
    return _WORD.findall(title)


def translate_title(title: str) -> list[str]:
    """Return TITLE as English words: Latin words kept, glossary terms translated, rest dropped."""
    words: list[str] = []
    i = 0
    while i < len(title):
        match = _WORD.match(title, i)
        if match:
            words.append(match.group())
            i = match.end()
            continue
        term = next((t for t in GLOSSARY if title.startswith(t, i)), None)
        if term is not None:
            if GLOSSARY[term] and (not words or words[-1] != GLOSSARY[term]):
                words.append(GLOSSARY[term])
            i += len(term)
        else:
            i += 1
    return words


def english_title(title: str) -> str:
    """Return a rough English title for TITLE (TITLE itself when nothing translates)."""
    words = translate_title(title)
    if not words or words == english_words(title) and not has_cjk(title):
        return title
    text = " ".join(words)
    return text[0].upper() + text[1:]


def url_slug(url: str) -> str:
    """Return a slug from the site name and the last two path parts (zhihu p/123 → zhihu-p-123)."""
    parts = urlsplit(url)
    host = (parts.hostname or "link").split(".")
    site = host[-2] if len(host) >= 2 else host[0]
    path = [p for p in unquote(parts.path).split("/") if p]
    if site == "github" and len(path) >= 2 and path[2:3] in (["tree"], ["blob"]):
        path = [path[1], *path[4:]]
    return slugify([site, *path[-2:]]) or "link"


def entry_slug(title: str, url: str | None) -> str:
    """Return an id the way the catalog names things: the name a title starts with ('DoRA: …'
    → dora), else its English words, else the URL, else ''."""
    from llm_atlas.edit.fields import short_name

    name = short_name(title)
    if name:
        slug = slugify(english_words(name))
        if len(slug) >= 2 and slug not in _GENERIC:
            return slug
    words = [w for w in english_words(title) if not w.isdigit()]
    letters = sum(c.isalpha() for w in words for c in w)
    slug = slugify(words)
    if letters >= 3 and slug not in _GENERIC:
        return slug
    return url_slug(url) if url else ""


class IdAllocator:
    """Hand out unique ids: BASE, then BASE-2, BASE-3 … in constant time per id."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next: dict[str, int] = {}

    def take(self, base: str) -> str:
        candidate, n = base, self._next.get(base, 2)
        while candidate in self.taken:
            suffix = f"-{n}"
            candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
            n += 1
        self._next[base] = n
        self.taken.add(candidate)
        return candidate


def unique_id(base: str, taken: set[str]) -> str:
    """Return BASE, or BASE-2, BASE-3 … when taken; record the result in TAKEN."""
    allocator = IdAllocator()
    allocator.taken = taken
    return allocator.take(base)


def transliterate(title: str) -> str:
    """Return a stable ASCII id for text no glossary word covers (code points, shortened)."""
    chars = [c for c in title if has_cjk(c)][:4]
    return "-".join(f"u{ord(c):x}" for c in chars)


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


def is_paper_url(url: str) -> bool:
    """Return True for URLs of papers: by the site (arXiv, OpenReview, ACL, proceedings, DOI)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in PAPER_HOSTS)


def guess_kind(url: str, source: str) -> str:
    """Guess an entry kind from URL (paper sites, GitHub repo tool or code, article, tutorial)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = [p for p in parts.path.split("/") if p]
    if is_paper_url(url):
        return "paper"
    if host == "github.com":
        if len(path) <= 2:
            return "tool"
        return "code"
    if source == "heading":
        return "article"
    if host in ("zhuanlan.zhihu.com", "juejin.cn") or host.endswith(".feishu.cn"):
        return "tutorial"
    return "article"


def arxiv_id(url: str) -> str | None:
    """Return the arXiv id of an abs/pdf/html URL, without its version."""
    from llm_atlas.edit.fields import arxiv_id as from_url

    return from_url(url)
