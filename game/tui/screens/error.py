"""Errors the player can act on: a game that cannot start, or a fault in the content
found while playing (the game is kept as it was before the choice)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from game.tui.screens.base import BaseScreen
from game.tui.screens.modal import BaseModal
from game.tui.widgets.footer import Footer


class StartErrorScreen(BaseScreen[None]):
    """A game could not start (unknown scenario or role, or content with errors)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,t", "title", "Title screen"),
        Binding("escape,q", "leave", "Quit"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="start-error", classes="dialog -error"):
            yield Static("The game could not start", classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static(self.message, id="start-error-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Title screen", id="title", variant="primary")
                yield Button("Quit", id="leave")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#title", Button).focus()

    def action_title(self) -> None:
        self.app.action_title()  # type: ignore[attr-defined]

    def action_leave(self) -> None:
        from rich.text import Text

        self.app.exit(None, return_code=2, message=Text(f"negotiator: {self.message}"))

    @on(Button.Pressed, "#title")
    def title_pressed(self) -> None:
        self.action_title()

    @on(Button.Pressed, "#leave")
    def leave_pressed(self) -> None:
        self.action_leave()


class ErrorDialog(BaseModal[None]):
    """A fault in the scenario found while playing. The engine left the game exactly as
    it was before the choice, so the player can try another choice (or save, later)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Back to the game")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="error-dialog", classes="dialog -error"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll():
                yield Static(
                    Content.assemble(
                        self.message,
                        (
                            "\n\nYour progress is kept: the game is as it was before that choice. "
                            "Try another choice, and please tell the scenario's author.",
                            "italic",
                        ),
                    ),
                    markup=False,
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Back to the game", id="close", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def close_pressed(self) -> None:
        self.dismiss(None)
