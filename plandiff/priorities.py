"""Added and removed priorities: the named tasks, projects and mechanisms of one plan
that the other plan does not mention.

Candidates are noun chunks, programme names and heading titles (plandiff.phrases). A
candidate counts only when its normal form does not occur anywhere in the other document.

Salience ranks what is left. A name is news when a short part of it is new: one
word the other plan never uses (辟谣) says more than a new combination of three
common ones (科普工作实绩). So the score grows with the rarity of the candidate's
*novel core* (its shortest sub-phrase absent from the other plan) and with the
hints that a phrase names a programme: a genre suffix (行动、工程、计划、机制、平台
…), quotation marks, a heading, a section the other plan lacks.

Speed: everything that depends on one document alone (its normal form, candidates and
their cores, place name) is computed once per document (`document_plan`), and "does this
occur in the other plan" is answered once per string by `_Occurrences`, never by a
scan of the other plan per candidate (that was quadratic on big plans) (speedup).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from operator import add, attrgetter

from .ingest import normal_form
from .model import Alignment, ClauseDiff, Document, Priority
from .phrases import PERIOD_NAME, SUFFIX, Candidate, extract_candidates, shared_head_names

__all__ = ["Candidate", "extract_candidates", "find_priorities", "place_name"]

# Structural section names every plan has: never a priority of their own.
_STRUCTURAL = re.compile(
    r"^(基本原则|指导思想|主要目标|总体目标|发展目标|工作目标|总体要求|主要任务|重点任务|重点工程|提升行动|保障措施|"
    r"组织实施|组织领导|组织保障|成员单位|牵头单位|责任单位|总结评估|评估监测|总结表彰|考核评估|任务分工|责任分工|职责分工|机制保障|条件保障|经费保障|监测评估|督促检查|宣传引导|附则|附件|背景|现状|形势)$"
)
_AGENCY = re.compile(r"(局|委|办|厅|署|大队|政府)$|^[市县区省州].{1,8}(院|联|会|团|队)$")
_MAX_ITEMS = 20
_PER_SECTION = 3
_MIN_SCORE = 0.45


def find_priorities(alignment: Alignment, diffs: tuple[ClauseDiff, ...], side: str) -> tuple[Priority, ...]:
    """The priorities of one side that the other side lacks, most salient first.

    Args:
        alignment: the two documents and their section links.
        diffs: one per link; regions the diff calls equal are not searched.
        side: ``"b"`` for priorities added in B, ``"a"`` for those removed from A.
    """
    own_document, other_document = (alignment.b, alignment.a) if side == "b" else (alignment.a, alignment.b)
    own, other = document_plan(own_document), document_plan(other_document)
    changed = _ChangedSpans(_changed_spans(alignment, diffs, side))
    news = _news(own, other)
    candidates = []
    for candidate in changed.touched(own.candidates):
        is_news = news.get(candidate.text)
        if is_news is None:
            is_news = news[candidate.text] = _is_news(candidate.text, own, other)
        if is_news:
            candidates.append(candidate)
    scorer = _Scorer(own_document, own, other, _unmatched_sections(alignment, side), _renamed_sections(alignment, side))
    return _select(candidates, scorer, side)


@lru_cache(maxsize=4)
def _news(own: _Plan, other: _Plan) -> dict[str, bool]:
    """Whether each phrase of `own` is news against `other`, filled as phrases are asked.

    It depends on the two documents alone, so it is decided once per text, and kept
    while the same documents are compared again (the TUI re-aligns after each
    correction) (speedup).
    """
    return {}


def work_ahead(a: Document, b: Document) -> Iterator[None]:
    """Decide for every phrase of each document whether it is news against the other, a
    few phrases per step, before the diff says which ones its changes touch.

    The CLI runs these steps while a child process aligns (`pipeline.compare`): the
    answers fill `_news`, so `find_priorities` later looks only at what is left.
    """
    plan_a, plan_b = document_plan(a), document_plan(b)
    for own, other in ((plan_b, plan_a), (plan_a, plan_b)):
        news = _news(own, other)
        for count, text in enumerate(own.cores, 1):
            if text not in news:
                news[text] = _is_news(text, own, other)
            if count % 16 == 0:
                yield
    for own, other in ((plan_b, plan_a), (plan_a, plan_b)):
        # the pieces `_Scorer.score` looks for in the other plan (its novel core)
        news = _news(own, other)
        first = {c.text: c for c in reversed(own.candidates) if news[c.text]}
        for count, candidate in enumerate(first.values(), 1):
            _novel_core(candidate.words, other.occurs, own.place)
            if count % 16 == 0:
                yield


def _is_news(text: str, own: _Plan, other: _Plan) -> bool:
    """Absent from the other plan, not a reworded name of the other plan (the same core),
    and specific enough to name something."""
    return text not in other.occurs and own.cores[text] not in other.core_set and _is_specific(text)


def _changed_spans(alignment: Alignment, diffs: tuple[ClauseDiff, ...], side: str) -> list[tuple[int, int]]:
    """The original spans of `side` the diff marks inserted (B) or deleted (A), not moved,
    plus any text no op covers at all (a diff that skips a region has not called it equal).

    Spans, not sections: with ``--level`` a link's ops also cover its folded sub-sections.
    """
    wanted = "insert" if side == "b" else "delete"
    changed: list[tuple[int, int]] = []
    covered: list[tuple[int, int]] = []
    for diff in diffs:
        for op in diff.ops:
            span = (op.b_start, op.b_end) if side == "b" else (op.a_start, op.a_end)
            if span[1] <= span[0]:
                continue
            covered.append(span)
            if op.op == wanted and op.moved_to is None and op.moved_from is None:
                changed.append(span)
    length = len((alignment.b if side == "b" else alignment.a).text)
    return sorted(changed + _gaps(sorted(covered), length))


def _gaps(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    gaps, reached = [], 0
    for start, end in spans:
        if start > reached:
            gaps.append((reached, start))
        reached = max(reached, end)
    return gaps + ([(reached, length)] if reached < length else [])


class _ChangedSpans:
    """Sorted changed spans, asked whether the diff changed part of a phrase (辟谣
    inserted into 科学…平台).

    A phrase is changed when one of the 8 spans starting last before its end reaches
    past its start. The furthest end of each such window of 8 is computed once, so a
    question is one binary search (speedup).
    """

    _WINDOW = 8

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in spans]
        ends = [end for _, end in spans]
        self.reach = [max(ends[max(i - self._WINDOW, 0) : i], default=-1) for i in range(len(spans) + 1)]

    def touched(self, candidates: tuple[Candidate, ...]) -> list[Candidate]:
        """The candidates part of which the diff changed, in order."""
        reach = self.reach
        windows = map(bisect_left, repeat(self.starts), map(attrgetter("end"), candidates))
        return [candidate for candidate, i in zip(candidates, windows, strict=True) if reach[i] > candidate.start]


def _unmatched_sections(alignment: Alignment, side: str) -> set[int]:
    status = "added" if side == "b" else "removed"
    indexes = (link.b if side == "b" else link.a for link in alignment.links if link.status == status)
    return {i for i in indexes if i is not None}


def _renamed_sections(alignment: Alignment, side: str) -> dict[int, str]:
    """Matched sections of `side` whose heading differs from the partner's: section → partner title."""
    own, other = (alignment.b, alignment.a) if side == "b" else (alignment.a, alignment.b)
    partners: dict[int, str] = {}
    for link in alignment.links:
        if link.a is None or link.b is None:
            continue
        mine, theirs = (link.b, link.a) if side == "b" else (link.a, link.b)
        partners[mine] = partners.get(mine, "") + normal_form(other.sections[theirs].title)
    return {i: title for i, title in partners.items() if normal_form(own.sections[i].title) not in title}


