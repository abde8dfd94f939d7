"""The link checker's configuration file: `links.yaml` over the built-in defaults.

Takes an optional YAML file (`links.yaml`); gives a `LinkConfig` (`links.policy`) whose built-in
defaults are used for anything the file leaves out, so the checker works without one. Every bad
setting is a usage error that names the file, the setting and what it takes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from llm_atlas.links.policy import (
    Fingerprint,
    HostPolicy,
    LinkConfig,
    compile_pattern,
    config_error,
    host_names,
)
from llm_atlas.problems import AtlasError, display_path

DEFAULTS_YAML = """
user_agent: null
retries: 2
max_bytes: 262144
max_redirects: 10
max_retry_after: 60
hosts:
  zhuanlan.zhihu.com: {concurrency: 2, interval: 1.0, method: get}
  www.zhihu.com: {concurrency: 2, interval: 1.0, method: get}
  juejin.cn: {concurrency: 2, interval: 0.5, method: get}
  mp.weixin.qq.com: {concurrency: 1, interval: 2.0, method: get, fragments: false}
  github.com: {concurrency: 4, interval: 0.2}
  arxiv.org: {concurrency: 1, interval: 1.0}
fingerprints:
  - {status: broken, in: body, note: "soft 404: deleted by its author",
     pattern: "该内容已被发布者删除"}
  - {status: broken, in: body, note: "soft 404: removed for a violation",
     pattern: "此内容因违规无法查看"}
  - {status: broken, in: body, note: "soft 404: zhihu's missing-page text",
     pattern: "你似乎来到了没有知识存在的荒原"}
  - {status: broken, in: body, note: "soft 404: article deleted",
     pattern: "该文章已被删除|文章不存在"}
  - {status: blocked, in: url, note: "redirected to a verification page",
     pattern: "/account/unhuman"}
  - {status: blocked, in: url, note: "redirected to a captcha page",
     pattern: "wappoc_appmsgcaptcha"}
  - {status: blocked, in: body, note: "captcha page",
     pattern: "当前环境异常[\\\\s\\\\S]{0,400}完成验证"}
  - {status: blocked, in: header, note: "Cloudflare challenge",
     pattern: "^cf-mitigated: *challenge"}
