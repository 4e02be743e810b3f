"""Small dialogs that ask for a name: a name for a saved copy (ctrl+s), and, when many
students share one saves folder (``negotiator serve``), whose saves to show."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from game.tui.screens.modal import BaseModal
from game.tui.widgets.footer import Footer


class NameDialog(BaseModal[str | None]):
    """One text field and OK/Cancel. Returns the text (stripped), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    dialog_id = "name-dialog"

    def __init__(
        self,
        title: str,
        message: str,
        *,
        value: str = "",
        placeholder: str = "",
        ok: str = "OK",
        max_length: int = 80,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.message = message
        self.value = value
        self.placeholder = placeholder
        self.ok_label = ok
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical(id=self.dialog_id, classes="dialog name-dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.message, classes="name-dialog-message", markup=False)
            yield Input(
                self.value, placeholder=self.placeholder, id="name", max_length=self.max_length
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.ok_label, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        field = self.query_one("#name", Input)
        field.cursor_blink = getattr(self.app, "cursor_blink", True)
        field.focus()

    def action_ok(self) -> None:
        text = self.query_one("#name", Input).value.strip()
        if not text:
            self.notify("Please type a name.", severity="warning", markup=False)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_ok()

    @on(Button.Pressed, "#ok")
    def ok_pressed(self) -> None:
        self.action_ok()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()


class SaveDialog(NameDialog):
    """ctrl+s: a name for a copy of the game as it stands now."""

    dialog_id = "save-dialog"

    def __init__(self, suggestion: str, slot: str | None) -> None:
        kept = f" (as '{slot}')" if slot else ""
        super().__init__(
            "Save a copy of this game",
            f"Your game is saved after every turn{kept}. A named copy keeps this moment: "
            "load it later to come back here.",
            value=suggestion,
            placeholder="a name for the copy",
            ok="Save",
        )


class PlayerDialog(NameDialog):
    """Shared saves folder: whose games to list (a student sees only their own)."""

    dialog_id = "player-dialog"

    def __init__(self, value: str = "") -> None:
        super().__init__(
            "Who are you?",
            "Type your name as you gave it when you started your game, to see your saved games.",
            value=value,
            placeholder="your name",
            ok="Show my games",
            max_length=40,
        )
