"""How alike two sections are: title, body and structure signals.

Every section in scope gets a `Profile`: the core of its title (genre-generic words
removed) as IDF-weighted word and character-bigram grams, and a TF-IDF vector of
its whole subtree's body text. IDF is computed over both documents together, so
words every section of the genre uses (科普, 科学素质, 加强 …) weigh little and the
words that name a topic (青少年, 农民, 应急) decide. See docs/alignment.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, repeat
from operator import add, mul, neg, truediv

from ..ingest import normal_form
from ..model import Document, Section
from ..tokens import cut

# Words that any plan of the genre puts in any heading: verbs of doing, intensifiers,
# and the "action / project" labels. They say nothing about a section's topic, so
# 实施青少年科学素质行动 and 青少年科学素质提升行动 have the same core.
GENERIC_WORDS = tuple(
    """
    进一步 加大 力度 大力 加强 强化 深入 实施 提升 推进 推动
    开展 积极 广泛 全面 切实 着力 不断 持续 扎实 努力 做好
    落实 有效 加快 促进 发挥 建立 完善 健全 构建 坚持 深化
    行动 工程 建设 主要 重点 总体 工作 相关 有关 各类 进行
    """.split()
)
# The narrower set the gold's "same" rule ignores: markers, punctuation, 实施/提升 and
# verbs or intensifiers, but not labels such as 工程 or 建设 (信息化建设工程 → 信息化提升工程
# is a rename).
SAME_IGNORED = tuple(
    """
    进一步 加大 力度 大力 加强 强化 深入 实施 提升 推进 推动
    开展 积极 广泛 全面 切实 着力 不断 持续 扎实 努力
    """.split()
)
_GENERIC_RE = re.compile("|".join(sorted(GENERIC_WORDS, key=len, reverse=True)))
SAME_SHARE = 0.6
"""A title with words added is still the same when the shorter keeps this share."""
_SAME_RE = re.compile("|".join(sorted(SAME_IGNORED, key=len, reverse=True)))
# Character classes as \w categories, not [\u3400-\u9fff] ranges: the regex compiler fills a
# 64K-entry bitmap one character at a time for a range that wide, ~1 ms per range at every
# start (speedup). [^\W_] is a letter or digit of any script, [^\W\d_] a letter.
_NOT_WORD = re.compile(r"[\W_]+")
_CONTENT = re.compile(r"[^\W\d_]")
_WRAPPED = re.compile(r"[^\W_][ \t]*\r?\n[ \t]*[^\W_]")


@dataclass(frozen=True, slots=True)
class Profile:
    """What the aligner knows about one section."""

    index: int
    level: int
    core: str
    """The title without marker, punctuation and generic words."""
    same_key: str
    """The title with only `SAME_IGNORED` removed: equal keys mean kind ``same``."""
    title_grams: dict[str, float]
    """Core words (``w:``) and character bigrams (``c:``), IDF-weighted over titles; a title
    of generic words only is one gram, the whole title (``t:``)."""
    title_mass: float
    body: dict[str, float]
    """Unit-length TF-IDF vector of the body text of the section and its subtree."""
    counts: Counter[str]
    """Raw term counts of the same text (for containment in splits and merges)."""
    body_mass: float
    """Sum of tf·idf over `counts`: how much the section has to say."""
    idf: dict[str, float]
    """The body IDF shared by all profiles of one alignment (not a copy)."""


def title_core(title: str) -> str:
    """The topic words of a heading title: generic words and punctuation removed."""
    return _GENERIC_RE.sub("", _NOT_WORD.sub("", normal_form(title)))


def same_key(title: str) -> str:
    """The heading title as the "same" rule compares it (the particle 的 left out too)."""
    return _SAME_RE.sub("", _NOT_WORD.sub("", normal_form(title))).replace("的", "")


def same_titles(key_a: str, key_b: str) -> bool:
    """True when two `same_key`s name the same thing: equal, or one is the other with a
    few words left out (农村科普活动 / 农村科普主题活动, 科普基地建设 / 科普教育基地建设),
    not with a word replaced (城镇劳动者 / 产业工人, 组织领导 / 组织保障)."""
    if key_a == key_b:
        return True
    short, long = sorted((key_a, key_b), key=len)
    if not short or len(short) < SAME_SHARE * len(long):
        return False
    rest = iter(long)
    return all(char in rest for char in short)  # a subsequence: only additions


def content_words(text: str) -> tuple[str, ...]:
    """The words of `text` that can carry meaning: two characters or more, not numbers."""
    return tuple(filter(_is_content, cut(normal_form(text))))


@lru_cache(maxsize=1 << 16)
def _is_content(word: str) -> bool:
    """True for a word of two characters or more that is not a number (cached: speedup)."""
    return len(word) > 1 and _CONTENT.search(word) is not None


@lru_cache(maxsize=65536)
def heading_and_body_words(own_text: str, marker_end: int, heading_end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The content words of a section's heading (marker left out) and of its body.

    The section's own text is cut whole, as the rest of the pipeline cuts it, so the
    segmenter's cache serves both; words are folded to their normal form one by one.
    Cached: the TUI re-aligns the same texts after every pin.
    """
    if _WRAPPED.search(own_text, heading_end):
        # A hard-wrapped paragraph (text from a PDF) breaks words at line ends: cut the
        # normalised text, where the wraps are gone, instead.
        return content_words(own_text[marker_end:heading_end]), content_words(own_text[heading_end:])
    words = cut(own_text)
    heading: list[str] = []
    pos = taken = 0
    for word in words:  # only the few heading words need their positions
        if pos >= heading_end:
            break
        start, pos, taken = pos, pos + len(word), taken + 1
        if start >= marker_end and (form := _content_form(word)):
            heading.append(form)
    # (speedup) the body's words go through the cached word map in C, not a Python loop
    return tuple(heading), tuple(filter(None, map(_content_form, words[taken:])))


