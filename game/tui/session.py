"""One playthrough as the TUI sees it: the engine's Game plus the Turns shown so far.

No Textual here: this is the seam where saves, undo and replay (issue 5) plug in.

- ``PlaySession.on_turn`` callbacks run after every successful choice (autosave hooks
  in here: ``session.on_turn.append(lambda session, turn: autosave(session))``).
- ``PlaySession.turns`` is the list of Turns in order; with ``game.history`` (the
  choice ids) and ``settings`` (scenario, role, seed, player) it is everything a save
  file or a transcript needs.
- ``PlaySession.from_game`` wraps a Game rebuilt elsewhere (a loaded save or a
  replay), with the Turns recomputed by replaying the history.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol

from game.lang.frozen import Frozen, _set

if TYPE_CHECKING:  # keep start-up light: the engine is imported when a game starts
    from game.engine import Game, Option, Turn
    from game.engine.runtime import CompiledScenario


def random_seed() -> int:
    """A fresh seed for a new game (shown to the player so a game can be replayed)."""
    return random.SystemRandom().randrange(1, 1_000_000)


class NewGameSettings(Frozen):
    """What the new-game dialog (or ``negotiator play``) asks for. (Not a dataclass:
    see game.lang.frozen, this module is imported before the first frame.)"""

    _fields = ("scenario", "role", "seed", "player", "class_code")
    __slots__ = _fields
    scenario: str | None  # a bundled id or a folder; None = the default scenario
    role: str | None  # None = the scenario's first role
    seed: int | None  # None = pick one at random
    player: str | None
    class_code: str | None  # recorded in the save (issue 6)

    def __init__(
        self,
        scenario: str | None = None,
        role: str | None = None,
        seed: int | None = None,
        player: str | None = None,
        class_code: str | None = None,
    ) -> None:
        _set(self, "scenario", scenario)
        _set(self, "role", role)
        _set(self, "seed", seed)
        _set(self, "player", player)
        _set(self, "class_code", class_code)

    def with_seed(self) -> NewGameSettings:
        """The same settings with a concrete seed (random if none was given)."""
        if self.seed is not None:
            return self
        return NewGameSettings(
            self.scenario, self.role, random_seed(), self.player, self.class_code
        )


_loader: ThreadPoolExecutor | None = None
_loader_lock = threading.Lock()


def loader_thread() -> ThreadPoolExecutor:
    """The one thread that imports the loader and engine and loads scenarios, kept for
    the life of the process. One long-lived thread, not a fresh one per load: a native
    extension imported in a thread that then exits can crash the process later (seen
    with yaml-rs 0.1.6), and the UI thread stays free either way."""
    global _loader
    with _loader_lock:
        if _loader is None:
            _loader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="negotiator-loader")
        return _loader


class StartError(Exception):
    """A game could not start: unknown scenario or role, or content with errors.
    The message is meant for the player."""


def load_scenario(name: str | None) -> CompiledScenario:
    """Load a scenario, turning loader errors into one readable :class:`StartError`."""
    from game.loader import ContentError, ScenarioNotFound, load

    try:
        return load(name)
    except ScenarioNotFound as e:
        raise StartError(str(e)) from None
    except ContentError as e:
        raise StartError(f"The scenario '{name or 'default'}' cannot be played: {e}") from None
    except OSError as e:
        raise StartError(f"Cannot read the scenario '{name or 'default'}': {e}") from None


class SaveHooks(Protocol):
    """What the TUI calls on ``app.saves`` once the saves issue provides it. Each method is
    optional: the TUI looks for it with ``hasattr`` and hides or disables what is missing.

    - ``autosave(session)``: after every turn (added to ``session.on_turn`` by the app).
    - ``save(app, session)``: ctrl+s on the game screen; palette "Save game".
    - ``open_load_screen(app)``: ctrl+o; title "Load"; palette "Load game".
    - ``continue_latest(app)``: title "Continue".
    - ``open_replay_screen(app)``: title "Replay"; palette "Replay a save".
    - ``undo(app, session)``: ctrl+z or u on the game screen.
    - ``export_transcript(app, session)``: x on the ending screen.
    - ``attach(app, session)``: when a game is shown (``app.show_session``): a new game
      gets its save slot here, at turn 0.
    - ``leave(app, session)``: when a game is no longer shown (another game is, the title
      screen is, or the app quits; ``app.session`` is already the next one or None).
    - ``first_screen(app) -> bool``: on start-up; True when it shows the first screen
      itself (``negotiator play --load``, ``negotiator replay``).

    To show a loaded or undone game, build a session with ``PlaySession.from_game`` and
    call ``app.show_session(session)``.
    """

    def autosave(self, session: PlaySession) -> None: ...


class ScenarioEntry(Frozen):
    """A scenario offered in the new-game dialog: loaded, or with the reason it cannot be."""

    _fields = ("name", "scenario", "error")
    __slots__ = _fields
    name: str  # what load() takes: a bundled id or a folder
    scenario: CompiledScenario | None
    error: str | None

    def __init__(
        self, name: str, scenario: CompiledScenario | None, error: str | None = None
    ) -> None:
        _set(self, "name", name)
        _set(self, "scenario", scenario)
        _set(self, "error", error)

    @property
    def label(self) -> str:
        if self.scenario is None:
            return f"{self.name} (cannot be played)"
        return self.scenario.title


class PlaySession:
    """The Game being played and every Turn so far. The TUI keeps no rules: every value,
    lock, response and vote comes from ``game``."""

    def __init__(
        self,
        scenario: CompiledScenario,
        game: Game,
        settings: NewGameSettings,
        turns: list[Turn] | None = None,
        seed_given: bool = True,
    ) -> None:
        self.scenario = scenario
        self.game = game
        self.settings = settings
        self.turns: list[Turn] = [] if turns is None else turns
        self.seed_given = seed_given  # False when the seed was picked at random
        self.hook_errors: list[Exception] = []  # from the last choice's hooks
        self.on_turn: list[Callable[[PlaySession, Turn], Any]] = []
        self.save_session: Any = None  # the saves layer's record of this game (app.saves)

    @classmethod
    def start(cls, scenario: CompiledScenario, settings: NewGameSettings) -> PlaySession:
        """Start a new game. Raises :class:`StartError` for a bad role or content that
        fails on entering the first scene."""
        from game.engine import EngineError, Game

        seed_given = settings.seed is not None
        settings = settings.with_seed()
        if settings.role is not None and settings.role not in scenario.roles:
            roles = ", ".join(scenario.roles)
            raise StartError(
                f"The scenario '{scenario.id}' has no role '{settings.role}' (roles: {roles})."
            )
        try:
            game = Game(scenario, role=settings.role, seed=settings.seed or 0)
        except EngineError as e:
            raise StartError(f"The scenario '{scenario.id}' cannot start: {e}") from None
        settings = NewGameSettings(
            settings.scenario or scenario.id,
            game.role.id,
            settings.seed,
            settings.player,
            settings.class_code,
        )
        return cls(scenario, game, settings, seed_given=seed_given)

    @classmethod
    def from_game(cls, game: Game, settings: NewGameSettings) -> PlaySession:
        """Wrap a Game rebuilt elsewhere (a loaded save, a replay, after undo): replays
        its history on a fresh Game so that ``turns`` is complete."""
        from game.engine import Game

        fresh = Game(
            game.scenario,
            role=game.role.id,
            seed=game.seed,
            start=game.start_scene,
            values=game.start_values,
        )
        turns = [fresh.choose(choice) for choice in game.history]
        return cls(game.scenario, fresh, settings, turns)

    # -- reading -----------------------------------------------------------------------
    @property
    def last_turn(self) -> Turn | None:
        return self.turns[-1] if self.turns else None

    @property
    def finished(self) -> bool:
        return self.game.finished

    def options(self) -> list[Option]:
        return self.game.options()

    # -- playing -----------------------------------------------------------------------
    def choose(self, option_id: str) -> Turn:
        """Make a choice. Raises ``ChoiceNotAvailable`` or ``EngineError`` from the engine;
        either way the game is unchanged. On success, runs the ``on_turn`` hooks; their
        exceptions are kept in ``hook_errors`` (the turn stands)."""
        turn = self.game.choose(option_id)
        self.turns.append(turn)
        self.hook_errors = []
        for hook in list(self.on_turn):
            try:
                hook(self, turn)
            except Exception as e:  # a failed autosave must not lose the turn
                self.hook_errors.append(e)
        return turn

    def restart(self) -> PlaySession:
        """A new game with the same scenario, role and player. A seed the player gave is
        kept (the same world again); a random one is drawn afresh."""
        s = self.settings
        seed = s.seed if self.seed_given else None
        return PlaySession.start(
            self.scenario, NewGameSettings(s.scenario, s.role, seed, s.player, s.class_code)
        )
