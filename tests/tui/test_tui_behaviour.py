"""Behaviour: literal content, run-time faults, start-up errors, resizing, themes,
NO_COLOR, the command palette, and an import-light package."""

from __future__ import annotations

import subprocess
import sys

import pytest
from tuihelp import BRACKETS, ROOT, make_app, screen_text, settle, widget_text

from game.tui import run_tui
from game.tui.app import HIGH_CONTRAST
from game.tui.screens.ending import EndingScreen
from game.tui.screens.error import ErrorDialog, StartErrorScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.title import TitleScreen
from game.tui.screens.why import WhyScreen


def flat(text: str) -> str:
    return " ".join(text.split())


# -- content is shown literally ---------------------------------------------------------
async def test_brackets_in_content_are_shown_literally():
    app = make_app(scenario=BRACKETS, direct=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GameScreen), screen_text(app)
        text = flat(screen_text(app))
        for literal in (
            "Start [scene]",
            "Room [1]",
            "Text with [bold]markup[/bold] and [link=x]a link[/link].",
            "Divide by [zero]",
            "Say [hello]",
            "Locked [x]",
            "Needs [more].",
            "Leader [A]",
            "Title [t]",
            "Trust [t]",
            "Zero [z]: 0",
            "N [n]: 1",
        ):
            assert literal in text, literal
        await pilot.press("2")  # Say [hello]: a response and an event with brackets
        await settle(pilot, 2)
        text = flat(screen_text(app))
        for literal in (
            "[i]Hello[/i] back.",
            "Ping [event]",
            "An [event] fires.",
            "Second [scene]",
            "Finish [now]",
        ):
            assert literal in text, literal
        await pilot.press("w")
        await pilot.pause()
        assert "[because] she is polite." in flat(screen_text(app))
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = flat(screen_text(app))
        for literal in (
            "Tester [x]",
            "Test the [red]briefing[/red].",
            "Find the [fault].",
            "[Term]: A [definition].",
        ):
            assert literal in text, literal
        await pilot.press("escape", "1")
        await settle(pilot, 2)
        assert isinstance(app.screen, EndingScreen)
        text = flat(screen_text(app))
        for literal in ("The [end]", "Done [ok].", "Done [%]", "Nothing [really].", "Why [this]?"):
            assert literal in text, literal


async def test_tutorial_choice_with_brackets_is_literal():
    """The tutorial has a choice with "[...]" in its text: it shows as written."""
    app = make_app(direct=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.screen.session
        seen = False
        for _ in range(20):
            if session.finished:
                break
            for o in session.options():
                if "[" in o.text:
                    assert o.text in widget_text(app, app.screen.query_one("#choices")), o.text
                    seen = True
            first = next(o for o in session.options() if o.available)
            await pilot.press(str(first.number))
            await settle(pilot, 2)
        assert seen, "the tutorial no longer has a choice with brackets"


# -- faults while playing -----------------------------------------------------------------
async def test_engine_error_shows_a_message_and_keeps_progress():
    app = make_app(scenario=BRACKETS, direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        game = app.screen
        session = game.session
        before = session.game.snapshot()
        await pilot.press("1")  # Divide by [zero]: the content fails at run time
        await settle(pilot, 2)
        assert isinstance(app.screen, ErrorDialog)
        text = flat(screen_text(app))
        assert "division by zero" in text
        assert "Your progress is kept" in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is game
        assert session.game.snapshot() == before
        assert session.turns == []
        # The game goes on.
        await pilot.press("2")
        await settle(pilot, 2)
        assert len(session.turns) == 1


async def test_autosave_hook_runs_and_its_failure_keeps_the_turn():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session = app.screen.session
        seen = []
        session.on_turn.append(lambda s, turn: seen.append(turn.number))

        def broken(s, turn):
            raise OSError("disk full")

        session.on_turn.append(broken)
        await pilot.press("1")
        await settle(pilot, 2)
        assert seen == [1]
        assert len(session.turns) == 1
        assert isinstance(app.screen, GameScreen)
        assert session.hook_errors and "disk full" in str(session.hook_errors[0])


# -- start-up errors ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"scenario": "no-such-scenario"}, "no scenario 'no-such-scenario'"),
        ({"scenario": "tutorial", "role": "spy"}, "no role 'spy'"),
    ],
)
async def test_bad_scenario_or_role_shows_a_clear_message(kwargs, expected):
    app = make_app(direct=True, **kwargs)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StartErrorScreen)
        assert expected in flat(screen_text(app))
        await pilot.press("enter")  # to the title screen
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)


