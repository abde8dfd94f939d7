"""links.policy_file and links.policy: built-in defaults, the links.yaml overrides, and clear
errors for bad config."""

from __future__ import annotations

from pathlib import Path

import pytest

from llm_atlas.links.policy import USER_AGENT
from llm_atlas.links.policy_file import load_config
from llm_atlas.problems import AtlasError

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_without_a_file() -> None:
    config = load_config(None)
    for host in (
        "zhuanlan.zhihu.com",
        "www.zhihu.com",
        "juejin.cn",
        "mp.weixin.qq.com",
        "github.com",
        "arxiv.org",
    ):
        assert host in config.hosts
    assert config.policy("mp.weixin.qq.com").concurrency == 1
    assert config.policy("api.github.com") == config.policy("github.com")
    assert config.policy("example.org").concurrency is None
    assert "llm-atlas" in config.user_agent and "http" in USER_AGENT


def test_shipped_links_yaml_loads() -> None:
    config = load_config(ROOT / "links.yaml")
    assert config.policy("zhuanlan.zhihu.com").method == "get"


def test_overrides_and_extensions(tmp_path: Path) -> None:
    path = tmp_path / "links.yaml"
    path.write_text(
        "retries: 1\nhosts:\n  example.org: {concurrency: 2, interval: 0.5, accept: [403],\n"
        "    user_agent: 'x/1', timeout: 3}\n"
        "fingerprints:\n  - {status: broken, in: body, pattern: 'page gone'}\n"
        "exclude: ['^https://localhost']\n",
        encoding="utf-8",
    )
    config = load_config(path)
    policy = config.policy("www.example.org")
    assert (policy.concurrency, policy.interval, policy.timeout) == (2, 0.5, 3.0)
    assert policy.accept == frozenset({403}) and ("User-Agent", "x/1") in policy.headers
    assert config.retries == 1
    assert config.fingerprints[-1].matches("the page gone")
    assert len(config.fingerprints) > 1  # the built-in table is extended, not replaced
    assert config.excluded("https://localhost:8000/x") and not config.excluded("https://a.b")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("retires: 1\n", "unknown setting(s) retires"),
        ("hosts:\n  a.b: {concurency: 2}\n", "unknown setting(s) concurency"),
        ("hosts:\n  a.b: {method: post}\n", "method must be head or get"),
        ("hosts:\n  a.b: {interval: -1}\n", "'interval' must be a number ≥ 0"),
        ("fingerprints:\n  - {status: dead, pattern: x}\n", "status must be broken"),
        ("fingerprints:\n  - {status: broken, pattern: '('}\n", "invalid regular expression"),
        ("- a\n", "must be a mapping"),
        ("a: [\n", "invalid link config"),
        ("allow_private: yes please\n", "'allow_private' must be true or false"),
        ("exclude_hosts: example.com\n", "exclude_hosts: must be a list of host names"),
        ("hosts:\n  a.b: {fragments: 1}\n", "fragments must be true or false"),
    ],
)
def test_bad_config_is_a_usage_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "links.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AtlasError) as info:
        load_config(path)
    assert info.value.exit_code == 2
    assert message in info.value.message
