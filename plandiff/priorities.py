"""Added and removed priorities: the named tasks, projects and mechanisms of one plan
that the other plan does not mention.

Candidates are noun chunks read from the part-of-speech tags of each section's text
(科学/n 辟谣/nr 平台/n → 科学辟谣平台), with quoted names kept whole (“巧媳妇”工程)
and the leading verbs of a task sentence left off (实施/加强/推进 …). A candidate
counts only when its normal form does not occur anywhere in the other document.

Salience ranks what is left. A name is news when a short part of it is new: one
word the other plan never uses (辟谣) says more than a new combination of three
common ones (科普工作实绩). So the score grows with the rarity of the candidate's
*novel core* (its shortest sub-phrase absent from the other plan) and with the
hints that a phrase names a programme: a genre suffix (行动、工程、计划、机制、平台
…), quotation marks, a heading, a section the other plan lacks.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .ingest import normal_form, normalise
from .model import Alignment, ClauseDiff, Document, Priority, Section

# Genre suffixes of named programmes and mechanisms (generic vocabulary, not a corpus list).
_SUFFIX = re.compile(
    r"(行动|工程|计划|机制|体系|平台|制度|品牌|联盟|基地|工作室|中心|报告团|服务团|专项|项目|示范区|示范单位|"
    r"实验室|科技馆|博物馆|大赛|竞赛|论坛|活动周|月|节|营|站|队|网|库|示范村|样板|标准|清单|评审|基金)$"
)
# Verbs and adverbs that open a task (实施X工程, 加强X建设): never part of the name.
_LEAD = frozenset(
    """实施 推进 推动 加强 强化 建立 建立健全 健全 完善 开展 打造 组建 发挥 深入 深入实施 深入开展 鼓励 支持 落实
    构建 促进 深化 提高 培育 扎实 积极 大力 充分 充分利用 充分发挥 利用 围绕 依托 结合 引导 探索 组织 举办 参与
    加大 加快 做好 抓好 优化 拓展 扩大 建设 推广 继续 持续 广泛 着力 进一步 不断 逐步 切实 全面 重点 以 把 将 通过
    开发 设立 成立 创建 搭建 培养 提升 增强 形成 实现 保障 服务 助力 用好 办好 突出 聚焦 注重 坚持 推行 遴选 选树
    打通 发展 弘扬 营造 树立 鼓励支持 统筹 统筹推进 认真 认真贯彻 贯彻 贯彻落实 深入推进
    加强对 对 各 各类 相关 有关 主动 广泛开展""".split()
)
# Words of _LEAD that are not verbs: they open a phrase but govern nothing (各教育阶段…).
_NOT_VERBS = frozenset(
    "各 各类 相关 有关 对 加强对 以 把 将 通过 重点 全面 进一步 不断 逐步 切实 持续 继续 广泛 积极 大力 充分 扎实 "
    "认真 主动 着力 深入".split()
)
_GOVERNING = _LEAD - _NOT_VERBS
_COORDINATION = frozenset(("和", "与", "及", "以及", "、"))
# Words that end a task phrase without naming anything (数字科技馆建设 → 数字科技馆).
_BUILT = frozenset("建设 工作 工程建设 作用".split())
_TRAILING = frozenset("建设 发展 作用 优势 水平 能力 力度 等 方面 领域 中 工程建设 管理 运营 管理运营".split())
# Structural section names every plan has: never a priority of their own.
_STRUCTURAL = re.compile(
    r"^(基本原则|指导思想|主要目标|总体目标|发展目标|工作目标|总体要求|主要任务|重点任务|重点工程|提升行动|保障措施|"
    r"组织实施|组织领导|组织保障|成员单位|牵头单位|责任单位|总结评估|评估监测|总结表彰|考核评估|任务分工|责任分工|职责分工|机制保障|条件保障|经费保障|监测评估|督促检查|宣传引导|附则|附件|背景|现状|形势)$"
)
_BREAK_TAGS = ("x", "u", "p", "c", "m", "q", "r", "f", "y", "e", "o", "w", "k", "h", "z")
_QUOTED = re.compile(r"[“\"《][^“”\"《》，,。；;、:：]{1,14}[”\"》]")
# A note naming who is in charge: (责任部门:市教育局、…). Agencies are not priorities.
_DUTY_NOTE = re.compile(r"\((?:[^()]{0,8}(?:部门|单位|分工))[:：][^()]*\)?")
_AGENCY = re.compile(r"(局|委|办|厅|署|大队|政府)$|^[市县区省州].{1,8}(院|联|会|团|队)$")
_MAX_CHARS = 16
_MAX_ITEMS = 20
_PER_SECTION = 3
_MIN_SCORE = 0.45


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    tag: str
    start: int
    """Offset in the section's normalised text."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A phrase found in one section, with where it is and what it is made of."""

    text: str
    """The phrase in normal form (punctuation width folded, no layout spaces)."""
    words: tuple[str, ...]
    section: int
    start: int
    """Offset of its first character in the original text."""
    end: int
    """Offset just past its last character in the original text."""
    in_heading: bool
    governed: bool = False
    """True when a task verb governs it (实施…, 推进…建设, 发挥…作用): the object of a task."""


