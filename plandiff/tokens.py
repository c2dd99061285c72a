"""Word segmentation: the only module that uses the segmenter.

plandiff segments with rjieba, the Rust port of jieba: the same dictionary and
the same cuts (99.85% of jieba's tokens on the seeds), where jieba's first cut takes
0.6–0.75 s to load its dictionary (docs/performance.md). rjieba gets the dictionary
words a text can contain just before its cut (`plandiff.lexicon`), so a process
never pays for the whole 349,046-word dictionary to compare two plans.
Users add their own policy terms with a jieba-format dictionary file
(``word [freq] [tag]`` per line) through `load_user_dict`, the ``--user-dict``
option or the ``PLANDIFF_USER_DICT`` environment variable."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .lexicon import Lexicon

_user_dicts: list[str] = []


@lru_cache(maxsize=1)
def _segmenter() -> Lexicon:
    from .lexicon import Lexicon

    lexicon = Lexicon()
    for path in _env_dicts():
        _add_dict(lexicon, path)
    return lexicon


def load_segmenter(chars: int = 0) -> None:
    """Load the segmenter and the user's dictionaries now (before a fork, so that the
    child shares them); documents of `chars` characters, from `lexicon.WHOLE_DOCUMENTS`
    on, get the whole dictionary at once, which is then cheaper than words by need, and
    so does a process that has already covered `lexicon.WHOLE_BETWEEN` characters."""
    from .lexicon import WHOLE_BETWEEN, WHOLE_DOCUMENTS

    lexicon = _segmenter()
    if chars >= WHOLE_DOCUMENTS or lexicon.covered >= WHOLE_BETWEEN:
        lexicon.load_whole()


def _env_dicts() -> list[str]:
    value = os.environ.get("PLANDIFF_USER_DICT", "")
    return [p for p in value.split(os.pathsep) if p] + _user_dicts


def load_user_dict(path: str | Path) -> None:
    """Add the words of a jieba-format dictionary file to the segmenter.

    Raises:
        InputError: the file cannot be read.
    """
    _user_dicts.append(str(path))
    if _segmenter.cache_info().currsize:
        _add_dict(_segmenter(), str(path))
    cut.cache_clear()


def _add_dict(lexicon: Lexicon, path: str) -> None:
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read user dictionary ({exc})") from None
    for line in lines:
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else (parts[1] if len(parts) > 1 and not parts[1].isdigit() else None)
        lexicon.add_word(parts[0], freq, tag)


@lru_cache(maxsize=65536)
def cut(text: str) -> tuple[str, ...]:
    """The words of `text`, in order; joined they give `text` back exactly."""
    lexicon = _segmenter()
    lexicon.cover(text)
    return tuple(lexicon.jieba.cut(text))


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end) for each word of `text`."""
    words = cut(text)
    spans = []
    pos = 0
    for word in words:
        spans.append((word, pos, pos + len(word)))
        pos += len(word)
    return spans


def tag(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech) pairs with jieba's tag set (n, v, vn, nz, ...)."""
    lexicon = _segmenter()
    lexicon.cover(text)
    return list(lexicon.jieba.tag(text))
