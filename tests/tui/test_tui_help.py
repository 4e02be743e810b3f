"""The help screen: a line that wraps goes on under its own text (the keys' descriptions,
the objectives, the leaders' summaries, the glossary), not at the left edge."""

from __future__ import annotations

import pytest
from tuihelp import make_app, oil_loads, settle

from game.tui.screens.help import HelpScreen
from game.tui.widgets.hanging import HangingRows


def rows_drawn(app, widget) -> list[str]:
    """The lines of a widget as drawn on the screen (the part of it the panel shows)."""
    strips = app.screen._compositor.render_strips()
    region = widget.content_region.intersection(app.screen.query_one(".panel-body").region)
    return [
        strips[y].crop(region.x, region.right).text.rstrip() for y in range(region.y, region.bottom)
    ]


async def help_rows(pilot, selector: str) -> list[str]:
    app = pilot.app
    widget = app.screen.query_one(selector)
    widget.scroll_visible(animate=False, top=True)
    await settle(pilot)
    return rows_drawn(app, widget)


def indent(line: str) -> int:
    return len(line) - len(line.lstrip())


@pytest.mark.skipif(not oil_loads(), reason="oil-2017 does not load")
async def test_wrapped_help_lines_hang_under_their_text(tmp_path):
    app = make_app(scenario="oil-2017", direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(60, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)

        keys = await help_rows(pilot, ".help-keys")
        column = keys[0].index("make a choice")
        wrapped = [line for line in keys if not line[:column].strip()]
        assert wrapped, keys  # some descriptions wrap at this width
        assert all(indent(line) == column for line in wrapped), keys
        assert "click it)" in " ".join(wrapped)

        objectives = await help_rows(pilot, ".help-objectives")
        assert any(not line.startswith("• ") for line in objectives), objectives
        assert all(line.startswith("• ") or indent(line) == 2 for line in objectives)

        leaders = await help_rows(pilot, ".help-leaders")
        names = [info.name for info in app.screen.session.scenario.leaders.values()]
        assert all(
            any(line.startswith(name) for name in names) or indent(line) == 2 for line in leaders
        ), leaders

        glossary = await help_rows(pilot, ".help-glossary")
        terms = [g.term for g in app.screen.session.scenario.model.debrief.glossary]
        assert all(
            any(line.startswith(f"{term}: ") for term in terms) or indent(line) == 2
            for line in glossary
        ), glossary
        assert len(glossary) > len(terms)  # (some definitions wrap)


async def test_the_help_keys_at_any_width_hang_and_lose_no_text():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        keys = app.screen.query_one(".help-keys", HangingRows)
        for width in (78, 40, 25, 12, 1):
            lines = keys.lines(width)
            assert all(line.cell_length <= width for line in lines)
            drawn = "".join("".join(line.plain.split()) for line in lines)
            assert drawn == "".join(
                "".join((row.head.plain + row.text.plain).split()) for row in keys.rows
            )