@lru_cache(maxsize=1 << 18)
def _content_form(word: str) -> str:
    """The normal form of a word that can carry meaning, or "" for one that cannot
    (one character, a number, punctuation). A content word's normal form is never
    empty. Cached (speedup): a plan's vocabulary is a few thousand words, and equal
    words come back as one string object, so dictionary lookups on terms hit by identity.
    """
    if len(word) < 2 or not _CONTENT.search(word):
        return ""
    return normal_form(word) if max(word) > "\uff00" else word  # only full-width forms need folding


def _title_grams(core: str, title: str = "") -> list[str]:
    """The grams two titles are compared by: core words and core character bigrams.

    A title made of generic words only (总体, 重点工程, 提升行动) has an empty core; it is
    then one gram, the whole title (``t:``), which only the same title shares: two plans
    that head a part with the same 一、总体 name the same part, however little it says.
    """
    if not core:
        plain = _NOT_WORD.sub("", normal_form(title))
        return [f"t:{plain}"] if plain else []
    words = [f"w:{w}" for w in cut(core) if len(w) > 1]
    if len(core) == 1:
        return [f"c:{core}", *words]
    return words + [f"c:{core[i : i + 2]}" for i in range(len(core) - 1)]


def build_profiles(
    a: Document, b: Document, scope_a: list[int], scope_b: list[int]
) -> tuple[dict[int, Profile], dict[int, Profile]]:
    """Profiles of the in-scope sections of both documents, IDF shared between them.

    Args:
        a, b: the documents.
        scope_a, scope_b: indexes of the sections to profile; deeper sections are folded
            into their nearest in-scope ancestor's subtree text.
    """
    words_a, words_b = _own_words(a), _own_words(b)
    # IDF units: each section's title and body (titles are part of their parents' subtree text).
    body_idf = _idf_of_terms([set(body).union(heading) for heading, body in words_a + words_b])
    grams_a = {i: _section_grams(a.sections[i]) for i in scope_a}
    grams_b = {i: _section_grams(b.sections[i]) for i in scope_b}
    title_idf = _idf([Counter(g) for g in grams_a.values()] + [Counter(g) for g in grams_b.values()])
    tf = _tf_table()
    profiles_a = {
        i: _profile(a, i, _subtree_counts(a, i, words_a), grams_a[i], body_idf, title_idf, tf) for i in scope_a
    }
    profiles_b = {
        i: _profile(b, i, _subtree_counts(b, i, words_b), grams_b[i], body_idf, title_idf, tf) for i in scope_b
    }
    return profiles_a, profiles_b


