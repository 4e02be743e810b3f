"""Snapshot tests of facilitator mode: the decision with votes entered (80x24, 120x40
and a projector's 160x45), paused, the tie dialog, the event picker, the result of a
reveal, and the debrief.

The tutorial with seed 7, saves in a temporary folder under a fixed name, the live clock
off (the timer shows its full time), cursor blink off. snap_compare is synchronous:
plain ``def`` tests. Update with ``pytest tests/tui/test_classroom_snapshots.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

import pytest
from tuihelp import settle

from game.tui.classroom.app import ClassroomApp
from game.tui.classroom.session import ClassSession, ClassSettings

SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 40), id="120x40"),
    pytest.param((160, 45), id="160x45"),
]

# Decision 1: skip the briefing (2 votes for option 2), then at Northland 12 votes typed
# for option 1 and 9 for option 2 (option 3 is locked: the mentor was not asked).
TO_VOTES = ["2", "+", "+", "r", "enter", "enter", "1", "2", "enter", "9", "escape"]
TO_TIE = ["enter", "5", "enter", "5", "escape", "r"]
TO_RESULT = ["2", "+", "r", "enter", "1", "+", "+", "2", "+", "r"]  # the leak fires too
TO_DEBRIEF = [*TO_RESULT, "enter", "1", "+", "r", "enter", "1", "+", "r", "enter"]


def app_for(tmp_path, monkeypatch, theme: str | None = None) -> ClassroomApp:
    monkeypatch.chdir(tmp_path)  # the debrief names the saves folder relative to here
    session = ClassSession.start(
        ClassSettings("tutorial", "9B", 60, None, 7, None, "saves", name="classroom-9B")
    )
    return ClassroomApp(session, theme_name=theme, cursor_blink=False, live_clock=False)


def keys(*presses: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot, 2)
        # Toasts time out: leave them out, so that a slow machine sees the same screen.
        pilot.app.clear_notifications()
        await settle(pilot, 2)

    return run_before


class TestFacilitatorScreen:
    @pytest.mark.parametrize("size", SIZES)
    def test_votes_entered(self, snap_compare, tmp_path, monkeypatch, size):
        app = app_for(tmp_path, monkeypatch)
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_VOTES))

    def test_votes_entered_dark_theme(self, snap_compare, tmp_path, monkeypatch):
        app = app_for(tmp_path, monkeypatch, theme="textual-dark")
        assert snap_compare(app, terminal_size=(120, 40), run_before=keys(*TO_VOTES))

    def test_paused(self, snap_compare, tmp_path, monkeypatch):
        app = app_for(tmp_path, monkeypatch)
        assert snap_compare(app, terminal_size=(120, 40), run_before=keys(*TO_VOTES, "p"))

    @pytest.mark.parametrize("size", SIZES[:2])
    def test_tie_dialog(self, snap_compare, tmp_path, monkeypatch, size):
        app = app_for(tmp_path, monkeypatch)
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_TIE))

    def test_inject_picker(self, snap_compare, tmp_path, monkeypatch):
        app = app_for(tmp_path, monkeypatch)
        assert snap_compare(
            app, terminal_size=(120, 40), run_before=keys("2", "+", "r", "enter", "i")
        )

    def test_after_inject(self, snap_compare, tmp_path, monkeypatch):
        """The crisis update stays on screen with what it changed until the reveal."""
        app = app_for(tmp_path, monkeypatch)
        run = keys("2", "+", "r", "enter", "i", "enter", "1", "+", "+", "+")
        assert snap_compare(app, terminal_size=(120, 40), run_before=run)

    @pytest.mark.parametrize("size", SIZES[:2])
    def test_result(self, snap_compare, tmp_path, monkeypatch, size):
        app = app_for(tmp_path, monkeypatch)
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_RESULT))


class TestDebrief:
    @pytest.mark.parametrize("size", [SIZES[1], SIZES[2]])
    def test_debrief(self, snap_compare, tmp_path, monkeypatch, size):
        app = app_for(tmp_path, monkeypatch)
        assert snap_compare(app, terminal_size=size, run_before=keys(*TO_DEBRIEF))
