"""The ``Meter`` widget: one meter line on its own (see meter.py for the drawing)."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from game.tui.widgets.meter import MAX_BAR, meter_content


class Meter(Widget):
    """One meter line: ``Label ░░░│██░ 2 ▲1``. Two lines (label above the bar) when the
    stylesheet gives it a height of 2."""

    DEFAULT_CSS = """
    Meter { height: 1; width: 1fr; }
    """
    MAX_BAR = MAX_BAR

    def __init__(
        self, label: str, value: int, lo: int, hi: int, delta: int | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.label = label
        self.value = value
        self.lo = lo
        self.hi = hi
        self.delta = delta

    def set_value(self, value: int, delta: int | None) -> None:
        if (value, delta) != (self.value, self.delta):
            self.value = value
            self.delta = delta
            self.refresh()

    def render(self) -> Content:
        return meter_content(
            self.label,
            self.value,
            self.lo,
            self.hi,
            self.delta,
            self.size.width,
            two_lines=self.size.height >= 2,
            max_bar=self.MAX_BAR,
        )
