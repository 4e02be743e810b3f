"""Pilot tests: play from the title screen to an ending with key presses only, and check
that what the screens show is what the engine says."""

from __future__ import annotations

import gc

import pytest
from tuihelp import (
    SEED,
    game_screen,
    make_app,
    oil_loads,
    play_to_the_end,
    screen_text,
    settle,
)

from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.log import LogScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.why import WhyScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.leader_card import LeaderCard


def check_cards_match_engine(screen: GameScreen) -> None:
    """Every meter on every card shows the engine's value and the last turn's change."""
    session = screen.session
    turn = session.last_turn
    changes = {c.name: c.delta for c in turn.changes} if turn else {}
    for card in screen.query(LeaderCard).results():
        for v in session.scenario.leaders[card.leader].variables:
            if v.show != "meter":
                continue
            meter = card.meters()[v.name]
            assert meter.value == session.game.value(v.name), v.name
            assert (meter.delta or None) == (changes.get(v.name) or None), v.name


def check_responses_shown(app, screen: GameScreen) -> None:
    turn = screen.session.last_turn
    if turn is None:
        return
    text = screen_text(app)
    for r in turn.responses:
        # The response is on the screen (the story's recap at 80x24), word for word.
        first_words = " ".join(r.text.split()[:4])
        assert first_words in " ".join(text.split()), (r.text, text)


async def new_game_from_title(pilot, *, pick_tutorial_with_keys: bool) -> None:
    app = pilot.app
    await settle(pilot)
    assert isinstance(app.screen, TitleScreen)
    await pilot.press("n")
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, NewGameScreen)
    scenario = dialog.query_one("#scenario")
    if pick_tutorial_with_keys:
        # Open the scenario list and move to the tutorial with the arrow keys.
        names = list(dialog.entries)
        steps = names.index("tutorial") - names.index(scenario.value)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps))
        await pilot.press("enter")
        await settle(pilot)
        assert scenario.value == "tutorial"
    await pilot.press("tab", "tab")  # role, then name
    await pilot.press(*"Ada")
    await pilot.press("tab")  # class code
    await pilot.press(*"7B")
    await pilot.press("tab")  # seed
    await pilot.press("ctrl+a", "ctrl+k", *str(SEED))
    await pilot.press("enter")  # submitting an input starts the game
    await settle(pilot)


async def test_tutorial_title_to_ending_by_keys():
    app = make_app(scenario=None, seed=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game_from_title(pilot, pick_tutorial_with_keys=True)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        session = screen.session
        assert session.scenario.id == "tutorial"
        assert session.settings.player == "Ada"
        assert session.settings.class_code == "7B"
        assert session.settings.seed == SEED
        check_cards_match_engine(screen)

        tried_locked = used_arrows = False
        for _ in range(30):
            if session.finished:
                break
            options = session.options()
            locked = [o for o in options if not o.available]
            if locked and not tried_locked:
                # A locked choice cannot be chosen, by number or by arrows and Enter.
                before = list(session.game.history)
                scene = session.game.scene.id
                await pilot.press(str(locked[0].number))
                await pilot.pause()
                assert session.game.history == before
                assert session.game.scene.id == scene
                assert app.screen is screen
                tried_locked = True
            available = [o for o in options if o.available]
            before_turns = len(session.turns)
            if not used_arrows and len(available) > 1:
                # Arrows and Enter: the highlight starts on the first available choice.
                await pilot.press("down", "enter")
                used_arrows = True
                expected = available[1]
            else:
                expected = available[-1] if not tried_locked else available[0]
                await pilot.press(str(expected.number))
            await settle(pilot, 2)
            assert len(session.turns) == before_turns + 1
            assert session.turns[-1].choice == expected.id
            if not session.finished:
                assert app.screen is screen
                check_cards_match_engine(screen)
                check_responses_shown(app, screen)
        assert session.finished
        assert tried_locked and used_arrows
        assert isinstance(app.screen, EndingScreen)
        ending = session.game.ending()
        assert ending.title in screen_text(app)

        # From the ending: the title screen, then a new game.
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)


async def test_panels_open_and_close():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        game = app.screen
        assert isinstance(game, GameScreen)
        # Before any turn, Why? says so.
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        assert "Nothing has happened yet" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is game

        await pilot.press("1")
        await settle(pilot, 2)
        turn = game.session.last_turn
        for key, screen_type, close in (
            ("w", WhyScreen, "escape"),
            ("w", WhyScreen, "w"),
            ("l", LogScreen, "escape"),
            ("l", LogScreen, "l"),
            ("question_mark", HelpScreen, "escape"),
            ("f1", HelpScreen, "f1"),
            ("question_mark", HelpScreen, "question_mark"),
        ):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type), key
            text = screen_text(app)
            if screen_type is WhyScreen:
                assert f"Turn {turn.number}" in text
                for c in turn.changes:
                    assert c.label in text
            if screen_type is LogScreen:
                assert turn.choice_text in text
            if screen_type is HelpScreen:
                assert game.session.game.role.objectives[0] in " ".join(text.split())
            await pilot.press(close)
            await pilot.pause()
            assert app.screen is game, (key, close)


