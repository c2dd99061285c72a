"""What a plan says about itself: title, issuer and its level, number, date, period,
and the quantified targets it sets.

Everything is read from the front matter (the lines before the first heading) by
the conventions of Chinese official documents (GB/T 9704 layout): the title line,
the issuing body before 关于印发, a document number such as 京政办发〔2022〕7号, a
date line, and a plan period such as (2021—2035年) in the title.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .ingest import is_chrome_line, physical_lines
from .model import AdminLevel, Metadata
from .targets import find_targets

if TYPE_CHECKING:
    from .model import Document

_GENRE = re.compile(r"规划|纲要|方案|计划|条例|办法|意见|法$|法\b|决定|报告|规定|解释|通知|措施|细则|要点")
_NOTICE = re.compile(r"(.{2,40}?)关于(?:印发|转发|发布)(.*?)的通\s*知")
_BOOK_TITLE = re.compile(r"《([^》]{4,80})》")
# Han characters as [^\W\d_A-Za-z] (a letter, not a digit, not ASCII): a category class compiles
# in microseconds where a [\u4e00-\u9fff] range costs ~1 ms at every start (speedup).
_DOC_NUMBER = re.compile(r"[^\W\d_A-Za-z]{1,12}\s*[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*第?\s*\d{1,4}\s*号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_HISTORY = re.compile(
    r"^\W*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(.{0,120}?)(通过|修正|修订|批准)"
)
"""A line of a law's legislative history (题注): 2024年5月10日 …常务委员会…第二次修订."""
_PERIOD = re.compile(r"(\d{4})\s*年?\s*[-~—―–－～至到]+\s*(\d{4})")
_FIVE_YEAR = {
    "十一五": "2006-2010", "十二五": "2011-2015", "十三五": "2016-2020", "十四五": "2021-2025", "十五五": "2026-2030"
}
_ORG_END = re.compile(
    r"(办公厅|办公室|人民政府|委员会|常务委员会|国务院|人民法院|人民检察院|政府|厅|局|委|部|院|协会|科协)$"
)
_NATIONAL = re.compile(r"^(国务院|中共中央|全国人民代表大会|全国人大|最高人民|国家|中华人民共和国|中央)")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PROVINCE = re.compile(r"[^\W\d_A-Za-z]{2,8}?(省|自治区|特别行政区)")


def extract_metadata(document: Document) -> Metadata:
    """Read the metadata of a parsed document from its front matter and body."""
    original = document.text.original
    front_end = document.sections[0].end if document.sections else len(original)
    lines = _front_lines(original, front_end)
    title = _title(lines)
    enactment = _enactment(lines)
    date, issuer = enactment or (_date(lines), _issuer(lines))
    return Metadata(
        title=title,
        issuer=issuer,
        admin_level=admin_level(issuer or title),
        doc_number=_doc_number(lines),
        date=date,
        period=_period(title, original[: min(front_end, _MAX_FRONT)]),
        targets=find_targets(document),
    )


_MAX_LINE = 300
_MAX_FRONT = 20_000


def _front_lines(original: str, front_end: int) -> list[str]:
    """The non-blank, non-chrome lines before the first heading (or the first 20)."""
    lines = []
    for start, end in physical_lines(original[: min(front_end, _MAX_FRONT)] if front_end else original[:4000]):
        line = original[start:end].strip(" \t\u3000\u200b\ufeff").lstrip("#").strip()
        if line and not line.startswith("<!--"):
            # Metadata lines are short; a capped copy keeps a 5 MB one-line file fast.
            lines.append(line[:_MAX_LINE])
    return lines[:40]


_SENTENCE_ENDS = ("。", "：", ":", "，", ",")
"""A line ending so is a sentence or a salutation (各位代表：), never a title."""


def _title(lines: list[str]) -> str:
    for i, line in enumerate(lines):
        if len(line) > 70 or line.endswith(_SENTENCE_ENDS) or "印发" in line or is_chrome_line(line):
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if _GENRE.search(line) and not line.startswith(("根据", "为")):
            return _join_wrapped_title(line, following)
        if _genre_broken_across(line, following):
            return line + following
    for line in lines:
        notice = _NOTICE.search(line)
        if notice:
            book = _BOOK_TITLE.search(notice.group(2))
            return book.group(1) if book else notice.group(2)
    # No line names a genre: the first that could be a title, else none (a speech that opens
    # 各位代表： has no title line, and a salutation shown as one would mislead)
    return next((line[:70] for line in lines if not line.endswith(_SENTENCE_ENDS) and not is_chrome_line(line)), "")


