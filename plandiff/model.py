"""The data objects every pipeline stage passes on.

They are small frozen dataclasses holding positions into the original text, never
copies of it (difflib's opcodes are the model): a `Section` knows `start`/`end` in
`Text.original` and renderers slice on demand. Nothing here imports rich or textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

OpKind = Literal["equal", "insert", "delete"]
LinkKind = Literal["same", "renamed", "moved", "split", "merged"]
Status = Literal["matched", "added", "removed"]
AdminLevel = Literal["national", "province", "city", "county", "unknown"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open range [start, end) of offsets into `Text.original`."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Text:
    """A decoded input, kept exactly as it was, with where it came from."""

    original: str
    """The decoded text, character for character: every later offset points here."""
    name: str
    """What the user called it: a path, or ``-`` for standard input."""
    encoding: str = "utf-8"
    """The encoding the bytes were decoded with (``utf-8-sig``, ``gb18030``, ...)."""
    source_format: str = "text"
    """``text`` for plain files; ``docx``/``html``/``pdf`` when the text was extracted."""
    chrome: tuple[Span, ...] = ()
    """Lines of web-page or PDF chrome (breadcrumbs, footers) recognised in the text."""

    @cached_property
    def line_starts(self) -> tuple[int, ...]:
        """Offset of the first character of each physical line (LF, CRLF or CR ends a
        line: `ingest.LINE_BREAK`)."""
        from .ingest import physical_lines  # ingest imports this module: import late

        return tuple(start for start, _ in physical_lines(self.original))

    def line_of(self, offset: int) -> int:
        """The 1-based physical line holding `offset`."""
        from bisect import bisect_right

        return bisect_right(self.line_starts, offset)

    def __len__(self) -> int:
        return len(self.original)


_WORD_MARKERS = frozenset(("part", "chapter", "jie", "article"))
"""Numbering styles that end in a word (第一章, 第三条), which a reader keeps apart from the title."""


@dataclass(frozen=True, slots=True)
class Section:
    """One heading and its own text, up to the next heading of any level.

    Level 0 is reserved for the front matter (title, notice preamble, issuer) and the
    back matter (page footers, related links); real headings start at level 1.
    """

    index: int
    """Position in `Document.sections` (reading order)."""
    level: int
    """Depth in the tree: 1 = top level, 0 = front/back matter."""
    number: str
    """The visible numbering as written, without punctuation: ``一``, ``3``, ``——``."""
    marker: str
    """The heading marker exactly as written: ``一、``, ``（一）``, ``1．``, ``第三条``."""
    title: str
    """The heading's title: the text after the marker up to the first 。 or line end."""
    line: int
    """1-based physical line of the heading in the original file."""
    start: int
    """Offset where the section's own text starts (its heading line)."""
    end: int
    """Offset where the next section starts (exclusive)."""
    heading_end: int
    """Offset just past the title; the body follows."""
    parent: int | None
    """Index of the parent section, None for top-level sections and matter."""
    children: tuple[int, ...] = ()
    """Indexes of the direct sub-sections, in order."""
    style: str = ""
    """The numbering style key (``cn``, ``paren_cn``, ``arabic``, ``dash`` ...)."""

    @property
    def heading(self) -> str:
        """`name`, at most 40 characters."""
        return self.name[:40]

    @property
    def name(self) -> str:
        """Marker plus title as a reader names the section: a numbering word and its title
        apart (``第一章 总则``, whatever spaces the file had), a marker that ends in
        punctuation joined (``一、总体要求``); a Markdown heading (``## 总则``) by its title
        alone (the hashes are markup)."""
        if self.style.startswith("md"):
            return self.title
        apart = self.style in _WORD_MARKERS and self.title and not self.marker.endswith((" ", "\u3000"))
        return self.marker + (" " if apart else "") + self.title

    @property
    def is_matter(self) -> bool:
        return self.level == 0


@dataclass(frozen=True, slots=True)
class Target:
    """A quantified goal a plan states, e.g. 公民具备科学素质的比例 达到15% 到2025年."""

    indicator: str
    """What is measured, as written (the phrase before the value)."""
    value: str
    """The value as written, with its comparator: ``超过17.8%``, ``1万人次``."""
    number: float | None
    """The numeric part of `value`, for comparing; None when not numeric."""
    unit: str
    """The unit after the number: ``%``, ``人次``, ``个`` ..."""
    year: int | None
    """The target year (到2025年), when the sentence gives one."""
    start: int
    """Offset of the value in the original text."""
    end: int
    line: int
    sentence: Span
    """The sentence the target was found in."""
    per_year: bool = False
    """True for a yearly quota (每年培训…), where `year` is not a deadline."""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the front matter says about the document."""

    title: str = ""
    issuer: str = ""
    admin_level: AdminLevel = "unknown"
    doc_number: str = ""
    date: str = ""
    """ISO date (YYYY-MM-DD) of issue when found."""
    period: str = ""
    """The plan period as ``2021-2025`` (or a single year)."""
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class Document:
    """A parsed plan: the section tree over a `Text`, plus its metadata."""

    text: Text
    sections: tuple[Section, ...]
    """All sections in reading order, front matter first; their spans tile the text."""
    metadata: Metadata = field(default_factory=Metadata)
    tables: tuple[Span, ...] = ()
    """Table regions (tab-separated rows), which never hold headings."""

    def slice(self, start: int, end: int) -> str:
        return self.text.original[start:end]

    def own_text(self, section: Section) -> str:
        return self.text.original[section.start : section.end]

    @property
    def headings(self) -> tuple[Section, ...]:
        """The real sections (level ≥ 1), without front and back matter."""
        return tuple(s for s in self.sections if s.level > 0)

    @property
    def roots(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.level == 1)

    def children_of(self, section: Section) -> tuple[Section, ...]:
        return tuple(self.sections[i] for i in section.children)

    def subtree_end(self, section: Section) -> int:
        """Offset where the section and all its descendants end."""
        last = section
        while last.children:
            last = self.sections[last.children[-1]]
        return last.end

    def path(self, section: Section) -> tuple[Section, ...]:
        """The section's ancestors from the top level down, itself last."""
        chain = [section]
        while chain[-1].parent is not None:
            chain.append(self.sections[chain[-1].parent])
        return tuple(reversed(chain))


