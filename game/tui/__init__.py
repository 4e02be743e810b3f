"""The Textual interface: a thin shell over the engine.

Import-light on purpose: ``import game.tui`` must not import Textual, the loader or the
engine, so that the CLI starts fast and ``negotiator --help`` stays instant.
"""

from __future__ import annotations

import gc
import sys

THEME_ALIASES = {
    "dark": "textual-dark",
    "light": "textual-light",
    "hc": "high-contrast",
    "contrast": "high-contrast",
}


_gc_held = False


def hold_gc() -> None:
    """Switch Python's cyclic garbage collector off until the app's first screen is up.

    Starting the app makes a few hundred thousand objects that live on (Textual's
    modules, the scenario, the first screen) and little garbage; the collector scanned
    them again and again while they were made: about 50M instructions, some 3.5% of the
    start to the game screen's first frame (callgrind; about 600 unreachable objects
    are left by then). The app calls :func:`release_gc` once its first screen is drawn,
    and after a few seconds in any case."""
    global _gc_held
    if gc.isenabled():
        gc.disable()
        _gc_held = True


def release_gc() -> None:
    """Switch the collector back on, if :func:`hold_gc` switched it off."""
    global _gc_held
    if _gc_held:
        _gc_held = False
        gc.enable()


def run_tui(
    *,
    scenario: str | None = None,
    role: str | None = None,
    seed: int | None = None,
    player: str | None = None,
    theme: str | None = None,
    direct: bool = False,
    save: str | None = None,
    load: str | None = None,
    class_code: str | None = None,
    saves_dir: str | None = None,
    shared_saves: bool = False,
) -> int:
    """Run the TUI and return the process exit code.

    ``direct=False`` opens the title screen (``negotiator``); ``direct=True`` goes
    straight into a new game (``negotiator play [SCENARIO] [--role R] [--seed N]
    [--player NAME] [--class CODE] [--theme T]``). ``seed=None`` picks a random seed,
    which is shown in the Help, Log and ending screens. An unknown theme returns 2 with a
    message on stderr; an unknown scenario or role, or a scenario with errors, is shown in
    the app (the scenario is loaded after the first frame), and quitting from that
    message returns 2.

    Every game is autosaved in ``saves_dir`` (else ``$NEGOTIATOR_SAVES``, else
    ``./saves``). ``save`` names the new game's slot (a name in use returns 2);
    ``load`` continues a save (with ``save``, it goes on under that new name).
    ``shared_saves`` is the browser mode of ``negotiator serve``: a player's name is
    required, and a student lists and continues only their own saves.
    """
    hold_gc()
    from game.tui.app import NegotiatorApp, available_theme_names
    from game.tui.saves_ui import SavesUI
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
    if save is not None:
        problem = _save_name_problem(save, saves_dir, loading=load is not None)
        if problem:
            print(f"negotiator: {problem}", file=sys.stderr)
            return 2
    settings = NewGameSettings(
        scenario=scenario,
        role=role,
        seed=seed,
        player=player or None,
        class_code=class_code or None,
    )
    app = NegotiatorApp(settings=settings, direct=direct, theme_name=theme)
    app.saves = SavesUI(saves_dir, shared=shared_saves, save_name=save, load=load)
    app.run()
    return app.return_code if app.return_code is not None else 0


def _save_name_problem(name: str, saves_dir: str | None, *, loading: bool) -> str | None:
    """Why ``--save NAME`` cannot be used (a bad name, or one in use), or None."""
    from game.saves.store import SaveError, SaveStore, resolve_saves_dir

    try:
        exists = SaveStore(resolve_saves_dir(saves_dir)).exists(name)
    except SaveError as e:
        return f"--save: {e}"
    if not exists:
        return None
    if loading:
        return f"--save: a save named '{name}' exists already; choose another name"
    return f"a save named '{name}' exists already: continue it with --load {name}, or choose another name"


def run_replay(path: str, saves_dir: str | None = None, *, theme: str | None = None) -> int:
    """The replay viewer for one save file (``negotiator replay SAVE`` in a terminal).
    "Play from here" saves the new game in ``saves_dir``, or else beside the save."""
    from pathlib import Path

    hold_gc()
    from game.tui.app import NegotiatorApp
    from game.tui.saves_ui import SavesUI

    folder = saves_dir if saves_dir is not None else str(Path(path).parent)
    app = NegotiatorApp(direct=False, theme_name=THEME_ALIASES.get(theme, theme) if theme else None)
    app.saves = SavesUI(folder, replay=path)
    app.run()
    return app.return_code if app.return_code is not None else 0


__all__ = ["hold_gc", "release_gc", "run_replay", "run_tui"]