def _genre_broken_across(line: str, following: str) -> bool:
    """A title whose genre word a line break cut in two (政府工作报 / 告, as saved web
    pages set a centred title): the word is found only across the break."""
    if not following or len(following) > 30 or len(line) > 40:
        return False
    return any(m.start() < len(line) < m.end() for m in _GENRE.finditer(line + following))


def _join_wrapped_title(line: str, following: str) -> str:
    """A title set on two lines (…纲要 / 实施方案 (2021-2025年)) reads as one."""
    if following and len(following) <= 30 and _GENRE.search(following) and not _PERIOD.search(line):
        return line + following
    return line


def _issuer(lines: list[str]) -> str:
    for i, line in enumerate(lines):
        notice = _NOTICE.match(line)
        if notice and _is_org_name(notice.group(1)):
            return notice.group(1).strip()
        if line.startswith("关于") and i and _ORG_END.search(lines[i - 1]) and _is_org_name(lines[i - 1]):
            return lines[i - 1]
        if line.startswith(("发布机构", "发文机关")):
            return re.split(r"[:：]", line, maxsplit=1)[-1].strip()
    for line in lines:
        if len(line) <= 30 and _ORG_END.search(line) and not _GENRE.search(line):
            return line
    for line in (line for line in lines if len(line) <= 60):
        match = re.search(r"([^\W\d_A-Za-z]{4,30}(常务委员会|审判委员会|人民政府))", line)
        if match:
            return match.group(1)
    return ""


def _is_org_name(name: str) -> bool:
    return 2 <= len(name.strip()) <= 30 and not re.search(r"[，,。；《》“”:：()（）]", name)


def admin_level(issuer: str) -> AdminLevel:
    """national / province / city / county, from the issuing body's name."""
    name = re.sub(r"\s+", "", issuer)
    if not name:
        return "unknown"
    if _NATIONAL.search(name) or re.search(r"第[一二三四五六七八九十]+届全国", name):
        return "national"
    rest = name
    for municipality in _MUNICIPALITIES:
        if name.startswith(municipality):
            rest = name[len(municipality) :]
            break
    else:
        province = _PROVINCE.match(name)
        if province:
            rest = name[province.end() :]
        elif not re.match(r"[^\W\d_A-Za-z]{1,6}?(市|州|盟|区|县|旗)", name):
            return "unknown"
    if re.match(r"[^\W\d_A-Za-z]{1,6}?(区|县|旗)(?!域)", rest):
        return "county"
    if re.match(r"[^\W\d_A-Za-z]{1,6}?(市|州|盟)", rest):
        return "city"
    return "province" if rest is not name else "unknown"


def _doc_number(lines: list[str]) -> str:
    for line in lines:
        for match in _DOC_NUMBER.finditer(line):
            # The document's own number stands alone on its line; numbers cited in
            # running text (依据…国发〔2021〕9号) belong to other documents.
            if len(line) - len(match.group()) <= 8:
                return re.sub(r"\s+", "", match.group())
    return ""


def _enactment(lines: list[str]) -> tuple[str, str] | None:
    """A law's date and issuer from its legislative history (题注), or None without one.

    A revised law lists every adoption and revision, oldest first, and the text in hand is
    the newest: its date is the newest line's. The issuer is the body that passed or revised
    it last; a 批准 line names another body (a province approving a city's decision).
    """
    history = [(_iso(*m.groups()[:3]), m.group(5), line) for line in lines if (m := _HISTORY.match(line))]
    if not history:
        return None
    own = [entry for entry in history if entry[1] != "批准"] or history
    return max(history)[0], _issuer([max(own)[2]])


def _iso(year: str, month: str, day: str) -> str:
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def _date(lines: list[str]) -> str:
    for pattern in (_DATE, _ISO_DATE):
        for line in lines:
            if len(line) > 40 or is_chrome_line(line):
                continue
            match = pattern.search(line)
            if match:
                year, month, day = (int(g) for g in match.groups())
                if 1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                    return _iso(*match.groups())
    return ""


def _period(title: str, front: str) -> str:
    """The plan period from the title, else from a 十四五-style name in the front matter.

    Periods quoted in the front matter's running text are not used: they belong to
    the higher-level plans being cited (依据《…纲要（2021—2035年）》).
    """
    match = _PERIOD.search(title)
    if match and 1949 <= int(match.group(1)) <= int(match.group(2)) <= 2100:
        return f"{match.group(1)}-{match.group(2)}"
    for source in (title, front):
        for name, years in _FIVE_YEAR.items():
            if name in source:
                return years
    year = re.search(r"(\d{4})\s*年", title)
    return year.group(1) if year else ""
