"""Write plandiff/data/jieba-dict.bin, jieba's dictionary bucketed for `plandiff.lexicon`.

    pip install -e '.[bench]'        # jieba, the source of dict.txt
    python tools/build_lexicon.py    # or: python tools/build_lexicon.py --source path/to/dict.txt

The file is committed; run this again only when jieba's dictionary changes (then run the suite:
tests/test_lexicon.py checks that the bucketed dictionary cuts exactly as rjieba's own).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plandiff.lexicon import DATA, encode  # noqa: E402


def jieba_dictionary() -> Path:
    import jieba

    return Path(jieba.__file__).with_name("dict.txt")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, help="a jieba dict.txt (default: the installed jieba's)")
    parser.add_argument("--output", type=Path, default=DATA)
    args = parser.parse_args()
    source = args.source or jieba_dictionary()
    lines = source.read_text(encoding="utf-8").splitlines()
    data = encode(lines)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"{args.output}: {len(lines):,} lines from {source}, {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