# --- alignment -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """One record of the alignment: a pair of sections, or one section alone."""

    a: int | None
    """Index of the section in document A, None when the section was added in B."""
    b: int | None
    """Index of the section in document B, None when the section was removed from A."""
    kind: LinkKind = "same"
    confidence: float = 1.0
    """How sure the aligner is, 0..1 (1 for exact or pinned links)."""
    evidence: tuple[str, ...] = ()
    """A few shared key terms that justify the link."""
    pinned: bool = False
    """True when the user fixed this link by hand."""
    borrowed: bool = False
    """True for the second and later links of a split (A side) or merge (B side):
    that side's section already owns its text in an earlier link, so here it only
    names the section and contributes no text (keeps each side's spans tiling)."""

    @property
    def status(self) -> Status:
        if self.a is None:
            return "added"
        if self.b is None:
            return "removed"
        return "matched"


@dataclass(frozen=True, slots=True)
class Pin:
    """A user's correction: link A's section at `a_line` to B's at `b_line`, or forbid it."""

    a_line: int | None
    b_line: int | None
    forbid: bool = False


@dataclass(frozen=True)
class Alignment:
    """How the sections of two documents correspond."""

    a: Document
    b: Document
    links: tuple[Link, ...]
    """In reading order; every section of both documents is in at least one link."""


# --- clause diff -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Op:
    """One step of a diff between two section texts, as offsets into both originals.

    `equal` spans hold the same text once normalised; `delete` has an empty B span,
    `insert` an empty A span. Moved clauses carry where they went (or came from) as
    the index of the link holding the other copy.
    """

    op: OpKind
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    moved_to: int | None = None
    moved_from: int | None = None


@dataclass(frozen=True, slots=True)
class ClauseDiff:
    """The diff of one link: ops that rebuild both sections' own text exactly."""

    link: int
    """Index of the link in `Alignment.links`."""
    ops: tuple[Op, ...]
    changed: bool
    """True when some op is a substantive insert or delete."""


# --- summary -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Priority:
    """A task, project, action or mechanism found on one side only."""

    text: str
    side: Literal["a", "b"]
    section: int
    """Index of the section it was found in (on its own side)."""
    line: int
    start: int
    score: float
    """Salience: higher is more worth a reader's attention."""
    source: str = "clause"
    """Where it came from: ``section`` (an unmatched heading) or ``clause``."""


@dataclass(frozen=True, slots=True)
class TargetChange:
    """A quantified goal compared across the documents (either side may be missing)."""

    indicator: str
    a: Target | None
    b: Target | None


@dataclass(frozen=True, slots=True)
class Rename:
    a: int
    b: int
    link: int


@dataclass(frozen=True)
class Summary:
    added: tuple[Priority, ...]
    removed: tuple[Priority, ...]
    targets: tuple[TargetChange, ...]
    renames: tuple[Rename, ...]
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class Options:
    """What the user asked for; shared by the CLI, the TUI and the library."""

    strict: bool = False
    """Show differences that are only normalisation (punctuation width, spaces)."""
    max_level: int | None = None
    """Compare down to this heading level; deeper sections fold into their parent."""
    pins: tuple[Pin, ...] = ()


@dataclass(frozen=True)
class Comparison:
    """Everything `compare` finds; renderers format it and never compute."""

    alignment: Alignment
    diffs: tuple[ClauseDiff, ...]
    """One per link, same order as `alignment.links`."""
    summary: Summary
    options: Options = field(default_factory=Options)

    @property
    def a(self) -> Document:
        return self.alignment.a

    @property
    def b(self) -> Document:
        return self.alignment.b

    @property
    def changed(self) -> bool:
        """True when the documents differ substantively (drives exit status 1)."""
        # An unmatched link counts through its diff too: an added back matter that is
        # only a site footer (chrome) is not a substantive difference.
        return any(d.changed for d in self.diffs)
