"""The numbered choices. Locked ones are shown dimmed with the reason, and cannot be
highlighted or chosen (the engine says which are locked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from game.engine import Option as ChoiceOption


def choice_prompt(option: ChoiceOption) -> Table:
    """The number, then the text with a hanging indent; a locked choice is dimmed, with
    "locked:" and the reason under it (readable without colour). Rich ``Text`` is
    literal, so ``[brackets]`` in the scenario show as written."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=2, justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    if option.available:
        grid.add_row(Text(str(option.number), style="bold"), Text(option.text))
    else:
        grid.add_row(Text(str(option.number), style="dim"), Text(option.text, style="dim"))
        grid.add_row(
            Text(""),
            Text.assemble(("locked: ", "bold"), (option.reason or "not available yet", "italic")),
        )
    return grid


class ChoiceList(OptionList):
    """An OptionList of the scene's choices; the option ids are the choice ids."""

    def set_choices(self, options: list[ChoiceOption]) -> None:
        self.game_options = list(options)
        self.clear_options()
        self.add_options(
            [Option(choice_prompt(o), id=o.id, disabled=not o.available) for o in options]
        )
        first = next((i for i, o in enumerate(options) if o.available), None)
        self.highlighted = first

    def on_mount(self) -> None:
        if not hasattr(self, "game_options"):
            self.game_options = []
