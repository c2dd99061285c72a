"""jieba's dictionary, handed to the segmenter a few buckets of words at a time.

Importing rjieba builds its whole prefix dictionary of 349,046 words: 0.10–0.14 s, the largest
fixed cost of a plandiff process, when two 30 KB plans need about 20,000 of those words. A jieba
cut consults only the dictionary words that occur in the text, and weighs each by its frequency
over the sum of all frequencies. So plandiff starts rjieba with an empty dictionary and, before
each cut, adds the words that begin with one of the text's bigrams or are one of its characters
(a superset of the words in it); a placeholder word that no text contains carries the
frequencies of the words not yet added, so the sum, and with it every cut, stays exactly that of
the whole dictionary (tests/test_lexicon.py checks it on the seeds and the corpus).

The words are in ``data/jieba-dict.bin``, written from jieba's dict.txt by tools/build_lexicon.py:
a header (magic, bucket count, sum of frequencies), the bucket offsets, then jieba's own lines
(``word freq tag``) grouped by a hash of each word's first two characters. For big documents
(`WHOLE_DOCUMENTS`) and in a process that has covered `WHOLE_AFTER` characters, the bucket
work would cost more than the whole dictionary, and the segmenter takes it.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import struct
import sys
import threading
from array import array
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "jieba-dict.bin"
MAGIC = b"plandic1"
BUCKETS = 1 << 18
_HEADER = struct.Struct("<8sIQ")

PLACEHOLDER = "\ufffe\uffff"
"""Two Unicode noncharacters, which no text contains: the word whose frequency stands for the
words not yet added."""

WHOLE_AFTER = 1_000_000
"""Characters of text covered before the segmenter takes the whole dictionary: covering costs
about 0.2 µs a character plus 0.65 µs a word added, the whole dictionary 0.1–0.14 s once. A
comparison cuts and tags about twice its documents' characters, so one of documents under
`WHOLE_DOCUMENTS` never switches halfway (which would pay for both); a process comparing
many plans gets the whole dictionary after a few."""

WHOLE_BETWEEN = 250_000
"""Characters covered before a comparison starts from which it takes the whole dictionary
(`tokens.load_segmenter`): such a process compares many plans, and between comparisons the
switch costs only the load, where every later cut would pay the bigram check."""

WHOLE_DOCUMENTS = 300_000
"""Characters of documents (both plans) from which the whole dictionary is as cheap from the
start (`tokens.load_segmenter`). `plandiff A B --format json`, median of 7, words by need
against the whole dictionary: seeds ×1 (88,000 characters) 373 against 411 ms, ×2 602 against
716 ms, ×4 (354,000) 1,062 against 1,044 ms."""


def bucket_of(word: str) -> int:
    """The bucket of a word (or gram): a multiplicative hash of its first two characters."""
    key = ord(word[0]) << 21 | (ord(word[1]) if len(word) > 1 else 0)
    return (key * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF) >> 46


def encode(lines: list[str]) -> bytes:
    """The data file for jieba dictionary lines (``word freq tag``); a word given twice keeps
    its last line, as rjieba's `add_word` does."""
    entries: dict[str, tuple[int, str]] = {}
    for line in lines:
        if not line.strip():
            continue
        word, freq, tag = (line.split() + [""])[:3]
        entries[word] = (int(freq), f"{word} {freq} {tag}")
    buckets: list[list[str]] = [[] for _ in range(BUCKETS)]
    for word, (_, line) in entries.items():
        buckets[bucket_of(word)].append(line)
    blobs = [("".join(f"{line}\n" for line in bucket)).encode() for bucket in buckets]
    offsets = array("I", [0])
    for blob in blobs:
        offsets.append(offsets[-1] + len(blob))
    if sys.byteorder == "big":
        offsets.byteswap()
    total = sum(freq for freq, _ in entries.values())
    return _HEADER.pack(MAGIC, BUCKETS, total) + offsets.tobytes() + b"".join(blobs)


