"""English words, titles and guesses (kind, language) for imported topics and entries.

Takes titles and URLs; gives the English words of a Chinese heading (from a small glossary of
the field's terms) for a topic's id and English title, an entry kind guessed from the URL, and
whether a title is Chinese. Entry ids, slugs and host lists are `llm_atlas.naming`'s.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from llm_atlas.naming import is_paper_url

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+#]*")

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


def transliterate(title: str) -> str:
    """Return a stable ASCII id for text no glossary word covers (code points, shortened)."""
    chars = [c for c in title if has_cjk(c)][:4]
    return "-".join(f"u{ord(c):x}" for c in chars)


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
