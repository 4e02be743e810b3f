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
from textual.widgets import Static


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


def same_content(a: object, b: object) -> bool:
    """Whether two things shown are the same Content, text and styles (``a is b`` for
    anything else, None included)."""
    if a is b:
        return True
    return isinstance(a, Content) and isinstance(b, Content) and a.is_same(b)


def set_content(box: Static, content: Content) -> None:
    """Update a Static only if what it shows changes (text or styles): an update always
    costs a layout of the screen and a redraw."""
    if not same_content(box.content, content):
        box.update(content)
