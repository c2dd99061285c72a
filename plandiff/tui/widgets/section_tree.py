"""The aligned section tree: one node per link, both numberings, status and confidence."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...model import Comparison, Link
from ..status import STATUSES, is_low_confidence, link_status


class SectionTree(Tree[Link]):
    """Links in reading order, nested by heading level; node data is the `Link` itself."""

    DEFAULT_CSS = """
    SectionTree { width: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("plans", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self.comparison: Comparison | None = None
        self._link_nodes: dict[int, TreeNode[Link]] = {}
        self._index: dict[int, int] = {}

    def show(self, comparison: Comparison, visible: Callable[[int], bool]) -> None:
        """Rebuild the tree for `comparison`, keeping the links `visible` says yes to.

        A visible link whose parent is hidden hangs under its nearest visible ancestor.
        """
        self.comparison = comparison
        self.clear()
        self._link_nodes, self._index = {}, {}
        stack: list[tuple[int, TreeNode[Link]]] = [(-1, self.root)]
        for index, link in enumerate(comparison.alignment.links):
            if not visible(index):
                continue
            level = self._level(comparison, link)
            while stack[-1][0] >= level:
                stack.pop()
            node = stack[-1][1].add(self._label(comparison, index), data=link, expand=True)
            self._link_nodes[index] = node
            self._index[id(link)] = index
            stack.append((level, node))
        for node in self._link_nodes.values():
            if not node.children:
                node.allow_expand = False

    def link_index(self, node: TreeNode[Link] | None) -> int | None:
        """The index in `Alignment.links` of the link at `node`."""
        if node is None or node.data is None:
            return None
        return self._index.get(id(node.data))

    @property
    def visible_links(self) -> list[int]:
        """Indexes of the links in the tree, in reading order."""
        return sorted(self._link_nodes)

    def select_link(self, index: int) -> bool:
        """Move the cursor to the node of link `index`; False when it is filtered out."""
        node = self._link_nodes.get(index)
        if node is None:
            return False
        # After a rebuild the nodes have no line yet; `last_line` lays the tree out first.
        if self.last_line >= 0:
            self.move_cursor(node)
        return True

    @staticmethod
    def _level(comparison: Comparison, link: Link) -> int:
        if link.a is not None:
            return comparison.a.sections[link.a].level
        assert link.b is not None
        return comparison.b.sections[link.b].level

    @staticmethod
    def _label(comparison: Comparison, index: int) -> Text:
        link = comparison.alignment.links[index]
        status = link_status(comparison, index)
        look = STATUSES[status]
        a = comparison.a.sections[link.a] if link.a is not None else None
        b = comparison.b.sections[link.b] if link.b is not None else None
        label = Text()
        label.append(look.symbol, style=f"bold {look.style}")
        # The doubt mark sits up front so a narrow tree never cuts it off.
        low = is_low_confidence(comparison, index)
        label.append("?" if low else " ", style="bold black on yellow" if low else "")
        label.append(numbering(a) + "→" + numbering(b), style="dim")
        label.append(" ")
        title = (b or a).title if (b or a) else ""  # type: ignore[union-attr]
        label.append(title, style=look.style if status != "unchanged" else "")
        if a is not None and b is not None and status == "renamed":
            label.append(f" ←{a.title}", style="dim")  # the old name, after the new one
        if link.pinned:
            label.append(" ⚑", style="bold")  # pinned by the user
        if link.status == "matched" and link.confidence < 1.0:
            label.append(f" {link.confidence:.2f}", style="bold yellow" if low else "dim")
        return label


def numbering(section: object) -> str:
    """A section's marker as written (``一、``, ``（三）``), ``·`` for none, ``§`` for matter."""
    if section is None:
        return "·"
    marker = getattr(section, "marker", "").strip()
    if getattr(section, "level", 1) == 0:
        return "§"
    return marker or getattr(section, "number", "") or "·"
