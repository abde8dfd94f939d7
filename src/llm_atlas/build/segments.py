"""Chinese text segmented with jieba as Material's search does, and the store that keeps it.

Takes runs of Han characters and the search dictionaries the site config names; gives the
runs' words joined by U+200B. Jieba's segmentation of each run is kept per user as JSON
(`SegmentStore`): loading jieba's dictionary takes about a second (0.9 s of the 2.8 s of CPU a
shipped build took), and a build whose runs were all seen before never loads it. The store is
keyed by jieba's version and the bytes of the dictionaries; a missing, damaged or foreign file
is an empty store.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from pathlib import Path
from typing import Any

from llm_atlas.build.caches import load_json, save_json
from llm_atlas.user_cache import user_cache

SEGMENTS_LIMIT = 500_000  # runs kept in the segment store (the shipped catalog has about 9k)
_HAN = None


class SegmentStore:
    """Jieba's segmentation of each run of Han characters, kept per user between builds."""

    def __init__(self) -> None:
        self.dictionaries: tuple[Path | None, Path | None] = (None, None)
        self.key = ""
        self.runs: dict[str, str] | None = None
        self.added = 0

    def configure(
        self, dictionary: Path | None, user_dictionary: Path | None, inputs: str = ""
    ) -> None:
        """Segment with these dictionaries (Material's search.jieba_dict and jieba_dict_user);
        runs segmented with other dictionaries, or other bytes of them, or under other INPUTS
        (the build's manifest: llm-atlas' code and the package versions), are not reused."""
        key = _store_key((dictionary, user_dictionary), inputs)
        if key != self.key:
            self.save()
            self.dictionaries, self.key, self.runs = (dictionary, user_dictionary), key, None
        if _jieba_setup not in (None, key):
            _restart_jieba(dictionary)  # before Material's search sets it up for this build

    def _path(self) -> Path | None:
        folder = user_cache("segments")
        if folder is None:
            return None
        self.key = self.key or _store_key(self.dictionaries)
        return folder / f"jieba-{self.key}.json"

    def _load(self) -> dict[str, str]:
        path = self._path()
        stored = load_json(path) if path is not None else None
        valid = isinstance(stored, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in stored.items()
        )
        self.runs = dict(stored) if valid and isinstance(stored, dict) else {}
        return self.runs

    def segment(self, run: str) -> str:
        runs = self.runs if self.runs is not None else self._load()
        found = runs.get(run)
        if found is None:
            found = "\u200b" + "\u200b".join(self._jieba().cut(run.encode("utf-8"))) + "\u200b"
            runs[run] = found
            self.added += 1
        return found

    def _jieba(self) -> Any:
        """Return jieba set up with this store's dictionaries alone, as a new process has it."""
        global _jieba_setup
        import jieba  # type: ignore[import-untyped]

        self.key = self.key or _store_key(self.dictionaries)
        if _jieba_setup != self.key:
            dictionary, user_dictionary = self.dictionaries
            if _jieba_setup is not None or dictionary is not None:
                _restart_jieba(dictionary)
            if user_dictionary is not None:
                with user_dictionary.open("rb") as f:
                    jieba.load_userdict(f)
            _jieba_setup = self.key
        return jieba

    def segment_text(self, text: str) -> str:
        """Segment the runs of Han characters in TEXT as Material's search does: words joined
        with U+200B (a build can make its own store and hand this method down)."""
        global _HAN
        if _HAN is None:
            from backrefs import bre

            _HAN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)
        return str(_HAN.sub(lambda m: self.segment(m.group(0)), text)).strip("\u200b")

    def save(self) -> None:
        """Write the store when runs were added (the newest SEGMENTS_LIMIT of them)."""
        path = self._path() if self.runs is not None and self.added else None
        if path is None or self.runs is None:
            return
        runs = self.runs
        if len(runs) > SEGMENTS_LIMIT:
            runs = dict(list(runs.items())[-SEGMENTS_LIMIT:])
        if save_json(path, runs):
            self.added = 0


SEGMENTS = SegmentStore()
# The store key jieba is set up for in this process (None: as imported, or restarted since).
_jieba_setup: str | None = None


def _restart_jieba(dictionary: Path | None) -> None:
    """Set jieba back to one main dictionary, built again when next used: a user dictionary
    loaded earlier in this process added words jieba cannot drop otherwise."""
    global _jieba_setup
    import jieba

    if dictionary is not None:
        jieba.set_dictionary(str(dictionary))
    else:
        jieba.dt.dictionary, jieba.dt.initialized = jieba.DEFAULT_DICT, False
    _jieba_setup = None


def _store_key(dictionaries: tuple[Path | None, Path | None], inputs: str = "") -> str:
    """Return the digest of jieba's version, the bytes of DICTIONARIES and INPUTS."""
    import jieba

    digest = hashlib.sha256(f"jieba {jieba.__version__}\0{inputs}".encode())
    for path in dictionaries:
        digest.update(b"\0")
        if path is not None:
            digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()[:32]


def prepare_jieba() -> Path | None:
    """Keep jieba's own cache (a marshal file it reads back) in the per-user cache, never in
    the shared temporary folder where another user could plant one; return the private
    temporary folder made instead when the per-user cache is off (the caller removes it)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    folder = user_cache("jieba")
    made = None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = made = Path(tempfile.mkdtemp(prefix="llm-atlas-jieba-"))
    jieba.dt.tmp_dir = str(folder)
    return made


def segment_chinese(text: str) -> str:
    """Segment runs of Han characters with jieba as Material's search does (cached per run)."""
    return SEGMENTS.segment_text(text)
