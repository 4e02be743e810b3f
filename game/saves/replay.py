"""Loading a save = replaying its log through the engine.

:func:`rebuild` turns a :class:`SaveFile` back into a live :class:`Game` and the full
:class:`Turn` of every step, for play, the replay viewer and transcripts. Nothing of the
game state is read from the file except the seed, the role, the start and the choices:
the engine is deterministic, so the same log always gives the same game.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from game.engine import ChoiceNotAvailable, CompiledScenario, EngineError, FiredEvent, Game, Turn
from game.saves.model import SaveFile, ScenarioRef, Summary, TurnRecord
from game.saves.store import SaveError, load_save

__all__ = [
    "Rebuilt",
    "ReplayDivergence",
    "SaveError",
    "Step",
    "load_save",
    "rebuild",
    "scenario_for",
    "scenario_ref",
    "summarise",
]

_PLAIN_ID = re.compile(r"^[\w.-]+$")


class ReplayDivergence(SaveError):
    """The log cannot be replayed past entry ``turn`` (1-based): the recorded choice no
    longer exists, is not available, or the content has a fault there. Typically the
    scenario changed since the save was made.

    ``scene`` and ``choice`` are what the save recorded (``choice`` is the event id for
    an injected event); ``reason`` says what is wrong; ``game_so_far`` is the game
    replayed up to entry ``turn - 1`` and ``rebuilt_so_far`` the same as a
    :class:`Rebuilt`, so a shell can offer to continue from there.
    """

    def __init__(
        self, turn: int, scene: str, choice: str, reason: str, rebuilt_so_far: Rebuilt
    ) -> None:
        self.turn = turn
        self.turn_index = turn
        self.scene = scene
        self.choice = choice
        self.reason = reason
        self.rebuilt_so_far = rebuilt_so_far
        self.game_so_far = rebuilt_so_far.game
        changed = rebuilt_so_far.content_changed
        lead = (
            "The scenario has changed since this game was saved: "
            if changed
            else "This save cannot be replayed: "
        )
        super().__init__(
            f"{lead}at turn {turn}, in scene '{scene}', the choice '{choice}' {reason}."
        )


@dataclass(frozen=True, slots=True)
class Step:
    """One entry of the log, replayed: what the player saw and what happened.

    ``scene_title`` and ``scene_text`` are the scene as shown just before the choice;
    ``values`` are the variables just after it (the meters "as they stood"; the council
    count at a step is ``Rebuilt.game_at(index).council()``). A choice has ``turn``; an
    injected event has ``event``.
    """

    index: int  # 1-based position in the log
    record: TurnRecord
    scene_title: str
    scene_text: str
    turn: Turn | None
    event: FiredEvent | None
    values: dict[str, Any]


@dataclass
class Rebuilt:
    """A save replayed: the live game at the end of the log, and every step."""

    save: SaveFile
    scenario: CompiledScenario
    game: Game
    steps: list[Step] = field(default_factory=list)
    initial_values: dict[str, Any] = field(default_factory=dict)
    opening_title: str = ""
    opening_text: str = ""
    warnings: list[str] = field(default_factory=list)  # e.g. the content changed
    inconsistencies: list[str] = field(
        default_factory=list
    )  # the summary disagrees with the replay

    @property
    def turns(self) -> list[Turn]:
        """The Turns of the choices, in order (injected events left out)."""
        return [s.turn for s in self.steps if s.turn is not None]

    @property
    def content_changed(self) -> bool:
        return self.scenario.content_hash != self.save.scenario.content_hash

    @property
    def inconsistent(self) -> bool:
        return bool(self.inconsistencies)

    def game_at(self, k: int) -> Game:
        """A fresh Game replayed to just after entry ``k`` (0 = the start): "play from
        here" in the replay viewer."""
        return rebuild(self.save, self.scenario, upto=k).game


# -- the scenario ----------------------------------------------------------------------