# --- one document, read once ------------------------------------------------------------


class _Occurrences:
    """``piece in text`` for the many short pieces a summary asks about, each answered once.

    The characters and character pairs of the text are collected first: they answer
    pieces of one or two characters (most single words) outright, and a longer piece
    holding a pair the text lacks is absent without a scan; most novel phrases hold one
    (辟谣). Only the rest are searched, once per piece (speedup: a scan of a 3 MB text
    per question made the summary quadratic).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.chars = set(text)
        self.pairs = set(map(add, text, text[1:]))
        self.known: dict[str, bool] = {}

    def __contains__(self, piece: str) -> bool:
        known = self.known.get(piece)
        if known is None:
            known = self.known[piece] = self._search(piece)
        return known

    def _search(self, piece: str) -> bool:
        if len(piece) < 2:
            return not piece or piece in self.chars
        pairs = self.pairs
        if not all(pair in pairs for pair in map(add, piece, piece[1:])):
            return False
        return len(piece) == 2 or piece in self.text


@dataclass(frozen=True, eq=False)
class _Plan:
    """What the summary needs from one document, whichever side it is on."""

    candidates: tuple[Candidate, ...]
    cores: dict[str, str]
    """The core of each candidate text (`_core_key`)."""
    core_set: frozenset[str]
    occurs: _Occurrences
    """Which strings occur in the document's normal form (or in a name it writes in part)."""
    place: str
    rhetoric: frozenset[int]


