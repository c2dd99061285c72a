"""Quantified targets: find them in a plan, and pair them across two plans.

A target is a value with a unit (15%、1万人次、5个) in a sentence that looks forward:
it names a target year (到2025年, 2025年目标, “十四五”期间), a yearly quota (每年) or a
comparator (达到/超过/不低于). Its indicator is what is measured, read from the
clause around the value: the phrase before it (公民具备科学素质的比例 超过17.8%) and,
after an action verb, the object that follows the number (建设 5个 市级科普示范基地).

Pairing matches indicators by shared words and character bigrams, and only when
their units measure the same kind of thing (people, shares, places, money), so that
`每年培训教师200名` pairs with `科学教师培训200人次` but never with `建设5个基地`.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from .ingest import normal_form
from .model import Span, Target, TargetChange

if TYPE_CHECKING:
    from .model import Document

# Comparators that belong to the value as written (超过17.8%).
_RELATION = (
    r"(?:达到|超过|高达|不低于|不少于|不超过|至少|提高到|提升到|增加到|增长到|突破|"
    r"保持在|控制在|稳定在|降低到|降至|下降到|达|超|约|近|共|累计)"
)
# Verbs of change, part of the value (增长5.5%左右) but no sign of a goal by themselves.
_CHANGE = r"(?:增长|下降|提高|降低|减少|增加|提升|扩大|缩小)"
# Words that make a sentence state a goal (今年发展主要预期目标是：…增长5.5%左右).
_FORWARD = re.compile(r"目标|力争|确保|争取")
# A goal reached is a fact (城镇新增就业1312万人，超过全年预期目标).
_ACHIEVED = re.compile(r"(?:超过|完成|实现|达到|超额完成|好于)[^，,。；;]{0,8}目标")
# A goal list opening (主要目标是：…；…), whose items follow in the same paragraph.
_GOAL_LIST = re.compile(r"目标(?:任务)?(?:是|为)?\s*[：:]|目标(?:任务)?是")
# Action verbs before a count: they name the indicator (培训 4万人次 → 职业培训).
_ACTION = (
    r"(?:培训|建成|建设|创建|新增|举办|举行|召开|开展|组织|培育|发展|组建|打造|认定|评选|选树|命名|服务|覆盖|实施)"
)
_UNIT = (
    r"(?:%|％|个百分点|亿人次|万人次|人次|亿人|万人|万名|万个|万户|万册|亿元|万元|元|名|人|个|所|家|项|"
    r"场|次|座|处|部|种|套|件|期|支|天|小时|万平方米|平方米|公里|万亩|亩|公顷|万吨|吨|万千瓦|千瓦|"
    r"辆|台|张|本|册|篇|户|条|间|床|倍)"
)
_VALUE = re.compile(
    rf"(?P<cmp>{_RELATION})?\s*(?P<chg>{_CHANGE})?\s*(?P<act>{_ACTION})?\s*(?P<num>\d+(?:\.\d+)?|[一二三四五六七八九十百千两]+)\s*"
    rf"(?P<unit>{_UNIT})(?P<range>\s*[－~～—–-]\s*\d+(?:\.\d+)?\s*(?:%|％)?)?(?P<more>以上|左右|以内|及以上)?"
)
# A number right before a unit: every `_VALUE` match holds one. `_VALUE` opens with three
# optional alternations, so the regex engine tries dozens of words at every character;
# this one checks a character class, and most sentences (no quantity) stop here (speedup).
_QUANTITY = re.compile(rf"[\d一二三四五六七八九十百千两]\s*{_UNIT}")
_YEAR = re.compile(r"(?:到|至|截至|截止)\s*(\d{4})\s*年|(\d{4})\s*年\s*(?:底|末|前|目标|时)")
_BARE_YEAR = re.compile(r"\s*(\d{4})\s*年(?!\d)")
_FIVE_YEAR = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_SENTENCE = re.compile(r"[^。；;！？!?]+[。；;！？!?]?")
_CLAUSE_BREAK = re.compile(r"[，,：:、()（）]")
# Letters as the [^\W\d_] category, not a CJK range: it compiles in microseconds (speedup).
_OBJECT = re.compile(r"(?:[^\W\d_]|[“”\"])(?:[^\W\d_]|[“”\"\s]){1,20}")
_LEADING_NOISE = re.compile(
    r"^(?:在|(?:到|至|截至)?\s*\d{4}\s*年(?:底|末|前)?|[“\"]?十.五[”\"]?(?:期间|时期|末)?|每年|年均|全年|"
    r"全市|全省|全区|全县|全国|全镇|我市|我省|我区|我县|各地|完成|实现|确保|力争|推动|累计|共|新|将|把|今年|明年)+"
)
_VAGUE = re.compile(r"^[一几数若]$")
# Units that measure the same kind of thing can be compared; others cannot.
_UNIT_KIND = {
    "share": ("%", "％", "个百分点"),
    "people": ("亿人次", "万人次", "人次", "亿人", "万人", "万名", "名", "人"),
    "money": ("万元", "亿元", "元"),
    "time": ("天", "小时"),
    "area": ("平方米", "万平方米", "万亩", "亩", "公顷"),
    "length": ("公里",),
    "weight": ("万吨", "吨"),
    "power": ("万千瓦", "千瓦"),
    "ratio": ("倍",),
}
_GENERIC_WORDS = frozenset(
    "每年 年均 全市 我市 全省 全区 全县 达到 完成 实现 开展 建设 建成 的 和 及 各类 各 个 等".split()
)


def find_targets(document: Document) -> tuple[Target, ...]:
    """Quantified goals of a plan, in reading order.

    Statements of past facts (2020年共培训3000人次) stay out unless they carry a
    target year, a yearly quota or a comparator. The target year is read from the
    sentence, else from earlier in the same paragraph (2025年目标，…。…比例超过17.8%).
    """
    original = document.text.original
    horizon = _horizon(original)
    targets: list[Target] = []
    for start, end in _paragraphs(document):
        paragraph = original[start:end]
        if _QUANTITY.search(paragraph):  # no quantity, no target (speedup)
            targets.extend(_paragraph_targets(document, start, paragraph, horizon))
    return tuple(targets)


def _horizon(original: str) -> int | None:
    """The earliest target year the plan names (到2025年): a sentence opening with an
    earlier year (2020年本市…达到24.07%) reports a past fact, not a goal."""
    years = [int(m.group(1)) for m in re.finditer(r"(?:到|至)\s*(\d{4})\s*年", original)]
    years = [y for y in years if 1949 <= y <= 2100]
    return min(years) if years else None


def _paragraphs(document: Document) -> list[tuple[int, int]]:
    """Logical lines (a hard-wrapped paragraph joined) cut at section boundaries,
    without the back matter (footers, related links)."""
    from bisect import bisect_right

    from .ingest import layout

    original = document.text.original
    sections = document.sections
    starts = [section.start for section in sections]
    spans = []
    for line in layout(original).logical:
        first = max(bisect_right(starts, line.start) - 1, 0)
        # Indexes, not `sections[first:]`: that copies the rest of the tuple for every
        # line, quadratic on a thousand-page plan (speedup).
        for index in range(first, len(sections)):
            section = sections[index]
            if section.start >= line.end:
                break
            start, end = max(line.start, section.start), min(line.end, section.end)
            if end > start and not (section.level == 0 and section.index != 0):
                spans.append((start, end))
    return spans


def _paragraph_targets(document: Document, offset: int, paragraph: str, horizon: int | None) -> list[Target]:
    found: list[Target] = []
    context_year: int | None = None
    past = goal = False
    for sentence in _SENTENCE.finditer(paragraph):
        year = _year_of(sentence.group())
        bare = _BARE_YEAR.match(sentence.group())
        stated = year or (int(bare.group(1)) if bare else None)
        if stated and horizon and stated < horizon:
            past = True  # 2015年是“十二五”收官之年。…年均增长7.8%: facts, to the paragraph's end
            continue
        if past and stated is None:
            continue
        past = False
        # 主要预期目标是：国内生产总值增长5.5%左右；城镇新增就业1100万人以上: the goal word
        # opens a list whose items follow in the same paragraph.
        goal = goal or bool(_GOAL_LIST.search(sentence.group()))
        context_year = year or context_year
        if year is None and re.search(r"每年|年均", sentence.group()):
            year_here = None  # a yearly quota has no deadline of its own
        else:
            year_here = year or context_year
        found.extend(_sentence_targets(document, offset + sentence.start(), sentence.group(), year_here, goal))
    return found


def _year_of(sentence: str) -> int | None:
    match = _YEAR.search(sentence)
    if match:
        year = int(match.group(1) or match.group(2))
        return year if 1949 <= year <= 2100 else None
    named = [year for name, year in _FIVE_YEAR.items() if name in sentence]
    return max(named) if named else None  # “十三五”完成…“十四五”目标: the latest is the goal


def _sentence_targets(
    document: Document, offset: int, sentence: str, year: int | None, goal: bool = False
) -> list[Target]:
    if not _QUANTITY.search(sentence):
        return []  # no value to find: skip the goal tests and `_VALUE`'s slow scan (speedup)
    per_year = "每年" in sentence or "年均" in sentence
    forward = bool(year or per_year or goal or _FORWARD.search(_ACHIEVED.sub("", sentence)))
    found = []
    for match in _VALUE.finditer(sentence):
        if not (forward or match.group("cmp")) or _not_a_quantity(sentence, match):
            continue
        indicator = _indicator(sentence, match)
        if len(indicator) < 2:
            continue
        value = re.sub(r"\s+", "", _value_text(sentence, match))
        start = offset + (match.start("num") if match.group("act") else match.start())
        found.append(
            Target(
                indicator=indicator,
                value=value.strip(),
                number=_to_number(match.group("num")),
                unit=match.group("unit"),
                year=year,
                start=start,
                end=offset + match.end(),
                line=document.text.line_of(start),
                sentence=Span(offset, offset + len(sentence)),
                per_year=per_year,
            )
        )
    return found


def _value_text(sentence: str, match: re.Match[str]) -> str:
    """The value as written with its comparator, without the action verb (培训 belongs to the indicator)."""
    if not match.group("act"):
        return match.group().strip()
    return (match.group("cmp") or "") + (match.group("chg") or "") + sentence[match.start("num") : match.end()].strip()


def _not_a_quantity(sentence: str, match: re.Match[str]) -> bool:
    """Dates, codes, ordinals and vague amounts (一批, 一个) are not targets."""
    after = sentence[match.end() : match.end() + 1]
    if after in ("年", "月", "日", "号", "级", "届", "批", "五"):
        return True
    before = sentence[max(0, match.start("num") - 1) : match.start("num")]
    if before == "第":
        return True  # an ordinal: 第十四个五年规划
    if before in ("“", '"', "‘", "「"):
        return True  # a slogan: “五个廊坊”, “四个全面”
    if _VAGUE.match(match.group("num")):
        return True
    if re.match(r"\s*(?:提高|增加|提升|降低|下降|减少|增长|调整)(?:到|至)", sentence[match.end() :]):
        return True  # 由每人380元提高到420元: the old value; the new one follows
    if not match.group("num")[0].isdigit() and not (match.group("cmp") or match.group("act")):
        return True  # 以下六个方面: an enumeration, not a count to reach
    return match.group("unit") == "期" and not match.group("cmp")


def _indicator(sentence: str, match: re.Match[str]) -> str:
    """What is measured: the clause before the value, plus the action and its object.

    `高技能人才培训3000人次` → 高技能人才培训; `“十四五”期间建设5个市级科普示范基地`
    → 建设市级科普示范基地 (the object follows the number).
    """
    pieces = _CLAUSE_BREAK.split(sentence[: match.start()])
    head = _clean_head(pieces[-1])
    if len(pieces) >= 2 and (len(head) < 2 and not match.group("act") or re.fullmatch(_ACTION, head)):
        previous = _clean_head(pieces[-2])
        head = previous if len(head) < 2 or previous.endswith(head) else previous + head
    action = match.group("act") or ""
    tail = ""
    if action or re.search(rf"{_ACTION}$", head) or not head:
        following = _OBJECT.match(sentence, match.end())
        tail = following.group() if following else ""
    tail = re.split(r"[的等]", re.sub(r"\s+", "", tail))[0][:16] if tail else ""
    if re.match(r"[并和及且或]", tail):
        tail = ""  # 建成1个以上并向社会开放: what follows is another verb, not the object
    if not head and not tail:
        # The thing counted was named in an earlier clause (…建设科普展示，到2025年，建成1个以上).
        earlier = [_clean_head(piece) for piece in pieces[:-1]]
        return next((clause for clause in reversed(earlier) if len(clause) >= 2), "")[-30:]
    indicator = head + action + tail.strip('“”"')
    return indicator[-30:]


def _clean_head(clause: str) -> str:
    clause = re.sub(r"\s+", "", clause)  # layout: a hard wrap or a space inside 到 2020 年
    clause = re.sub(r"每年|年均", "", clause)  # said by `per_year`
    clause = _LEADING_NOISE.sub("", clause).strip()
    clause = re.sub(r"[从由][^从由]*$", "", clause)  # 起征点从月销售额10万元 提高到15万元: the old value
    clause = re.sub(rf"{_RELATION}$|{_CHANGE}$", "", clause).strip()
    clause = re.sub(r"(?:将|要|将要|预计)$", "", clause)
    return clause


def _to_number(numeral: str) -> float | None:
    """The numeral's value; None when it has none, or none a float can hold (a 400-digit
    number is infinite as a float, and JSON has no infinity)."""
    from .numbering import chinese_number

    try:
        number = float(numeral)
    except ValueError:
        value = chinese_number(numeral)
        try:
            number = float(value) if value is not None else math.nan
        except OverflowError:
            number = math.nan
    return number if math.isfinite(number) else None


# --- pairing -------------------------------------------------------------------------

PAIR_THRESHOLD = 0.45
"""Least indicator similarity for two targets to be reported as one changed target."""


def pair_targets(a: tuple[Target, ...], b: tuple[Target, ...]) -> tuple[TargetChange, ...]:
    """Targets paired across two plans by indicator, then those found on one side only.

    Pairs are chosen greedily, best first, one-to-one; two targets pair only when
    their units measure the same kind of thing and their indicators share a content
    word that is not a generic verb. Few right pairs beat many dubious ones.

    Returns:
        Paired targets in A's reading order, then A-only, then B-only targets.
    """
    a, b = _distinct(a), _distinct(b)
    scored = sorted(
        ((indicator_similarity(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b) if _comparable(x, y)),
        reverse=True,
    )
    pairs: dict[int, int] = {}
    used_b: set[int] = set()
    for score, i, j in scored:
        if score < PAIR_THRESHOLD:
            break
        if i not in pairs and j not in used_b:
            pairs[i] = j
            used_b.add(j)
    changes = [TargetChange(_shorter(a[i].indicator, b[j].indicator), a[i], b[j]) for i, j in sorted(pairs.items())]
    changes += [TargetChange(t.indicator, t, None) for i, t in enumerate(a) if i not in pairs]
    changes += [TargetChange(t.indicator, None, t) for j, t in enumerate(b) if j not in used_b]
    return tuple(changes)


def _distinct(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    """One target per indicator and value: a goal restated in the summary counts once."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for target in targets:
        key = (normal_form(target.indicator), normal_form(target.value))
        if key not in seen:
            seen.add(key)
            kept.append(target)
    return tuple(kept)