class Lexicon:
    """An rjieba segmenter (`jieba`) whose dictionary `cover` fills before each cut."""

    def __init__(self) -> None:
        self._jieba_class = _jieba_class()
        self._user_words: list[tuple[str, int | None, str | None]] = []
        self._seen: set[str] = set()
        self._loaded: set[int] = set()
        self._covered = 0  # characters of text covered so far
        self._added = 0  # sum of the frequencies of the dictionary words added so far
        # A thread must not cut text whose grams another thread has marked seen but not yet added.
        self._lock = threading.Lock()
        self._data, self._offsets, self._total = _read_data()
        try:
            self.jieba = self._jieba_class.empty()
            self.jieba.add_word(PLACEHOLDER, self._total, "x")
        except Exception:  # noqa: BLE001 - an rjieba without `empty` or this `add_word`
            self._data = None
        if self._data is None:
            self.jieba = self._jieba_class()

    @property
    def covered(self) -> int:
        """Characters of text covered so far (counted until the whole dictionary is in)."""
        return self._covered

    @property
    def whole(self) -> bool:
        """True once the segmenter holds the whole dictionary."""
        return self._data is None

    def cover(self, text: str) -> None:
        """Add the dictionary words `text` may contain, before it is cut."""
        if self._data is None:
            return
        with self._lock:
            self._cover(text)

    def _cover(self, text: str) -> None:
        if self._data is None:
            return
        self._covered += len(text)
        if self._covered > WHOLE_AFTER:
            self.load_whole()
            return
        grams = set(map(str.__add__, text, text[1:]))
        grams.update(text)
        grams = grams.difference(self._seen)  # walks `grams`; `-=` would walk all of `_seen`
        if not grams:
            return
        self._seen |= grams
        buckets = {bucket_of(gram) for gram in grams} - self._loaded
        if buckets:
            self._loaded |= buckets
            self._add_buckets(buckets)

    def add_word(self, word: str, freq: int | None, tag: str | None) -> None:
        """A user's word: its own dictionary entry and substrings first, so that a later
        bucket never overwrites it, and a suggested frequency is the whole dictionary's."""
        self.cover(word)
        self._user_words.append((word, freq, tag))  # first: a switch to the whole dictionary replays it
        self.jieba.add_word(word, freq, tag)

    def load_whole(self) -> None:
        """Rebuild the segmenter with the whole dictionary (and the user's words again)."""
        if self._data is None:
            return
        jieba = self._jieba_class()
        for word, freq, tag in self._user_words:
            jieba.add_word(word, freq, tag)
        self.jieba, self._data = jieba, None  # complete before another thread sees it

    def _add_buckets(self, buckets: set[int]) -> None:
        data, offsets, add = self._data, self._offsets, self.jieba.add_word
        assert data is not None
        chunk = b"".join([data[offsets[b] : offsets[b + 1]] for b in buckets])
        added = 0
        for line in chunk.decode().splitlines():
            word, count, tag = line.split(" ")
            freq = int(count)
            add(word, freq, tag)
            added += freq
        self._added += added
        add(PLACEHOLDER, self._total - self._added, "x")


def _read_data() -> tuple[memoryview | None, array[int], int]:
    """The data file's blob, bucket offsets (into the blob) and sum of frequencies; None
    when it is missing or not this format (then the segmenter loads the whole dictionary)."""
    offsets = array("I")
    try:
        data = DATA.read_bytes()
    except OSError:
        return None, offsets, 0
    if len(data) < _HEADER.size or offsets.itemsize != 4:
        return None, offsets, 0
    magic, buckets, total = _HEADER.unpack_from(data)
    start = _HEADER.size + 4 * (buckets + 1)
    if magic != MAGIC or buckets != BUCKETS or len(data) < start:
        return None, offsets, 0
    offsets.frombytes(data[_HEADER.size : start])
    if sys.byteorder == "big":
        offsets.byteswap()
    if offsets[-1] != len(data) - start:
        return None, array("I"), 0  # truncated or padded: some words would be missing
    return memoryview(data)[start:], offsets, total


def _jieba_class() -> Any:
    """rjieba's `Jieba` class, without running rjieba/__init__.py when it can: that builds
    a default segmenter with the whole dictionary (0.1 s) at import."""
    loaded = sys.modules.get("rjieba.rjieba")
    if loaded is not None:
        return loaded.Jieba
    try:
        package = importlib.util.find_spec("rjieba")
        locations = package.submodule_search_locations if package is not None else None
        spec = importlib.machinery.PathFinder.find_spec("rjieba.rjieba", list(locations or []))
        if spec is None or spec.loader is None:
            raise ImportError("rjieba's extension module not found")
        module = importlib.util.module_from_spec(spec)
        sys.modules["rjieba.rjieba"] = module  # a later `import rjieba` reuses it (PyO3 initialises once)
        spec.loader.exec_module(module)
        return module.Jieba
    except Exception:  # noqa: BLE001 - any other layout of rjieba: import it the usual way
        sys.modules.pop("rjieba.rjieba", None)
        import rjieba

        return rjieba.Jieba