def _core_of(section: Section) -> str:
    """The title core; front and back matter have no title to compare."""
    return title_core(section.title) if section.level > 0 else ""


def _section_grams(section: Section) -> list[str]:
    """The title grams of a section; front and back matter have none."""
    return _title_grams(_core_of(section), section.title) if section.level > 0 else []


def _own_words(doc: Document) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The content words of each section's heading title and of its body (own text after the title)."""
    words = []
    for s in doc.sections:
        own = doc.own_text(s)
        marker_end = own.find(s.marker) + len(s.marker) if s.marker and s.level > 0 else 0
        words.append(heading_and_body_words(own, marker_end, s.heading_end - s.start if s.level > 0 else 0))
    return words


def _subtree_counts(doc: Document, index: int, words: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> Counter[str]:
    """Term counts of the section's body and of its whole subtree (titles included).

    (speedup) The words are counted in one C-level pass over the subtree's word lists
    instead of merging Counters; the traversal order (last child first, each child's
    body before its title) keeps the terms in the order the merge gave them.
    """
    section = doc.sections[index]
    chunks = [words[index][1]]
    stack = list(section.children)
    while stack:
        child = stack.pop()
        heading, body = words[child]
        chunks.append(body)
        chunks.append(heading)
        stack.extend(doc.sections[child].children)
    return Counter(chain.from_iterable(chunks))


def _idf(units: list[Counter[str]]) -> dict[str, float]:
    """Inverse document frequency over `units`; a term found in one unit only weighs as
    one found in two: such a word can never be shared between the plans, and at full
    weight the one-off words (疑虑, 声音) would drown the topic word (应急) in both."""
    return _idf_of_terms([unit.keys() for unit in units])


def _idf_of_terms(units: Sequence[Iterable[str]]) -> dict[str, float]:
    """`_idf` over the distinct terms of each unit."""
    df = Counter(chain.from_iterable(units))  # (speedup) counted in C
    n = len(units) + 1
    # log(n / (max(count, 2) + 0.5)) for each term, step by step in C (speedup; the same floats)
    floored = map(add, map(max, df.values(), repeat(2)), repeat(0.5))
    return dict(zip(df, map(math.log, map(truediv, repeat(n), floored)), strict=True))


def _tf_table(size: int = 64) -> list[float]:
    """Sublinear term frequency 1 + ln(c) for counts up to `size` (grown on demand)."""
    return [0.0] + [1.0 + math.log(c) for c in range(1, size)]


def _profile(
    doc: Document,
    index: int,
    counts: Counter[str],
    grams: list[str],
    body_idf: dict[str, float],
    title_idf: dict[str, float],
    tf: list[float],
) -> Profile:
    section = doc.sections[index]
    # (speedup) the TF-IDF vector is built with map() over C-level callables; the
    # arithmetic and its order are those of the plain loops, so the floats are the same.
    most = max(counts.values(), default=0)
    if most >= len(tf):
        tf.extend(1.0 + math.log(c) for c in range(len(tf), most + 1))
    idfs = list(map(body_idf.__getitem__, counts))
    weights = list(map(mul, map(tf.__getitem__, counts.values()), idfs))
    norm = math.sqrt(sum(map(mul, weights, weights))) or 1.0
    title = dict(zip(grams, map(title_idf.__getitem__, grams), strict=True))  # (speedup) built in C
    return Profile(
        index=index,
        level=section.level,
        core=_core_of(section),
        same_key=same_key(section.title),
        title_grams=title,
        title_mass=sum(title.values()),
        body=dict(zip(counts, map(truediv, weights, repeat(norm)), strict=True)),
        counts=counts,
        body_mass=sum(map(mul, counts.values(), idfs)),
        idf=body_idf,
    )


# --- scores --------------------------------------------------------------------


def title_similarity(x: Profile, y: Profile) -> float:
    """Weighted Dice of the title grams: 1 for the same core, 0 for nothing shared."""
    if not x.title_grams or not y.title_grams:
        return 0.0
    small, large = (x, y) if len(x.title_grams) <= len(y.title_grams) else (y, x)
    grams = small.title_grams
    # (speedup) C-level filter and lookups, summed in the same order as a generator would
    shared: float = sum(map(grams.__getitem__, filter(large.title_grams.__contains__, grams)))
    return 2.0 * shared / (x.title_mass + y.title_mass)


def body_similarity(x: Profile, y: Profile) -> float:
    """Cosine of the TF-IDF vectors of the two subtrees."""
    xb, yb = x.body, y.body
    common = _common_terms(xb, yb)
    cosine: float = sum(map(mul, map(xb.__getitem__, common), map(yb.__getitem__, common)))
    return cosine


def _common_terms(x: dict[str, float] | Counter[str], y: dict[str, float] | Counter[str]) -> list[str]:
    """The terms of both, in the smaller one's order: a float sum over them comes out the
    same in every process. (A set intersection's order depends on the string hash seed,
    and on repeated text, where many scores tie exactly, the last bit decided ties.)"""
    small, large = (x, y) if len(x) <= len(y) else (y, x)
    return list(filter(large.__contains__, small))  # (speedup) a C-level filter


def containment(x: Profile, y: Profile) -> float:
    """How much of x's body text reappears in y's (0..1), terms weighted by IDF."""
    if x.body_mass <= 0:
        return 0.0
    xc, yc, idf = x.counts, y.counts, x.idf
    common = _common_terms(xc, yc)
    # (speedup) the same sum in the same order as a generator, with C-level calls. (Keeping
    # count·idf per profile would save the products but cost ~60 MB on a 3 MB plan.)
    smaller = map(min, map(xc.__getitem__, common), map(yc.__getitem__, common))
    shared: float = sum(map(mul, smaller, map(idf.__getitem__, common)))
    return min(1.0, shared / x.body_mass)


BODY_FLOOR = 12.0
"""A body of less tf·idf mass than this is too short to judge by (a bare heading)."""


def pair_score(x: Profile, y: Profile) -> float:
    """How likely an analyst pairs the two sections, 0..1 (before structure)."""
    t = title_similarity(x, y)
    if x.body_mass < BODY_FLOOR or y.body_mass < BODY_FLOOR:
        return t
    c = body_similarity(x, y)
    # Either signal alone can carry a pair when it is strong (a heading kept over a
    # rewritten body, a body kept under a new heading); a weak title alone cannot,
    # since titles of one genre share words such as 科学素质.
    return max(0.5 * t + 0.5 * c, 0.8 * t * t, 0.9 * c)


def shared_terms(x: Profile, y: Profile, limit: int = 4) -> tuple[str, ...]:
    """The few key terms both sections use: title words first, then body terms,
    the most telling (rarest, most used) first."""
    words = sorted(
        (g for g in x.title_grams if g.startswith(("w:", "t:")) and g in y.title_grams), key=lambda g: -x.title_grams[g]
    )
    # Ranked by (-(weight in x · weight in y), term); (speedup) the keys are built and
    # sorted in C, and only the first few are kept: each title word can repeat one of them.
    common = x.body.keys() & y.body.keys()
    products = map(mul, map(x.body.__getitem__, common), map(y.body.__getitem__, common))
    ranked = sorted(zip(map(neg, products), common, strict=True))
    shared = [term for _, term in ranked[: limit + len(words)]]
    words = [g[2:] for g in words]
    out: list[str] = []
    for term in words + shared:
        if term not in out:
            out.append(term)
        if len(out) == limit:
            break
    return tuple(out)
