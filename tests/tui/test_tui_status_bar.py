"""The status bar: one widget that draws the status line and the council's line (with the
council's name on a wide screen, compact otherwise), and leaves out a line the scenario
has nothing for."""

from __future__ import annotations

from pathlib import Path

import pytest
from tuihelp import make_app, oil_loads, screen_text, settle

from game.tui import view
from game.tui.screens.game import GameScreen
from game.tui.widgets.status_bar import StatusBar

BRACKETS = str(Path(__file__).parent / "fixtures" / "brackets")  # no council


def status_lines(app) -> list[str]:
    bar = app.screen.query_one("#status-bar", StatusBar)
    region = bar.content_region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return [line[region.x : region.right].rstrip() for line in lines]


@pytest.mark.skipif(not oil_loads(), reason="oil-2017 does not load")
async def test_the_council_line_is_long_on_a_wide_screen_and_compact_otherwise():
    app = make_app(scenario="oil-2017", direct=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        name = app.screen.session.scenario.council.name
        wide = status_lines(app)
        assert len(wide) == 2
        assert wide[1].startswith(f"{name} now: "), wide
        tally = app.screen.session.game.council()
        assert f"{tally.yes} yes · {tally.no} no · {tally.abstain} abstain" in wide[1]

        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        narrow = status_lines(app)
        assert len(narrow) == 2
        assert narrow[1].startswith("Vote now: "), narrow
        assert name not in narrow[1]
        assert narrow[1].removeprefix("Vote now: ") == wide[1].removeprefix(f"{name} now: ")
        assert narrow[0] == wide[0]

        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert status_lines(app) == wide


@pytest.mark.skipif(not oil_loads(), reason="oil-2017 does not load")
async def test_the_status_bar_follows_a_choice():
    app = make_app(scenario="oil-2017", direct=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.screen.session
        await pilot.press("2")
        await settle(pilot, 2)
        status, council = status_lines(app)
        assert status == view.status_content(session).plain.rstrip()
        tally = session.game.council()
        assert f"{tally.yes} yes · {tally.no} no · {tally.abstain} abstain" in council


async def test_a_scenario_without_a_council_has_the_status_line_only():
    app = make_app(scenario=BRACKETS, direct=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert status_lines(app) == ["Zero [z]: 0  │  N [n]: 1"]
        assert app.screen.query_one("#status-bar", StatusBar).outer_size.height == 1


@pytest.mark.skipif(not oil_loads(), reason="oil-2017 does not load")
async def test_a_change_mark_does_not_wrap_the_status_line_at_80_columns():
    # The first choice but one puts the longest draft on the table: with its ◆ the line
    # was 80 characters wide, and the ◆ went to a line of its own.
    app = make_app(scenario="oil-2017", direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot, 2)
        bar = app.screen.query_one("#status-bar", StatusBar)
        status, council = status_lines(app)
        assert status == (
            "September: 4 │ Draft: Crude frozen, refined products capped, textiles banned ◆"
        )
        assert council.startswith("Vote now: ")
        assert bar.outer_size.height == 2


def test_a_status_line_too_long_for_its_width_is_made_to_fit():
    muted, mark = "$text-muted", "bold $text-accent"
    day = view.VarShown("September", "10", (" ▲1", mark))
    draft = view.VarShown(
        "Draft", "Crude frozen, refined products capped, textiles banned", (" ◆", mark)
    )
    shown = [day, draft]
    wide = "September: 10 ▲1  │  Draft: Crude frozen, refined products capped, textiles banned ◆"
    assert view.status_line(shown).plain == wide
    assert view.status_line(shown, 86).plain == wide
    # Narrower separators first, then the longest value is cut at a word's end; the
    # labels and the change marks stay whole.
    assert view.status_line(shown, 82).plain == wide.replace("  │  ", " │ ")
    assert view.status_line(shown, 78).plain == (
        "September: 10 ▲1 │ Draft: Crude frozen, refined products capped, textiles… ◆"
    )
    assert view.status_line(shown, 50).plain == "September: 10 ▲1 │ Draft: Crude frozen, refined… ◆"
    # The styles stay with their parts.
    line = view.status_line(shown, 78)
    assert line.plain.endswith("… ◆")
    assert any(span.style == muted for span in line.spans)
    # No value is cut below CUT_TO characters: where that is not enough, nothing is cut
    # and the line wraps.
    assert view.status_line(shown, 30).plain == wide.replace("  │  ", " │ ")


def test_a_value_is_cut_by_cells_and_not_back_to_a_short_first_word():
    from rich.cells import cell_len

    # A first word far shorter than CUT_TO: the cut does not go back to it.
    odd = view.VarShown("Lbl", "a bcdefghijklmnopqrstuvwxyz", ("", ""))
    line = view.status_line([odd], 20)
    assert line.plain == "Lbl: a bcdefghijklm…" and line.cell_length == 20
    # Wide characters take two cells each: the line fits in its cells, not its length.
    wide = view.VarShown("Draft", "東京の会議は長く続いた末に合意に至らなかった", ("", ""))
    line = view.status_line([wide], 40)
    assert line.cell_length <= 40 and line.plain.endswith("…")
    assert cell_len(line.plain) == line.cell_length > 40 - 2  # no room wasted but a cell
