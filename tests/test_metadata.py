"""Metadata read from the front matter: title, issuer and its level, number, date, period."""

from __future__ import annotations

import pytest

from plandiff.ingest import read_text, text_from_bytes
from plandiff.metadata import admin_level
from plandiff.structure import parse_document

from .conftest import CORPUS, seed

# Read off each seed's front matter by hand.
EXPECTED = {
    "beijing": ("北京市全民科学素质行动规划纲要 (2021—2035年)", "北京市人民政府办公厅", "province", "京政办发〔2022〕7号", "2022-03-11", "2021-2035"),
    "langfang": ("廊坊市全民科学素质行动规划纲要实施方案(2022—2025年)", "廊坊市人民政府办公室", "city", "", "2022-05-26", "2022-2025"),
    "panzhihua": ("攀枝花市全民科学素质行动计划纲要实施方案(2016~2020 年)", "攀枝花市人民政府办公室", "city", "攀办发〔2017〕102号", "2017-07-24", "2016-2020"),
    "qianjiang": ("黔江区提升全民科学素质行动实施方案", "重庆市黔江区人民政府办公室", "county", "", "2022-05-11", "2021-2025"),
    "xinzheng": ("新郑市全民科学素质行动规划纲要实施方案 (2021-2025年)", "", "city", "", "", "2021-2025"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_metadata(name: str) -> None:
    meta = parse_document(read_text(seed(name))).metadata
    assert (meta.title, meta.issuer, meta.admin_level, meta.doc_number, meta.date, meta.period) == EXPECTED[name]


def test_law_metadata() -> None:
    meta = parse_document(read_text(CORPUS / "law-kepufa-2002.txt")).metadata
    assert meta.title == "中华人民共和国科学技术普及法"
    assert meta.admin_level == "national"
    assert meta.date == "2002-06-29"


@pytest.mark.parametrize(
    "issuer, level",
    [
        ("国务院办公厅", "national"),
        ("河北省人民政府办公厅", "province"),
        ("上海市人民政府", "province"),
        ("廊坊市人民政府办公室", "city"),
        ("重庆市黔江区人民政府办公室", "county"),
        ("河南省郑州市人民政府", "city"),
        ("河南省新密市中牟县人民政府", "county"),
        ("广西壮族自治区人民政府", "province"),
        ("", "unknown"),
    ],
)
def test_admin_level_from_issuer(issuer: str, level: str) -> None:
    assert admin_level(issuer) == level


def test_targets_found_in_a_seed() -> None:
    targets = parse_document(read_text(seed("langfang"))).metadata.targets
    share = [t for t in targets if "科学素质的比例" in t.indicator]
    assert share and share[0].value.endswith("15%") and share[0].year == 2025


def test_a_revised_law_is_dated_and_issued_by_its_newest_revision() -> None:
    """A law lists its history oldest first; the text in hand is the newest revision, and a
    批准 line (a higher body approving) dates it without becoming its issuer."""
    history = (
        "# 某市某某条例\n\n"
        "（2001年3月2日 某市第十一届人民代表大会常务委员会第五次会议通过\n\n"
        "2012年6月8日 某市第十三届人民代表大会常务委员会第九次会议第一次修订，这一行超过四十个字符也要读\n\n"
        "2013年1月5日 某省第十二届人民代表大会常务委员会第二次会议批准的《某市…的决定》修正）\n\n"
        "第一条 为了规范某事，制定本条例。\n第二条 本条例适用于本市。\n"
    )
    meta = parse_document(text_from_bytes(history.encode(), name="law.txt")).metadata
    assert (meta.date, meta.issuer, meta.admin_level) == ("2013-01-05", "某市第十三届人民代表大会常务委员会", "city")


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ("政府工作报\n告\n\n——2021年3月5日在会议上\n", "政府工作报告"),  # a centred title wrapped mid-word
        ("某某市科普工作规\n划\n", "某某市科普工作规划"),
        ("政府工作报告\n告别过去\n", "政府工作报告"),  # the genre word already whole: nothing joined
    ],
)
def test_a_title_wrapped_inside_its_genre_word_is_joined(front: str, title: str) -> None:
    text = text_from_bytes((front + "一、总体要求\n坚持发展。\n").encode(), name="plan.txt")
    assert parse_document(text).metadata.title == title


@pytest.mark.parametrize(
    ("front", "title"),
    [
        ("各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n", ""),  # a speech: no title line
        ("各位代表：\n某某市科普工作回顾\n", "某某市科普工作回顾"),  # no genre word: the first title-like line
    ],
)
def test_a_salutation_or_a_sentence_is_never_the_title(front: str, title: str) -> None:
    text = text_from_bytes((front + "一、总体要求\n坚持发展。\n").encode(), name="plan.txt")
    assert parse_document(text).metadata.title == title
