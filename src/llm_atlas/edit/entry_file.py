"""Append one entry to a catalog file without changing a byte of what was there.

Takes a file's bytes and the YAML text of one entry; gives the bytes to append (the separator the
file uses, its line endings), checked by parsing the result: every entry already there keeps its
value and the new one reads back as given, or nothing is written. Appends run one at a time per
catalog (a lock on the catalog folder), and a rollback removes only the bytes this run added.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from llm_atlas.loader import LoadedFile, parse_text
from llm_atlas.problems import AtlasError

_BOM = b"\xef\xbb\xbf"


@contextmanager
def catalog_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the catalog folder ROOT (other `new` runs wait for it)."""
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def read_data(raw: bytes, name: str) -> tuple[Any, bool]:
    """Return the data of catalog file bytes RAW and whether they parse without problems."""
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None, False
    loaded = LoadedFile(path=Path(name), display=name, text=text)
    parse_text(loaded)
    return loaded.data, not loaded.problems


def _newline(raw: bytes) -> bytes:
    """Return the line ending the file mostly uses (LF for a new or one-line file)."""
    crlf = raw.count(b"\r\n")
    return b"\r\n" if crlf and crlf >= raw.count(b"\n") - crlf else b"\n"


def additions(raw: bytes, entry: bytes) -> list[bytes]:
    """Return the additions to try, the file's own separator first."""
    nl = _newline(raw)
    entry = entry.replace(b"\n", nl)
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    if not body.strip():
        return [entry]
    end = b"" if body.endswith((b"\n", b"\r")) else nl
    text = body if body.endswith(b"\n") else body + b"\n"
    separated = re.search(rb"\n[ \t]*\r?\n(#[^\n]*\n)*- ", text)  # a blank line before an entry
    blank = nl if separated and not re.search(rb"\n[ \t]*\r?\n$", text) else b""
    options = [end + blank + entry, end + entry]
    return list(dict.fromkeys(options))


def plan_append(raw: bytes, entry_text: str, expected: dict[str, Any], name: str) -> bytes:
    """Return the bytes to append to RAW so that the file reads as before plus EXPECTED."""
    before, ok = read_data(raw, name)
    if not ok:
        raise AtlasError(f"not added: {name} has problems of its own; fix them first")
    before = before or []
    if not isinstance(before, list):
        raise AtlasError(f"not added: {name} is not a YAML list of entries")
    for addition in additions(raw, entry_text.encode("utf-8")):
        after, ok = read_data(raw + addition, name)
        if not ok or not isinstance(after, list) or after[: len(before)] != before:
            continue
        if after[len(before) :] == [expected]:
            return addition
        raise AtlasError(
            f"not added: the entry would not read back as given (got {after[len(before) :]!r}): "
            "please report this with the values you gave"
        )
    raise AtlasError(
        f"not added: appending to {name} would change the entry at its end (a block "
        "scalar kept with '|+', or a file that ends inside a value): add a line after it "
        "by hand, or choose another file with --file"
    )


def remove_addition(path: Path, original: bytes, addition: bytes, existed: bool) -> bool:
    """Remove ADDITION, written after ORIGINAL, from PATH; keep anything else written since.

    Return False when the addition is no longer there as written (then nothing is changed).
    """
    from llm_atlas.files import write_file

    current = path.read_bytes() if path.exists() else b""
    if current.startswith(original + addition):
        restored = original + current[len(original) + len(addition) :]
    elif current.count(addition) == 1:
        restored = current.replace(addition, b"", 1)
    else:
        return False
    if existed or restored:
        write_file(path, restored)
    else:
        path.unlink()
    return True
