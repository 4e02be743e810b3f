"""Snapshot tests: every main screen at 80x24 and 120x40, in the dark and the
high-contrast themes. The tutorial with a fixed seed (the "leak" event fires on the
second turn) keeps them deterministic; cursor blink is off.

snap_compare is synchronous, so these are plain ``def`` tests; everything happens in
``run_before``, which waits for workers rather than sleeping.

Update the baselines with ``pytest tests/tui --snapshot-update`` and look at the SVGs
in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

import pytest
from tuihelp import make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
THEMES = [pytest.param("textual-dark", id="dark"), pytest.param("high-contrast", id="contrast")]

# Tutorial, seed 7: skip the briefing, promise Lind a firm text (the leak fires), offer
# Okafor a softer text, call the vote.
TO_GAME = ["2", "1"]
TO_ENDING = [*TO_GAME, "1", "1"]


def keys(*presses: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot, 2)

    return run_before


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
class TestScreens:
    def test_title(self, snap_compare, size, theme):
        assert snap_compare(make_app(theme=theme), terminal_size=size, run_before=keys())

    def test_new_game(self, snap_compare, size, theme):
        assert snap_compare(make_app(theme=theme), terminal_size=size, run_before=keys("n"))

    def test_game(self, snap_compare, size, theme):
        app = make_app(direct=True, theme=theme)
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_GAME))

    def test_why(self, snap_compare, size, theme):
        app = make_app(direct=True, theme=theme)
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_GAME, "w"))

    def test_log(self, snap_compare, size, theme):
        app = make_app(direct=True, theme=theme)
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_GAME, "l"))

    def test_help(self, snap_compare, size, theme):
        app = make_app(direct=True, theme=theme, player="Ada")
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_GAME, "question_mark"))

    def test_ending(self, snap_compare, size, theme):
        app = make_app(direct=True, theme=theme)
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_ENDING))


def test_locked_choice_with_reason(snap_compare):
    """The meet-Northland scene has a locked choice with '[brackets]' in its text."""
    app = make_app(direct=True)
    assert snap_compare(app, terminal_size=(100, 30), run_before=keys("2"))


def test_terminal_too_small(snap_compare):
    app = make_app(direct=True)
    assert snap_compare(app, terminal_size=(50, 15), run_before=keys())


def test_engine_error_dialog(snap_compare):
    from tuihelp import BRACKETS

    app = make_app(scenario=BRACKETS, direct=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("1"))


@pytest.fixture
def class_saves(tmp_path, monkeypatch):
    """A saves folder made by the test, with fixed timestamps shown in UTC."""
    import time

    from savehelp import class_folder

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    class_folder(tmp_path)
    yield tmp_path
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("size", SIZES)
class TestSaveScreens:
    def test_load(self, snap_compare, size, class_saves):
        app = make_app(saves_dir=class_saves)
        assert snap_compare(app, terminal_size=size, run_before=keys("o", "down", "down"))

    def test_replay(self, snap_compare, size, class_saves):
        # Ana's finished game, at turn 2: her choice, Lind's answer, the leak.
        app = make_app(saves_dir=class_saves)
        assert snap_compare(
            app, terminal_size=size, run_before=keys("r", "down", "down", "enter", "right", "right")
        )
