"""The benchmark's inputs: seed pairs, and big documents built from the seeds.

The scaling inputs are the five seeds concatenated k times (A) against an edited copy
(B) in which about 20% of the sentences were deleted, inserted or changed. The edits
come from a fixed random seed, so every run (and every machine) compares the same
texts.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

PAIRS = (
    ("panzhihua-2016-2020.txt", "beijing-2021-2035.txt"),
    ("xinzheng-2021-2025.txt", "langfang-2022-2025.txt"),
    ("qianjiang-2022.txt", "xinzheng-2021-2025.txt"),
)
"""Seed pairs compared as a user would: older or smaller plan first. The first pair
(32 KB + 31 KB of UTF-8) is the "two 30 KB plans" of the budgets."""

THREE_MB_TIMES = 23
"""Seeds ×23 is a 3.0 MB file of UTF-8 (the "3 MB" of issue 7's budget, read as file size)."""

EDIT_SEED = 20261122
EDIT_RATE = 0.20

# A sentence ends at a full stop, question or exclamation mark, semicolon or line end;
# the terminator stays with its sentence so that joining the pieces gives the text back.
_SENTENCE = re.compile(r"[^。！？；\n]*(?:[。！？；]|\n)|[^。！？；\n]+$")


def seed_pairs() -> list[tuple[Path, Path]]:
    """The seed pairs that exist in this checkout (paths A, B)."""
    return [(SEEDS / a, SEEDS / b) for a, b in PAIRS if (SEEDS / a).is_file() and (SEEDS / b).is_file()]


def seeds_text() -> str:
    """All seeds, in name order, joined by a blank line."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))


def sentences(text: str) -> list[str]:
    """`text` cut into sentences; joined they give `text` back exactly."""
    return _SENTENCE.findall(text)


def edited_copy(text: str, seed: int = EDIT_SEED, rate: float = EDIT_RATE) -> str:
    """`text` with about `rate` of its sentences deleted, inserted or changed.

    Blank lines are never touched (they are layout, not sentences). An inserted
    sentence is another sentence of the text with some characters changed, so that it
    reads like plan prose but is new at its position.
    """
    rng = random.Random(seed)
    pieces = sentences(text)
    out: list[str] = []
    for piece in pieces:
        if not piece.strip() or rng.random() >= rate:
            out.append(piece)
            continue
        action = rng.choice(("delete", "insert", "change"))
        if action == "insert":
            out.append(piece)
            out.append(_changed(rng.choice(pieces), rng, pieces))
        elif action == "change":
            out.append(_changed(piece, rng, pieces))
    return "".join(out)


def _changed(sentence: str, rng: random.Random, pool: list[str]) -> str:
    """`sentence` with a window of about a quarter of its characters replaced.

    The terminator (and line end) is kept, so headings stay headings.
    """
    body = sentence.rstrip("。！？；\n")
    tail = sentence[len(body):]
    if len(body) < 2:
        return sentence
    width = max(1, len(body) // 4)
    start = rng.randrange(0, len(body) - width + 1)
    donor = rng.choice(pool).rstrip("。！？；\n") or body
    offset = rng.randrange(0, max(1, len(donor) - width + 1))
    replacement = donor[offset:offset + width]
    return body[:start] + replacement + body[start + width:] + tail


def scaled_pair(times: int, directory: Path, base: str | None = None) -> tuple[Path, Path]:
    """Write the seeds concatenated `times` times (A) and its edited copy (B).

    Returns:
        The two paths, in `directory`.
    """
    unit = base if base is not None else seeds_text()
    text_a = "\n".join([unit] * times)
    text_b = edited_copy(text_a)
    path_a = directory / f"scaled-{times}x-a.txt"
    path_b = directory / f"scaled-{times}x-b.txt"
    path_a.write_text(text_a, encoding="utf-8")
    path_b.write_text(text_b, encoding="utf-8")
    return path_a, path_b
