"""A function run in a forked child, its result sent back pickled through a pipe.

plandiff is pure Python and holds the GIL, so a second core helps only through a second
process. Two callers use one: ``plandiff view`` compares in a child while Textual starts
(`tui.launch`), and the CLI aligns big plans in a child while it reads each plan's
priorities (`pipeline.compare` with ``parallel=True``).

The pipe and the pickle are private to this process and its child, so unpickling them
is safe. Any failure of the child (killed, crashed, a result that does not unpickle)
makes `Forked.take` return None and the caller computes in-process instead; a
`PlandiffError` the child met is raised again (the same class and message).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import sys
import threading
from collections.abc import Callable
from contextlib import suppress
from typing import Any, Generic, TypeVar

from .errors import PlandiffError

T = TypeVar("T")


def can_fork() -> bool:
    """True where a fork is available and safe: not on macOS (fork breaks many of its
    frameworks), and no other thread running (a forked thread's locks stay held)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


class Forked(Generic[T]):
    """`function(*args)` under way in a child process."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd
        self._poller: select.poll | None = None

    @classmethod
    def start(cls, function: Callable[..., T], *args: Any) -> Forked[T] | None:
        """Fork the child, or None where forking is unavailable or unsafe (`can_fork`)."""
        if not can_fork():
            return None
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: compute, send, and leave without running the parent's exit code
            os.close(read_end)
            _child(write_end, function, args)
        os.close(write_end)
        return cls(pid, read_end)

    def ready(self) -> bool:
        """True once `take` would not block: the child has sent its result, or is gone."""
        if self.fd < 0:
            return True
        if self._poller is None:  # one poller for every question (the work ahead asks often)
            self._poller = select.poll()
            self._poller.register(self.fd, select.POLLIN)
        return bool(self._poller.poll(0))

    def take(self) -> T | None:
        """The child's result, blocking until it is sent; None when the child failed.

        Raises:
            PlandiffError: the function raised it in the child.
        """
        fd, self.fd = self.fd, -1  # taken once; `close` then leaves the pipe alone
        if fd < 0:
            return None
        chunks = []
        try:
            with os.fdopen(fd, "rb") as pipe:  # reading releases the GIL: other threads run meanwhile
                while chunk := pipe.read(1 << 20):
                    chunks.append(chunk)
        except BaseException:  # Ctrl-C while waiting: the child must not outlive the caller
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
            raise
        if self._reap() != 0 or not chunks:
            return None
        try:
            kind, value = pickle.loads(b"".join(chunks))
        except Exception:
            return None
        if kind == "error" and isinstance(value, PlandiffError):
            raise value
        return value if kind == "ok" else None

    def close(self) -> None:
        """Stop the child if its result was never taken (the caller gave up first)."""
        fd, self.fd = self.fd, -1
        if fd < 0:
            return  # taken, or being taken by another thread
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


def _child(fd: int, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    status = 1
    gc.disable()  # one computation, then exit: see `cli.run` for why no collector is needed
    try:
        try:
            message: tuple[str, object] = ("ok", function(*args))
        except PlandiffError as exc:
            message = ("error", exc)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        status = 0
    except BaseException:  # noqa: BLE001 - the parent computes again; the child must not unwind
        pass
    finally:
        os._exit(status)  # skip the parent's atexit handlers and buffered output
