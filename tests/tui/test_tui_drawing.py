"""The cards and the choices draw their lines one at a time (see widgets/lines.py): each
line must come out exactly as Textual draws it from the whole content."""

from __future__ import annotations

import pytest
from textual.style import Style
from textual.visual import RenderOptions
from textual.widget import Widget
from tuihelp import game_screen, make_app, oil_loads, settle

from game.tui.screens.game import GameScreen
from game.tui.widgets.choice_list import ChoicePrompt


def check_cards(screen: GameScreen) -> None:
    for card in screen.cards:
        width, height = card.size
        lines = card.lines(width)
        assert card._drawable(lines, width), card.id  # the path under test is taken
        card._dirty_regions.add(card.size.region)  # Textual's own path draws afresh
        for y in range(height):
            ours = list(card.render_line(y))
            textual = list(Widget.render_line(card, y))
            assert ours == textual, (card.id, y)


def check_choices(screen: GameScreen) -> None:
    choices = screen.choices
    width = choices.scrollable_content_region.width
    options = RenderOptions(choices._get_style, choices.styles)
    for style in (Style(), choices.get_visual_style("option-list--option-highlighted")):
        for option in choices.options:
            prompt = option.prompt
            assert isinstance(prompt, ChoicePrompt)
            content, _ = prompt._layout(width)
            ours = prompt.render_strips(width, None, style, options)
            textual = content.render_strips(width, None, style, options)
            assert [list(s) for s in ours] == [list(s) for s in textual], prompt.text


@pytest.mark.skipif(not oil_loads(), reason="oil-2017 does not load yet")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_cards_and_choices_draw_each_line_as_textual_does(size):
    app = make_app(scenario="oil-2017", direct=True, seed=5)
    async with app.run_test(size=size) as pilot:
        screen = await game_screen(pilot)
        session = screen.session
        for turn in range(8):
            check_cards(screen)
            check_choices(screen)
            options = [o for o in session.options() if o.available]
            await pilot.press(str(options[turn % len(options)].number))
            await settle(pilot, 2)
            if session.finished:
                break
        assert session.turns
