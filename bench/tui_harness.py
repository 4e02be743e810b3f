#!/usr/bin/env python3
"""Headless TUI runs for bench/run.py. Each mode prints one JSON line.

bare       a bare Textual app (Header, Static, Footer): exit after its first frame
startup    negotiator play (straight into a game): exit after the game screen's first frame
           (both print {"first_frame": time.time()} taken right after that frame: run.py
           subtracts the time it started the process, so exiting is not counted)
keys N     play N choices in a Pilot run; time each key press until the next scene has rendered
memory     play whole games in the TUI; report peak RSS
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self.first_frame)

        def first_frame(self) -> None:
            FIRST_FRAME.append(time.time())
            CPU.append(time.process_time())
            self.exit()

    Bare().run(headless=True, size=(100, 30))
    print(json.dumps({"first_frame": FIRST_FRAME[0], "cpu": CPU[0]}))


FIRST_FRAME: list[float] = []
CPU: list[float] = []  # the process's CPU time (all threads) at that moment


def _app(scenario: str = "oil-2017"):
    from game.tui.app import NegotiatorApp
    from game.tui.session import NewGameSettings

    return NegotiatorApp(
        settings=NewGameSettings(scenario=scenario, seed=1), direct=True, cursor_blink=False
    )


def startup() -> None:
    import inspect
    from pathlib import Path

    # As `negotiator play oil-2017 --seed 1` does: the command line is read first (the
    # CLI's imports and parser are part of the start), then run_tui holds the GC off
    # before Textual is imported.
    from game.cli import parse_args

    args = parse_args(["play", "oil-2017", "--seed", "1"])
    from game.tui import hold_gc

    hold_gc()
    from game.tui.app import NegotiatorApp
    from game.tui.saves_ui import SavesUI
    from game.tui.session import NewGameSettings

    class Timed(NegotiatorApp):
        # CSS_PATH is relative to the module that defines the class: keep the app's own.
        CSS_PATH = str(Path(inspect.getfile(NegotiatorApp)).parent / str(NegotiatorApp.CSS_PATH))

        def show_session(self, session) -> None:  # type: ignore[no-untyped-def]
            # The game screen is pushed here: exit once it has drawn its first frame. (No
            # polling timer: waking the UI thread every few ms slows the loader thread.)
            super().show_session(session)
            self.call_after_refresh(self.exit)

    class TimedSaves(SavesUI):
        def attach(self, app, session) -> None:  # type: ignore[no-untyped-def]
            # The app gives a new game its save slot right after the game screen's first
            # frame (NegotiatorApp.show_session): that moment is the one measured.
            FIRST_FRAME.append(time.time())
            CPU.append(time.process_time())
            super().attach(app, session)

    # As `negotiator play` does: with the saves layer (saves go to $NEGOTIATOR_SAVES).
    app = Timed(
        settings=NewGameSettings(scenario=args.scenario, seed=args.seed),
        direct=True,
        cursor_blink=False,
    )
    app.saves = TimedSaves(None)
    app.run(headless=True, size=(100, 30))
    print(json.dumps({"first_frame": FIRST_FRAME[0], "cpu": CPU[0]}))


async def _to_game(app, pilot) -> None:
    from game.tui.screens.game import GameScreen

    for _ in range(2000):
        screen = app.screen
        choices = getattr(screen, "choices", None)  # (made by compose)
        if isinstance(screen, GameScreen) and choices is not None and choices.region.width:
            # Laid out and drawn (the layout draws it): keys from now on. A key pressed
            # as soon as the screen is pushed would be timed with the screen's own
            # first layout and drawing, which no player can press a key before.
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise RuntimeError("the game screen never appeared")


async def _keys(n: int) -> dict:
    from game.tui.screens.game import GameScreen

    times: list[float] = []
    original = GameScreen.action_choose

    def timed(self, number: int) -> None:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        original(self, number)
        self.app.call_after_refresh(lambda: times.append(time.perf_counter() - t0))

    GameScreen.action_choose = timed  # type: ignore[method-assign]
    made = 0
    while made < n:
        app = _app()
        async with app.run_test(size=(120, 40)) as pilot:
            await _to_game(app, pilot)
            while made < n and isinstance(app.screen, GameScreen):
                before = len(times)
                opts = [o for o in app.screen.session.options() if o.available]
                await pilot.press(str(opts[made % len(opts)].number))
                for _ in range(200):
                    if len(times) > before:
                        break
                    await pilot.pause(0.005)
                made += 1
    return {"times": times}


async def _memory(games: int) -> dict:
    from game.tui.screens.game import GameScreen

    for g in range(games):
        app = _app()
        async with app.run_test(size=(120, 40)) as pilot:
            await _to_game(app, pilot)
            while isinstance(app.screen, GameScreen):
                opts = [o for o in app.screen.session.options() if o.available]
                await pilot.press(str(opts[g % len(opts)].number))
                await pilot.pause()
    return {"peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "bare":
        bare()
    elif mode == "startup":
        startup()
    elif mode == "keys":
        print(json.dumps(asyncio.run(_keys(int(sys.argv[2])))))
    elif mode == "memory":
        print(json.dumps(asyncio.run(_memory(int(sys.argv[2])))))
    else:
        sys.exit(__doc__)