def scenario_ref(cs: CompiledScenario, source: str | os.PathLike[str] | None = None) -> ScenarioRef:
    """How a save names its scenario. ``source`` is what was passed to the loader: a
    bundled id is kept as it is, a folder is stored as an absolute path."""
    src: str | None = None
    if source is not None and str(source) != "":
        s = str(source)
        p = Path(s)
        if p.exists():
            src = str(p.resolve().parent if p.is_file() else p.resolve())
        elif s != cs.id:
            src = s
    return ScenarioRef(id=cs.id, version=cs.version, content_hash=cs.content_hash, source=src)


def scenario_for(save: SaveFile, cs: CompiledScenario | None = None) -> CompiledScenario:
    """The compiled scenario a save was played in: ``cs`` if given (it must have the
    save's id), else the recorded folder, else the bundled scenario with that id.
    Raises :class:`SaveError` when it is not installed or has errors."""
    ref = save.scenario
    if cs is not None:
        if cs.id != ref.id:
            raise SaveError(f"the save is for the scenario '{ref.id}', not '{cs.id}'")
        return cs
    from game.loader import ContentError, ScenarioNotFound, load

    candidates: list[str] = []
    if ref.source:
        src = Path(ref.source)
        if (src.is_absolute() and (src / "scenario.yaml").is_file()) or _PLAIN_ID.match(ref.source):
            candidates.append(ref.source)
    if _PLAIN_ID.match(ref.id):  # an id with a '/' in it is not a bundled scenario
        candidates.append(ref.id)
    for name in candidates:
        try:
            found = load(name)
        except ScenarioNotFound:
            continue
        except ContentError as e:
            raise SaveError(f"the save's scenario '{ref.id}' cannot be played: {e}") from None
        except OSError as e:
            raise SaveError(f"cannot read the scenario '{ref.id}': {e.strerror or e}") from None
        if found.id != ref.id:
            continue
        return found
    where = (
        f" (it was played from {ref.source})"
        if ref.source and not _PLAIN_ID.match(ref.source)
        else ""
    )
    raise SaveError(f"the save is for the scenario '{ref.id}', which is not installed here{where}")


def _check_values(cs: CompiledScenario, values: dict[str, Any]) -> None:
    for name, v in values.items():
        info = cs.var_by_name.get(name)
        if info is None:
            raise SaveError(
                f"the save starts with a value for '{name}', which the scenario does not have"
            )
        ok = (
            (info.kind == "bool" and isinstance(v, bool))
            or (info.kind == "enum" and isinstance(v, str) and v in info.values)
            or (
                info.kind == "int"
                and isinstance(v, int)
                and not isinstance(v, bool)
                and (info.lo is None or v >= info.lo)
                and (info.hi is None or v <= info.hi)
            )
        )
        if not ok:
            raise SaveError(f"the save starts '{name}' at {v!r}, which is not a valid value for it")


def new_game(save: SaveFile, cs: CompiledScenario) -> Game:
    """A fresh Game with the save's role, seed, start and values (no turns yet)."""
    if save.role not in cs.roles:
        raise SaveError(f"the scenario '{cs.id}' has no role '{save.role}' (any more)")
    if save.start is not None and save.start not in cs.scenes:
        raise SaveError(
            f"the scenario '{cs.id}' has no scene '{save.start}' to start from (any more)"
        )
    if save.values:
        _check_values(cs, save.values)
    try:
        return Game(cs, save.role, save.seed, start=save.start, values=save.values)
    except (EngineError, ValueError) as e:
        raise SaveError(f"the saved game cannot start: {e}") from None


# -- replay ------------------------------------------------------------------------------


def summarise(game: Game) -> Summary:
    """The summary of a game as it stands (what a save caches for listings)."""
    cs = game.scenario
    ending = game.ending() if game.finished else None
    return Summary(
        scenario_title=cs.title,
        role_name=game.role.name,
        scene=None if game.finished else game.state.scene,
        turns=game.turn_number,
        finished=game.finished,
        ending=ending.id if ending else None,
        ending_title=ending.title if ending else None,
        outcome={s.dimension: s.value for s in ending.scores} if ending else None,
    )


