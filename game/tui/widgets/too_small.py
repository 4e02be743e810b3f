"""The message shown instead of the layout when the terminal is below the minimum size."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from game.tui.quick_class import QuickClass


class TooSmall(QuickClass, Widget):
    """Hidden unless the screen has the ``-too-narrow`` or ``-too-short`` class (set by the
    app's breakpoints); the stylesheet then hides everything else."""

    def render(self) -> Content:
        w, h = self.app.size
        min_w, min_h = getattr(self.app, "MIN_SIZE", (60, 20))
        return Content.assemble(
            ("Terminal too small", "bold"),
            f"\n{w}×{h}: please make it at least {min_w}×{min_h}.",
            "\n(ctrl+q quits)",
        )
