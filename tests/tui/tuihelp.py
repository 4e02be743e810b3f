"""Helpers for the TUI tests: apps with cursor blink off and fixed seeds, and waits on
workers instead of sleeps (no test depends on timing)."""

from __future__ import annotations

from pathlib import Path

from game.tui.app import NegotiatorApp
from game.tui.session import NewGameSettings

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BRACKETS = str(HERE / "fixtures" / "brackets")
SEED = 7  # in the tutorial, this seed fires the "leak" event on the second turn


def make_app(
    *,
    scenario: str | None = "tutorial",
    role: str | None = None,
    seed: int | None = SEED,
    player: str | None = None,
    theme: str | None = None,
    direct: bool = False,
    class_code: str | None = None,
    saves_dir: Path | str | None = None,
    shared: bool = False,
    save: str | None = None,
    load: str | None = None,
    replay: Path | str | None = None,
) -> NegotiatorApp:
    """An app as ``run_tui`` makes it; with ``saves_dir`` it saves there (as the real
    program always does), without it the save features are off."""
    app = NegotiatorApp(
        settings=NewGameSettings(
            scenario=scenario, role=role, seed=seed, player=player, class_code=class_code
        ),
        direct=direct,
        theme_name=theme,
        cursor_blink=False,
    )
    if saves_dir is not None:
        from game.tui.saves_ui import SavesUI

        app.saves = SavesUI(saves_dir, shared=shared, save_name=save, load=load, replay=replay)
    return app


async def settle(pilot, rounds: int = 3) -> None:
    """Let workers finish and the screen catch up."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def game_screen(pilot):
    """Once the app has settled: the game screen it shows (asserted)."""
    from game.tui.screens.game import GameScreen

    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, GameScreen), screen_text(pilot.app)
    return screen


async def play_to_the_end(pilot):
    """Take the first available choice until the game ends; the game screen (asserted:
    the ending is then on top of it)."""
    from game.tui.screens.ending import EndingScreen

    screen = await game_screen(pilot)
    session = screen.session
    for _ in range(30):
        if session.finished:
            break
        first = next(o for o in session.options() if o.available)
        await pilot.press(str(first.number))
        await settle(pilot, 2)
    assert isinstance(pilot.app.screen, EndingScreen)
    return screen


def screen_text(app) -> str:
    """The text on the terminal now, line by line (from the compositor)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def oil_loads() -> bool:
    try:
        from game.loader import load

        load("oil-2017")
    except Exception:
        return False
    return True


def widget_text(app, widget) -> str:
    """The text inside one widget (its content region, without borders), as one line
    with the line breaks of wrapping taken out."""
    strips = app.screen._compositor.render_strips()
    region = widget.content_region
    lines = [
        strips[y].crop(region.x, region.right).text
        for y in range(region.y, region.bottom)
        if y < len(strips)
    ]
    return " ".join(" ".join(lines).split())
