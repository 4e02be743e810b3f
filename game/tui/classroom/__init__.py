"""Facilitator mode: ``negotiator classroom``. One game on the projector; the class
votes at each decision, the facilitator enters the counts and reveals.

Import-light, like :mod:`game.tui`: Textual is imported only when the app runs.
"""

from __future__ import annotations

import sys


def run_classroom(
    *,
    scenario: str | None = None,
    class_code: str | None = None,
    timer: str | int | None = None,
    role: str | None = None,
    seed: int | None = None,
    load: str | None = None,
    theme: str | None = None,
    saves_dir: str | None = None,
) -> int:
    """Start (or with ``load``, resume) a facilitated game and run it; returns the exit
    code. Problems the facilitator can fix (an unknown scenario, role or theme, a bad
    timer, a save that cannot be read) raise :class:`game.tui.session.StartError`
    before the screen is taken over."""
    from game.classroom.facilitator import parse_timer
    from game.tui import THEME_ALIASES
    from game.tui.session import StartError

    try:
        seconds = parse_timer(timer)
    except ValueError as e:
        raise StartError(str(e)) from None
    if theme is not None:
        from game.tui.app import available_theme_names

        theme = THEME_ALIASES.get(theme, theme)
        names = available_theme_names()
        if theme not in names:
            raise StartError(
                f"no theme '{theme}' (themes: dark, light, high-contrast, {', '.join(sorted(names))})"
            )
    if load and (scenario or role or seed is not None or class_code):
        raise StartError(
            "--load continues a saved game: its scenario, role, seed and class come from the save"
        )

    from game.tui.classroom.session import ClassSession, ClassSettings, check_new

    settings = ClassSettings(scenario, class_code, seconds, role, seed, load, saves_dir)
    # Check everything that can be wrong before anything is written.
    # (Resuming a save writes nothing; a new game writes its save at once.)
    resumed = ClassSession.start(settings) if load else None
    cs = None if load else check_new(settings)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise StartError("classroom needs a terminal: it takes over the screen for the projector")
    session = resumed or ClassSession.start(settings, cs)

    from game.tui.classroom.app import ClassroomApp

    app = ClassroomApp(session, theme_name=theme)
    app.run()
    if session.name:
        where = session.save.path
        print(
            f"negotiator: the class's game is saved as '{session.name}' ({where})", file=sys.stderr
        )
        if not session.finished:
            print(
                f"negotiator: continue it with: negotiator classroom --load {where}",
                file=sys.stderr,
            )
    return app.return_code if app.return_code is not None else 0


__all__ = ["run_classroom"]
