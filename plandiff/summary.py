"""Summary: alignment + diffs → `Summary`: what a reader of two plans wants first.

- added and removed priorities (plandiff.priorities): named tasks, projects and
  mechanisms one plan has and the other never mentions;
- changed targets (plandiff.targets): quantified goals paired by indicator;
- renames: matched sections whose headings changed wording;
- counts of links by status and kind, and of changed and unchanged pairs.
"""

from __future__ import annotations

from collections.abc import Iterator

from .model import Alignment, ClauseDiff, Document, Rename, Summary


def summarise(alignment: Alignment, diffs: tuple[ClauseDiff, ...]) -> Summary:
    """Priorities, targets, renames and counts of a compared pair of plans.

    Args:
        alignment: the two documents and how their sections correspond.
        diffs: one `ClauseDiff` per link, in the order of `alignment.links`.
    """
    from .priorities import find_priorities
    from .targets import pair_targets

    return Summary(
        added=find_priorities(alignment, diffs, "b"),
        removed=find_priorities(alignment, diffs, "a"),
        targets=pair_targets(alignment.a.metadata.targets, alignment.b.metadata.targets),
        renames=renames(alignment),
        counts=count_links(alignment, diffs),
    )


def read_documents(a: Document, b: Document) -> None:
    """Compute (and cache) what the summary needs from each document alone: its phrase
    candidates and their cores, and its text's index. `pipeline.compare` runs this while
    a child process aligns the documents."""
    from .priorities import document_plan

    document_plan(a)
    document_plan(b)


def work_ahead(a: Document, b: Document) -> Iterator[None]:
    """Steps of summary work that need the documents alone (which phrases are news);
    the CLI runs them while the alignment is under way, as long as it lasts."""
    from .priorities import work_ahead as priorities_ahead

    return priorities_ahead(a, b)


def renames(alignment: Alignment) -> tuple[Rename, ...]:
    """Matched sections the aligner calls renamed (same role, new wording)."""
    return tuple(
        Rename(a=link.a, b=link.b, link=i)
        for i, link in enumerate(alignment.links)
        if link.kind == "renamed" and link.a is not None and link.b is not None
    )


def count_links(alignment: Alignment, diffs: tuple[ClauseDiff, ...]) -> dict[str, int]:
    """How many links are matched/added/removed, of each kind, and changed or not.

    Front and back matter (level 0) count like sections: they are records too.
    `changed` + `unchanged` = `matched`.
    """
    counts = dict.fromkeys(
        ("matched", "same", "renamed", "moved", "split", "merged", "added", "removed", "changed", "unchanged"), 0
    )
    changed = {d.link for d in diffs if d.changed}
    for i, link in enumerate(alignment.links):
        counts[link.status] += 1
        if link.status == "matched":
            counts[link.kind] += 1
            counts["changed" if i in changed else "unchanged"] += 1
    return counts
