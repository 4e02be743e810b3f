"""What the start-up and ending speed-ups must not change: the game screen under an
ending is brought up to date when it is shown again, the ending's styles are parsed
ahead of time exactly as Textual parses them, and every screen starts with its
"terminal too small" message and a hidden toast rack."""

from __future__ import annotations

import gc

import pytest
from textual.widgets._toast import ToastRack
from tuihelp import make_app, play_to_the_end, screen_text, settle

from game.tui import view
from game.tui.widgets.footer import Footer
from game.tui.widgets.too_small import TooSmall


async def test_game_screen_under_the_ending_is_updated_when_shown_again():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await play_to_the_end(pilot)
        session = game.session
        # Covered by the ending: not updated meanwhile, and its footer not rebuilt.
        assert game._stale
        keys = game.query_one(Footer)._shown
        app.pop_screen()
        await settle(pilot)
        assert app.screen is game and not game._stale
        assert game.heading.content == view.scene_heading(session)
        assert [o.id for o in game.choices.options] == [o.id for o in session.options()]
        # The footer follows: no choosing once the game has ended.
        assert game.query_one(Footer)._shown != keys
        assert "Choose" not in screen_text(app).splitlines()[-1]


async def test_ending_styles_are_parsed_before_the_ending():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sources = {name for _, name in app.stylesheet.source}
        assert {"Button.DEFAULT_CSS", "Meter.DEFAULT_CSS"} <= sources
        before = dict(app.stylesheet.source)
        await play_to_the_end(pilot)
        # Mounting the ending's widgets added nothing new for those classes.
        for key in before:
            assert app.stylesheet.source[key] == before[key]


async def test_screens_start_with_the_size_message_and_a_hidden_toast_rack():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen.children[0], TooSmall)
        assert not screen.get_child_by_type(ToastRack).display
        app.notify("Hello there", markup=False)
        await settle(pilot)
        assert screen.get_child_by_type(ToastRack).display
        assert "Hello there" in screen_text(app)


async def test_too_small_message_still_shows():
    app = make_app(direct=True)
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        assert "Terminal too small" in screen_text(app)


async def test_the_game_screen_is_laid_out_once_for_its_first_frame_and_focuses_the_choices():
    from textual.screen import Screen

    from game.tui.screens.game import GameScreen

    layouts: list[str] = []
    at_first_frame: list[int] = []
    original = Screen._refresh_layout

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(self, GameScreen):
            layouts.append("layout")
        return original(self, *args, **kwargs)

    app = make_app(direct=True, scenario="oil-2017")
    show_session = app.show_session

    def shown(session):  # type: ignore[no-untyped-def]
        show_session(session)
        # The moment the start-up benchmark measures: the first frame, settled.
        app.call_after_refresh(lambda: at_first_frame.append(len(layouts)))

    app.show_session = shown  # type: ignore[method-assign]
    Screen._refresh_layout = counted  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, GameScreen)
            assert app.screen.focused is app.screen.choices
            assert at_first_frame == [1]
            # A real resize is still laid out.
            before = len(layouts)
            await pilot.resize_terminal(90, 28)
            await settle(pilot)
            assert len(layouts) > before
            assert app.screen.choices.size.width == app.screen.play.size.width - 2
    finally:
        Screen._refresh_layout = original  # type: ignore[method-assign]


@pytest.mark.parametrize("direct", [True, False])
async def test_the_gc_held_for_the_start_is_released_once_the_first_screen_is_up(direct):
    import game.tui as tui

    assert gc.isenabled()
    tui.hold_gc()
    try:
        assert not gc.isenabled()
        app = make_app(direct=direct)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
    finally:
        tui.release_gc()
        gc.enable()


async def test_the_app_does_not_switch_on_a_gc_that_someone_else_switched_off():
    import game.tui as tui

    gc.disable()
    try:
        tui.hold_gc()  # off already: not ours to hold, nor to release
        app = make_app(direct=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert not gc.isenabled()
    finally:
        gc.enable()
