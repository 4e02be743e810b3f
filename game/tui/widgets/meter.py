"""A meter: a labelled bar for a bounded number, with the change from the last turn.

The drawing only: the cards draw their meters with ``meter_content``, and the ``Meter``
widget (one meter on its own, for the ending and the class report) is in meter_widget.py,
so that the game screen does not make that class.

Readable without colour: the bar is drawn with ``█`` and ``░``, the change with ``▲``/``▼``
and the amount, and the value is always printed.
"""

from __future__ import annotations

from textual.content import Content

FULL = "█"
EMPTY = "░"
ZERO = "│"


def bar_cells(value: int, lo: int, hi: int, width: int) -> list[tuple[str, str]]:
    """The bar as (text, style) runs. A range that spans zero (trust from -5 to 5) is
    drawn from a centre mark, so the sign shows; otherwise it fills from the left."""
    width = max(3, width)
    if hi <= lo:
        return [(EMPTY * width, "$text-muted")]
    value = max(lo, min(hi, value))
    if lo < 0 < hi:
        if width % 2 == 0:  # an odd width puts the zero mark in the middle
            return [*bar_cells(value, lo, hi, width - 1), (" ", "")]
        zero = round((0 - lo) / (hi - lo) * (width - 1))
        pos = round((value - lo) / (hi - lo) * (width - 1))
        cells = []
        for i in range(width):
            if i == zero:
                cells.append((ZERO, "bold"))
            elif (pos < zero and pos <= i < zero) or (pos > zero and zero < i <= pos):
                cells.append((FULL, "$primary"))
            else:
                cells.append((EMPTY, "$text-muted"))
        return _merge(cells)
    filled = round((value - lo) / (hi - lo) * width)
    return [(FULL * filled, "$primary"), (EMPTY * (width - filled), "$text-muted")]


def _merge(cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for text, style in cells:
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + text, style)
        else:
            out.append((text, style))
    return out


def delta_text(delta: int | None) -> tuple[str, str]:
    """``▲2`` / ``▼1`` (bold: it is new this turn), or nothing. One colour both ways: the
    scenario does not say whether up is good (trust) or bad (tension)."""
    if not delta:
        return ("", "")
    if delta > 0:
        return (f"▲{delta}", "bold $text-accent")
    return (f"▼{-delta}", "bold $text-accent")


MAX_BAR = 12  # cells


def meter_content(
    label: str,
    value: int,
    lo: int,
    hi: int,
    delta: int | None,
    width: int,
    *,
    two_lines: bool = False,
    max_bar: int = MAX_BAR,
) -> Content:
    """One meter drawn ``width`` cells wide (the leader cards draw theirs with this too)."""
    width = max(12, width)
    number = f"{value:>3}"
    dtext, dstyle = delta_text(delta)
    tail = [(" " + number, "bold"), (" " + dtext.ljust(3), dstyle)]
    tail_w = 1 + len(number) + 4
    if two_lines:
        bar_w = max(3, width - tail_w)
        shown = Content(label).truncate(width, ellipsis=True)
        return Content.assemble(shown, "\n", *bar_cells(value, lo, hi, bar_w), *tail)
    if width < 28:  # too narrow for a useful bar: the label and the number
        label_w = max(3, width - tail_w)
        shown = Content(label).truncate(label_w, ellipsis=True, pad=True)
        return Content.assemble(shown, *tail)
    bar_w = max(5, min(max_bar, width // 5))
    label_w = max(3, width - bar_w - tail_w - 1)
    shown = Content(label).truncate(label_w, ellipsis=True, pad=True)
    return Content.assemble(shown, " ", *bar_cells(value, lo, hi, bar_w), *tail)