def _shorter(x: str, y: str) -> str:
    return x if len(x) <= len(y) else y


def unit_kind(unit: str) -> str:
    """The kind of quantity a unit measures (``share``, ``people``, …), or the unit itself."""
    for kind, units in _UNIT_KIND.items():
        if unit in units:
            return kind
    return unit


def _comparable(x: Target, y: Target) -> bool:
    """Same kind of unit, and both levels or both rates of change: 研发经费投入强度达到2.5%
    is not 研发经费投入年均增长7%."""
    return unit_kind(x.unit) == unit_kind(y.unit) and _is_rate(x) == _is_rate(y)


def _is_rate(target: Target) -> bool:
    return bool(re.match(rf"(?:{_RELATION})?{_CHANGE}(?![到至])", target.value))  # 提高到65% is a level


def indicator_similarity(x: Target, y: Target) -> float:
    """0..1: half word overlap (of the shorter indicator), half character-bigram Dice.

    Zero unless the indicators share a content word other than an action verb, so
    `职业培训` and `培训教师` (only 培训 in common) are not the same indicator.
    """
    words_x, words_y = _content_words(x.indicator), _content_words(y.indicator)
    shared = words_x & words_y
    if not shared or all(re.fullmatch(_ACTION, w) for w in shared):
        return 0.0
    overlap = len(shared) / min(len(words_x), len(words_y))
    return 0.5 * overlap + 0.5 * _bigram_dice(normal_form(x.indicator), normal_form(y.indicator))


def _content_words(indicator: str) -> set[str]:
    from .tokens import cut

    return {
        w for w in cut(normal_form(indicator)) if w not in _GENERIC_WORDS and re.search(r"[^\W\d_]", w)
    }


def _bigram_dice(x: str, y: str) -> float:
    grams_x = {x[i : i + 2] for i in range(len(x) - 1)}
    grams_y = {y[i : i + 2] for i in range(len(y) - 1)}
    if not grams_x or not grams_y:
        return 1.0 if x == y else 0.0
    return 2 * len(grams_x & grams_y) / (len(grams_x) + len(grams_y))