exclude: []
exclude_hosts: []
"""

_TOP_KEYS = {
    "user_agent",
    "retries",
    "max_bytes",
    "max_redirects",
    "max_retry_after",
    "backoff",
    "hosts",
    "fingerprints",
    "exclude",
    "exclude_hosts",
    "allow_private",
}
_HOST_KEYS = {
    "concurrency",
    "interval",
    "method",
    "headers",
    "user_agent",
    "accept",
    "timeout",
    "fragments",
}


def load_config(path: Path | None) -> LinkConfig:
    """Return the built-in defaults, extended and overridden by the YAML file at PATH if given."""
    base = yaml.safe_load(DEFAULTS_YAML)
    config = _build(base, "built-in defaults", LinkConfig())
    if path is None:
        return config
    where = display_path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AtlasError(f"{where}: cannot read link config: {exc.strerror}", exit_code=2) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise AtlasError(f"{where}: invalid link config: {exc}", exit_code=2) from None
    if data is None:
        return config
    return _build(data, where, config)


def _number(where: str, key: str, value: Any, *, integer: bool = False) -> float:
    ok = isinstance(value, int) if integer else isinstance(value, int | float)
    if isinstance(value, bool) or not ok or value < 0:
        kind = "a whole number" if integer else "a number"
        raise config_error(where, f"'{key}' must be {kind} ≥ 0, got {value!r}")
    return float(value)


def _build(data: Any, where: str, config: LinkConfig) -> LinkConfig:
    if not isinstance(data, dict):
        raise config_error(where, "the link config must be a mapping of settings")
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise config_error(
            where, f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_TOP_KEYS))}"
        )
    changes: dict[str, Any] = {}
    for key in ("retries", "max_bytes", "max_redirects"):
        if key in data:
            changes[key] = int(_number(where, key, data[key], integer=True))
    for key in ("max_retry_after", "backoff"):
        if key in data:
            changes[key] = _number(where, key, data[key])
    if "allow_private" in data:
        if not isinstance(data["allow_private"], bool):
            raise config_error(
                where, f"'allow_private' must be true or false, got {data['allow_private']!r}"
            )
        changes["allow_private"] = data["allow_private"]
    if data.get("user_agent") is not None:
        changes["user_agent"] = str(data["user_agent"])
    hosts = dict(config.hosts)
    for host, raw in (data.get("hosts") or {}).items():
        hosts[str(host).lower()] = _host_policy(f"{where}: hosts: {host}", raw)
    changes["hosts"] = hosts
    prints = [
        _fingerprint(f"{where}: fingerprints[{i}]", raw)
        for i, raw in enumerate(data.get("fingerprints") or [])
    ]
    changes["fingerprints"] = (*config.fingerprints, *prints)
    patterns = [
        compile_pattern(f"{where}: exclude[{i}]", p)
        for i, p in enumerate(data.get("exclude") or [])
    ]
    changes["exclude"] = (*config.exclude, *patterns)
    hosts_out = host_names(f"{where}: exclude_hosts", data.get("exclude_hosts") or [])
    changes["exclude_hosts"] = (*config.exclude_hosts, *hosts_out)
    return replace(config, **changes)


def _host_policy(where: str, raw: Any) -> HostPolicy:
    if not isinstance(raw, dict):
        raise config_error(where, "must be a mapping such as {concurrency: 2, interval: 1.0}")
    unknown = sorted(set(raw) - _HOST_KEYS)
    if unknown:
        raise config_error(
            where,
            f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_HOST_KEYS))}",
        )
    method = str(raw.get("method", "head")).lower()
    if method not in ("head", "get"):
        raise config_error(where, f"method must be head or get, got {method!r}")
    headers = {str(k): str(v) for k, v in (raw.get("headers") or {}).items()}
    if raw.get("user_agent"):
        headers["User-Agent"] = str(raw["user_agent"])
    accept = raw.get("accept") or []
    if not isinstance(accept, list) or not all(isinstance(c, int) for c in accept):
        raise config_error(where, f"accept must be a list of HTTP status codes, got {accept!r}")
    concurrency = raw.get("concurrency")
    if concurrency is not None and (_number(where, "concurrency", concurrency, integer=True) < 1):
        raise config_error(where, "concurrency must be at least 1")
    timeout = raw.get("timeout")
    fragments = raw.get("fragments", True)
    if not isinstance(fragments, bool):
        raise config_error(where, f"fragments must be true or false, got {fragments!r}")
    return HostPolicy(
        fragments=fragments,
        concurrency=int(concurrency) if concurrency is not None else None,
        interval=_number(where, "interval", raw.get("interval", 0)),
        method="get" if method == "get" else "head",
        headers=tuple(headers.items()),
        accept=frozenset(accept),
        timeout=_number(where, "timeout", timeout) if timeout is not None else None,
    )


def _fingerprint(where: str, raw: Any) -> Fingerprint:
    if not isinstance(raw, dict) or "pattern" not in raw:
        raise config_error(where, "must be a mapping with status, in and pattern")
    status = raw.get("status")
    if status not in ("broken", "blocked"):
        raise config_error(
            where, f"status must be broken (soft 404) or blocked (challenge), got {status!r}"
        )
    place = raw.get("in", "body")
    if place not in ("body", "url", "header"):
        raise config_error(where, f"'in' must be body, url or header, got {place!r}")
    flags = re.MULTILINE | (re.IGNORECASE if place == "header" else 0)
    try:
        pattern = re.compile(str(raw["pattern"]), flags)
    except re.error as exc:
        raise config_error(where, f"invalid regular expression {raw['pattern']!r}: {exc}") from None
    note = str(raw.get("note") or ("soft 404" if status == "broken" else "bot challenge"))
    return Fingerprint(status=status, where=place, pattern=pattern, note=note)
