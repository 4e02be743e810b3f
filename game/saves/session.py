"""A live game that saves itself: what a shell (plain mode, the TUI) plays through.

Every successful choice is appended to the log and the game's own slot is rewritten
atomically, so a game is never lost. Undo replays the log to one entry fewer.

    store = SaveStore(resolve_saves_dir(None))
    session = SaveSession.new(cs, "trainee", seed=7, player="Ana", store=store)
    turn = session.choose(session.game.options()[0].id)   # autosaved
    session.undo()                                          # back one turn, autosaved
    session.save_as("before-the-vote")                      # a named copy
    later = SaveSession.resume("before-the-vote", store)    # replays the log
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from game.engine import CompiledScenario, FiredEvent, Game, Turn
from game.saves.model import SaveFile, TurnRecord, now
from game.saves.replay import Rebuilt, Step, rebuild, scenario_ref, summarise
from game.saves.store import (
    SaveError,
    SaveExists,
    SaveStore,
    load_save,
    sanitise_name,
    write_save,
)


class SaveSession:
    """One game being played, with its save log and its slot.

    Attributes a shell reads: ``game`` (the live :class:`Game`; it is *replaced* by
    :meth:`undo`), ``turns`` (every :class:`Turn` so far, for the log and Why? screens),
    ``steps`` (the same with scene text and meters, as the replay viewer shows them),
    ``save`` (the :class:`SaveFile` as last written), ``name`` and ``path`` (the slot),
    ``warnings`` and ``inconsistencies`` (from loading), and ``last_save_error`` (None,
    or why the last autosave failed: the game goes on in memory, and the shell should
    show the message).
    """

    def __init__(self, store: SaveStore | None, path: Path | None, rebuilt: Rebuilt) -> None:
        self.store = store
        self.path = path
        self.save: SaveFile = rebuilt.save
        self.scenario: CompiledScenario = rebuilt.scenario
        self.game: Game = rebuilt.game
        self.steps: list[Step] = list(rebuilt.steps)
        self.warnings: list[str] = list(rebuilt.warnings)
        self.inconsistencies: list[str] = list(rebuilt.inconsistencies)
        self.last_save_error: str | None = None
        self.clock: Callable[[], datetime] = now

    # -- starting --------------------------------------------------------------------
    @classmethod
    def new(
        cls,
        cs: CompiledScenario,
        role: str | None = None,
        seed: int = 0,
        *,
        store: SaveStore | None,
        player: str | None = None,
        class_code: str | None = None,
        name: str | None = None,
        overwrite: bool = False,
        start: str | None = None,
        values: dict[str, Any] | None = None,
        source: str | os.PathLike[str] | None = None,
    ) -> SaveSession:
        """Start a new game and write its slot at once (turn 0).

        ``name`` is the slot (sanitised); without one, a fresh ``auto-...`` name is
        chosen. ``store=None`` gives a game that is never written (undo still works). An existing save of that name raises :class:`SaveExists` unless
        ``overwrite``; a bad name raises :class:`SaveError`; a bad role or start raises
        :class:`SaveError` too. ``source`` is what the scenario was loaded from (a
        bundled id or a folder), so the save can find it again.
        """
        role = role or cs.default_role
        if store is None:
            path = None
        elif name is None:
            stamp = now().strftime("%Y%m%d-%H%M%S")
            who = sanitise_name(player) if player and any(ch.isalnum() for ch in player) else role
            path = store.path_for(store.unique_name(f"auto-{cs.id}-{who}-{stamp}"))
        else:
            path = store.path_for(name)
            if not overwrite and path.exists():
                raise SaveExists(f"a save named '{path.stem}' exists already")
        t = now()
        save = SaveFile(
            scenario=scenario_ref(cs, source),
            role=role,
            seed=seed,
            start=start,
            values=dict(values) if values else None,
            player=player or None,
            class_code=class_code or None,
            created=t,
            updated=t,
            autosave=True,
        )
        session = cls(store, path, rebuild(save, cs))
        session.inconsistencies = []  # the summary is written afresh just below
        session.autosave()
        if session.last_save_error:
            raise SaveError(session.last_save_error)
        return session

    @classmethod
    def from_game(
        cls, game: Game, store: SaveStore | None = None, name: str | None = None
    ) -> SaveSession:
        """Wrap a Game started elsewhere (its role, seed, start, values and the choices
        made so far) in a session. With no ``store`` nothing is written. The session
        plays a replayed copy: use ``session.game`` from now on, not ``game``."""
        session = cls.new(
            game.scenario,
            game.role.id,
            game.seed,
            store=store,
            name=name,
            start=game.start_scene,
            values=game.start_values or None,
        )
        for choice_id in game.history:
            session.choose(choice_id)
        return session

    @classmethod
    def resume(
        cls,
        path_or_name: str | os.PathLike[str],
        store: SaveStore,
        cs: CompiledScenario | None = None,
    ) -> SaveSession:
        """Load a save (a name in ``store`` or a file path) by replaying it, ready to
        play on; later turns are autosaved to the same file. Raises :class:`SaveError`,
        or :class:`~game.saves.replay.ReplayDivergence` when the content has changed so
        that the log cannot be followed (it carries ``rebuilt_so_far`` for
        :meth:`from_rebuilt`). Loading never writes to the file."""
        path = store.locate(path_or_name)
        save = load_save(path)
        return cls(store, path, rebuild(save, cs))

    @classmethod
    def continue_latest(
        cls, store: SaveStore, cs: CompiledScenario | None = None
    ) -> SaveSession | None:
        """ "Continue": resume the most recently updated unfinished autosave, or None."""
        info = store.latest_autosave(unfinished_only=True)
        return None if info is None else cls.resume(info.path, store, cs)

    @classmethod
    def from_rebuilt(
        cls, rebuilt: Rebuilt, store: SaveStore, name: str | None = None, upto: int | None = None
    ) -> SaveSession:
        """ "Play from here": a new game (its own new slot) that starts as ``rebuilt``
        stood after ``upto`` log entries (all of them when None). Also continues a
        diverged save from ``ReplayDivergence.rebuilt_so_far``. The original save is not
        touched."""
        old = rebuilt.save
        k = len(rebuilt.steps) if upto is None else max(0, min(upto, len(rebuilt.steps)))
        base = name or store.unique_name(
            f"branch-{old.scenario.id}-{now().strftime('%Y%m%d-%H%M%S')}"
        )
        path = store.path_for(base)
        if path.exists():
            raise SaveExists(f"a save named '{path.stem}' exists already")
        t = now()
        save = old.model_copy(
            deep=True,
            update={
                "scenario": scenario_ref(rebuilt.scenario, old.scenario.source),
                "turns": [r.model_copy() for r in old.turns[:k]],
                "created": t,
                "updated": t,
                "autosave": True,
            },
        )
        session = cls(store, path, rebuild(save, rebuilt.scenario))
        session.inconsistencies = []  # the summary is written afresh just below
        session.autosave()
        if session.last_save_error:
            raise SaveError(session.last_save_error)
        return session

    # -- reading -----------------------------------------------------------------------
    @property
    def name(self) -> str | None:
        """The slot's name (None for a game that is not saved)."""
        return None if self.path is None else self.path.stem

    @property
    def turns(self) -> list[Turn]:
        """Every Turn so far, in order."""
        return [s.turn for s in self.steps if s.turn is not None]

    @property
    def can_undo(self) -> bool:
        return bool(self.save.turns)

    # -- playing -----------------------------------------------------------------------
    def choose(self, choice_id: str, votes: dict[str, int] | None = None) -> Turn:
        """Make a choice, log it and autosave. ``votes`` is a classroom tally to record
        with it. Raises what :meth:`Game.choose` raises, with nothing logged."""
        g = self.game
        scene, title, text = g.state.scene, g.scene.title, g.scene_text()
        turn = g.choose(choice_id)
        rec = TurnRecord(kind="choice", scene=scene, choice=choice_id, at=self.clock(), votes=votes)
        self.save.turns.append(rec)
        self.steps.append(Step(len(self.save.turns), rec, title, text, turn, None, g.values()))
        self.autosave()
        return turn

    def inject(self, event_id: str) -> FiredEvent:
        """Fire an injectable event (a facilitator's action), log it and autosave."""
        g = self.game
        scene, title, text = g.state.scene, g.scene.title, g.scene_text()
        try:
            fired = g.inject(event_id)
        except Exception:
            self._reload()  # the engine does not roll back a failed inject; the log does
            raise
        rec = TurnRecord(kind="inject", scene=scene, event=event_id, at=self.clock())
        self.save.turns.append(rec)
        self.steps.append(Step(len(self.save.turns), rec, title, text, None, fired, g.values()))
        self.autosave()
        return fired

    def undo(self) -> Game:
        """Take back the last entry of the log by replaying to one entry fewer; the
        autosave records it (and counts it in ``save.undos``). Returns the new ``game``.
        Raises :class:`SaveError` when there is nothing to undo."""
        if not self.save.turns:
            raise SaveError("there is nothing to undo")
        n = len(self.save.turns)
        rebuilt = rebuild(self.save, self.scenario, upto=n - 1)
        self.save.turns = self.save.turns[: n - 1]
        self.save.undos += 1
        self.game = rebuilt.game
        self.steps = list(rebuilt.steps)
        self.autosave()
        return self.game

    def save_as(self, name: str, *, overwrite: bool = False, switch: bool = False) -> Path:
        """Write a named copy of the game now. With ``switch``, the session goes on
        autosaving to that name instead of its old slot. An existing save of that name
        raises :class:`SaveExists` unless ``overwrite`` (a shell asks first)."""
        if self.store is None:
            raise SaveError("this game has no saves folder to save into")
        path = self.store.path_for(name)
        if path == self.path:
            self.autosave()
            if self.last_save_error:
                raise SaveError(self.last_save_error)
            return path
        copy = self._current(autosave=switch)
        self.store.write(copy, name, overwrite=overwrite)
        if switch:
            self.path = path
            self.save = copy
        return path

    def autosave(self) -> bool:
        """Rewrite the game's slot (atomically). Returns False, and sets
        ``last_save_error``, if it could not be written."""
        self.save = self._current(autosave=self.save.autosave)
        if self.path is None:
            return True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_save(self.path, self.save)
        except OSError as e:
            self.last_save_error = (
                f"the game could not be saved to '{self.path}': {e.strerror or e}"
            )
            return False
        except SaveError as e:
            self.last_save_error = f"the game could not be saved: {e}"
            return False
        self.last_save_error = None
        return True

    # -- internals ---------------------------------------------------------------------
    def _current(self, autosave: bool) -> SaveFile:
        return self.save.model_copy(
            update={"updated": self.clock(), "summary": summarise(self.game), "autosave": autosave}
        )

    def _reload(self) -> None:
        rebuilt = rebuild(self.save, self.scenario)
        self.game = rebuilt.game
        self.steps = list(rebuilt.steps)
