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

import os
import pickle
import signal
import sys
import threading
from contextlib import suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlandiffError
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
    """A comparison computed in a forked child and sent back pickled through a pipe.

    The pipe and the pickle are private to this process and its child, so unpickling
    them is safe. Any failure of the child (killed, crashed, a result that does not
    unpickle) makes `take` return None and the caller compares in-process instead; a
    `PlandiffError` the child met is raised again (the same class and message).
    """

    def __init__(self, pid: int, fd: int, options: Options) -> None:
        self.pid, self.fd, self.options = pid, fd, options

    @classmethod
    def start(cls, text_a: Text, text_b: Text, options: Options) -> Prefetch | None:
        """Fork the child, or None where forking is unavailable or unsafe (threads running)."""
        if not hasattr(os, "fork") or sys.platform == "darwin" or threading.active_count() > 1:
            return None  # macOS forbids fork in many frameworks; a forked thread holds no locks safely
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: compare, send, and leave without running the parent's exit code
            os.close(read_end)
            _child(write_end, text_a, text_b, options)
        os.close(write_end)
        return cls(pid, read_end, options)

    def take(self, options: Options) -> Comparison | None:
        """The child's comparison (blocking until it is sent), when made with `options`.

        Raises:
            PlandiffError: the comparison failed in the child.
        """
        fd, self.fd = self.fd, -1  # taken once; `close` then leaves the pipe alone
        if fd < 0:
            return None
        chunks = []
        with os.fdopen(fd, "rb") as pipe:  # reading releases the GIL: the app runs meanwhile
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        status = self._reap()
        if status != 0 or not chunks or options != self.options:
            return None
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except Exception:
            return None
        if kind == "error" and isinstance(value, PlandiffError):
            raise value
        return value if isinstance(value, Comparison) else None

    def close(self) -> None:
        """Stop the child if its result was never taken (the user quit first)."""
        fd, self.fd = self.fd, -1
        if fd < 0:
            return  # taken, or being taken by the app's worker
        with suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        self._reap()
        os.close(fd)

    def _reap(self) -> int:
        """Wait for the child; its exit status (-1 when it was already reaped)."""
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return -1


def _child(fd: int, text_a: Text, text_b: Text, options: Options) -> None:
    status = 1
    try:
        from ..pipeline import compare

        try:
            message: tuple[str, object] = ("ok", compare(text_a, text_b, options))
        except PlandiffError as exc:
            message = ("error", exc)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    except BaseException:  # noqa: BLE001 - the parent compares again; the child must not unwind
        pass
    finally:
        os._exit(status)  # skip the parent's atexit handlers and buffered output
