"""Command palette (ctrl+p) entries for the game: new game, help, log, Why?, themes,
title screen; save, load and replay once a save store is plugged in (issue 5)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


class GameCommands(Provider):
    def commands(self) -> Iterator[tuple[str, str, Callable[[], Any]]]:
        app: Any = self.app
        screen: Any = self.screen
        yield (
            "New game",
            "Start a new game: choose the scenario and your role",
            app.action_new_game,
        )
        yield ("Help", "Keys, your objectives and the glossary", app.action_help)
        if hasattr(screen, "action_log") and getattr(screen, "session", None) is not None:
            yield ("Log", "Every turn so far", screen.action_log)
        if hasattr(screen, "action_why") and getattr(screen, "session", None) is not None:
            yield ("Why?", "What drove the last turn", screen.action_why)
        yield (
            "Theme: high contrast",
            "Black and white with bright yellow highlights",
            partial(self.set_theme, "high-contrast"),
        )
        yield ("Theme: dark", "The default dark theme", partial(self.set_theme, "textual-dark"))
        yield ("Theme: light", "A light theme", partial(self.set_theme, "textual-light"))
        yield ("Title screen", "Leave this game and go to the title screen", app.action_title)
        saves = getattr(app, "saves", None)
        if saves is not None:  # issue 5
            playing = getattr(screen, "session", None) is not None and not hasattr(
                screen, "rebuilt"
            )
            if hasattr(saves, "save") and playing:
                yield (
                    "Save game",
                    "Save a named copy of this game (ctrl+s)",
                    partial(saves.save, app, screen.session),
                )
            if hasattr(saves, "undo") and playing:
                yield (
                    "Undo",
                    "Take back the last choice (u)",
                    partial(saves.undo, app, screen.session),
                )
            if hasattr(saves, "continue_latest"):
                yield (
                    "Continue the latest game",
                    "Load the game you played last",
                    partial(saves.continue_latest, app),
                )
            if hasattr(saves, "open_load_screen"):
                yield ("Load game", "Load a saved game", partial(saves.open_load_screen, app))
            if hasattr(screen, "action_export") and hasattr(saves, "write_transcript"):
                yield (
                    "Export transcript",
                    "Write this game as HTML and Markdown beside its save",
                    screen.action_export,
                )
            if hasattr(saves, "open_replay_screen"):
                yield (
                    "Replay a save",
                    "Watch a saved game turn by turn",
                    partial(saves.open_replay_screen, app),
                )

    def set_theme(self, name: str) -> None:
        self.app.theme = name

    async def discover(self) -> Hits:
        for name, help_text, callback in self.commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
