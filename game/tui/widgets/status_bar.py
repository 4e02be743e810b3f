"""The status line: day, days left, tension and the other ``show: status`` values, each
with its change from the last turn, made to fit one line where it can (view.status_line);
and the Security Council count if it voted now (with the council's name on a wide
screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from game.tui import view
from game.tui.quick_class import QuickClass
from game.tui.widgets.lines import same_content

if TYPE_CHECKING:
    from game.tui.session import PlaySession


class StatusBar(QuickClass, Widget):
    """The status line and the council's line, drawn by one widget (it was a container of
    three Statics, and each widget drawn costs the game screen's first frame about 5M
    instructions). A line the scenario has nothing for is left out. The council's line
    is the long one where the component class ``status-bar--long-council`` is displayed
    (the stylesheet shows it on a wide screen), the compact one otherwise."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"status-bar--long-council"}

    def __init__(self, session: PlaySession, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session
        # What is shown: the status line's variables (None: the scenario has none) and the
        # council's line, long and compact (None: no council).
        self._shown: tuple[tuple[view.VarShown, ...] | None, Content | None, Content | None] = (
            None,
            None,
            None,
        )

    def on_mount(self) -> None:
        self.refresh_status()

    def refresh_status(self) -> None:
        """Show the session's values; redraw (and lay out) only if they changed."""
        session = self.session
        status = view.status_vars(session) or None
        tally = session.game.council() if session.scenario.council is not None else None
        council = (
            (view.council_content(tally), view.council_content(tally, compact=True))
            if tally is not None
            else (None, None)
        )
        shown = (status, *council)
        if status == self._shown[0] and all(
            same_content(a, b) for a, b in zip(shown[1:], self._shown[1:], strict=True)
        ):
            return
        self._shown = shown
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The lines at ``width``: the status line made to fit it (see view.status_line)."""
        status, long, short = self._shown
        lines = [] if status is None else [view.status_line(status, width)]
        if long is not None and short is not None:
            styles = self.get_component_styles("status-bar--long-council")
            lines.append(long if styles.display != "none" else short)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(max(1, len(line.wrap(max(1, width)))) for line in self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))
