"""Fuzzing the readers and the structure parser: any bytes give a Document whose spans
tile the text, or a PlandiffError — never another exception.

A short run is part of the suite; `python tools/fuzz.py --minutes 10` runs the same
target longer by hand (docs/robustness.md).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandiff.errors import PlandiffError
from plandiff.ingest import text_from_bytes
from plandiff.structure import parse_document

from .conftest import SEED_FILES

SEED_BYTES = [p.read_bytes() for p in SEED_FILES]


def check_bytes(data: bytes) -> None:
    """The fuzz target: read and parse, then check the tiling invariant."""
    try:
        document = parse_document(text_from_bytes(data, name="fuzz"))
    except PlandiffError as error:
        assert "\n" not in str(error)
        return
    position = 0
    for section in document.sections:
        assert section.start == position
        position = section.end
    assert position == len(document.text.original)


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_BYTES)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[position : position + draw(st.integers(1, 400))]
        else:
            data[position:position] = draw(st.binary(min_size=1, max_size=20))
        if not data:
            break
    return bytes(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seeds_parse_or_fail_cleanly(data: bytes) -> None:
    check_bytes(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_parse_or_fail_cleanly(data: bytes) -> None:
    check_bytes(data)
