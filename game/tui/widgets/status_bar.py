"""The status line: day, days left, tension and the other ``show: status`` values, each
with its change from the last turn; and the Security Council count if it voted now
(with the council's name when there is room)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.tui import view

if TYPE_CHECKING:
    from game.tui.session import PlaySession


def set_content(box: Static, content: Content) -> None:
    """Update a Static only if what it shows changes (text or styles): an update always
    costs a layout of the screen and a redraw."""
    old = box.content
    if isinstance(old, Content) and old.is_same(content):
        return
    box.update(content)


class StatusBar(Vertical):
    def __init__(self, session: PlaySession, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(id="status-values", markup=False)
        yield Static(id="council", classes="council -long", markup=False)
        yield Static(id="council-short", classes="council -short", markup=False)

    def on_mount(self) -> None:
        self.refresh_status()

    def refresh_status(self) -> None:
        session = self.session
        set_content(self.query_one("#status-values", Static), view.status_content(session))
        tally = session.game.council() if session.scenario.council is not None else None
        set_content(self.query_one("#council", Static), view.council_content(tally))
        set_content(
            self.query_one("#council-short", Static), view.council_content(tally, compact=True)
        )
        self.set_class(tally is None, "-no-council")
        self.set_class(not view.global_vars(session.scenario, "status"), "-no-status")