@lru_cache(maxsize=4)
def document_plan(document: Document) -> _Plan:
    """The document read once for both directions of a summary (speedup)."""
    candidates = extract_candidates(document)
    cores = {text: _core_key(text) for text in {c.text: None for c in candidates}}
    return _Plan(
        candidates=candidates,
        cores=cores,
        core_set=frozenset(cores.values()),
        # the names a coordination writes in part count as written (…教师和…辅导员队伍)
        occurs=_Occurrences("\n".join((normal_form(document.text.original), *shared_head_names(document)))),
        place=place_name(document),
        rhetoric=frozenset(_rhetoric_sections(document)),
    )


# --- filters and scoring -----------------------------------------------------------------

_CORE_FILLER = re.compile(r"建设|提升|实施|加强|推进|促进|能力|水平|工作|行动|工程|计划|体系|机制|[\"“”]")


@lru_cache(maxsize=65536)
def _core_key(text: str) -> str:
    """The phrase without generic modifiers: 科普信息化建设工程 ≈ 科普信息化提升工程."""
    return _CORE_FILLER.sub("", normal_form(text))


def _is_specific(phrase: str) -> bool:
    text = phrase.strip('"')
    if len(text) < 2 or _STRUCTURAL.match(text) or _AGENCY.search(text) or not _core_key(text):
        return False
    return len(text) >= 3 or phrase.startswith('"')


