"""Generate a synthetic catalog of N entries for benchmarks.

Realistic mix: kinds in the shipped catalog's proportions, Chinese and English titles, every topic
of the shipped taxonomy, related links, series with parts, planned items.

    python bench/gen_catalog.py 10000 /tmp/cat10k
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
KIND_WEIGHTS = {
    "tutorial": 45,
    "paper": 25,
    "article": 8,
    "tool": 7,
    "code": 7,
    "benchmark": 4,
    "dataset": 2,
    "course": 2,
}
ZH = [
    "大模型",
    "分布式",
    "训练",
    "推理",
    "量化",
    "剪枝",
    "蒸馏",
    "微调",
    "并行",
    "显存",
    "优化",
    "原理",
    "实战",
    "综述",
    "部署",
    "评测",
    "数据",
    "加速",
    "框架",
    "注意力",
    "解码",
    "服务",
]
EN = [
    "LoRA",
    "QLoRA",
    "PagedAttention",
    "FlashAttention",
    "GPTQ",
    "AWQ",
    "vLLM",
    "DeepSpeed",
    "Megatron",
    "ZeRO",
    "SmoothQuant",
    "Speculative",
    "Decoding",
    "Tensor",
    "Pipeline",
    "MoE",
]
HOSTS = ["zhuanlan.zhihu.com/p", "juejin.cn/post", "github.com/example", "www.zhihu.com/question"]


def title(rng: random.Random) -> str:
    words = rng.sample(ZH, 4)
    return f"{''.join(words[:2])}{rng.choice(EN)}{''.join(words[2:])}：{rng.choice(EN)}"


def generate(n: int, out: Path, seed: int = 1) -> None:
    """Write a catalog of N entries into OUT (replacing it)."""
    rng = random.Random(seed)
    topics = yaml.safe_load((ROOT / "catalog" / "topics.yaml").read_text(encoding="utf-8"))
    topic_ids = [t["id"] for t in topics]
    kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=n)
    files: dict[str, list[dict[str, object]]] = {}
    series_left = 0
    series_name = ""
    part = 0
    for i, kind in enumerate(kinds):
        topic = rng.choice(topic_ids)
        entry: dict[str, object] = {"id": f"e{i:06d}-{kind}", "kind": kind, "title": title(rng)}
        planned = kind == "tutorial" and rng.random() < 0.15
        if planned:
            entry["status"] = "planned"
        else:
            host = rng.choice(HOSTS)
            entry["url"] = f"https://{host}/{1000000 + i}"
        entry["title_en"] = " ".join(rng.sample(EN, 3))
        entry["lang"] = "en" if kind in ("paper", "tool") else "zh"
        entry["topics"] = [topic] + ([rng.choice(topic_ids)] if rng.random() < 0.3 else [])
        if kind == "paper":
            arxiv = f"{rng.randint(17, 26)}{rng.randint(1, 12):02d}.{i % 100000:05d}"
            entry.update(
                url=f"https://arxiv.org/abs/{arxiv}",
                arxiv=arxiv,
                authors=[f"Author {rng.randint(1, 500)}" for _ in range(3)],
                year=rng.randint(2017, 2026),
                venue=rng.choice(["ICLR", "NeurIPS", "ICML"]),
            )
        if kind == "benchmark":
            entry.update(
                size=f"{rng.randint(100, 20000):,} questions",
                languages=["zh", "en"],
                tasks=["multiple choice", "reasoning"],
            )
        if kind == "tutorial" and not planned:
            if series_left == 0 and rng.random() < 0.1:
                series_left, series_name, part = rng.randint(3, 10), f"系列{i}：{title(rng)}", 0
            if series_left:
                part += 1
                series_left -= 1
                entry.update(series=series_name, part=part)
            if rng.random() < 0.3:
                entry.update(
                    model="LLaMA",
                    method="LoRA",
                    params="7B",
                    code=f"https://github.com/example/code/tree/main/{i}",
                )
        if i > 10 and rng.random() < 0.5:
            entry["related"] = sorted({f"e{j:06d}-{kinds[j]}" for j in rng.sample(range(i), 2)})
        entry["tags"] = rng.sample(EN, 2)
        entry["description"] = "，".join(rng.sample(ZH, 6)) + "。"
        entry["added"] = dt.date(2026, rng.randint(1, 11), rng.randint(1, 28))
        area = topic.split("-")[0]
        files.setdefault(area, []).append(entry)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(ROOT / "catalog" / "topics.yaml", out / "topics.yaml")
    for area, entries in files.items():
        for chunk in range(0, len(entries), 2000):
            part_name = f"{area}-{chunk // 2000 + 1}.yaml"
            text = yaml.safe_dump(
                entries[chunk : chunk + 2000], allow_unicode=True, sort_keys=False
            )
            (out / part_name).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("entries", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.entries, args.out, args.seed)


if __name__ == "__main__":
    main()
