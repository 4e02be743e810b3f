"""The log (l): every turn so far, scrollable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.tui import view
from game.tui.screens.panel import PanelScreen

if TYPE_CHECKING:
    from game.tui.session import PlaySession


class LogScreen(PanelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "close", "Close", show=False),
        Binding("home", "top", "Top", show=False),
        Binding("end", "bottom", "Latest", show=False),
    ]
    panel_id = "log"

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        s = session.settings
        who = f"{s.player}, " if s.player else ""
        self.panel_title = f"Log: {who}{session.game.role.name} · seed {s.seed}"

    def body(self) -> Iterable[Widget]:
        session = self.session
        if not session.turns:
            yield Static(Content.styled("No turns yet.", "italic $text-muted"))
            return
        for turn in session.turns:
            yield Static(view.turn_content(session, turn, because=False), classes="log-turn")

    def on_mount(self) -> None:
        # Open at the latest turn: that is what the player just did.
        self.call_after_refresh(self.action_bottom)

    def action_top(self) -> None:
        self.query_one(".panel-body", VerticalScroll).scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.query_one(".panel-body", VerticalScroll).scroll_end(animate=False)
