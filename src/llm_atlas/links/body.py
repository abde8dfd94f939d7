"""Read response bodies within a byte cap on every hop: the raw bytes and what they inflate to.

Takes an `http.client` response (which never decodes); gives at most `cap` raw bytes, and at most
`cap` bytes after undoing each `Content-Encoding` layer (gzip, deflate, also stacked as
`gzip, gzip`), so a few hundred compressed bytes cannot expand into gigabytes.
"""

from __future__ import annotations

import time
import zlib
from http.client import HTTPException, HTTPResponse

CHUNK = 16 * 1024
_GZIP = 16 + zlib.MAX_WBITS
_TEXTUAL = ("text", "html", "json", "xml")


def finish(resp: HTTPResponse) -> bool:
    """Read a short body (HEAD, redirect) raw so the connection can be reused; never drain more."""
    remaining = resp.length
    if remaining is None or remaining > CHUNK:
        return False
    try:
        resp.read()  # at most CHUNK bytes: the length is known
    except (OSError, HTTPException, ValueError):
        return False
    return True


def read_raw(resp: HTTPResponse, cap: int, deadline: float) -> tuple[bytes, bool]:
    """Return up to CAP raw bytes of the body and whether that was all of it."""
    chunks: list[bytes] = []
    size = 0
    done = False
    try:
        while size < cap and time.monotonic() < deadline:
            chunk = resp.read(min(CHUNK, cap - size))
            if not chunk:
                done = True
                break
            chunks.append(chunk)
            size += len(chunk)
    except (OSError, HTTPException, ValueError):
        pass  # classification uses what arrived: a body cut short is not a dead link
    return b"".join(chunks), done


def inflate(data: bytes, encodings: str, cap: int) -> bytes | None:
    """Undo the Content-Encoding layers of DATA, at most CAP bytes out of each; None if unknown."""
    for name in reversed([e.strip().lower() for e in encodings.split(",") if e.strip()]):
        if name == "identity":
            continue
        if name not in ("gzip", "x-gzip", "deflate"):
            return None
        data = _inflate_one(data, _GZIP if "gzip" in name else zlib.MAX_WBITS, cap)
    return data[:cap]


def _inflate_one(data: bytes, wbits: int, cap: int) -> bytes:
    try:
        return zlib.decompressobj(wbits).decompress(data, cap)
    except zlib.error:
        if wbits != zlib.MAX_WBITS:
            return b""
    try:  # "deflate" sent without its zlib header, as some servers do
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(data, cap)
    except zlib.error:
        return b""


def read_text(resp: HTTPResponse, cap: int, deadline: float) -> tuple[str, bool]:
    """Return at most CAP bytes of a textual body as text, and whether the body was all read."""
    ctype = resp.getheader("Content-Type", "").lower()
    if ctype and not any(word in ctype for word in _TEXTUAL):
        return "", False
    raw, done = read_raw(resp, cap, deadline)
    data = inflate(raw, resp.getheader("Content-Encoding", ""), cap) or b""
    charset = "utf-8"
    if "charset=" in ctype:
        charset = ctype.split("charset=", 1)[1].split(";")[0].strip() or "utf-8"
    try:
        return data.decode(charset, errors="replace"), done
    except LookupError:
        return data.decode("utf-8", errors="replace"), done
