"""The numbered choices. Locked ones are shown dimmed with the reason, and cannot be
highlighted or chosen (the engine says which are locked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from game.engine import Option as ChoiceOption


def choice_prompt(option: ChoiceOption) -> Content:
    number = (f"{option.number:>2} ", "bold")
    if option.available:
        return Content.assemble(number, option.text)
    return Content.assemble(
        number,
        (option.text, "dim strike"),
        "\n",
        ("    locked: ", "bold"),
        (option.reason or "not available yet", "italic"),
    )


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
