"""The numbered choices. Locked ones are shown dimmed with the reason, and cannot be
highlighted or chosen (the engine says which are locked)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.visual import RenderOptions, RulesMap, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from game.tui.quick_class import QuickClass
from game.tui.widgets.lines import draw_line, drawable

if TYPE_CHECKING:
    from textual.strip import Strip
    from textual.style import Style

    from game.engine import Option as ChoiceOption

NUMBER_WIDTH = 2
GAP = 1


class ChoicePrompt(Visual):
    """The number, then the text with a hanging indent; a locked choice is dimmed, with
    "locked:" and the reason under it (readable without colour). The text is plain
    ``Content``, so ``[brackets]`` in the scenario show as written.

    Drawn like a two-column grid (the number right-aligned in 2 cells, a space, the text
    wrapped in the rest; a word too long for the line ends in "…"), with Textual's own
    Content instead of a Rich table: an
    OptionList draws its prompts again whenever it is resized, and a table is slow."""

    def __init__(self, option: ChoiceOption) -> None:
        self.number = str(option.number)
        self.available = option.available
        self.text = Content(option.text.rstrip())
        self.reason = (
            None
            if option.available
            else Content.assemble(
                ("locked: ", "bold"), ((option.reason or "not available yet").rstrip(), "italic")
            )
        )
        self._cache: tuple[int, Content, int] | None = None
        self._lines: tuple[int, list[Content]] | None = None  # content split, by width

    def _layout(self, width: int) -> tuple[Content, int]:
        """The prompt as lines no wider than ``width``, and how many there are."""
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1], self._cache[2]
        body = max(1, width - NUMBER_WIDTH - GAP)
        dim = "" if self.available else "dim"
        lines: list[Content] = []
        for i, line in enumerate(self.text.wrap(body, overflow="ellipsis")):
            number = self.number.rjust(NUMBER_WIDTH) if i == 0 else " " * NUMBER_WIDTH
            style = ("bold" if self.available else "dim") if i == 0 else ""
            text = line.pad_right(max(0, body - line.cell_length))
            lines.append(
                Content.assemble((number, style), " " * GAP, text.stylize(dim) if dim else text)
            )
        if self.reason is not None:
            for line in self.reason.wrap(body, overflow="ellipsis"):
                lines.append(
                    Content.assemble(" " * (NUMBER_WIDTH + GAP), line).pad_right(
                        max(0, body - line.cell_length)
                    )
                )
        content = Content("\n").join(lines)
        self._cache = (width, content, len(lines))
        return content, len(lines)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        content, _ = self._layout(width)
        if options.selection is None and options.post_style is None:
            # The lines fit already: draw each as Textual would, without wrapping again.
            if self._lines is None or self._lines[0] != width:
                self._lines = (width, content.split(allow_blank=True))
            lines = self._lines[1]
            if drawable(lines, width, options.rules):
                shown = lines if height is None else lines[:height]
                return [
                    draw_line(line, width, y, style, options.get_style)
                    for y, line in enumerate(shown)
                ]
        return content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        widest = max(self.text.cell_length, self.reason.cell_length if self.reason else 0)
        return min(container_width, NUMBER_WIDTH + GAP + widest)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._layout(width)[1]


def choice_prompt(option: ChoiceOption) -> ChoicePrompt:
    return ChoicePrompt(option)


class ChoiceList(QuickClass, OptionList):
    """An OptionList of the scene's choices; the option ids are the choice ids."""

    def set_choices(self, options: list[ChoiceOption]) -> None:
        self.game_options = list(options)
        # Not set_options: clearing first lays the new lines out without the old list's
        # scrollbar (set_options keeps it, and the choices can wrap differently).
        self.clear_options()
        self.add_options(
            [Option(choice_prompt(o), id=o.id, disabled=not o.available) for o in options]
        )
        first = next((i for i, o in enumerate(options) if o.available), None)
        self.highlighted = first

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)  # scrolls to it, and says it is highlighted
        if highlighted and self._first_open(highlighted):
            # Once laid out (a new scene's list may not have its new height yet).
            self.call_after_refresh(self._show_locked_above)

    def _first_open(self, index: int) -> bool:
        """Whether every choice above ``index`` is locked."""
        options = self.options
        return all(options[i].disabled for i in range(min(index, len(options))))

    def _show_locked_above(self) -> None:
        """With the first open choice highlighted, show the locked ones above it too, as
        far as they fit with it: the cursor never stops on them, so without this a
        locked first choice could stay scrolled out of view, number and all."""
        highlighted = self.highlighted
        if highlighted and self._first_open(highlighted):
            self.scroll_home(animate=False, immediate=True)
            self.scroll_to_highlight()

    def on_mount(self) -> None:
        if not hasattr(self, "game_options"):
            self.game_options = []
