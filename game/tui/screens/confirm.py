"""A yes/no question (overwrite a save? delete one? continue a save that no longer
replays to the end?). Returns True for yes; Escape and "n" mean no."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from game.tui.screens.modal import BaseModal
from game.tui.widgets.footer import Footer


class ConfirmDialog(BaseModal[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("escape,n", "answer(False)", "No"),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        *,
        yes: str = "Yes",
        no: str = "Cancel",
        danger: bool = False,
        focus_yes: bool = False,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.yes_label = yes
        self.no_label = no
        self.danger = danger
        self.focus_yes = focus_yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes="dialog -error" if self.danger else "dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            with VerticalScroll(id="confirm-body"):
                yield Static(self.message, id="confirm-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    self.yes_label, id="yes", variant="error" if self.danger else "primary"
                )
                yield Button(self.no_label, id="no")
        yield Footer()

    def on_mount(self) -> None:
        # The safe answer has the focus unless the question is harmless.
        self.query_one("#yes" if self.focus_yes else "#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")
