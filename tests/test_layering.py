"""The architecture holds: the core imports no UI library, and start-up stays light."""

from __future__ import annotations

import subprocess
import sys

from .conftest import seed

CORE = ["plandiff.model", "plandiff.ingest", "plandiff.structure", "plandiff.metadata", "plandiff.align",
        "plandiff.diff", "plandiff.summary", "plandiff.pipeline"]


def test_core_imports_neither_rich_nor_textual() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('rich', 'textual'):\n"
        "            raise ImportError('blocked: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for module in {CORE!r}:\n"
        "    __import__(module)\n"
        "from plandiff.pipeline import compare\n"
        f"compare({str(seed('xinzheng'))!r}, {str(seed('langfang'))!r})\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "ok", result.stderr
