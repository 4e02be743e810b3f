"""Shown for the moment it takes to load a scenario (in a worker thread)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import LoadingIndicator, Static

from game.tui.screens.base import BaseScreen


class LoadingScreen(BaseScreen[None]):
    def __init__(self, scenario: str | None) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            yield Static(
                f"Loading {self.scenario or 'the scenario'}…", id="loading-text", markup=False
            )
            yield LoadingIndicator()
