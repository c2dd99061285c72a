"""The summary's shortcuts answer exactly what the plain definitions answer.

`_Occurrences` stands for ``piece in text`` and `_ChangedSpans` for "one of the 8 changed
spans starting last before the phrase's end reaches into it"; both exist only for speed,
so any difference from the definitions is a bug.
"""

from __future__ import annotations

from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from plandiff.phrases import Candidate
from plandiff.priorities import _ChangedSpans, _Occurrences

# A small alphabet, so that pieces often occur, share pairs, or miss by one character.
_CHARS = st.sampled_from('科普辟谣平台"行动 a1')


@settings(max_examples=150, deadline=None)
@given(text=st.text(_CHARS, max_size=40), pieces=st.lists(st.text(_CHARS, max_size=6), max_size=12))
def test_occurrences_answer_like_in(text: str, pieces: list[str]) -> None:
    occurs = _Occurrences(text)
    for piece in pieces + pieces:  # the second round is answered from the memo
        assert (piece in occurs) == (piece in text)


def _overlaps_by_definition(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    i = bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(i - 8, 0) : i])


_SPAN = st.tuples(st.integers(0, 60), st.integers(1, 15)).map(lambda p: (p[0], p[0] + p[1]))


@settings(max_examples=150, deadline=None)
@given(spans=st.lists(_SPAN, max_size=30), phrases=st.lists(_SPAN, max_size=20))
def test_changed_spans_match_the_windowed_definition(
    spans: list[tuple[int, int]], phrases: list[tuple[int, int]]
) -> None:
    spans = sorted(spans)
    candidates = tuple(Candidate("x", ("x",), 0, start, end, False) for start, end in phrases)
    touched = _ChangedSpans(spans).touched(candidates)
    assert touched == [c for c in candidates if _overlaps_by_definition(c.start, c.end, spans)]


def test_changed_spans_look_back_exactly_eight_spans() -> None:
    """A long deletion reaches a phrase past seven later spans, not past eight (the window
    the summary has always used)."""
    phrase = (Candidate("x", ("x",), 0, 50, 60, False),)
    long_span = [(0, 100)]
    assert _ChangedSpans(long_span + [(i, i + 1) for i in range(1, 8)]).touched(phrase) == list(phrase)
    assert _ChangedSpans(long_span + [(i, i + 1) for i in range(1, 9)]).touched(phrase) == []
