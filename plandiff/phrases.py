"""Candidate phrases of a plan: the noun chunks, programme names and heading titles that
might name a priority (plandiff.priorities decides which are news).

Each section's text is tagged with parts of speech (科学/n 辟谣/nr 平台/n → 科学辟谣平台),
quoted names are kept whole (“巧媳妇”工程) and the leading verbs of a task sentence are
left off (实施/加强/推进 …).

Speed: a plan has tens of thousands of tokens but only a few thousand distinct words, so
every test on a word (is it a verb, a task verb, filler, a quote …) is answered once per
(word, tag) as a set of bits (`_word_class`), and tokens are plain tuples (speedup).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from .ingest import normalise
from .model import Document, Section

# Genre suffixes of named programmes and mechanisms (generic vocabulary, not a corpus list).
SUFFIX = re.compile(
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
_TRAILING = frozenset(
    "建设 发展 作用 优势 水平 能力 力度 等 方面 领域 中 工程建设 管理 运营 管理运营 "
    # abstract heads that qualify a task without naming one (结合本行业特点和实际情况)
    "特点 情况 实际情况 思维 认识 意识 观念".split()
)
# Abstract heads that end a modifier (工程建设领域, 管理方面): a name cut short on the left
# (`MAX_CHARS`) that would start with one starts after it (领域“风险＋信用”监管体系).
_CLOSING_HEADS = frozenset("领域 方面".split())
_BREAK_TAGS = ("x", "u", "p", "c", "m", "q", "r", "f", "y", "e", "o", "w", "k", "h", "z")
_QUOTED = re.compile(r"[“\"《][^“”\"《》，,。；;、:：]{1,14}[”\"》]")
# A note naming who is in charge: (责任部门:市教育局、…). Agencies are not priorities.
_DUTY_NOTE = re.compile(r"\((?:[^()]{0,8}(?:部门|单位|分工))[:：][^()]*\)?")
_CELL = re.compile(r"[^\t]+")
_LETTER = re.compile(r"[^\W\d_]")  # a letter; a category, which compiles far faster than a CJK range
# Period names (“十四五”) and scope words (全区, 本市, 当地) qualify a phrase without naming anything.
PERIOD_NAME = re.compile(
    r"^\"?十[一二三四五六七八九]?五\"?(?:期间|时期|规划)?$|^(?:全|我|本|各)[市区县省州镇乡]$|^当地$"
    r"|^本(?:行业|地区|部门|单位|系统|领域)$"
)
_ASPECT = ("着", "了", "过")
# One-character result complements of a verb (实施好, 抓实, 管严): they close the verb's
# action and never open a name (实施好关键核心技术攻关工程 → 关键核心技术攻关工程).
_COMPLEMENTS = frozenset("好 实 细 牢 严 准 足 透".split())
MAX_CHARS = 16


class Candidate(NamedTuple):
    """A phrase found in one section, with where it is and what it is made of.

    A named tuple, not a frozen dataclass: a plan yields thousands and a named tuple is
    built four times faster (speedup).
    """

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


# --- word classes ------------------------------------------------------------------------

_CONTENT = 1  # a word that can stand in a name (not punctuation, particle, adverb, idiom)
_VERB = 2  # a verb tag, or a task word
_LEAD_WORD = 4  # in _LEAD
_LEAD_PAIR = 8  # adverb + task verb written as one word (大力加强)
_GOVERNS = 16  # a task verb (in _GOVERNING)
_PERIOD = 32  # a period or scope name (“十四五”, 全市)
_TRAILING_WORD = 64  # filler closing a task phrase (建设, 水平)
_TAIL_TAG = 128  # a verb or adjective tag: never the last word of a name
_BUILT_WORD = 256  # 建设/工作/作用 after a phrase: the phrase is the object of a task
_QUOTE = 512  # a quoted name (“双减”)
_COORD = 1024  # 和/与/及/、
_CLOSING_HEAD = 2048  # 领域/方面: closes the phrase before it, never opens a name

_HEAD_FILLER = _LEAD_WORD | _LEAD_PAIR | _PERIOD | _CLOSING_HEAD
_TAIL_FILLER = _TRAILING_WORD | _TAIL_TAG
_OPENS_TASK = _GOVERNS | _LEAD_PAIR

Token = tuple[str, str, int, int]
"""(word, part-of-speech tag, offset in the normalised text, word class bits)."""
_END: Token = ("。", "x", -1, 0)


@lru_cache(maxsize=65536)
def _word_class(word: str, tag: str) -> int:
    """The bits of every test the chunker makes on a word, computed once (speedup)."""
    bits = 0
    if not (tag.startswith(_BREAK_TAGS) or tag in ("d", "ad", "i")) and _LETTER.search(word):
        bits |= _CONTENT
    if tag in ("v", "vd", "vi", "vq") or word in _LEAD:
        bits |= _VERB
    if word in _LEAD:
        bits |= _LEAD_WORD
    if _starts_with_lead(word):
        bits |= _LEAD_PAIR
    if word in _GOVERNING:
        bits |= _GOVERNS
    if PERIOD_NAME.match(word):
        bits |= _PERIOD
    if word in _TRAILING:
        bits |= _TRAILING_WORD
    if tag in ("v", "vd", "a", "ad"):
        bits |= _TAIL_TAG
    if word in _BUILT:
        bits |= _BUILT_WORD
    if tag == "nz" and word[:1] in '"“《':
        bits |= _QUOTE
    if word in _CLOSING_HEADS:
        bits |= _CLOSING_HEAD
    if word in _COORDINATION:
        bits |= _COORD
    return bits


def _starts_with_lead(word: str) -> bool:
    """大力加强, 深入推进: adverb + task verb written as one word."""
    return len(word) >= 4 and (word[:2] in _LEAD and word[2:] in _LEAD)


# --- candidates -----------------------------------------------------------------------


@lru_cache(maxsize=4)
def extract_candidates(document: Document) -> tuple[Candidate, ...]:
    """Heading titles and noun-chunk candidates of every real section, in reading order.

    Cached: `summarise` reads each document twice (its own news, the other's cores).
    """
    found: list[Candidate] = []
    for section in _task_sections(document):
        title = _title_candidate(document, section) if section.level else None
        if title:
            found.append(title)
        for cell in _cells(document, section):
            found.extend(_cell_candidates(section, section.start + cell.start(), cell.group()))
    return tuple(found)


def _task_sections(document: Document) -> tuple[Section, ...]:
    """The sections that may hold tasks: a plan with no headings at all is read whole;
    otherwise front and back matter (preamble, issuing notice, footers) hold none."""
    return document.headings or document.sections


def _cells(document: Document, section: Section) -> Iterator[re.Match[str]]:
    """A section's own text by table cell (tab-separated), read apart: 区气象局 | 重点工程
    are not one name."""
    return _CELL.finditer(document.own_text(section))


def _title_candidate(document: Document, section: Section) -> Candidate | None:
    """A heading names its task as a whole (发挥企业家示范引领作用 → 企业家示范引领): the
    title without its opening task verbs and closing filler, when short enough to be a name."""
    title_start = section.heading_end - len(section.title)
    normal = normalise(document.text.original[title_start : section.heading_end])
    tokens = _tokens(normal.text)
    # A conjunction may stand inside a programme name (科学教育与培训基础工程), checked below.
    if not tokens or any(not bits & (_CONTENT | _VERB | _COORD) for _, _, _, bits in tokens):
        return None  # punctuation or function words: a sentence, not a name
    start, end = 0, len(tokens)
    while start < end and tokens[start][3] & (_LEAD_WORD | _LEAD_PAIR):
        start += 1
    while end > start and tokens[end - 1][3] & _TRAILING_WORD:
        end -= 1
    words = tuple(token[0] for token in tokens[start:end])
    text = "".join(words)
    if not 4 <= len(text) <= MAX_CHARS or len(words) < 2:
        return None
    if any(token[3] & _COORD for token in tokens) and not _joined_by_suffix(tokens[start:end]):
        return None  # 指导思想和工作原则: two topics, not one name
    first = tokens[start][2]
    return Candidate(
        text=text,
        words=words,
        section=section.index,
        start=title_start + normal.to_original(first),
        end=title_start + normal.to_original(first + len(text) - 1) + 1,
        in_heading=True,
        governed=True,
    )


def _joined_by_suffix(tokens: list[Token]) -> bool:
    """A title (of content words, verbs and conjunctions only) whose conjunctions a genre
    suffix closes into one name (科学教育与培训基础工程): no conjunction at either end, and
    the last word ends the name."""
    return not tokens[0][3] & _COORD and not tokens[-1][3] & _COORD and SUFFIX.search(tokens[-1][0]) is not None


def _cell_candidates(section: Section, offset: int, piece: str) -> list[Candidate]:
    index, heading_end = section.index, section.heading_end
    return [
        Candidate(text, words, index, offset + start, offset + end, offset + start < heading_end, governed)
        for text, words, start, end, governed in _read_piece(piece)[0]
    ]


Phrase = tuple[str, tuple[str, ...], int, int, bool]
"""(text, words, start, end, governed) of a phrase of a cell, offsets within it."""


@lru_cache(maxsize=1 << 15)
def _read_piece(piece: str) -> tuple[tuple[Phrase, ...], tuple[str, ...]]:
    """The phrases of a cell and the names it writes only in part (`_shared_heads`), from
    one tagging.

    Cached by the cell's text (speedup): a plan compared with its revision shares most
    paragraphs, and the TUI compares the same texts again after every correction.
    """
    normal = normalise(piece)
    skipped = [m.span() for m in _DUTY_NOTE.finditer(normal.text)]
    offsets = normal.offsets
    tokens = _tokens(normal.text)
    found = []
    for words, start, governed in _chunks(tokens):
        if skipped and any(a <= start < b for a, b in skipped):
            continue
        text = "".join(words)
        last = start + len(text) - 1
        if offsets is not None:
            start, last = offsets[start], offsets[last]
        found.append((text, words, start, last + 1, governed))
    return tuple(found), tuple(_shared_heads(tokens))


# --- names a coordination writes in part ------------------------------------------------

# Heads that conjoined nouns share (中小学科学教师和科技辅导员队伍: two 队伍). Generic heads of
# the genre, not a corpus list.
_SHARED_HEADS = frozenset("队伍 体系 机制 人员 人才 设施 平台 制度 基地 组织 网络".split())
_HEAD_ENDINGS = tuple(_SHARED_HEADS)  # a conjunct already ending in one (网络平台) has its own head


@lru_cache(maxsize=4)
def shared_head_names(document: Document) -> tuple[str, ...]:
    """The names a plan writes only in part, each conjunct given the head its coordination
    shares: 加强中小学科学教师和科技辅导员队伍建设 names 中小学科学教师队伍(建设) too, so a
    summary must not call that name absent from this plan."""
    return tuple(
        name
        for section in _task_sections(document)
        for cell in _cells(document, section)
        for name in _read_piece(cell.group())[1]
    )


def _shared_heads(tokens: list[Token]) -> list[str]:
    """Each conjunct but the last of every coordination of plain noun chunks (no verb inside)
    whose last conjunct ends in a word with a shared head (队伍, 人才队伍), written with that
    word and the filler after it."""
    names: list[str] = []
    group: list[list[Token]] = [[]]
    for token in tokens:
        bits = token[3]
        if bits & _COORD:
            group.append([])
        elif bits & _CONTENT and not bits & _VERB:
            group[-1].append(token)
        else:
            names.extend(_distributed(group))
            group = [[]]
    names.extend(_distributed(group))
    return names


def _distributed(conjuncts: list[list[Token]]) -> list[str]:
    if len(conjuncts) < 2 or not all(conjuncts):
        return []  # no coordination, or a conjunction with nothing on one side
    last = conjuncts[-1]
    end = len(last)
    while end > 0 and last[end - 1][3] & _TRAILING_WORD:
        end -= 1  # 队伍建设: the head is 队伍
    if end < 2 or not last[end - 1][0].endswith(_HEAD_ENDINGS):
        return []  # the last conjunct is the head alone, or ends in no shared head
    head = "".join(token[0] for token in last[end - 1 :])
    return ["".join(token[0] for token in c) + head for c in conjuncts[:-1] if not c[-1][0].endswith(_HEAD_ENDINGS)]


def _tokens(text: str) -> list[Token]:
    """Tagged words with offsets; a quoted name (“双减”) is one word tagged ``nz``."""
    from .tokens import tag

    tokens: list[Token] = []
    pos = 0
    for quote in _QUOTED.finditer(text):
        _add_tagged(tokens, text[pos : quote.start()], pos, tag)
        word = quote.group()
        tokens.append((word, "nz", quote.start(), _word_class(word, "nz")))
        pos = quote.end()
    _add_tagged(tokens, text[pos:], pos, tag)
    return tokens


def _add_tagged(tokens: list[Token], text: str, offset: int, tag: Callable[[str], list[tuple[str, str]]]) -> None:
    if not text:
        return
    pairs = tag(text)
    if not pairs:
        return
    # (speedup) the columns are built by C-level maps, not a Python loop per word:
    # offsets are the running sum of the word lengths, classes come from the cache.
    words, tags = zip(*pairs, strict=True)
    starts = accumulate(map(len, words[:-1]), initial=offset)
    tokens.extend(zip(words, tags, starts, map(_word_class, words, tags), strict=True))


def _chunks(tokens: list[Token]) -> list[tuple[tuple[str, ...], int, bool]]:
    """Noun chunks and programme names, each with whether a task verb governs it.

    A noun chunk is a run of content words with no verb inside (科学辟谣平台, not
    科普融入黄帝文化). A programme name may hold verbs (全民技能振兴工程, 农村妇女素质提升
    计划) because its last word is a genre suffix that closes the name.
    """
    chunks: list[tuple[tuple[str, ...], int, bool]] = []
    run: list[Token] = []
    run_bits = 0  # the union of the run's word classes: no pass over the run to ask (speedup)
    governed = False
    previous = _END
    for token in tokens:
        bits = token[3]
        if previous[1] == "m" and len(token[0]) == 1:
            previous = token
            continue  # 172/项: a classifier after a numeral, never the start of a name
        previous = token
        if run and bits & _QUOTE and run[-1][3] & _QUOTE:
            _run_chunks(run, run_bits, governed, chunks)  # “美丽乡村”“春雁行动”: two names, not one
            run, run_bits = [], 0
        if bits & _CONTENT:
            run.append(token)
            run_bits |= bits
        elif run:
            _run_chunks(run, run_bits, governed, chunks)
            # 打造X平台和Y平台: the task verb governs both sides of a coordination.
            carried = governed or bool(run_bits & _GOVERNS)
            governed = bool(bits & _GOVERNS) or (carried and bool(bits & _COORD))
            run, run_bits = [], 0
        else:
            governed = bool(bits & _GOVERNS)
    if run:
        _run_chunks(run, run_bits, governed, chunks)
    return chunks


def _run_chunks(
    run: list[Token], run_bits: int, governed: bool, chunks: list[tuple[tuple[str, ...], int, bool]]
) -> None:
    """Split a run at its verbs into noun chunks; keep whole the names ending in a suffix."""
    if not run_bits & _VERB:
        _add_chunk(run, governed, chunks)  # no verb: the run is one piece (speedup)
        return
    piece: list[Token] = []
    for i, token in enumerate(run):
        if not piece and i and token[0] in _COMPLEMENTS and run[i - 1][3] & _VERB:
            continue  # 实施/好: the verb's complement, not the start of a name
        if not token[3] & _VERB or (piece and len(token[0]) > 1 and _suffix_follows(run, i)):
            piece.append(token)  # a verb inside a name: 振兴 in 技能振兴工程
            continue
        if piece:
            _add_chunk(piece, governed, chunks)
            piece = []
        governed = bool(token[3] & _GOVERNS)
    if piece:
        _add_chunk(piece, governed, chunks)


def _add_chunk(piece: list[Token], governed: bool, chunks: list[tuple[tuple[str, ...], int, bool]]) -> None:
    """The name inside `piece`, governed when a task verb governs the piece, opens it
    (推进…) or closes it (…建设)."""
    first, end = _trim(piece)
    if first < end and all(token[1].startswith("t") for token in piece[first:end]):
        return  # time words only (次年同月, 近年来): a date, not a name
    if first < end:
        lead = first > 0 and any(t[3] & _OPENS_TASK for t in piece[:first])
        built = end < len(piece) and any(t[3] & _BUILT_WORD for t in piece[end:])
        chunks.append((tuple([t[0] for t in piece[first:end]]), piece[first][2], governed or lead or built))


def _suffix_follows(run: list[Token], i: int) -> bool:
    """A genre suffix closes the run within three words, with no task verb between
    (创新 in 大学生创新创业训练计划, 提升 in 素质提升计划). A verb with an aspect
    particle (跟着, 有了, 经过) is a clause's predicate, never inside a name: 要素跟着项目走."""
    if run[i][0].endswith(_ASPECT):
        return False
    tail = ""
    for word, _, _, bits in run[i + 1 : i + 4]:
        if bits & _LEAD_WORD:
            return False
        tail += word
        if SUFFIX.search(tail):  # 示范/单位 → 示范单位
            return True
    return False


def _trim(piece: list[Token]) -> tuple[int, int]:
    """Where the name inside `piece` starts and ends: task verbs, period names and
    filler left off, and at most `MAX_CHARS` characters (the head of a Chinese noun
    phrase is on the right, so words go from the left)."""
    start, end = 0, len(piece)
    while start < end and piece[start][3] & _HEAD_FILLER:
        start += 1
    while end > start and piece[end - 1][3] & _TAIL_FILLER:
        end -= 1
    if start == end:
        return start, end
    # The words of a piece are consecutive in the text: its length is a difference of
    # offsets, not a sum over its words (speedup).
    size = piece[end - 1][2] + len(piece[end - 1][0]) - piece[start][2]
    while start < end and size > MAX_CHARS:
        size -= len(piece[start][0])
        start += 1
    while start < end and piece[start][3] & _CLOSING_HEAD:
        start += 1  # cut short at 领域 (工程建设|领域…监管体系): the name starts after it
    return start, end
