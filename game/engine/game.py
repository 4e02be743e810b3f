"""The game: state, choices and turns. Pure and deterministic.

The same compiled scenario, role, seed, start values and list of choices always give the
same state: all randomness comes from the game's own ``random.Random(seed)``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, NamedTuple

from game.engine.runtime import (
    CChoice,
    CompiledScenario,
    CouncilVote,
    CScene,
    Fn,
    Routes,
    VarInfo,
)

MAX_AUTO_STEPS = 1000  # scenes without choices followed in a row before we call it a loop


class EngineError(Exception):
    """A fault in the content found while playing (a loop, a dead end, a bad value).

    ``scene`` names where it happened, so an author can find it.
    """

    def __init__(self, message: str, scene: str | None = None, choice: str | None = None) -> None:
        where = ""
        if scene:
            where = f" (in scene '{scene}'" + (f", choice '{choice}'" if choice else "") + ")"
        super().__init__(message + where)
        self.scene = scene
        self.choice = choice


class ChoiceNotAvailable(Exception):
    """The choice does not exist here, is hidden, or is locked."""


# The council's tally is worked out whenever a condition reads council.*, so it is a
# named tuple (far cheaper to build than a frozen dataclass), and its votes are the
# council's ready-made CouncilVote records.
class CouncilTally(NamedTuple):
    name: str
    needed: int
    votes: tuple[CouncilVote, ...]
    yes: int
    no: int
    abstain: int
    vetoes: tuple[str, ...]  # names of permanent members voting no

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    @property
    def passes(self) -> bool:
        return self.yes >= self.needed and not self.vetoes


@dataclass(frozen=True, slots=True)
class Option:
    """A choice as the player sees it: available, or locked with a reason."""

    id: str
    number: int  # 1-based position among the shown options
    text: str
    available: bool
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class LeaderResponse:
    leader: str
    name: str
    text: str
    because: str
    variant: int


@dataclass(frozen=True, slots=True)
class FiredEvent:
    id: str
    title: str
    text: str
    injected: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    name: str
    label: str
    before: Any
    after: Any
    leader: str | None = None

    @property
    def delta(self) -> int | None:
        if isinstance(self.before, bool) or not isinstance(self.before, int):
            return None
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class Score:
    dimension: str
    label: str
    value: int
    lo: int
    hi: int
    higher_is: str


@dataclass(frozen=True, slots=True)
class EndingResult:
    id: str
    title: str
    text: str
    scores: tuple[Score, ...]
    debrief: str | None = None


@dataclass(frozen=True, slots=True)
class Turn:
    """What one choice did: everything the UI, the log and the transcript show."""

    number: int
    scene: str
    choice: str
    choice_text: str
    responses: tuple[LeaderResponse, ...]
    events: tuple[FiredEvent, ...]
    changes: tuple[Change, ...]
    entered: tuple[str, ...]  # scenes entered, in order (more than one when some had no choices)
    next_scene: str | None
    ending: EndingResult | None = None


class State:
    """The mutable game state that compiled expressions read and write."""

    __slots__ = (
        "_tally",
        "chosen",
        "cs",
        "ending",
        "fired",
        "here",
        "rng",
        "scene",
        "turn",
        "v",
        "visited",
    )

    def __init__(self, cs: CompiledScenario, seed: int) -> None:
        self.cs = cs
        self.v: list[Any] = list(cs.initial)
        self.rng = random.Random(seed)
        self.visited: set[str] = set()
        self.chosen: set[str] = set()
        self.fired: set[str] = set()
        self.turn = 0
        self.scene = ""
        self.here: CScene | None = None  # the scene's compiled form (saves a lookup by id)
        self.ending: str | None = None
        self._tally: tuple[Any, CouncilTally] | None = None

    def tally(self) -> CouncilTally:
        """The council's projected vote. Vote rules cannot draw random numbers (the
        compiler forbids it), so the tally is a pure function of the state and is cached
        until something it could depend on changes (visited/chosen/fired only grow)."""
        key = (self.turn, len(self.visited), len(self.fired), tuple(self.v))
        cached = self._tally
        if cached is not None and cached[0] == key:
            return cached[1]
        t = self._compute_tally()
        self._tally = (key, t)
        return t

    def _compute_tally(self) -> CouncilTally:
        c = self.cs.council
        if c is None:
            return CouncilTally("", 0, (), 0, 0, 0, ())
        cast = c.votes(self)
        votes = tuple([ballot[v] for ballot, v in zip(c.ballots, cast, strict=True)])
        yes = cast.count("yes")
        no = cast.count("no")
        vetoes = tuple(x.name for x in votes if x.permanent and x.vote == "no")
        return CouncilTally(c.name, c.needed, votes, yes, no, len(votes) - yes - no, vetoes)

    def copy(self) -> State:
        s = State.__new__(State)
        s.cs = self.cs
        s.v = list(self.v)
        # An unseeded generator given this one's state: Random() would first seed
        # itself from the OS (about 17 us of the 45 a copy took; replay copies every turn).
        s.rng = random.Random.__new__(random.Random)
        s.rng.setstate(self.rng.getstate())
        s.visited = set(self.visited)
        s.chosen = set(self.chosen)
        s.fired = set(self.fired)
        s.turn = self.turn
        s.scene = self.scene
        s.here = self.here
        s.ending = self.ending
        s._tally = self._tally
        return s

    def restore(self, other: State) -> None:
        for name in State.__slots__:
            setattr(self, name, getattr(other, name))


class Game:
    """One playthrough of a compiled scenario.

    >>> game = Game(scenario, role="envoy", seed=7)          # doctest: +SKIP
    >>> [o.text for o in game.options()]                      # doctest: +SKIP
    >>> turn = game.choose(game.options()[0].id)              # doctest: +SKIP
    """

    def __init__(
        self,
        scenario: CompiledScenario,
        role: str | None = None,
        seed: int = 0,
        *,
        start: str | None = None,
        values: dict[str, Any] | None = None,
    ) -> None:
        """Start a game. ``start`` and ``values`` let an author begin in the middle of the
        story ("test from here"); a role's start scene and effects apply first."""
        self.scenario = scenario
        if role is None:
            role = scenario.default_role
        if role not in scenario.roles:
            raise ValueError(f"no role '{role}' (roles: {', '.join(scenario.roles)})")
        if start is not None and start not in scenario.scenes:
            raise ValueError(f"no scene '{start}'")
        self.role = scenario.roles[role]
        self.seed = seed
        self.start_scene = start
        self.start_values = dict(values or {})
        self.history: list[str] = []
        self.state = State(scenario, seed)
        s = self.state
        first = start or self.role.start
        try:
            if self.role.effect is not None:
                self.role.effect(s)
            for name, value in self.start_values.items():
                info = scenario.var_by_name.get(name)
                if info is None:
                    raise ValueError(f"no variable '{name}'")
                s.v[info.slot] = value
            self.opening: list[str] = []
            self._enter(first, self.opening, None)
        except (ArithmeticError, TypeError) as e:
            raise EngineError(f"cannot start the game: {e}", first) from None

    # -- reading the state ---------------------------------------------------------
    @property
    def scene(self) -> CScene:
        return self.scenario.scenes[self.state.scene]

    @property
    def finished(self) -> bool:
        return self.state.ending is not None

    @property
    def turn_number(self) -> int:
        return self.state.turn

    def value(self, name: str) -> Any:
        return self.state.v[self.scenario.var_by_name[name].slot]

    def values(self) -> dict[str, Any]:
        return {info.name: self.state.v[info.slot] for info in self.scenario.variables}

    def render(self, template: Any) -> str:
        return template(self.state)

    def scene_text(self) -> str:
        return self.scene.text(self.state)

    def council(self) -> CouncilTally:
        return self.state.tally()

    def options(self) -> list[Option]:
        """The choices the player sees here: available ones, and locked ones with a reason.
        Choices whose ``requires`` fails and that have no ``locked`` text are hidden."""
        if self.finished:
            return []
        out: list[Option] = []
        s = self.state
        scene = self.scene
        try:
            open_ = self._open(scene)
        except (ArithmeticError, TypeError, ValueError) as e:
            raise EngineError(f"an expression failed: {e}", s.scene) from None
        for c, ok in zip(scene.choices, open_, strict=True):
            if ok:
                out.append(Option(c.id, len(out) + 1, c.text(s), True))
            elif c.locked is not None:
                out.append(Option(c.id, len(out) + 1, c.text(s), False, c.locked))
        return out

    def available(self) -> list[CChoice]:
        """The available choices, without rendering text (the fast path for playtest)."""
        s = self.state
        try:
            scene = self.scene
            return [c for c, ok in zip(scene.choices, self._open(scene), strict=True) if ok]
        except (ArithmeticError, TypeError, ValueError) as e:
            raise EngineError(f"an expression failed: {e}", s.scene) from None

    def ending(self) -> EndingResult | None:
        if self.state.ending is None:
            return None
        en = self.scenario.endings[self.state.ending]
        s = self.state
        scores = []
        for dim, score in en.scores:
            try:
                x = score.fn(s)
            except (ArithmeticError, TypeError, ValueError) as e:
                raise EngineError(f"the score for '{dim.id}' failed: {e}", en.id) from None
            x = dim.lo if x < dim.lo else dim.hi if x > dim.hi else x
            scores.append(Score(dim.id, dim.label, x, dim.lo, dim.hi, dim.higher_is))
        return EndingResult(en.id, en.title, en.text(s), tuple(scores), en.debrief)

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain JSON-ready data."""
        s = self.state
        version, internal, gauss = s.rng.getstate()
        return {
            "scenario": self.scenario.id,
            "version": self.scenario.version,
            "role": self.role.id,
            "seed": self.seed,
            "scene": s.scene,
            "ending": s.ending,
            "turn": s.turn,
            "values": self.values(),
            "visited": sorted(s.visited),
            "chosen": sorted(s.chosen),
            "fired": sorted(s.fired),
            "history": list(self.history),
            "rng": [version, list(internal), gauss],
        }

    def state_key(self) -> tuple[Any, ...]:
        """A hashable key of everything that decides the future (for exhaustive search)."""
        s = self.state
        return (
            s.scene,
            s.ending,
            tuple(s.v),
            frozenset(s.visited),
            frozenset(s.chosen),
            frozenset(s.fired),
            s.rng.getstate(),
        )

    # -- playing ---------------------------------------------------------------------
    def choose(self, choice_id: str) -> Turn:
        """Make a choice and return what happened. Raises :class:`ChoiceNotAvailable`
        for a choice that is not offered, and :class:`EngineError` for a fault in the
        content; either way the game is left exactly as it was."""
        if self.finished:
            raise ChoiceNotAvailable("the game is over")
        s = self.state
        choice = None
        for c in self.scene.choices:
            if c.id == choice_id:
                choice = c
                break
        if choice is None:
            raise ChoiceNotAvailable(f"there is no choice '{choice_id}' in scene '{s.scene}'")
        if choice.cond is not None and not choice.cond.fn(s):
            reason = f": {choice.locked}" if choice.locked else ""
            raise ChoiceNotAvailable(f"the choice '{choice_id}' is not available now{reason}")
        saved = s.copy()
        before = list(s.v)
        try:
            responses, events, entered = self._apply(choice, record=True)
            ending = self.ending()
        except EngineError:
            s.restore(saved)
            raise
        except (ArithmeticError, TypeError, ValueError) as e:
            s.restore(saved)
            raise EngineError(f"an expression failed: {e}", saved.scene, choice_id) from None
        self.history.append(choice_id)
        changes = tuple(
            Change(info.name, info.label, before[info.slot], s.v[info.slot], info.leader)
            for info in self.scenario.variables
            if before[info.slot] != s.v[info.slot]
        )
        return Turn(
            number=s.turn,
            scene=choice.scene,
            choice=choice.id,
            choice_text=choice.text(saved),
            responses=tuple(responses),
            events=tuple(events),
            changes=changes,
            entered=tuple(entered),
            next_scene=None if s.ending else s.scene,
            ending=ending,
        )

    def step(self, choice: CChoice, seen: bytearray | None = None) -> None:
        """Apply an available choice without building a Turn: the fast path used by
        playtest and replay. The caller guarantees the choice is available. ``seen``
        marks the response variants used: ``seen[response.uid] = 1`` (a bytearray as
        long as ``scenario.response_keys()``). A fault in the
        content raises :class:`EngineError`; unlike :meth:`choose`, the state is then not
        restored."""
        try:
            self._apply(choice, False, seen)
        except (ArithmeticError, TypeError, ValueError) as e:
            raise EngineError(f"an expression failed: {e}", self.state.scene, choice.id) from None
        self.history.append(choice.id)

    def inject(self, event_id: str) -> FiredEvent:
        """Fire an injectable event now (a facilitator's "crisis update")."""
        ev = next((e for e in self.scenario.events if e.id == event_id), None)
        if ev is None or not ev.injectable:
            raise ChoiceNotAvailable(f"there is no injectable event '{event_id}'")
        s = self.state
        saved = s.copy()
        try:
            if ev.effect is not None:
                ev.effect(s)
            s.fired.add(ev.id)
            fired = FiredEvent(ev.id, ev.title, ev.text(s), injected=True)
            if ev.goto:
                self._enter(ev.goto, [], None)
        except EngineError:
            s.restore(saved)
            raise
        except (ArithmeticError, TypeError, ValueError) as e:
            s.restore(saved)
            raise EngineError(f"the event '{ev.id}' failed: {e}", saved.scene) from None
        return fired

    # -- internals -------------------------------------------------------------------
    def _apply(
        self, choice: CChoice, record: bool, seen: bytearray | None = None
    ) -> tuple[list[LeaderResponse], list[FiredEvent], list[str]]:
        s = self.state
        scene_id = s.scene
        s.turn += 1
        s.chosen.add(choice.id)
        if choice.effect is not None:
            choice.effect(s)
        responses: list[LeaderResponse] = []
        for lr in choice.responses:
            pick = lr.pick
            k = 0 if pick is None else pick(s)
            if k < 0:
                continue
            leader = lr.leader
            r = lr.variants[k]
            if record:
                responses.append(
                    LeaderResponse(
                        leader,
                        r.speaker or self.scenario.leaders[leader].name,
                        r.text(s),
                        r.because,
                        k,
                    )
                )
            elif seen is not None:
                seen[r.uid] = 1
            if r.effect is not None:
                r.effect(s)
        events: list[FiredEvent] = []
        goto = None
        limit = self.scenario.events_per_turn
        fired = 0
        here = s.here
        assert here is not None
        scan = here.event_scan
        if limit and scan is not None:
            done = s.fired
            i = scan(s)
            while i >= 0:
                ev = here.events[i]
                if ev.effect is not None:
                    ev.effect(s)
                done.add(ev.id)
                if record:
                    events.append(FiredEvent(ev.id, ev.title, ev.text(s)))
                if ev.goto and goto is None:
                    goto = ev.goto
                fired += 1
                if fired >= limit:
                    break
                rescan = here.event_rescan
                assert rescan is not None
                i = rescan(s, i + 1)
        target = goto or self._route(choice.routes, choice.route, scene_id, choice.id)
        entered: list[str] = []
        self._enter(target, entered, choice.id)
        return responses, events, entered

    def _open(self, scene: CScene) -> tuple[bool, ...]:
        """Which of the scene's choices are available now."""
        if scene.open_choices is None:
            return (True,) * len(scene.choices)
        return scene.open_choices(self.state)

    def _route(self, routes: Routes, route: Fn | None, scene_id: str, choice_id: str | None) -> str:
        i = 0 if route is None else route(self.state)
        if i < 0 or not routes:
            raise EngineError("no route applies: every 'if' in next failed", scene_id, choice_id)
        return routes[i][1]

    def _enter(self, target: str, entered: list[str], choice_id: str | None) -> None:
        s = self.state
        scenes = self.scenario.scenes
        for _ in range(MAX_AUTO_STEPS):
            scene = scenes.get(target)
            if scene is None:
                if target in self.scenario.endings:
                    s.ending = target
                    entered.append(target)
                    return
                raise EngineError(
                    f"'{target}' is not a scene or an ending", s.scene or None, choice_id
                )
            s.scene = target
            s.here = scene
            s.visited.add(target)
            entered.append(target)
            if scene.on_enter is not None:
                scene.on_enter(s)
            if scene.choices:
                if scene.any_open is None or scene.any_open(s):
                    return
                raise EngineError(
                    "a dead end: none of the scene's choices is available", target, None
                )
            target = self._route(scene.routes, scene.route, target, None)
        raise EngineError(
            f"a loop with no choice: {MAX_AUTO_STEPS} scenes in a row went on automatically",
            target,
            None,
        )


def var_display(info: VarInfo, value: Any) -> str:
    return info.format(value)