async def test_why_shows_because_and_changes():
    app = make_app(direct=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        game = app.screen
        session = game.session
        # Play until some leader has answered.
        for _ in range(10):
            if session.last_turn and session.last_turn.responses:
                break
            first = next(o for o in session.options() if o.available)
            await pilot.press(str(first.number))
            await settle(pilot, 2)
        turn = session.last_turn
        assert turn.responses
        await pilot.press("w")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        for r in turn.responses:
            assert " ".join(r.because.split()) in text
        for c in turn.changes:
            if c.delta:
                assert ("▲" if c.delta > 0 else "▼") + str(abs(c.delta)) in text


async def test_status_line_and_council_follow_the_engine():
    app = make_app(direct=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.screen.session
        await pilot.press("1")
        await settle(pilot, 2)
        text = " ".join(screen_text(app).split())
        for v in session.scenario.variables:
            if v.show == "status" and v.leader is None:
                assert f"{v.label}: {v.format(session.game.value(v.name))}" in text
        tally = session.game.council()
        assert f"{tally.yes} yes · {tally.no} no · {tally.abstain} abstain" in text


async def test_play_again_from_the_ending():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        session = (await play_to_the_end(pilot)).session
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        fresh = app.screen.session
        assert fresh is not session and not fresh.turns
        assert fresh.settings.seed == SEED  # a seed the player gave is kept


@pytest.mark.skipif(not oil_loads(), reason="oil-2017 does not load yet")
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_oil_2017_plays_to_an_ending(size):
    app = make_app(scenario="oil-2017", direct=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GameScreen), screen_text(app)
        session = screen.session
        for _ in range(80):
            if session.finished:
                break
            # Always the last available choice, to vary from the tutorial test.
            option = [o for o in session.options() if o.available][-1]
            await pilot.press(str(option.number) if option.number <= 9 else "enter")
            await settle(pilot, 2)
            if not session.finished:
                check_cards_match_engine(screen)
        assert session.finished
        assert isinstance(app.screen, EndingScreen)
        assert session.game.ending().title in screen_text(app)


async def test_choices_list_the_engine_options():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        choices = screen.query_one("#choices", ChoiceList)
        options = screen.session.options()
        assert [o.id for o in choices.options] == [o.id for o in options]
        assert [o.disabled for o in choices.options] == [not o.available for o in options]


def drawn(app) -> list[list[tuple[str, object]]]:
    """The screen as drawn now, from every widget's cached lines (text and styles)."""
    return [
        [(seg.text, seg.style) for seg in strip] for strip in app.screen._compositor.render_strips()
    ]


def drawn_afresh(app) -> list[list[tuple[str, object]]]:
    """The screen drawn again from scratch: every widget's cached lines dropped."""
    for widget in app.screen.walk_children(with_self=True):
        widget._styles_cache.clear()
        widget._dirty_regions.add(widget.size.region)
        if isinstance(widget, LeaderCard):
            widget._strips.clear()
    return drawn(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_screen_after_each_turn_is_what_a_fresh_draw_shows(size):
    """The game screen redraws only what changed after a turn (whole widgets, or single
    lines of a card): what it shows must be exactly what drawing it afresh shows."""
    app = make_app(scenario="oil-2017", direct=True, seed=3)
    async with app.run_test(size=size) as pilot:
        screen = await game_screen(pilot)
        session = screen.session
        for turn in range(40):
            if session.finished:
                break
            options = [o for o in session.options() if o.available]
            await pilot.press(str(options[turn % len(options)].number))
            await settle(pilot, 2)
            assert gc.isenabled()  # held off during the turn only
            if session.finished:
                break
            assert drawn(app) == drawn_afresh(app), f"turn {turn + 1}"
        assert session.turns


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (120, 20)])
async def test_the_endings_scrollbar_does_not_touch_the_text(size):
    app = make_app(direct=True)
    async with app.run_test(size=size) as pilot:
        await play_to_the_end(pilot)
        ending = app.screen.query_one("#ending")
        assert ending.show_vertical_scrollbar  # (the text is longer than the screen)
        bar = app.screen.find_widget(ending.vertical_scrollbar).region
        assert bar.right == size[0]  # at the screen's edge
        texts = list(ending.query("Static"))
        assert texts
        for widget in texts:
            assert widget.region.right <= bar.x - 2, widget
