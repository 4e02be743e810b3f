"""Drawing content that is already cut into lines that fit, one line at a time.

Textual draws a ``Content`` by splitting it at newlines, wrapping each line again and
formatting it (``Content.render_strips``). The cards and the choices build lines that
already fit their width, so that second wrap changes nothing and only costs time; and a
card whose meter moved needs that one line drawn again, not all of them. ``draw_line``
draws one such line exactly as Textual would draw it as line ``y`` of the joined lines,
and ``drawable`` says when that holds (otherwise the widget leaves it to Textual).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.content import Content, _FormattedLine
from textual.strip import Strip
from textual.style import Style


def drawable(lines: Sequence[Content], width: int, rules: Any) -> bool:
    """Whether Textual would draw each of ``lines`` as it is, one row each: every line fits
    ``width`` and has no newline or tab, and the style rules ask for no alignment or line
    padding. ``rules``: the widget's styles (what Textual reads them from)."""
    get_rule = rules.get
    return (
        get_rule("text_align", "start") in ("start", "left")
        and get_rule("line_pad", 0) == 0
        and all(
            line.cell_length <= width and "\n" not in line.plain and "\t" not in line.plain
            for line in lines
        )
    )


def draw_line(
    line: Content, width: int, y: int, style: Style, get_style: Callable[[str | Style], Style]
) -> Strip:
    """``line`` drawn as row ``y`` (its offsets, used by text selection, say so)."""
    return Strip(*_FormattedLine(get_style, line, width, 0, y).to_strip(style))