def find_priorities(alignment: Alignment, diffs: tuple[ClauseDiff, ...], side: str) -> tuple[Priority, ...]:
    """The priorities of one side that the other side lacks, most salient first.

    Args:
        alignment: the two documents and their section links.
        diffs: one per link; regions the diff calls equal are not searched.
        side: ``"b"`` for priorities added in B, ``"a"`` for those removed from A.
    """
    own, other = (alignment.b, alignment.a) if side == "b" else (alignment.a, alignment.b)
    other_text = normal_form(other.text.original)
    changed = _changed_spans(alignment, diffs, side)
    candidates = [c for c in extract_candidates(own) if _overlaps(c, changed) and c.text not in other_text]
    other_cores = {_core_key(c.text) for c in extract_candidates(other)}
    candidates = [c for c in candidates if _core_key(c.text) not in other_cores and _is_specific(c)]
    scorer = _Scorer(own, other, _unmatched_sections(alignment, side), _renamed_sections(alignment, side))
    return _select(candidates, scorer, side)


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


# --- candidates -----------------------------------------------------------------------


@lru_cache(maxsize=4)
def extract_candidates(document: Document) -> tuple[Candidate, ...]:
    """Heading titles and noun-chunk candidates of every real section, in reading order.

    Cached: `summarise` reads each document twice (its own news, the other's cores).
    """
    found: list[Candidate] = []
    # A plan with no headings at all is read whole; otherwise front and back matter
    # (preamble, issuing notice, footers) hold no tasks.
    for section in document.headings or document.sections:
        title = _title_candidate(document, section) if section.level else None
        if title:
            found.append(title)
        # Table cells (tab-separated) are read apart: 区气象局 | 重点工程 are not one name.
        for cell in re.finditer(r"[^\t]+", document.own_text(section)):
            found.extend(_cell_candidates(document, section, section.start + cell.start(), cell.group()))
    return tuple(found)


def _title_candidate(document: Document, section: Section) -> Candidate | None:
    """A heading names its task as a whole (发挥企业家示范引领作用 → 企业家示范引领): the
    title without its opening task verbs and closing filler, when short enough to be a name."""
    title_start = section.heading_end - len(section.title)
    normal = normalise(document.text.original[title_start : section.heading_end])
    tokens = _tokens(normal.text)
    if not tokens or any(not _is_content(t) and not _is_verb(t) for t in tokens):
        return None  # punctuation or function words: a sentence, not a name
    start, end = 0, len(tokens)
    while start < end and (tokens[start].word in _LEAD or _starts_with_lead(tokens[start].word)):
        start += 1
    while end > start and tokens[end - 1].word in _TRAILING:
        end -= 1
    words = tuple(t.word for t in tokens[start:end])
    text = "".join(words)
    if not 4 <= len(text) <= _MAX_CHARS or len(words) < 2:
        return None
    first = tokens[start].start
    return Candidate(
        text=text,
        words=words,
        section=section.index,
        start=title_start + normal.to_original(first),
        end=title_start + normal.to_original(first + len(text) - 1) + 1,
        in_heading=True,
        governed=True,
    )


def _cell_candidates(document: Document, section: Section, offset: int, piece: str) -> Iterator[Candidate]:
    normal = normalise(piece)
    skipped = [m.span() for m in _DUTY_NOTE.finditer(normal.text)]
    for words, start, governed in _chunks(_tokens(normal.text)):
        if any(a <= start < b for a, b in skipped):
            continue
        original_start = offset + normal.to_original(start)
        yield Candidate(
            text="".join(words),
            words=words,
            section=section.index,
            start=original_start,
            end=offset + normal.to_original(start + len("".join(words)) - 1) + 1,
            in_heading=original_start < section.heading_end,
            governed=governed,
        )


def _overlaps(candidate: Candidate, spans: list[tuple[int, int]]) -> bool:
    """True when the diff changed part of the phrase (辟谣 inserted into 科学…平台)."""
    i = bisect_left(spans, (candidate.end, candidate.end))
    return any(start < candidate.end and candidate.start < end for start, end in spans[max(i - 8, 0) : i])


def _tokens(text: str) -> list[_Token]:
    """Tagged words with offsets; a quoted name (“双减”) is one word tagged ``nz``."""
    from .tokens import tag

    tokens: list[_Token] = []
    pos = 0
    for quote in _QUOTED.finditer(text):
        tokens.extend(_tagged(text[pos : quote.start()], pos, tag))
        tokens.append(_Token(quote.group(), "nz", quote.start()))
        pos = quote.end()
    tokens.extend(_tagged(text[pos:], pos, tag))
    return tokens


