"""Reading: decoding with detection, the normalised view, chrome lines, hard wraps."""

from __future__ import annotations

import pytest

from plandiff.errors import DecodeError, InputError
from plandiff.ingest import decode, find_chrome, normal_form, normalise, physical_lines, read_text, text_from_bytes
from plandiff.model import Text

from .conftest import seed

SAMPLE = "一、总体要求\n（一）指导思想。以“ 十三五”为重点，比例达到15％。\n"


@pytest.mark.parametrize(
    "encoding, expected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16")],
)
def test_decode_detects_the_encoding(encoding: str, expected: str) -> None:
    text, used = decode(SAMPLE.encode(encoding))
    assert text == SAMPLE
    assert used == expected


def test_decode_mixed_utf8_and_gbk_lines_keeps_both() -> None:
    data = "第一行是UTF-8编码的中文\n".encode() + "第二行是GBK编码的中文\n".encode("gbk")
    text, used = decode(data)
    assert text == "第一行是UTF-8编码的中文\n第二行是GBK编码的中文\n"
    assert used == "gb18030+utf-8"


def test_decode_mixed_lines_with_old_mac_line_ends_keeps_every_break() -> None:
    data = "第一行是UTF-8编码\r".encode() + "第二行是GBK编码\r\n".encode("gbk") + "第三行\n".encode()
    text, used = decode(data)
    assert text == "第一行是UTF-8编码\r第二行是GBK编码\r\n第三行\n"
    assert used == "gb18030+utf-8"


def test_decode_truncated_utf8_keeps_the_rest() -> None:
    data = SAMPLE.encode()[:-2]  # cut inside the last character (。 is 3 bytes)
    text, _ = decode(data)
    assert text.startswith("一、总体要求\n（一）指导思想")
    assert text.endswith("\ufffd")


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image"),
        (bytes(range(256)) * 20, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
    ],
)
def test_decode_refuses_binary_with_one_line(data: bytes, fragment: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode(data, name="x.bin")
    message = str(info.value)
    assert fragment in message and "x.bin" in message and "\n" not in message


def test_empty_and_whitespace_files_are_errors() -> None:
    with pytest.raises(DecodeError, match="is empty"):
        text_from_bytes(b"", name="e.txt")
    with pytest.raises(DecodeError, match="only whitespace"):
        text_from_bytes(b" \n\t\r\n", name="w.txt")


def test_read_text_errors_name_the_path(tmp_path) -> None:
    with pytest.raises(InputError, match="missing.txt: no such file"):
        read_text(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def test_read_text_keeps_the_original_exactly() -> None:
    path = seed("panzhihua")
    assert read_text(path).original == path.read_bytes().decode("utf-8")


def test_normalise_folds_width_and_drops_layout_spaces() -> None:
    piece = "“ 十三五” 期间，比例（达到）１５％\r\n公民 科学素质；GDP 增长 open source"
    view = normalise(piece)
    assert view.text == '"十三五"期间,比例(达到)15%公民科学素质;GDP增长open source'
    assert view.text == normal_form(piece)


def test_zero_width_characters_are_layout_and_never_join_two_words() -> None:
    for piece, expected in (("科普\u200b基地", "科普基地"), ("open\u200bsource", "opensource"), ("open \u200bdata", "open data")):
        assert normalise(piece).text == normal_form(piece) == expected


def test_normalise_maps_every_character_back() -> None:
    piece = "（一） 指导 思想：\n  以人民为中心 ，  坚持 open  data 。"
    view = normalise(piece)
    assert view.offsets is not None
    assert len(view.offsets) == len(view.text) + 1
    for i, char in enumerate(view.text):
        original = piece[view.to_original(i)]
        assert original == char or normal_form(original) == char or (char == " " and original.isspace())
    assert list(view.offsets) == sorted(view.offsets), "normalising never reorders characters"


def test_chrome_lines_are_found() -> None:
    text = "您现在的位置:首页>政务公开>规范性文件\n正文第一段。\n字体:  大 中 小\n浏览次数:123\n相关政策解读:《某某方案》\n"
    spans = find_chrome(text)
    chrome = [text[s.start : s.end] for s in spans]
    assert chrome == ["您现在的位置:首页>政务公开>规范性文件", "字体:  大 中 小", "浏览次数:123", "相关政策解读:《某某方案》"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_lf_crlf_and_cr_all_end_a_line(newline: str) -> None:
    original = newline.join(["一、总体", "", "正文。", "末行"])
    lines = physical_lines(original)
    assert [original[s:e] for s, e in lines] == ["一、总体", "", "正文。", "末行"]
    starts = Text(original=original, name="t").line_starts
    assert starts == tuple(s for s, _ in lines)


def test_only_lf_crlf_and_cr_end_a_line() -> None:
    # str.splitlines would also break at these; plandiff counts the same lines everywhere.
    original = "甲\x0b乙\x0c丙\x1c丁\u2028戊\u2029己\x85庚\r\n辛\r壬\n"
    lines = physical_lines(original)
    assert [original[s:e] for s, e in lines] == ["甲\x0b乙\x0c丙\x1c丁\u2028戊\u2029己\x85庚", "辛", "壬", ""]
    assert Text(original=original, name="t").line_starts == tuple(s for s, _ in lines)


def test_a_chrome_line_broken_by_hard_wrapping_is_one_span() -> None:
    # A copy wrapped at 24 columns: enough full-width lines to show the wrap width.
    body = "推进全民科学素质建设工作，加强科普基础设施建设并提升服务能力水平" * 8 + "。"
    chrome = "发布时间:2017-07-26 来源:攀枝花市人民政府办公室 选择阅读字号:[ 大 中 小 ] 阅读次数:"
    lines = [chrome[i : i + 24] for i in range(0, len(chrome), 24)] + [""]
    lines += [body[i : i + 24] for i in range(0, len(body), 24)]
    text = "\n".join(lines) + "\n"
    spans = find_chrome(text)
    assert [text[s.start : s.end] for s in spans][:1] == ["\n".join(lines[:3])]
    assert all(not text[s.start : s.end].startswith("推进") for s in spans)


def test_a_page_number_a_wrapped_paragraph_ran_into_is_still_chrome() -> None:
    body = "推进全民科学素质建设工作，加强科普基础设施建设并提升服务能力水平" * 8
    lines = [body[i : i + 24] for i in range(0, len(body), 24)]
    lines.insert(5, "— 3 —")
    text = "\n".join(lines) + "。\n"
    assert [text[s.start : s.end] for s in find_chrome(text)] == ["— 3 —"]
