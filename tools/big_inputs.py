"""Write the big inputs of docs/robustness.md, to time plandiff on them by hand.

    python tools/big_inputs.py /tmp/big
    /usr/bin/time -v plandiff outline /tmp/big/big-50mb.txt -f json -o /dev/null
    /usr/bin/time -v plandiff /tmp/big/big-50mb.txt /tmp/big/big-50mb-edit.txt -f json -o /dev/null

The suite runs smaller versions of the same inputs (tests/test_robustness.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_robustness import ONE_LINE_CHARS, _concatenated_seeds, _one_paragraph, ten_thousand_headings  # noqa: E402

EDIT = "新增一项重点任务，加强测试。\n"


def with_edit(text: str) -> str:
    """`text` with one sentence added at a line start near its middle."""
    middle = text.index("\n", len(text) // 2) + 1
    return text[:middle] + EDIT + text[middle:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--megabytes", type=int, default=50, help="size of the big file (default 50)")
    args = parser.parse_args()
    args.directory.mkdir(parents=True, exist_ok=True)
    big = _concatenated_seeds(args.megabytes * 1_000_000)
    one_line = _one_paragraph(ONE_LINE_CHARS)
    headings = ten_thousand_headings()
    files = {
        f"big-{args.megabytes}mb.txt": big,
        f"big-{args.megabytes}mb-edit.txt": with_edit(big),
        "one-line-5mb.txt": one_line,
        "one-line-5mb-edit.txt": one_line[: len(one_line) // 2] + "新增" + one_line[len(one_line) // 2 :],
        "headings-10k.txt": headings,
        "headings-10k-edit.txt": with_edit(headings),
    }
    for name, text in files.items():
        path = args.directory / name
        path.write_text(text, encoding="utf-8")
        print(f"{path}  {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
