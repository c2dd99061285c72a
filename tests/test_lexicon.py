"""The dictionary filled by need cuts exactly as rjieba's whole dictionary."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from plandiff import lexicon
from plandiff.ingest import normal_form
from plandiff.lexicon import Lexicon, bucket_of

from .conftest import CORPUS, SEED_FILES


@pytest.fixture(scope="module")
def whole() -> object:
    import rjieba

    return rjieba.Jieba()


def _paragraphs() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in [*SEED_FILES, *sorted(CORPUS.glob("*.txt"))]]
    paragraphs = [p for text in texts for p in text.split("\n") if p.strip()]
    # the pipeline cuts normal forms too, whose spaces and line breaks are gone: new bigrams
    return paragraphs + [normal_form(p) for p in paragraphs]


def test_cuts_and_tags_equal_the_whole_dictionary(whole: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "WHOLE_AFTER", 10**9)
    partial = Lexicon()
    paragraphs = _paragraphs()
    assert sum(map(len, paragraphs)) > 100_000
    differ = []
    for paragraph in paragraphs:
        partial.cover(paragraph)
        if partial.jieba.cut(paragraph) != whole.cut(paragraph) or partial.jieba.tag(paragraph) != whole.tag(paragraph):  # type: ignore[attr-defined]
            differ.append(paragraph)
    assert not partial.whole
    assert differ == []


def test_only_the_words_a_text_needs_are_added() -> None:
    partial = Lexicon()
    partial.cover(SEED_FILES[0].read_text(encoding="utf-8"))
    assert 0 < len(partial._loaded) < lexicon.BUCKETS // 10


def test_user_words_cut_as_with_the_whole_dictionary(whole: object) -> None:
    import rjieba

    reference = rjieba.Jieba()
    partial = Lexicon()
    text = "实施科技资源科普化工程，建设科普中国服务体系，提升全民科学素质。"
    # a new word with a suggested frequency, a known word given a new frequency, a new tag
    words = [("科普化工程", None, None), ("科普中国", 5000, "nz"), ("科学素质", 10, "n")]
    for word, freq, tag in words:
        partial.add_word(word, freq, tag)
        reference.add_word(word, freq, tag)
    partial.cover(text)
    assert partial.jieba.cut(text) == reference.cut(text)
    assert "科普化工程" in partial.jieba.cut(text) and "科普中国" in partial.jieba.cut(text)
    assert partial.jieba.tag(text) == reference.tag(text)
    partial.load_whole()  # the user's words survive the switch to the whole dictionary
    assert partial.whole and partial.jieba.cut(text) == reference.cut(text)


def test_a_big_text_switches_to_the_whole_dictionary(whole: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "WHOLE_AFTER", 1000)
    partial = Lexicon()
    text = SEED_FILES[0].read_text(encoding="utf-8")
    partial.cover(text[:500])
    assert not partial.whole
    partial.cover(text)
    assert partial.whole and partial.jieba.cut(text) == whole.cut(text)  # type: ignore[attr-defined]


def test_a_missing_data_file_means_the_whole_dictionary(
    whole: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    truncated = lexicon.DATA.read_bytes()[:-100]
    for content in (None, b"not a dictionary", truncated):
        path = tmp_path / "jieba-dict.bin"
        if content is not None:
            path.write_bytes(content)
        monkeypatch.setattr(lexicon, "DATA", path)
        fallback = Lexicon()
        text = "推进科普基础设施建设，"
        fallback.cover(text)
        assert fallback.whole and fallback.jieba.cut(text) == whole.cut(text)  # type: ignore[attr-defined]


def test_the_data_file_puts_each_word_in_its_bucket() -> None:
    data, offsets, total = lexicon._read_data()
    assert data is not None
    freqs = 0
    for bucket in range(0, lexicon.BUCKETS, 97):  # a sample of the buckets, all of them is slow
        for line in bytes(data[offsets[bucket] : offsets[bucket + 1]]).decode().splitlines():
            word, freq, _ = line.split(" ")
            assert bucket_of(word) == bucket
            freqs += int(freq)
    assert 0 < freqs < total
    assert offsets[lexicon.BUCKETS] == len(data)


def test_encode_keeps_the_last_line_of_a_word_and_sums_frequencies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dict.bin"
    path.write_bytes(lexicon.encode(["甲乙 3 n", "丙 4 v", "甲乙 7 nz", ""]))
    monkeypatch.setattr(lexicon, "DATA", path)
    data, offsets, total = lexicon._read_data()
    assert data is not None and total == 11
    lines = bytes(data[offsets[bucket_of("甲乙")] : offsets[bucket_of("甲乙") + 1]]).decode()
    assert lines == "甲乙 7 nz\n"


def test_user_dictionary_changes_the_cut_and_importing_rjieba_still_works(tmp_path: Path) -> None:
    user = tmp_path / "terms.txt"
    user.write_text("科普化工程 10 nz\n", encoding="utf-8")
    code = (
        "from plandiff import tokens\n"
        "before = tokens.cut('实施科普化工程')\n"
        f"tokens.load_user_dict({str(user)!r})\n"
        "after = tokens.cut('实施科普化工程')\n"
        "import rjieba\n"  # after plandiff loaded its extension module by hand
        "print(before, after, rjieba.cut('科普') == ['科普'])\n"
    )
    assert _in_a_fresh_process(code) == "('实施', '科普', '化', '工程') ('实施', '科普化工程') True"


def test_big_documents_get_the_whole_dictionary_from_the_start() -> None:
    code = (
        "from plandiff import lexicon, tokens\n"
        "tokens.load_segmenter(1000)\n"
        "small = tokens._segmenter().whole\n"
        "tokens.load_segmenter(lexicon.WHOLE_DOCUMENTS)\n"
        "print(small, tokens._segmenter().whole)\n"
    )
    assert _in_a_fresh_process(code) == "False True"


def test_a_process_that_compared_much_gets_the_whole_dictionary_between_comparisons() -> None:
    code = (
        "from plandiff import lexicon, tokens\n"
        "tokens.load_segmenter(1000)\n"
        "tokens.cut('科普' * (lexicon.WHOLE_BETWEEN // 2))\n"
        "during = tokens._segmenter().whole\n"
        "tokens.load_segmenter(1000)\n"
        "print(during, tokens._segmenter().whole)\n"
    )
    assert _in_a_fresh_process(code) == "False True"


def test_an_rjieba_without_empty_means_the_whole_dictionary(whole: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import rjieba

    class Plain:  # an rjieba whose Jieba has no empty() constructor
        def __new__(cls) -> object:
            return rjieba.Jieba()

    monkeypatch.setattr(lexicon, "_jieba_class", lambda: Plain)
    fallback = Lexicon()
    text = "推进科普基础设施建设，"
    fallback.cover(text)
    assert fallback.whole and fallback.jieba.cut(text) == whole.cut(text)  # type: ignore[attr-defined]


def _in_a_fresh_process(code: str) -> str:
    """What `code` prints in a new interpreter, whose segmenter starts empty."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