def _differences(cached: Summary, actual: Summary) -> list[str]:
    out = []
    for name in Summary.model_fields:
        a, b = getattr(cached, name), getattr(actual, name)
        if a != b:
            out.append(f"the summary says {name} = {a!r}, but the replay gives {b!r}")
    return out


def rebuild(save: SaveFile, cs: CompiledScenario | None = None, upto: int | None = None) -> Rebuilt:
    """Replay a save through the engine.

    ``cs`` is the scenario (found from the save when None); ``upto`` stops after that
    many log entries (``None`` = all; used by undo and "play from here"). Raises
    :class:`SaveError` when the scenario or role is missing, and
    :class:`ReplayDivergence` (a SaveError) naming the turn, scene and choice when the
    log cannot be followed. A changed content hash is not an error: it adds a warning
    and the replay goes on. A summary that disagrees with a complete replay is listed
    in ``inconsistencies`` (only when the content is unchanged: after a content change,
    a different outcome is expected, and the warning says so).
    """
    cs = scenario_for(save, cs)
    game = new_game(save, cs)
    out = Rebuilt(save, cs, game, initial_values=game.values())
    out.opening_title = game.scene.title if not game.finished else ""
    out.opening_text = game.scene_text() if not game.finished else ""
    if out.content_changed:
        was = save.scenario.version
        out.warnings.append(
            f"The scenario '{cs.id}' has changed since this game was saved "
            f"(saved with version {was}, now version {cs.version}); the game was replayed with the new content."
        )
    records = save.turns if upto is None else save.turns[: max(0, upto)]
    for k, rec in enumerate(records, 1):
        step = _replay_one(out, k, rec)
        out.steps.append(step)
    if upto is None or upto >= len(save.turns):
        actual = summarise(game)
        if not out.content_changed:
            out.inconsistencies.extend(_differences(save.summary, actual))
    return out


def _diverge(out: Rebuilt, k: int, rec: TurnRecord, reason: str) -> ReplayDivergence:
    so_far = rebuild(out.save, out.scenario, upto=k - 1)
    so_far.warnings = list(out.warnings)
    return ReplayDivergence(k, rec.scene, rec.what, reason, so_far)


def _replay_one(out: Rebuilt, k: int, rec: TurnRecord) -> Step:
    g = out.game
    if g.finished:
        raise _diverge(out, k, rec, "comes after the game had already ended")
    title, text = g.scene.title, g.scene_text()
    if rec.kind == "inject":
        ev = next((e for e in out.scenario.events if e.id == rec.event), None)
        if ev is None or not ev.injectable:
            raise _diverge(out, k, rec, "is an injected event that the scenario no longer has")
        try:
            fired = g.inject(rec.event or "")
        except (ChoiceNotAvailable, EngineError, ArithmeticError, TypeError, ValueError) as e:
            raise _diverge(out, k, rec, f"could not be injected: {e}") from None
        return Step(k, rec, title, text, None, fired, g.values())
    here = g.state.scene
    moved = (
        ""
        if here == rec.scene
        else f" (the game is in scene '{here}' at this point, not '{rec.scene}')"
    )
    cchoice = next((c for c in g.scene.choices if c.id == rec.choice), None)
    if cchoice is None:
        if rec.choice in out.scenario.choices:
            why = "is not offered in that scene"
        else:
            why = "no longer exists" if out.content_changed else "does not exist in this scenario"
        raise _diverge(out, k, rec, why + moved)
    try:
        turn = g.choose(rec.choice or "")
    except ChoiceNotAvailable:
        lock = f"locked: {cchoice.locked}" if cchoice.locked else "its conditions are not met"
        raise _diverge(out, k, rec, f"is not available at that point ({lock}){moved}") from None
    except EngineError as e:
        raise _diverge(out, k, rec, f"hits a fault in the scenario: {e}") from None
    if moved:
        note = (
            f"turn {k}: the save records scene '{rec.scene}', but the replay was in scene '{here}'"
        )
        (out.warnings if out.content_changed else out.inconsistencies).append(note)
    return Step(k, rec, title, text, turn, None, g.values())