class _Scorer:
    """Salience of a candidate, from word rarity in its own plan and novelty against the other."""

    def __init__(self, own: Document, plan: _Plan, other: _Plan, unmatched: set[int], renamed: dict[int, str]) -> None:
        self.own = own
        self.cores = plan.cores
        self.other_text = other.occurs
        self.own_place, self.other_place = plan.place, other.place
        self.unmatched = unmatched
        self.renamed = renamed
        self.rhetoric = plan.rhetoric

    def score(self, candidate: Candidate, count: int) -> float:
        """Class of phrase × novelty of its core × hints × fitting length × mentions.

        Scores under `_MIN_SCORE` are never shown, so they come back as 0.0 when even a
        novelty of 1 could not lift the phrase over it: the novel core, the costly part,
        is then not looked for (speedup; the list is the same).
        """
        if (
            candidate.in_heading
            and _bigram_dice(self.cores[candidate.text], self.renamed.get(candidate.section, "")) >= 0.3
        ):
            return 0.0  # a reworded heading (科普信息化建设工程 → 提升工程) is a rename, not news
        if self.own_place and self.own_place in candidate.text:
            # “健康廊坊”行动 is news only if the other plan has no “健康新郑”行动.
            if not self.other_place or candidate.text.replace(self.own_place, self.other_place) in self.other_text:
                return 0.0
        weight = _class_weight(candidate.text, candidate.governed)
        # The heading of a section the other plan lacks names a new task: a new
        # combination of words counts.
        new_heading = candidate.in_heading and candidate.section in self.unmatched and weight >= 0.65
        hints = self._hints(candidate, new_heading)
        quoted_bonus = self._quoted_bonus(candidate)
        weight = self._penalised(weight, candidate)
        fit, mentions = _length_fit(candidate.text), 1 + 0.3 * math.log(count)
        if weight * 1.0 * (hints + quoted_bonus) * fit * mentions < _MIN_SCORE:
            return 0.0
        core = _novel_core(candidate.words, self.other_text, self.own_place)
        if not core:
            return 0.0
        novelty = 1.0 / math.sqrt(len(core))
        if new_heading:
            novelty = max(novelty, 0.75)
        if quoted_bonus and any(w.startswith('"') and w not in self.other_text for w in candidate.words):
            hints += quoted_bonus
        return weight * novelty * hints * fit * mentions

    def _hints(self, candidate: Candidate, new_heading: bool) -> float:
        hints = 1.0
        if new_heading:
            hints += 0.4
        elif candidate.in_heading:
            hints += 0.2  # a reworded heading of a matched section: often a rename
        hints += 0.1 if candidate.governed else 0.0
        if candidate.section in self.rhetoric:
            hints *= 0.5  # 指导思想, 基本原则: slogans and principles, not tasks
        return hints

    @staticmethod
    def _quoted_bonus(candidate: Candidate) -> float:
        """What a new quoted name (“双减”) adds: much when it names a task, little for a
        quoted slogan or contest in running text; 0.0 for a phrase without quotes."""
        if '"' not in candidate.text or not any(w.startswith('"') for w in candidate.words):
            return 0.0  # (speedup) a word opening with a quote puts one in the text
        return 0.3 if candidate.in_heading or SUFFIX.search(candidate.text.rstrip('"')) else 0.1

    @staticmethod
    def _penalised(weight: float, candidate: Candidate) -> float:
        if len(candidate.words) == 2 and _GENERIC_HEAD.fullmatch(candidate.words[1]) and '"' not in candidate.text:
            weight *= 0.6  # one word before a generic head (资助项目, 年报制度) rarely names anything
        if len(candidate.words) == 1 and not candidate.text.startswith('"'):
            weight *= 0.5  # one dictionary word (企业家, 顶层设计) is rarely a named programme
        return weight


_GENERIC_HEAD = re.compile(r"项目|制度|机制|体系|平台|品牌|基地|中心|队伍|团队")
_PROGRAMME = re.compile(r"(行动|工程|计划|专项|项目)\"?$")


def _class_weight(text: str, governed: bool) -> float:
    """Named programmes first, then mechanisms and institutions, then the objects of
    tasks (推进智慧科普建设), then other noun chunks (社会风尚, 理想信念: mostly rhetoric)."""
    if _PROGRAMME.search(text):
        return 1.0
    if SUFFIX.search(text.rstrip('"')):
        return 0.8
    return 0.65 if governed else 0.35


def _length_fit(text: str) -> float:
    size = len(text.strip('"'))
    if 4 <= size <= 12:
        return 1.0
    return 0.8 if size == 3 or size > 12 else 0.5


_RHETORIC = re.compile(r"指导思想|基本原则|总体要求|总体目标|主要目标|发展目标|工作目标|目标任务|背景|现状|形势|意义")


def _rhetoric_sections(document: Document) -> set[int]:
    """Sections on guiding ideas, principles and goals, and their sub-sections."""
    return {s.index for s in document.headings if any(_RHETORIC.search(p.title) for p in document.path(s))}