async def test_quitting_from_a_start_error_returns_2():
    app = make_app(direct=True, scenario="no-such-scenario")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2


def test_unknown_theme_returns_2(capsys):
    assert run_tui(theme="no-such-theme", direct=True) == 2
    assert "no theme 'no-such-theme'" in capsys.readouterr().err


# -- sizes ---------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (250, 80)])
async def test_game_fits_from_60x20_to_250x80(size):
    app = make_app(direct=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot, 2)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        text = screen_text(app)
        assert "Terminal too small" not in text
        # The choices and the footer are on screen, and the first choice is visible.
        choices = screen.query_one("#choices")
        assert choices.region.height >= 3
        assert choices.region.bottom <= size[1] - 1
        first = screen.session.options()[0]
        assert " ".join(first.text.split()[:3]) in flat(text)
        assert "Why?" in text.splitlines()[-1]  # the footer
        for card in screen.query(".leader-card").results():
            assert card.region.width >= 20


async def test_resizing_down_shows_terminal_too_small_and_back():
    app = make_app(direct=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        game = app.screen
        for small in [(59, 24), (80, 19), (40, 10)]:
            await pilot.resize_terminal(*small)
            await settle(pilot, 2)
            text = screen_text(app)
            assert "Terminal too small" in text, small
            assert "Why?" not in text
            # No keys but quit while it is shown: a choice is not made.
            await pilot.press("1")
            await pilot.pause()
            assert game.session.turns == []
        for size in [(60, 20), (250, 80), (80, 24)]:
            await pilot.resize_terminal(*size)
            await settle(pilot, 2)
            text = screen_text(app)
            assert "Terminal too small" not in text
            assert "Why?" in text
        await pilot.press("1")
        await settle(pilot, 2)
        assert len(game.session.turns) == 1


async def test_too_small_covers_modal_screens_too():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        await pilot.resize_terminal(50, 15)
        await settle(pilot, 2)
        assert "Terminal too small" in screen_text(app)


# -- themes, NO_COLOR and the palette ---------------------------------------------------
async def test_high_contrast_theme_from_the_start_and_from_the_palette():
    app = make_app(direct=True, theme=HIGH_CONTRAST.name)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "high-contrast"
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"high contrast")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "high-contrast"


@pytest.mark.parametrize(
    ("query", "screen_type"), [("help", HelpScreen), ("why", WhyScreen), ("new game", None)]
)
async def test_palette_commands(query, screen_type):
    from game.tui.screens.new_game import NewGameScreen

    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*query)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, screen_type or NewGameScreen)


