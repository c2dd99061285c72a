"""Run the reader/parser fuzz target for longer than the test suite does.

    python tools/fuzz.py --minutes 10

Uses hypothesis with a large example budget over mutated seeds and random bytes
(the same target as tests/test_fuzz.py). With atheris installed
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

from tests.test_fuzz import check_bytes, mutated_seed  # noqa: E402


def run_hypothesis(minutes: float) -> None:
    deadline = time.monotonic() + minutes * 60
    rounds = 0
    strategy = st.one_of(mutated_seed(), st.binary(max_size=20000))
    while time.monotonic() < deadline:
        # A fresh test function each round: hypothesis decorates a function once.
        def round_(data: bytes) -> None:
            check_bytes(data)

        configured = settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        given(strategy)(configured(round_))()
        rounds += 1
        print(f"round {rounds}: 500 inputs ok", flush=True)


def run_atheris() -> None:
    import atheris

    def target(data: bytes) -> None:
        check_bytes(data)

    atheris.Setup(sys.argv[:1], target)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--atheris", action="store_true", help="coverage-guided fuzzing with atheris")
    args = parser.parse_args()
    if args.atheris:
        run_atheris()
    else:
        run_hypothesis(args.minutes)


if __name__ == "__main__":
    main()
