"""Shown for the moment it takes to load a scenario (in a worker thread)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from game.tui.screens.base import BaseScreen

# Most loads take well under a second. The spinner is only shown for a slow one: an
# animation that flashes up for a moment is noise, and each of its frames takes the
# interpreter away from the loader thread (about 0.1 s of a 0.5 s load).
SPINNER_AFTER = 1.0  # seconds


class LoadingScreen(BaseScreen[None]):
    def __init__(self, scenario: str | None) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            yield Static(
                f"Loading {self.scenario or 'the scenario'}…", id="loading-text", markup=False
            )

    def on_mount(self) -> None:
        self.set_timer(SPINNER_AFTER, self.show_spinner)

    def show_spinner(self) -> None:
        from textual.widgets import LoadingIndicator

        self.query_one("#loading-box").mount(LoadingIndicator())