def _tagged(text: str, offset: int, tag: Callable[[str], list[tuple[str, str]]]) -> Iterator[_Token]:
    pos = offset
    for word, pos_tag in tag(text) if text else ():
        yield _Token(word, pos_tag, pos)
        pos += len(word)


def _chunks(tokens: list[_Token]) -> Iterator[tuple[tuple[str, ...], int, bool]]:
    """Noun chunks and programme names, each with whether a task verb governs it.

    A noun chunk is a run of content words with no verb inside (科学辟谣平台, not
    科普融入黄帝文化). A programme name may hold verbs (全民技能振兴工程, 农村妇女素质提升
    计划) because its last word is a genre suffix that closes the name.
    """
    run: list[_Token] = []
    governed = False
    for token in [*tokens, _Token("。", "x", -1)]:
        if run and _is_quoted(token) and _is_quoted(run[-1]):
            yield from _run_chunks(run, governed)  # “美丽乡村”“春雁行动”: two names, not one
            run = []
        if _is_content(token):
            run.append(token)
            continue
        yield from _run_chunks(run, governed)
        # 打造X平台和Y平台: the task verb governs both sides of a coordination.
        carried = governed or any(t.word in _GOVERNING for t in run)
        governed = token.word in _GOVERNING or (carried and bool(run) and token.word in _COORDINATION)
        run = []


def _run_chunks(run: list[_Token], governed: bool) -> Iterator[tuple[tuple[str, ...], int, bool]]:
    """Split a run at its verbs into noun chunks; keep whole the names ending in a suffix."""
    piece: list[_Token] = []
    for i, token in enumerate([*run, _Token("。", "x", -1)]):
        if i < len(run) and not _is_verb(token):
            piece.append(token)
            continue
        if i < len(run) and piece and len(token.word) > 1 and _suffix_follows(run, i):
            piece.append(token)  # a verb inside a name: 振兴 in 技能振兴工程
            continue
        kept = _trim(piece)
        if kept:
            lead = any(t.word in _GOVERNING or _starts_with_lead(t.word) for t in piece[: piece.index(kept[0])])
            built = any(t.word in _BUILT for t in piece[piece.index(kept[-1]) + 1 :])
            yield tuple(t.word for t in kept), kept[0].start, governed or lead or built
        governed = i < len(run) and run[i].word in _GOVERNING
        piece = []


def _suffix_follows(run: list[_Token], i: int) -> bool:
    """A genre suffix closes the run within three words, with no task verb between
    (创新 in 大学生创新创业训练计划, 提升 in 素质提升计划)."""
    tail = ""
    for token in run[i + 1 : i + 4]:
        if token.word in _LEAD:
            return False
        tail += token.word
        if _SUFFIX.search(tail):  # 示范/单位 → 示范单位
            return True
    return False


def _is_quoted(token: _Token) -> bool:
    return token.tag == "nz" and token.word[:1] in '"“《'


def _is_verb(token: _Token) -> bool:
    return token.tag in ("v", "vd", "vi", "vq") or token.word in _LEAD


def _is_content(token: _Token) -> bool:
    if token.tag.startswith(_BREAK_TAGS) or token.tag in ("d", "ad", "i"):
        return False
    return bool(re.search(r"[\u4e00-\u9fffA-Za-z]", token.word))


def _trim(run: list[_Token]) -> list[_Token]:
    start, end = 0, len(run)
    while start < end and (
        run[start].word in _LEAD or _starts_with_lead(run[start].word) or _PERIOD_NAME.match(run[start].word)
    ):
        start += 1
    while end > start and (run[end - 1].word in _TRAILING or run[end - 1].tag in ("v", "vd", "a", "ad")):
        end -= 1
    kept = run[start:end]
    while kept and len("".join(t.word for t in kept)) > _MAX_CHARS:
        kept = kept[1:]  # the head of a Chinese noun phrase is on the right
    return kept


def _starts_with_lead(word: str) -> bool:
    """大力加强, 深入推进: adverb + task verb written as one word."""
    return len(word) >= 4 and (word[:2] in _LEAD and word[2:] in _LEAD)


# --- filters and scoring -----------------------------------------------------------------

_CORE_FILLER = re.compile(r"建设|提升|实施|加强|推进|促进|能力|水平|工作|行动|工程|计划|体系|机制|[\"“”]")


def _core_key(text: str) -> str:
    """The phrase without generic modifiers: 科普信息化建设工程 ≈ 科普信息化提升工程."""
    return _CORE_FILLER.sub("", normal_form(text))