def _bigram_dice(x: str, y: str) -> float:
    grams_x = {x[i : i + 2] for i in range(len(x) - 1)}
    grams_y = {y[i : i + 2] for i in range(len(y) - 1)}
    if not grams_x or not grams_y:
        return 0.0
    return 2 * len(grams_x & grams_y) / (len(grams_x) + len(grams_y))


def _novel_core(words: tuple[str, ...], other_text: _Occurrences, own_place: str = "") -> tuple[str, ...]:
    """The shortest run of words absent from the other plan (leftmost on ties); the
    plan's own place name is not news (every 廊坊 is absent from a 新郑 plan)."""
    for size in range(1, len(words) + 1):
        for i in range(len(words) - size + 1):
            piece = words[i : i + size]
            joined = "".join(piece)
            if joined not in other_text and not _is_setting(joined, own_place):
                return piece
    return ()


def _is_setting(word: str, own_place: str) -> bool:
    """The plan's own place or period name: absent from the other plan, yet not news."""
    if own_place and own_place in word and len(word) <= len(own_place) + 2:
        return True
    return bool(PERIOD_NAME.match(word))


_PLACE = re.compile(r"([^\W\d_A-Za-z]{2,4}?)(?:市|省|自治区|区|县|州|盟)")


def place_name(document: Document) -> str:
    """The plan's own place (廊坊 from 廊坊市…方案), read from its title or issuer."""
    for source in (document.metadata.title, document.metadata.issuer):
        match = _PLACE.match(source.strip())
        if match:
            return match.group(1)
    return ""


def _select(candidates: list[Candidate], scorer: _Scorer, side: str) -> tuple[Priority, ...]:
    """Best first, one item per phrase; a phrase inside a better one is left out."""
    counts: dict[str, int] = {}
    first: dict[str, Candidate] = {}
    for candidate in candidates:
        counts[candidate.text] = counts.get(candidate.text, 0) + 1
        first.setdefault(candidate.text, candidate)
    scored = sorted(
        ((scorer.score(c, counts[c.text]), c) for c in first.values()), key=lambda sc: (-sc[0], sc[1].start)
    )
    chosen: list[tuple[float, Candidate]] = []
    per_section: dict[int, int] = {}
    for score, candidate in scored:
        if score < _MIN_SCORE or len(chosen) >= _MAX_ITEMS:
            break
        if any(_same_item(candidate, kept) for _, kept in chosen):
            continue
        if per_section.get(candidate.section, 0) >= _PER_SECTION:
            continue  # a summary names the news of the whole plan, not one paragraph's list
        per_section[candidate.section] = per_section.get(candidate.section, 0) + 1
        chosen.append((score, candidate))
    return tuple(_priority(c, s, side, scorer) for s, c in chosen)


def _same_item(x: Candidate, y: Candidate) -> bool:
    """One inside the other, the same name up to genre words (科技资源科普化机制/行动), or
    two names of one kind that differ by a word (监测指标体系, 监测评估指标体系)."""
    if x.text in y.text or y.text in x.text or _core_key(x.text) == _core_key(y.text):
        return True
    suffix_x, suffix_y = SUFFIX.search(x.text), SUFFIX.search(y.text)
    same_kind = suffix_x is not None and suffix_y is not None and suffix_x.group() == suffix_y.group()
    if not same_kind:
        return False
    short, long = sorted((_core_key(x.text), _core_key(y.text)), key=len)
    return len(short) >= 0.6 * len(long) and _is_subsequence(short, long)  # 监测(评估)指标体系


def _is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(char in rest for char in short)


def _priority(candidate: Candidate, score: float, side: str, scorer: _Scorer) -> Priority:
    as_written = re.sub(r"\s+", "", scorer.own.text.original[candidate.start : candidate.end])
    return Priority(
        text=as_written,
        side="b" if side == "b" else "a",
        section=candidate.section,
        line=scorer.own.text.line_of(candidate.start),
        start=candidate.start,
        score=round(score, 4),
        source="section" if candidate.in_heading and candidate.section in scorer.unmatched else "clause",
    )
