"""The search normaliser: the Python one (llm_atlas.normalise, index time) and the browser's
(docs/assets/javascripts/normalise.js, query time) give the case table's forms, and agree."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from llm_atlas import normalise
from llm_atlas.normalise import fold, key, name_keys

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "docs" / "assets" / "javascripts" / "normalise.js"
CASES = json.loads((REPO / "tests" / "cases" / "search" / "normalise.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["in"] for c in CASES])
def test_python_forms(case: dict[str, str]) -> None:
    assert (fold(case["in"]), key(case["in"])) == (case["fold"], case["key"])


def _node(program: str, data: object) -> object:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    done = subprocess.run(
        [node, "-e", program, str(SCRIPT)],
        input=json.dumps(data),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


_RUN = """
const n = require(process.argv[1]);
const data = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(%s));
"""


def test_browser_forms_are_the_table() -> None:
    found = _node(_RUN % "data.map(s => [n.fold(s), n.key(s)])", [c["in"] for c in CASES])
    assert found == [[c["fold"], c["key"]] for c in CASES]


def test_browser_rules_are_the_python_rules() -> None:
    found = _node(_RUN % "[n.WORDS, n.ISE, n.YSE]", None)
    assert found == [normalise.WORDS, normalise.ISE, normalise.YSE]


@pytest.mark.parametrize(
    ("a", "b", "bound", "expected"),
    [
        ("distilation", "distillation", 2, 1),
        ("megatorn", "megatron", 2, 1),
        ("kubernets", "kubernetes", 2, 1),
        ("abc", "abc", 1, 0),
        ("abcdef", "ab", 2, 3),
        ("flash", "flush", 0, 1),
        ("", "ab", 3, 2),
    ],
)
def test_browser_distance(a: str, b: str, bound: int, expected: int) -> None:
    assert _node(_RUN % "n.distance(data[0], data[1], data[2])", [a, b, bound]) == expected


@pytest.mark.parametrize(
    ("shown", "names", "text", "expected"),
    [
        (["C-Eval", "中文评测"], ["ceval"], "", (["ceval"], [])),
        (["C-Eval", "中文评测"], [], "", ([], ["ceval"])),
        (["FlashAttention-2: Faster Attention"], [], "", ([], ["flashattention2"])),
        (
            ["LLM训练优化技术"],
            ["Training Optimisation"],
            "",
            (["trainingoptimization"], ["optimization"]),
        ),
        (["GPTQ: Accurate Quantization"], ["GPTQ"], "", (["gptq"], [])),
        (
            ["LoRA"],
            ["Low-Rank Adaptation (LoRA)"],
            "",
            (["lowrankadaptationlora", "lowrankadaptation"], ["lowrank"]),
        ),
        (["量化"], ["a name far longer than thirty-two characters"], "", ([], ["thirtytwo"])),
        (["DPO"], ["剪枝", "FSDP"], "we optimise it", (["剪枝", "fsdp"], ["optimize"])),
    ],
)
def test_name_keys(
    shown: list[str], names: list[str], text: str, expected: tuple[list[str], list[str]]
) -> None:
    assert name_keys(shown, names, text) == expected