def _is_specific(candidate: Candidate) -> bool:
    text = candidate.text.strip('"')
    if len(text) < 2 or _STRUCTURAL.match(text) or _AGENCY.search(text) or not _core_key(text):
        return False
    return len(text) >= 3 or candidate.text.startswith('"')


class _Scorer:
    """Salience of a candidate, from word rarity in its own plan and novelty against the other."""

    def __init__(self, own: Document, other: Document, unmatched: set[int], renamed: dict[int, str]) -> None:
        self.own = own
        self.other_text = normal_form(other.text.original)
        self.own_place, self.other_place = place_name(own), place_name(other)
        self.unmatched = unmatched
        self.renamed = renamed
        self.rhetoric = _rhetoric_sections(own)

    def score(self, candidate: Candidate, count: int) -> float:
        """Class of phrase × novelty of its core × hints × fitting length × mentions."""
        if (
            candidate.in_heading
            and _bigram_dice(_core_key(candidate.text), self.renamed.get(candidate.section, "")) >= 0.3
        ):
            return 0.0  # a reworded heading (科普信息化建设工程 → 提升工程) is a rename, not news
        if self.own_place and self.own_place in candidate.text:
            # “健康廊坊”行动 is news only if the other plan has no “健康新郑”行动.
            if not self.other_place or candidate.text.replace(self.own_place, self.other_place) in self.other_text:
                return 0.0
        core = _novel_core(candidate.words, self.other_text, self.own_place)
        if not core:
            return 0.0
        novelty = 1.0 / math.sqrt(len(core))
        hints = 1.0
        weight = _class_weight(candidate.text, candidate.governed)
        if candidate.in_heading and candidate.section in self.unmatched and weight >= 0.65:
            # The heading of a section the other plan lacks names a new task: a new
            # combination of words counts.
            novelty = max(novelty, 0.75)
            hints += 0.4
        elif candidate.in_heading:
            hints += 0.2  # a reworded heading of a matched section: often a rename
        hints += 0.1 if candidate.governed else 0.0
        if candidate.section in self.rhetoric:
            hints *= 0.5  # 指导思想, 基本原则: slogans and principles, not tasks
        if any(w.startswith('"') and w not in self.other_text for w in candidate.words):
            # A new quoted name (“双减”) is news when it names a task; a quoted slogan
            # or contest in running text much less so.
            hints += 0.3 if candidate.in_heading or _SUFFIX.search(candidate.text.rstrip('"')) else 0.1
        if len(candidate.words) == 2 and _GENERIC_HEAD.fullmatch(candidate.words[1]) and '"' not in candidate.text:
            weight *= 0.6  # one word before a generic head (资助项目, 年报制度) rarely names anything
        if len(candidate.words) == 1 and not candidate.text.startswith('"'):
            weight *= 0.5  # one dictionary word (企业家, 顶层设计) is rarely a named programme
        return weight * novelty * hints * _length_fit(candidate.text) * (1 + 0.3 * math.log(count))


_GENERIC_HEAD = re.compile(r"项目|制度|机制|体系|平台|品牌|基地|中心|队伍|团队")
_PROGRAMME = re.compile(r"(行动|工程|计划|专项|项目)\"?$")


def _class_weight(text: str, governed: bool) -> float:
    """Named programmes first, then mechanisms and institutions, then the objects of
    tasks (推进智慧科普建设), then other noun chunks (社会风尚, 理想信念: mostly rhetoric)."""
    if _PROGRAMME.search(text):
        return 1.0
    if _SUFFIX.search(text.rstrip('"')):
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


def _novel_core(words: tuple[str, ...], other_text: str, own_place: str = "") -> tuple[str, ...]:
    """The shortest run of words absent from the other plan (leftmost on ties); the
    plan's own place name is not news (every 廊坊 is absent from a 新郑 plan)."""
    for size in range(1, len(words) + 1):
        for i in range(len(words) - size + 1):
            piece = words[i : i + size]
            joined = "".join(piece)
            if joined not in other_text and not _is_setting(joined, own_place):
                return piece
    return ()


# Period names (“十四五”) and scope words (全区, 本市, 当地) qualify a phrase without naming anything.
_PERIOD_NAME = re.compile(
    r"^\"?十[一二三四五六七八九]?五\"?(?:期间|时期|规划)?$|^(?:全|我|本|各)[市区县省州镇乡]$|^当地$"
)


def _is_setting(word: str, own_place: str) -> bool:
    """The plan's own place or period name: absent from the other plan, yet not news."""
    if own_place and own_place in word and len(word) <= len(own_place) + 2:
        return True
    return bool(_PERIOD_NAME.match(word))


_PLACE = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:市|省|自治区|区|县|州|盟)")


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
    suffix_x, suffix_y = _SUFFIX.search(x.text), _SUFFIX.search(y.text)
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
