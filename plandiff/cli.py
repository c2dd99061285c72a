"""The command line: argparse in, exit status out.

``main(argv)`` is the only place where errors become exit codes (diff(1)'s: 0 same,
1 different, 2 trouble with one line on stderr). Heavy modules (rich, textual, the
segmenter) are imported only by the command that needs them, so ``plandiff --help``
starts fast.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from typing import IO, TYPE_CHECKING, NoReturn

from . import __version__
from .errors import ExitStatus, PlandiffError

if TYPE_CHECKING:
    from .model import Options, Pin

COMMANDS = ("outline", "view", "extract")
FORMATS = ("text", "json", "markdown")
MIN_WIDTH = 20
"""Narrower than this, tables and wrapped Chinese text are unreadable."""

_DESCRIPTION = """\
Compare two Chinese policy plans (规划、纲要、实施方案) section by section: which
priorities are new, which were dropped, which targets moved, and what changed in
each section, clause by clause.

commands:
  plandiff A B            compare two plans (A old, B new); exit 0 same, 1 different, 2 trouble
  plandiff view A B       browse the comparison in a terminal UI
  plandiff outline FILE   print a plan's section tree and metadata
  plandiff extract FILE   print the text plandiff reads from a file
"""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error on one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitStatus.TROUBLE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _compare_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="plandiff",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"plandiff {__version__}")
    parser.add_argument("a", metavar="A", help="the older or reference plan (a path, or - for stdin)")
    parser.add_argument("b", metavar="B", help="the newer or compared plan")
    _add_compare_options(parser)
    parser.add_argument("-i", "--interactive", action="store_true", help="open the terminal UI (as plandiff view)")
    return parser


def _add_compare_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-f", "--format", choices=FORMATS, default=None,
        help="output format: text (default; coloured in a terminal), json or markdown",
    )
    parser.add_argument("-s", "--summary", action="store_true", help="print the summary only, not the section diffs")
    parser.add_argument("-l", "--level", type=int, metavar="N", help="compare down to heading level N (1 = top)")
    parser.add_argument(
        "--strict", action="store_true",
        help="also show differences that are only punctuation width, spaces or line wrapping",
    )
    parser.add_argument(
        "--color", "--colour", choices=("auto", "always", "never"), default="auto",
        help="colour the text output: auto (default: when writing to a terminal and NO_COLOR is unset)",
    )
    parser.add_argument("--pins", metavar="FILE", help="a pins file (from the TUI) that fixes or forbids section links")
    parser.add_argument(
        "--user-dict", metavar="FILE", help="a jieba-format dictionary of extra words for segmentation"
    )
    parser.add_argument(
        "-w", "--width", type=int, metavar="COLS", help="output width in columns (default: the terminal's)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE instead of standard output")


def _outline_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="plandiff outline", description="Print a plan's section tree and metadata.")
    parser.add_argument("file", metavar="FILE", help="a plan (a path, or - for stdin)")
    parser.add_argument("-f", "--format", choices=FORMATS, default="text", help="text (default), json or markdown")
    parser.add_argument(
        "--color", "--colour", choices=("auto", "always", "never"), default="auto", help="colour the text output"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write the output to FILE")
    return parser


def _extract_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="plandiff extract", description="Print the text plandiff reads from FILE (after decoding and extraction)."
    )
    parser.add_argument("file", metavar="FILE", help="a plan: .txt, or any format plandiff reads")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the text to FILE")
    return parser


def _view_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="plandiff view", description="Browse the comparison of two plans in a terminal UI.")
    parser.add_argument("a", metavar="A", help="the older or reference plan")
    parser.add_argument("b", metavar="B", help="the newer or compared plan")
    parser.add_argument("--strict", action="store_true", help="start in strict mode")
    parser.add_argument("-l", "--level", type=int, metavar="N", help="compare down to heading level N")
    parser.add_argument("--pins", metavar="FILE", help="the pins file to read and save corrections to")
    parser.add_argument("--user-dict", metavar="FILE", help="a jieba-format dictionary of extra words")
    return parser


PARSERS = {"outline": _outline_parser, "view": _view_parser, "extract": _extract_parser}


_EXITS_AFTER = False
"""True in the ``plandiff`` process itself (`run`), which leaves right after its one
command; False when `main` is called in a longer-lived program (the tests, a script)."""


def run() -> NoReturn:
    """The ``plandiff`` command: `main`, then leave at once.

    A finished comparison is hundreds of thousands of objects; freeing them one by one at
    interpreter exit costs 20–40 ms for two 30 KB plans and seconds for megabytes, and
    helps nobody. Output is flushed (and every ``-o`` file already closed) first.
    """
    global _EXITS_AFTER
    _EXITS_AFTER = True
    code = main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass  # the reader (head, less) went away: not an error worth a message
    except (OSError, ValueError) as exc:  # a full disk, a closed stream
        code = _fail(f"cannot write the output ({exc})")
    with suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run plandiff; returns the exit status (0 same, 1 different, 2 trouble)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _dispatch(args)
    except PlandiffError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")
    except BrokenPipeError:
        # The reader (head, less) went away: not an error worth a message.
        _silence_stdout()
        return ExitStatus.TROUBLE
    except OSError as exc:
        # Reading errors are InputErrors by now; what is left is writing (a full disk).
        return _fail(f"cannot write the output ({exc.strerror or exc})")
    except MemoryError:
        return _fail("out of memory")
    except RecursionError:
        return _fail("input too deeply nested")


def _dispatch(args: list[str]) -> int:
    if args and args[0] in PARSERS:
        command = args[0]
        parsed = PARSERS[command]().parse_args(args[1:])
        return int(globals()[f"_run_{command}"](parsed))
    parsed = _compare_parser().parse_args(args)
    if parsed.interactive:
        return _run_view(parsed)
    return _run_compare(parsed)


def _fail(message: str) -> int:
    print(f"plandiff: {message}", file=sys.stderr)
    return ExitStatus.TROUBLE


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# --- commands ------------------------------------------------------------------


def _run_outline(args: argparse.Namespace) -> int:
    from .pipeline import load
    from .render import outline

    document = load(args.file)
    with _output(args.output) as out:
        if args.format == "json":
            out.write(outline.outline_json(document))
        elif args.format == "markdown":
            out.write(outline.outline_markdown(document))
        else:
            outline.print_outline(document, out, color=_use_color(args.color, out))
    return ExitStatus.SAME


def _run_extract(args: argparse.Namespace) -> int:
    from .ingest import read_text

    text = read_text(args.file)
    with _output(args.output) as out:
        out.write(text.original)
        if text.original and not text.original.endswith("\n"):
            out.write("\n")
    return ExitStatus.SAME


def _run_compare(args: argparse.Namespace) -> int:
    from .pipeline import compare

    if args.width is not None and args.width < MIN_WIDTH:
        raise PlandiffError(f"--width must be at least {MIN_WIDTH} columns, not {args.width}")
    _one_stdin(args)
    if _EXITS_AFTER:
        # A comparison builds millions of objects with next to no reference cycles (the
        # model links sections by index), so the cyclic collector only rescans the growing
        # heap: off, a 3 M-character pair runs ~25% faster at the same peak memory. Only
        # in a process that exits right after; the forked child does the same.
        gc.disable()
    comparison = compare(args.a, args.b, _options(args), parallel=True)
    fmt = args.format or "text"
    with _output(args.output) as out:
        if fmt == "json":
            from .render.json import render_json

            out.write(render_json(comparison, summary_only=args.summary))
        elif fmt == "markdown":
            from .render.markdown import render_markdown

            out.write(render_markdown(comparison, summary_only=args.summary))
        else:
            from .render.console import print_comparison

            color = _use_color(args.color, out)
            print_comparison(comparison, out, color=color, width=args.width, summary_only=args.summary)
    return ExitStatus.DIFFERENT if comparison.changed else ExitStatus.SAME


def _one_stdin(args: argparse.Namespace) -> None:
    if args.a == args.b == "-":
        raise PlandiffError("A and B cannot both be - (stdin holds one file)")


def _run_view(args: argparse.Namespace) -> int:
    from .tui.launch import open_app

    _one_stdin(args)
    # The TUI saves corrections to --pins, so the file need not exist yet.
    app = open_app(args.a, args.b, _options(args, pins_may_be_new=True), pins_path=args.pins)
    try:
        app.run()
    finally:
        if app.prefetch:
            app.prefetch.close()  # the user quit before the first comparison arrived
    # The app exits with 2 (its message already on stderr) when the comparison failed.
    return app.return_code or ExitStatus.SAME


def _options(args: argparse.Namespace, *, pins_may_be_new: bool = False) -> Options:
    from .model import Options

    if getattr(args, "user_dict", None):
        from .tokens import load_user_dict

        load_user_dict(args.user_dict)
    pins: tuple[Pin, ...] = ()
    if args.pins and os.path.exists(args.pins):
        from .pins import read_pins

        pins = read_pins(args.pins)
    elif args.pins and not pins_may_be_new:
        from .errors import PinsError

        raise PinsError(f"{args.pins}: no such pins file")
    if args.level is not None and args.level < 1:
        raise PlandiffError(f"--level must be 1 or more, not {args.level}")
    return Options(strict=args.strict, max_level=args.level, pins=pins)


# --- output ----------------------------------------------------------------------


class _output:
    """Standard output, or the file named by -o (written only when all went well)."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.buffer: io.StringIO | None = None

    def __enter__(self) -> IO[str]:
        if self.path is None or self.path == "-":
            return sys.stdout
        self.buffer = io.StringIO()
        return self.buffer

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if self.buffer is None or exc_type is not None:
            return
        try:
            with open(self.path, "w", encoding="utf-8") as handle:  # type: ignore[arg-type]
                handle.write(self.buffer.getvalue())
        except OSError as error:
            raise PlandiffError(f"{self.path}: cannot write ({error.strerror or error})") from None


def _use_color(choice: str, out: IO[str]) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return out is sys.stdout and out.isatty()
