"""What the start-up and ending speed-ups must not change: the game screen under an
ending is brought up to date when it is shown again, the ending's styles are parsed
ahead of time exactly as Textual parses them, and every screen starts with its
"terminal too small" message and a hidden toast rack."""

from __future__ import annotations

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
