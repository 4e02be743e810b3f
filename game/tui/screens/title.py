"""The title screen: new game, continue, load, replay, help, quit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import BaseScreen
from game.tui.widgets.footer import Footer

LOGO = """\
█▄ █ █▀▀ █▀▀ █▀█ ▀█▀ █ ▄▀█ ▀█▀ █▀█ █▀█
█ ▀█ ██▄ █▄█ █▄█  █  █ █▀█  █  █▄█ █▀▄"""

SOON = "coming with saves"


class TitleScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game"),
        Binding("c", "continue_game", "Continue", show=False),
        Binding("o", "load_game", "Load", show=False),
        Binding("r", "replay", "Replay", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(LOGO, id="logo", markup=False)
            yield Static(
                Content.assemble(
                    ("A text-adventure policy simulator", "bold"),
                    ("\nNegotiate a crisis with the leaders who decide it.", "$text-muted"),
                ),
                id="tagline",
            )
            with Center():
                yield OptionList(*self.menu(), id="menu")
        yield Footer()

    def menu(self) -> list[Option]:
        saves = self.app.saves  # type: ignore[attr-defined]

        def item(key: str, label: str, id: str, available: bool = True) -> Option:
            bits: list[tuple[str, str] | str] = [(f" {key} ", "bold reverse"), "  ", label]
            if not available:
                bits.append((f"  ({SOON})", "italic"))
            return Option(Content.assemble(*bits), id=id, disabled=not available)

        return [
            item("n", "New game", "new"),
            item("c", "Continue the latest game", "continue", saves is not None),
            item("o", "Load a saved game", "load", saves is not None),
            item("r", "Replay a save", "replay", saves is not None),
            item("?", "Help", "help"),
            item("q", "Quit", "quit"),
        ]

    def on_mount(self) -> None:
        self.query_one("#menu", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        action = {
            "new": self.action_new_game,
            "continue": self.action_continue_game,
            "load": self.action_load_game,
            "replay": self.action_replay,
            "help": self.app.action_help,  # type: ignore[attr-defined]
            "quit": self.app.exit,
        }.get(event.option_id or "")
        if action is not None:
            action()

    def action_new_game(self) -> None:
        self.app.action_new_game()  # type: ignore[attr-defined]

    # Issue 5: these call the save store when there is one.
    def action_continue_game(self) -> None:
        saves = self.app.saves  # type: ignore[attr-defined]
        if saves is None:
            self.notify(f"Continue is {SOON}.", markup=False)
            return
        saves.continue_latest(self.app)

    def action_load_game(self) -> None:
        saves = self.app.saves  # type: ignore[attr-defined]
        if saves is None:
            self.notify(f"Loading is {SOON}.", markup=False)
            return
        saves.open_load_screen(self.app)

    def action_replay(self) -> None:
        saves = self.app.saves  # type: ignore[attr-defined]
        if saves is None:
            self.notify(f"Replay is {SOON}.", markup=False)
            return
        saves.open_replay_screen(self.app)