async def test_no_color_still_marks_locked_choices_and_changes(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        session = app.screen.session
        await pilot.press("2")
        await settle(pilot, 2)
        text = screen_text(app)
        # Without colour, locks and changes are still told by words and signs.
        if any(not o.available for o in session.options()):
            assert "locked:" in text
        assert "▲" in text or "▼" in text


# -- mouse -----------------------------------------------------------------------------------
async def test_clicking_a_choice_chooses_it():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        choices = screen.query_one("#choices")
        first = screen.session.options()[0]
        # The first option's row is just inside the top border.
        await pilot.click(choices, offset=(4, 1))
        await settle(pilot, 2)
        assert [t.choice for t in screen.session.turns] == [first.id]


async def test_title_menu_items_for_saves_are_disabled_until_saves_exist():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#menu")
        disabled = {o.id for o in menu.options if o.disabled}
        assert disabled == {"continue", "load", "replay"}
        assert "coming with saves" in screen_text(app)


# -- start-up stays light ------------------------------------------------------------------
def test_importing_game_tui_does_not_import_textual_or_the_engine():
    code = (
        "import sys, game.tui; "
        "bad = [m for m in ('textual', 'game.engine', 'game.loader', 'pydantic') if m in sys.modules]; "
        "print(bad); raise SystemExit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_first_frame_comes_before_the_loader_is_imported():
    code = """
import sys, asyncio
from game.tui.app import NegotiatorApp
from game.tui.session import NewGameSettings
assert 'game.loader' not in sys.modules and 'game.engine' not in sys.modules
app = NegotiatorApp(settings=NewGameSettings('tutorial', seed=1), direct=True)
async def main():
    async with app.run_test() as pilot:
        pass
asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


async def test_pgdn_more_shows_only_while_there_is_more_to_read():
    app = make_app(direct=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot, 2)
        story = app.screen.query_one("#story")
        assert story.max_scroll_y > 0  # at 60x20 the scene does not fit above the choices
        assert "More" in screen_text(app).splitlines()[-1]
        await pilot.press("pagedown", "pagedown", "pagedown")
        await settle(pilot, 2)
        assert story.scroll_y == story.max_scroll_y
        assert "More" not in screen_text(app).splitlines()[-1]
        assert app.screen.session.turns[-1].number == 1  # PgDn did not choose anything


async def test_a_slow_load_shows_the_loading_screen_and_then_the_game(monkeypatch):
    """negotiator play goes straight to the game when loading is quick; a load that
    takes a while gets the loading screen, which the game then replaces."""
    import threading

    from game.tui import app as app_module
    from game.tui.app import NegotiatorApp
    from game.tui.screens.loading import LoadingScreen

    release = threading.Event()
    prepare = NegotiatorApp.prepare_session

    def slow(self, settings):  # runs in the loader thread
        release.wait(60)
        return prepare(self, settings)

    monkeypatch.setattr(NegotiatorApp, "prepare_session", slow)
    monkeypatch.setattr(app_module, "LOADING_SCREEN_AFTER", 0.01)
    app = make_app(direct=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(1000):
                if isinstance(app.screen, LoadingScreen):
                    break
                await pilot.pause(0.01)
            assert isinstance(app.screen, LoadingScreen)
            for _ in range(100):
                if "Loading tutorial" in screen_text(app):
                    break
                await pilot.pause(0.01)
            assert "Loading tutorial" in screen_text(app)
            release.set()
            await settle(pilot)
            for _ in range(1000):
                if isinstance(app.screen, GameScreen):
                    break
                await pilot.pause(0.01)
            assert isinstance(app.screen, GameScreen)
            assert len(app.screen_stack) == 2  # replaced, not stacked on the loading screen
    finally:
        release.set()


async def test_a_locked_first_choice_stays_in_view_above_the_cursor():
    """The cursor skips locked choices: when the first open one is highlighted, the
    locked ones above it are shown too (they were left scrolled out of view, with the
    first choice's number, found in a new-user walkthrough)."""
    app = make_app(direct=True, scenario="oil-2017", seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in "2121":  # to 6 September: the forum in Vladivostok has ended
            await pilot.press(key)
            await settle(pilot)
        choices = app.screen.choices
        assert choices.options[0].disabled and choices.highlighted == 1
        assert choices.scroll_y == 0
        assert "1 Fly to Vladivostok" in widget_text(app, choices)
        await pilot.press("down", "down")
        await settle(pilot)
        assert choices.scroll_y > 0
        await pilot.press("home")
        await settle(pilot)
        assert choices.highlighted == 1 and choices.scroll_y == 0
