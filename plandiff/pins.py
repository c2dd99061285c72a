"""The pins sidecar: a user's corrections to the alignment, saved as JSON.

    {"version": 1, "a": "old.txt", "b": "new.txt",
     "pins": [{"a_line": 15, "b_line": 31},             # link these two sections
              {"a_line": 56, "b_line": 29, "forbid": true},   # never link these
              {"a_line": 10, "b_line": null}]}          # A's section is removed

Lines are 1-based heading lines in the original files, so a pins file stays valid
as long as the two files do. See docs/pins.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import PinsError
from .model import Pin

VERSION = 1


def read_pins(path: str | Path) -> tuple[Pin, ...]:
    """Read a pins file.

    Raises:
        PinsError: the file is missing, not JSON, or not in the format above.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PinsError(f"{path}: no such pins file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PinsError(f"{path}: not a valid pins file ({exc})") from None
    entries = data.get("pins") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise PinsError(f"{path}: not a valid pins file (no \"pins\" list)")
    return tuple(_pin(path, entry) for entry in entries)


def _pin(path: str | Path, entry: object) -> Pin:
    if not isinstance(entry, dict):
        raise PinsError(f"{path}: each pin must be an object with a_line and b_line")
    a_line, b_line = entry.get("a_line"), entry.get("b_line")
    for value in (a_line, b_line):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            raise PinsError(f"{path}: line numbers must be positive integers or null, not {value!r}")
    if a_line is None and b_line is None:
        raise PinsError(f"{path}: a pin needs a_line or b_line")
    return Pin(a_line=a_line, b_line=b_line, forbid=bool(entry.get("forbid", False)))


def write_pins(path: str | Path, pins: tuple[Pin, ...], a_name: str = "", b_name: str = "") -> None:
    """Write pins to `path` (JSON, stable key order)."""
    data = {
        "version": VERSION,
        "a": a_name,
        "b": b_name,
        "pins": [
            {"a_line": p.a_line, "b_line": p.b_line, **({"forbid": True} if p.forbid else {})} for p in pins
        ],
    }
    try:
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise PinsError(f"{path}: cannot write pins ({exc.strerror or exc})") from None
