"""Rows with a hanging indent: a head (a key, a bullet, a term) and a text that, where it
wraps, goes on indented under its own column instead of at the left edge.

Textual wraps a ``Static`` back to its left edge, so in a list like the help's keys
("ctrl+p  command palette: ...") a wrapped line started under the key. CSS has no hanging
indent, and a row of two widgets per line costs a layout each; this widget wraps the
rows itself for its width.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar, NamedTuple

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from game.tui.quick_class import QuickClass


class Row(NamedTuple):
    """``head`` then ``text`` on the first line; the text's further lines start
    ``indent`` cells in (the head's width when None)."""

    head: Content
    text: Content
    indent: int | None = None


def hang(row: Row, width: int) -> list[Content]:
    """The row cut into lines of at most ``width`` cells (a word longer than a line is
    folded, as Textual does). A line break in the text starts a line at the indent. The
    indent is at most half the width."""
    indent = row.head.cell_length if row.indent is None else row.indent
    indent = min(indent, width // 2)  # (a narrow widget keeps room for the text)
    pad = Content(" " * indent)
    inner = max(1, width - indent)
    first, *more = (row.head + row.text).split("\n")
    lines = first.wrap(max(1, width)) or [Content("")]
    if len(lines) > 1:
        start = len(lines[0].plain)
        while first.plain[start : start + 1] == " ":  # the space the line broke at
            start += 1
        lines = [lines[0], *(pad + line for line in first[start:].wrap(inner))]
    for paragraph in more:
        lines += [pad + line for line in paragraph.wrap(inner) or [Content("")]]
    return lines


class HangingRows(QuickClass, Widget):
    """Rows (see :class:`Row`), each wrapped with a hanging indent."""

    DEFAULT_CSS: ClassVar[str] = """
    HangingRows {
        height: auto;
    }
    """

    def __init__(self, rows: Iterable[Row], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows = tuple(rows)
        # The lines for the last width (layout asks for the height, then render draws).
        self._lines: tuple[int, list[Content]] | None = None

    def lines(self, width: int) -> list[Content]:
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, [line for row in self.rows for line in hang(row, width)])
        return self._lines[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))
