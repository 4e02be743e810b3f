"""A scrollable information panel over the game (Why?, Log, Help): Escape closes it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from game.tui.screens.modal import BaseModal
from game.tui.widgets.footer import Footer


class PanelScreen(BaseModal[None]):
    """Subclasses give ``panel_title`` and ``body()``; they may add a key that toggles
    them (``w`` for Why?, ``l`` for Log) with an action that calls ``action_close``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]
    panel_id = "panel"
    panel_title = ""

    def compose(self) -> ComposeResult:
        with Vertical(id=self.panel_id, classes="panel"):
            yield Static(self.panel_title, classes="panel-title", markup=False)
            with VerticalScroll(classes="panel-body"):
                yield from self.body()
        yield Footer()

    def body(self) -> Iterable[Widget]:
        return []

    def on_mount(self) -> None:
        self.query_one(".panel-body", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
