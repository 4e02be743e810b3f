"""The Textual interface: a thin shell over the engine.

Import-light on purpose: ``import game.tui`` must not import Textual, the loader or the
engine, so that the CLI starts fast and ``negotiator --help`` stays instant.
"""

from __future__ import annotations

import sys

THEME_ALIASES = {
    "dark": "textual-dark",
    "light": "textual-light",
    "hc": "high-contrast",
    "contrast": "high-contrast",
}


def run_tui(
    *,
    scenario: str | None = None,
    role: str | None = None,
    seed: int | None = None,
    player: str | None = None,
    theme: str | None = None,
    direct: bool = False,
) -> int:
    """Run the TUI and return the process exit code.

    ``direct=False`` opens the title screen (``negotiator``); ``direct=True`` goes
    straight into a new game (``negotiator play [SCENARIO] [--role R] [--seed N]
    [--player NAME] [--theme T]``). ``seed=None`` picks a random seed, which is shown in
    the Help, Log and ending screens. An unknown theme returns 2 with a message on
    stderr; an unknown scenario or role, or a scenario with errors, is shown in the app
    (the scenario is loaded after the first frame), and quitting from that message
    returns 2.
    """
    from game.tui.app import NegotiatorApp, available_theme_names
    from game.tui.session import NewGameSettings

    if theme is not None:
        theme = THEME_ALIASES.get(theme, theme)
        names = available_theme_names()
        if theme not in names:
            print(
                f"negotiator: no theme '{theme}' (themes: dark, light, high-contrast, {', '.join(sorted(names))})",
                file=sys.stderr,
            )
            return 2
    settings = NewGameSettings(scenario=scenario, role=role, seed=seed, player=player or None)
    app = NegotiatorApp(settings=settings, direct=direct, theme_name=theme)
    app.run()
    return app.return_code if app.return_code is not None else 0


__all__ = ["run_tui"]
