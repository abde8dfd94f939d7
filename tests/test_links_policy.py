"""links.policy_file and links.policy: built-in defaults, the links.yaml overrides, the
command-line flags on top (`LinkConfig.with_flags`), and clear errors for bad config."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from llm_atlas.links.policy import USER_AGENT, LinkConfig
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


BASE = LinkConfig(
    retries=1,
    exclude=(re.compile("^https://a\\.example/", re.MULTILINE),),
    exclude_hosts=("cdn.example",),
)


@pytest.mark.parametrize(
    ("base", "flags", "expected"),
    [
        (BASE, {}, (False, 1, ["^https://a\\.example/"], ["cdn.example"])),
        (LinkConfig(), {}, (False, 2, [], [])),
        (BASE, {"allow_private": True}, (True, 1, ["^https://a\\.example/"], ["cdn.example"])),
        # A flag adds to links.yaml: leaving --allow-private out does not turn its 'true' off.
        (replace(BASE, allow_private=True), {"allow_private": False},
         (True, 1, ["^https://a\\.example/"], ["cdn.example"])),
        (BASE, {"retries": 0}, (False, 0, ["^https://a\\.example/"], ["cdn.example"])),
        (BASE, {"retries": 5}, (False, 5, ["^https://a\\.example/"], ["cdn.example"])),
        (BASE, {"retries": None}, (False, 1, ["^https://a\\.example/"], ["cdn.example"])),
        (BASE, {"exclude": ("/archive/", "^http://")},
         (False, 1, ["^https://a\\.example/", "/archive/", "^http://"], ["cdn.example"])),
        (BASE, {"exclude_hosts": ("Example.ORG.", " b.example ")},
         (False, 1, ["^https://a\\.example/"], ["cdn.example", "example.org", "b.example"])),
    ],
)  # fmt: skip
def test_flags_apply_on_top_of_the_config(
    base: LinkConfig, flags: dict[str, Any], expected: tuple[bool, int, list[str], list[str]]
) -> None:
    before = replace(base)
    config = base.with_flags(**flags)
    got = (
        config.allow_private,
        config.retries,
        [p.pattern for p in config.exclude],
        list(config.exclude_hosts),
    )
    assert got == expected
    assert base == before  # the config read from links.yaml is left as it was
    assert all(p.flags & re.MULTILINE for p in config.exclude)
    assert config.hosts is base.hosts and config.fingerprints == base.fingerprints


@pytest.mark.parametrize(
    ("url", "host", "excluded", "host_excluded"),
    [
        ("https://x.org/archive/1", "x.org", True, False),
        ("https://x.org/live/1", "x.org", False, False),
        ("https://www.example.org/p", "www.example.org", False, True),
        ("https://example.org./p", "EXAMPLE.org.", False, True),
        ("https://notexample.org/p", "notexample.org", False, False),
    ],
)
def test_excluded_after_the_flags(url: str, host: str, excluded: bool, host_excluded: bool) -> None:
    config = LinkConfig().with_flags(exclude=("/archive/",), exclude_hosts=("example.org",))
    assert (config.excluded(url), config.excluded_host(host)) == (excluded, host_excluded)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ({"exclude": ("(",)}, "--exclude: invalid regular expression '('"),
        ({"exclude_hosts": ("",)}, "--exclude-host: must be a list of host names"),
        ({"exclude_hosts": ("  ",)}, "--exclude-host: must be a list of host names"),
    ],
)
def test_a_bad_flag_is_a_usage_error(flags: dict[str, Any], message: str) -> None:
    with pytest.raises(AtlasError) as info:
        BASE.with_flags(**flags)
    assert info.value.exit_code == 2
    assert info.value.message.startswith(message)
