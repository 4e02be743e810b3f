"""A facilitated game, as the classroom screens see it. No Textual here.

:class:`ClassSession` wraps the :class:`~game.saves.session.SaveSession` that records the
game (every choice with its vote tally, every injected event, autosaved) and offers what
the player TUI's view helpers and panels read from a session: ``scenario``, ``game``,
``turns``, ``last_turn``, ``settings``. So the Why? and Log panels and the status line are
the player's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from game.classroom.facilitator import (
    Decision,
    class_save_name,
    injectable_events,
    vote_history,
)
from game.tui.session import NewGameSettings, StartError, load_scenario, random_seed

if TYPE_CHECKING:
    from game.engine import Change, FiredEvent, Game, Option, Turn
    from game.engine.runtime import CompiledScenario
    from game.saves.session import SaveSession


@dataclass(frozen=True, slots=True)
class ClassSettings:
    """What ``negotiator classroom`` was asked for."""

    scenario: str | None = None
    class_code: str | None = None
    timer: int | None = None
    role: str | None = None
    seed: int | None = None
    load: str | None = None
    saves_dir: str | None = None
    name: str | None = None  # the save's name (default: classroom-<class>-<date-time>)


def check_new(settings: ClassSettings) -> CompiledScenario:
    """Load the scenario of a new game and check the role, writing nothing. Raises
    :class:`StartError`."""
    cs = load_scenario(settings.scenario)
    if settings.role is not None and settings.role not in cs.roles:
        raise StartError(
            f"the scenario '{cs.id}' has no role '{settings.role}' (roles: {', '.join(cs.roles)})"
        )
    return cs


class ClassSession:
    """The projected game: the save that records it, and the decision being voted on."""

    def __init__(self, save: SaveSession, timer: int | None = None, resumed: bool = False) -> None:
        self.save = save
        self.timer = timer
        self.resumed = resumed

    # -- starting ---------------------------------------------------------------------
    @classmethod
    def start(cls, settings: ClassSettings, cs: CompiledScenario | None = None) -> ClassSession:
        """A new facilitated game (autosaved at once as ``classroom-<class>-<time>``), or
        the saved one ``settings.load`` resumed. ``cs``: the scenario, if already loaded
        (see :func:`check_new`). Raises :class:`StartError` with a message for the
        facilitator."""
        from game.saves.commands import divergence_message
        from game.saves.replay import ReplayDivergence
        from game.saves.session import SaveSession
        from game.saves.store import SaveError, SaveStore, resolve_saves_dir

        store = SaveStore(resolve_saves_dir(settings.saves_dir))
        if settings.load:
            try:
                save = SaveSession.resume(settings.load, store)
            except ReplayDivergence as e:
                raise StartError(divergence_message(e, settings.load)) from None
            except SaveError as e:
                raise StartError(f"cannot open the save '{settings.load}': {e}") from None
            return cls(save, settings.timer, resumed=True)
        cs = cs or check_new(settings)
        seed = settings.seed if settings.seed is not None else random_seed()
        name = settings.name or store.unique_name(
            class_save_name(settings.class_code, datetime.now())
        )
        try:
            save = SaveSession.new(
                cs,
                settings.role,
                seed,
                store=store,
                class_code=settings.class_code,
                name=name,
                source=settings.scenario,
            )
        except (SaveError, OSError) as e:
            raise StartError(f"cannot start the game: {e}") from None
        except Exception as e:  # an engine fault on entering the first scene
            raise StartError(f"the scenario '{cs.id}' cannot start: {e}") from None
        return cls(save, settings.timer)

    # -- what the player TUI's views read ------------------------------------------------
    @property
    def scenario(self) -> CompiledScenario:
        return self.save.scenario

    @property
    def game(self) -> Game:
        return self.save.game

    @property
    def turns(self) -> list[Turn]:
        return self.save.turns

    @property
    def last_turn(self) -> Turn | None:
        turns = self.turns
        return turns[-1] if turns else None

    @property
    def finished(self) -> bool:
        return self.game.finished

    @property
    def settings(self) -> NewGameSettings:
        s = self.save.save
        return NewGameSettings(s.scenario.source or s.scenario.id, s.role, s.seed, s.player)

    def options(self) -> list[Option]:
        return self.game.options()

    # -- the class --------------------------------------------------------------------
    @property
    def class_code(self) -> str | None:
        return self.save.save.class_code

    @property
    def name(self) -> str | None:
        return self.save.name

    @property
    def decision_number(self) -> int:
        """The number of the decision being voted on (1 for the first)."""
        return len(self.turns) + 1

    def new_decision(self, paused: bool = False) -> Decision:
        """The vote on the current scene's options, with the timer set (not started)."""
        return Decision.for_options(self.options(), self.timer, paused=paused)

    def injectable(self) -> list[Any]:
        return injectable_events(self.game)

    def injected_here(self) -> list[tuple[FiredEvent, list[Change]]]:
        """Events injected since the last choice (shown with the current decision), each
        with what it changed."""
        steps = self.save.steps
        out: list[tuple[FiredEvent, list[Change]]] = []
        i = len(steps) - 1
        while i >= 0 and steps[i].turn is None:
            if steps[i].event is not None:
                out.append((steps[i].event, self._changes(i)))
            i -= 1
        return out[::-1]

    def _changes(self, i: int) -> list[Change]:
        """What step ``i`` of the log changed (for an injected event: its effects)."""
        from game.engine import Change, Game

        if i > 0:
            before = self.save.steps[i - 1].values
        else:
            s = self.save.save
            before = Game(self.scenario, s.role, s.seed, start=s.start, values=s.values).values()
        after = self.save.steps[i].values
        return [
            Change(v.name, v.label, before[v.name], after[v.name], v.leader)
            for v in self.scenario.variables
            if before.get(v.name) != after.get(v.name)
        ]

    def votes_by_turn(self) -> list[tuple[int, Any]]:
        """``(turn number, TurnRecord)`` for each choice made by a class vote."""
        return vote_history(self.save.save.turns)

    def votes_for(self, turn_number: int) -> dict[str, int] | None:
        for n, rec in self.votes_by_turn():
            if n == turn_number:
                return rec.votes
        return None

    # -- playing ----------------------------------------------------------------------
    @property
    def last_save_error(self) -> str | None:
        return self.save.last_save_error

    def choose(self, choice_id: str, votes: dict[str, int] | None) -> Turn:
        """Play the class's choice and record its tally (autosaved). Raises what the
        engine raises, with nothing recorded."""
        return self.save.choose(choice_id, votes=votes)

    def inject(self, event_id: str) -> FiredEvent:
        """Fire an injectable event now (autosaved)."""
        return self.save.inject(event_id)
