"""Run the reader/parser fuzz target for longer than the test suite does.

    python tools/fuzz.py --minutes 10

Uses hypothesis with a large example budget over mutated seeds, random bytes and
mutated Word, web-page and PDF files (the same targets as tests/test_fuzz.py), taking
turns. `--only docx` (or text, html, pdf) fuzzes one reader. With atheris installed
(`pip install atheris`), `--atheris` runs coverage-guided fuzzing instead.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.test_fuzz import check_bytes, mutated_format, mutated_seed  # noqa: E402

ROUND = 200


def strategies() -> dict[str, st.SearchStrategy[tuple[bytes, str]]]:
    text = st.one_of(mutated_seed(), st.binary(max_size=20000))
    return {
        "text": st.tuples(text, st.just("fuzz")),
        "docx": mutated_format("plan.docx"),
        "html": mutated_format("plan.html"),
        "pdf": mutated_format("plan.pdf"),
    }


def run_hypothesis(minutes: float, only: str | None = None) -> None:
    deadline = time.monotonic() + minutes * 60
    rounds = 0
    targets = {k: v for k, v in strategies().items() if only in (None, k)}
    while time.monotonic() < deadline:
        for kind, strategy in targets.items():
            # A fresh test function each round: hypothesis decorates a function once.
            def round_(case: tuple[bytes, str]) -> None:
                check_bytes(*case)

            configured = settings(
                max_examples=ROUND, deadline=None, database=None, suppress_health_check=list(HealthCheck)
            )
            started = time.monotonic()
            given(strategy)(configured(round_))()
            rounds += 1
            print(f"round {rounds}: {ROUND} {kind} inputs ok ({time.monotonic() - started:.0f} s)", flush=True)
            if time.monotonic() >= deadline:
                return


def run_atheris() -> None:
    import atheris

    def target(data: bytes) -> None:
        check_bytes(data)

    atheris.Setup(sys.argv[:1], target)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--only", choices=["text", "docx", "html", "pdf"], help="fuzz one reader only")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided fuzzing with atheris")
    args = parser.parse_args()
    if args.atheris:
        run_atheris()
    else:
        run_hypothesis(args.minutes, args.only)


if __name__ == "__main__":
    main()
