"""Open the TUI: read both plans, then compare in a forked child while Textual starts.

`open_app(a, b, options, pins_path)` is what ``plandiff view`` runs. Textual's import
and the app's first frame take about a quarter of a second, the first comparison
(segmenter dictionary included) about as long, and both hold the GIL: in one process
they run one after the other, and the comparison in a worker thread is slowed further
by the event loop. So, where the platform can fork, the first comparison runs in a
child process started *before* Textual is imported, and the app takes its pickled
result when it needs it (`Prefetch.take`); the two halves then use both cores. Later
comparisons (strict mode, pins) run in the app's worker thread as before.

Nothing here imports Textual: this module must stay cheap to import before the fork.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..forked import Forked
from ..model import Comparison, Options, Text

if TYPE_CHECKING:
    from .app import PlandiffApp


@dataclass(frozen=True)
class Session:
    """What the app opens: both decoded texts, the starting options, the pins sidecar."""

    text_a: Text
    text_b: Text
    options: Options
    pins_path: Path


def open_session(
    a: str | Path | Text, b: str | Path | Text, options: Options | None = None, pins_path: str | Path | None = None
) -> Session:
    """Read both plans and the pins to start with (the default sidecar when it exists).

    Raises:
        PlandiffError: a file cannot be read or decoded, or the sidecar is invalid.
    """
    from ..ingest import read_text

    text_a = a if isinstance(a, Text) else read_text(a)
    text_b = b if isinstance(b, Text) else read_text(b)
    options = options or Options()
    sidecar = Path(pins_path) if pins_path is not None else default_pins_path(text_a.name, text_b.name)
    if pins_path is None and not options.pins and sidecar.is_file():
        from ..pins import read_pins

        options = replace(options, pins=read_pins(sidecar))
    return Session(text_a, text_b, options, sidecar)


def default_pins_path(a_name: str, b_name: str) -> Path:
    """``<A stem>.<B stem>.pins.json`` next to A (in the working directory for stdin)."""
    a_path = Path(a_name) if a_name != "-" else Path("stdin")
    b_stem = Path(b_name).stem if b_name != "-" else "stdin"
    return a_path.with_name(f"{a_path.stem}.{b_stem}.pins.json")


def open_app(
    a: str | Path | Text, b: str | Path | Text, options: Options | None = None, pins_path: str | Path | None = None
) -> PlandiffApp:
    """The app of ``plandiff view``, its first comparison already under way in a child process."""
    session = open_session(a, b, options, pins_path)
    prefetch = Prefetch.start(session.text_a, session.text_b, session.options)
    from .app import PlandiffApp  # imports Textual: only after the fork

    return PlandiffApp(session.text_a, session.text_b, session.options, session.pins_path, prefetch=prefetch)


class Prefetch:
    """The first comparison, made with `options` in a forked child (`plandiff.forked`)."""

    def __init__(self, forked: Forked[Comparison], options: Options) -> None:
        self.forked, self.options = forked, options

    @classmethod
    def start(cls, text_a: Text, text_b: Text, options: Options) -> Prefetch | None:
        """Fork the child, or None where forking is unavailable or unsafe."""
        forked = Forked.start(_compare_in_parallel, text_a, text_b, options)
        return cls(forked, options) if forked else None

    @property
    def pid(self) -> int:
        return self.forked.pid

    def take(self, options: Options) -> Comparison | None:
        """The child's comparison (blocking until it is sent), when made with `options`;
        None when the child failed and the caller must compare itself.

        Raises:
            PlandiffError: the comparison failed in the child.
        """
        result = self.forked.take()
        return result if options == self.options and isinstance(result, Comparison) else None

    def close(self) -> None:
        """Stop the child if its result was never taken (the user quit first)."""
        self.forked.close()


def _compare_in_parallel(text_a: Text, text_b: Text, options: Options) -> Comparison:
    """The child's comparison: no thread runs in it yet, so big plans may fork once more."""
    from ..pipeline import compare

    return compare(text_a, text_b, options, parallel=True)
