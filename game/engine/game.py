"""The game: state, choices and turns. Pure and deterministic.

The same compiled scenario, role, seed, start values and list of choices always give the
same state: all randomness comes from the game's own ``random.Random(seed)``.
"""

from __future__ import annotations

import random
from typing import Any, NamedTuple

from game.engine.compile import Deferred
from game.engine.runtime import (
    CChoice,
    CompiledScenario,
    CouncilVote,
    CScene,
    Fn,
    VarInfo,
)
from game.lang.frozen import Frozen, _set

MAX_AUTO_STEPS = 1000  # scenes without choices followed in a row before we call it a loop
_UNUSED: list[Any] = []  # see Game._apply: never added to

# -- the running form of the scenes ----------------------------------------------------
#
# A step of the game reads a few fields of one scene and one choice, and at 10,000 scenes
# every object it follows is a cache miss (see BENCHMARKS.md). So the engine runs each
# scene as a Stage, made the first time the scene is entered: the fields a step reads,
# side by side, with every route's target resolved to the target's Stage (no lookup by
# id), and each choice as one flat tuple, its *plan*:
#
#   (choice, id, effect, route, T, number_hi, number_lo, response_0, ..., target_0, ...)
#
# ``T`` is the index of the first target; a target is a Stage, or the id of an ending.
# ``number`` is the choice's place among all the scenario's choices (see Stages), as two
# numbers under 256 (see Marks). The responses, one per leader, lie in the plan itself,
# from plan[7] to plan[T-1], each as
#
#   pick, leader_responses, next, effect_0, uid_hi_0, uid_lo_0, effect_1, ...
#
# with the effect and uid of each variant (see CLeaderResponses and CResponse), and
# ``next``, the index in the plan where the next leader's response (or the targets)
# begins. (Each its own tuple, they were one more object, and cache miss, a leader.)
# ``choose`` and ``step`` both play a plan, through the same ``_apply``.
#
# The game's record of where it has been holds these same objects (State.trail holds the
# Stages entered, State.made the plans played), not the ids: an id is a string object of
# its own, elsewhere in memory, and storing or hashing one is one more cache miss a step.
# The ids (State.scene, State.visited, State.chosen, Game.history) are read from them
# when asked for. Only the ids that the scenario's expressions test, with visited('x')
# and chosen('x'), are kept as the game goes, in sets the expressions read: such a
# scene's ``on_enter``, and such a choice's effect, adds its id first (see _noting), so
# that the step itself checks nothing for the others.
#
# A function not made yet (a Deferred: see game.engine.compile) goes into the plan as it
# is, and it still works there; when it is made, it marks the Stage ``stale`` (it puts
# itself there), and the Stage is filled again the next time the scene is entered, with
# the real function. So a game still makes only the code it runs.
Plan = tuple[Any, ...]
P_CHOICE, P_ID, P_EFFECT, P_ROUTE, P_TARGETS, P_NUMBER_HI, P_NUMBER_LO, P_RESPONSES = range(8)


class Stage:
    """A scene as the engine runs it (see above): filled in when ``stale`` is not None."""

    # (CPython lays the slots out in sorted order; the fields a step reads fit in two
    # cache lines as long as there are no more of them.)
    __slots__ = (
        "any_open",
        "event_scan",
        "id",
        "next",
        "num_hi",
        "num_lo",
        "on_enter",
        "open_choices",
        "plans",
        "route",
        "scene",
        "stale",
    )

    def __init__(self, scene: CScene, num: int) -> None:
        self.id = scene.id
        # The scene's place in the scenario (see Stages), as divmod(num, 256) (see Marks).
        self.num_hi, self.num_lo = divmod(num, 256)
        self.stale: Any = True  # not filled in yet, or a function it holds has been made
        self.scene = scene
        # The choices' plans, in the scene's order; () for a scene without choices.
        self.plans: tuple[Plan, ...] = ()
        self.on_enter: Fn | None = None
        self.any_open: Fn | None = None
        self.open_choices: Fn | None = None
        self.event_scan: Fn | None = None
        self.route: Fn | None = None  # for a scene without choices: its route, and
        self.next: tuple[Any, ...] = ()  # its targets


class Stages:
    """A scenario's Stages, made once (each is filled in when first entered).

    Scenes and choices are numbered in the scenario's order (a scene's choices after the
    choices of the scenes before it), so that a record of them (playtest's coverage) can
    be a bytearray: ``scene_ids[n]`` and ``choice_ids[n]`` give the ids back. The numbers
    are made here, all at once."""

    __slots__ = (
        "asked_choices",
        "asked_scenes",
        "by_id",
        "choice_ids",
        "firsts",
        "numbers",
        "scene_ids",
    )

    def __init__(self, cs: CompiledScenario) -> None:
        self.asked_scenes = cs.asked_scenes
        self.asked_choices = cs.asked_choices
        self.scene_ids: list[str] = list(cs.scenes)
        self.choice_ids: list[str] = [c.id for sc in cs.scenes.values() for c in sc.choices]
        self.numbers: list[tuple[int, int]] = [divmod(n, 256) for n in range(len(self.choice_ids))]
        self.firsts: list[int] = []  # by scene number: the number of its first choice
        self.by_id: dict[str, Stage] = {}
        first = 0
        for num, (sid, sc) in enumerate(cs.scenes.items()):
            self.by_id[sid] = Stage(sc, num)
            self.firsts.append(first)
            first += len(sc.choices)


class Marks:
    """What a game reached, marked as it goes (playtest's coverage): each scene entered
    and choice made, by number (see Stages), and each response variant given, by uid
    (see CResponse). One Marks can be shared by many games.

    Marking a byte at a number the Stage or plan already holds costs a step far less than
    adding the ids to sets, at 10,000 scenes: an id is a string elsewhere in memory, and a
    large set's table is too. A number n is held as the two numbers under 256 of
    ``divmod(n, 256)``, and marked in ``rows[hi][lo]``: Python keeps one shared object for
    each number under 257, always at hand, while a larger number is an object of its own
    to be read from memory (a cache miss a mark, at 10,000 scenes)."""

    __slots__ = ("choices", "responses", "scenes")

    def __init__(self, cs: CompiledScenario) -> None:
        st = stages(cs)
        self.scenes = _rows(len(st.scene_ids))
        self.choices = _rows(len(st.choice_ids))
        self.responses = _rows(cs.responses_total)

    @staticmethod
    def reached(rows: list[bytearray]) -> list[int]:
        """The numbers marked in ``rows`` (one of scenes, choices, responses), in order."""
        return [hi * 256 + lo for hi, row in enumerate(rows) for lo, hit in enumerate(row) if hit]


def _rows(n: int) -> list[bytearray]:
    """Room for marks at 0..n-1 (see Marks)."""
    return [bytearray(256) for _ in range((n + 255) // 256)]


def stages(cs: CompiledScenario) -> Stages:
    """The scenario's :class:`Stages` (made the first time they are asked for)."""
    st = cs._stages
    if st is None:
        st = cs._stages = Stages(cs)
    return st


def _noting(which: str, key: str, fx: Fn | None) -> Fn:
    """``fx`` (effects, or None), after adding ``key`` to the state's set ``which``
    (visited_asked or chosen_asked: see State)."""

    def noting(s: Any) -> None:
        getattr(s, which).add(key)
        if fx is not None:
            fx(s)

    return noting


def _fill(stage: Stage, all_: Stages) -> None:
    """Fill in a Stage's fields and plans from its scene (see above)."""
    stage.stale = None  # first: a function made from now on marks it stale again

    def ready(fn: Any) -> Any:
        if type(fn) is Deferred:
            fn.put(stage, "stale")
        return fn

    by_id = all_.by_id
    sc = stage.scene
    first = all_.firsts[stage.num_hi * 256 + stage.num_lo]
    plans: list[Plan] = []
    for k, c in enumerate(sc.choices):
        responses: list[Any] = []
        for lr in c.responses:
            start = P_RESPONSES + len(responses)
            responses += (ready(lr.pick), lr, start + 3 + 3 * len(lr.variants))
            for r in lr.variants:
                responses += (ready(r.effect), *divmod(r.uid, 256))
        targets = [by_id.get(t, t) for _, t in c.routes]
        number_hi, number_lo = all_.numbers[first + k]
        fx = ready(c.effect)
        if c.id in all_.asked_choices:
            fx = _noting("chosen_asked", c.id, fx)
        end = P_RESPONSES + len(responses)
        head = (c, c.id, fx, ready(c.route), end, number_hi, number_lo)
        plans.append((*head, *responses, *targets))
    stage.plans = tuple(plans)
    on_enter = ready(sc.on_enter)
    if sc.id in all_.asked_scenes:
        on_enter = _noting("visited_asked", sc.id, on_enter)
    stage.on_enter = on_enter
    stage.any_open = ready(sc.any_open)
    stage.open_choices = ready(sc.open_choices)
    stage.event_scan = ready(sc.event_scan)
    stage.route = ready(sc.route)
    stage.next = tuple([by_id.get(t, t) for _, t in sc.routes])


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


class Option(Frozen):
    """A choice as the player sees it: available, or locked with a reason."""

    _fields = ("id", "number", "text", "available", "reason")
    __slots__ = _fields
    id: str
    number: int  # 1-based position among the shown options
    text: str
    available: bool
    reason: str | None

    def __init__(
        self,
        id: str,
        number: int,
        text: str,
        available: bool,
        reason: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "number", number)
        _set(self, "text", text)
        _set(self, "available", available)
        _set(self, "reason", reason)


class LeaderResponse(Frozen):
    _fields = ("leader", "name", "text", "because", "variant")
    __slots__ = _fields
    leader: str
    name: str
    text: str
    because: str
    variant: int

    def __init__(
        self,
        leader: str,
        name: str,
        text: str,
        because: str,
        variant: int,
    ) -> None:
        _set(self, "leader", leader)
        _set(self, "name", name)
        _set(self, "text", text)
        _set(self, "because", because)
        _set(self, "variant", variant)


class FiredEvent(Frozen):
    _fields = ("id", "title", "text", "injected")
    __slots__ = _fields
    id: str
    title: str
    text: str
    injected: bool

    def __init__(
        self,
        id: str,
        title: str,
        text: str,
        injected: bool = False,
    ) -> None:
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "text", text)
        _set(self, "injected", injected)


class Change(Frozen):
    _fields = ("name", "label", "before", "after", "leader")
    __slots__ = _fields
    name: str
    label: str
    before: Any
    after: Any
    leader: str | None

    def __init__(
        self,
        name: str,
        label: str,
        before: Any,
        after: Any,
        leader: str | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "label", label)
        _set(self, "before", before)
        _set(self, "after", after)
        _set(self, "leader", leader)

    @property
    def delta(self) -> int | None:
        if isinstance(self.before, bool) or not isinstance(self.before, int):
            return None
        return self.after - self.before


class Score(Frozen):
    _fields = ("dimension", "label", "value", "lo", "hi", "higher_is")
    __slots__ = _fields
    dimension: str
    label: str
    value: int
    lo: int
    hi: int
    higher_is: str

    def __init__(
        self,
        dimension: str,
        label: str,
        value: int,
        lo: int,
        hi: int,
        higher_is: str,
    ) -> None:
        _set(self, "dimension", dimension)
        _set(self, "label", label)
        _set(self, "value", value)
        _set(self, "lo", lo)
        _set(self, "hi", hi)
        _set(self, "higher_is", higher_is)


class EndingResult(Frozen):
    _fields = ("id", "title", "text", "scores", "debrief")
    __slots__ = _fields
    id: str
    title: str
    text: str
    scores: tuple[Score, ...]
    debrief: str | None

    def __init__(
        self,
        id: str,
        title: str,
        text: str,
        scores: tuple[Score, ...],
        debrief: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "text", text)
        _set(self, "scores", scores)
        _set(self, "debrief", debrief)


class Turn(Frozen):
    """What one choice did: everything the UI, the log and the transcript show."""

    _fields = (
        "number",
        "scene",
        "choice",
        "choice_text",
        "responses",
        "events",
        "changes",
        "entered",
        "next_scene",
        "ending",
    )
    __slots__ = _fields
    number: int
    scene: str
    choice: str
    choice_text: str
    responses: tuple[LeaderResponse, ...]
    events: tuple[FiredEvent, ...]
    changes: tuple[Change, ...]
    entered: tuple[str, ...]  # scenes entered, in order (more than one when some had no choices)
    next_scene: str | None
    ending: EndingResult | None

    def __init__(
        self,
        number: int,
        scene: str,
        choice: str,
        choice_text: str,
        responses: tuple[LeaderResponse, ...],
        events: tuple[FiredEvent, ...],
        changes: tuple[Change, ...],
        entered: tuple[str, ...],
        next_scene: str | None,
        ending: EndingResult | None = None,
    ) -> None:
        _set(self, "number", number)
        _set(self, "scene", scene)
        _set(self, "choice", choice)
        _set(self, "choice_text", choice_text)
        _set(self, "responses", responses)
        _set(self, "events", events)
        _set(self, "changes", changes)
        _set(self, "entered", entered)
        _set(self, "next_scene", next_scene)
        _set(self, "ending", ending)


class State:
    """The mutable game state that compiled expressions read and write.

    Where the game has been is kept as it happened (see "the running form of the scenes"
    above): ``trail``, every Stage entered, in order, and ``made``, every plan played.
    ``scene``, ``visited`` and ``chosen`` read the ids from them (the last two make a new
    set each time: only snapshots and exhaustive search read them).

    Expressions read ``visited_asked`` and ``chosen_asked`` instead: the ids of the
    scenes entered and the choices made that some expression asks about (visited('x'),
    chosen('x')), added as they happen, so that reading them costs nothing."""

    __slots__ = (
        "_tally",
        "chosen_asked",
        "cs",
        "ending",
        "fired",
        "here",
        "made",
        "rng",
        "trail",
        "turn",
        "v",
        "visited_asked",
    )

    def __init__(self, cs: CompiledScenario, seed: int) -> None:
        self.cs = cs
        self.v: list[Any] = list(cs.initial)
        self.rng = random.Random(seed)
        self.trail: list[Stage] = []  # the scenes entered, in order (with repeats)
        self.made: list[Plan] = []  # the choices made, in order (see Game.history)
        self.visited_asked: set[str] = set()
        self.chosen_asked: set[str] = set()
        self.fired: set[str] = set()
        self.turn = 0
        self.here: Stage | None = None  # the scene's running form (saves a lookup by id)
        self.ending: str | None = None
        self._tally: tuple[Any, CouncilTally] | None = None

    @property
    def scene(self) -> str:
        """The id of the scene the game is in ("" before the first is entered)."""
        here = self.here
        return "" if here is None else here.id

    @property
    def visited(self) -> set[str]:
        """The ids of the scenes entered so far."""
        return {st.id for st in self.trail}

    @property
    def chosen(self) -> set[str]:
        """The ids of the choices made so far."""
        return {p[P_ID] for p in self.made}

    def tally(self) -> CouncilTally:
        """The council's projected vote. Vote rules cannot draw random numbers (the
        compiler forbids it), so the tally is a pure function of the state and is cached
        until something it could depend on changes (the trail and fired only grow)."""
        key = (self.turn, len(self.trail), len(self.fired), tuple(self.v))
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
        """A state that goes on by itself from here."""
        return self._copy(list(self.trail), list(self.made))

    def checkpoint(self) -> tuple[State, int, int]:
        """What :meth:`rollback` needs to undo what happens next. The record (trail and
        made) only grows, so its length is kept, not a copy: a checkpoint does not cost
        more as a game goes on (replay makes one a turn)."""
        return self._copy(self.trail, self.made), len(self.trail), len(self.made)

    def rollback(self, checkpoint: tuple[State, int, int]) -> None:
        """Back to where :meth:`checkpoint` was made."""
        saved, entered, made = checkpoint
        self.restore(saved)
        del self.trail[entered:]
        del self.made[made:]

    def _copy(self, trail: list[Stage], made: list[Plan]) -> State:
        s = State.__new__(State)
        s.cs = self.cs
        s.v = list(self.v)
        # An unseeded generator given this one's state: Random() would first seed
        # itself from the OS (about 17 us of the 45 a copy took; replay copies every turn).
        s.rng = random.Random.__new__(random.Random)
        s.rng.setstate(self.rng.getstate())
        s.trail = trail
        s.made = made
        s.visited_asked = set(self.visited_asked)
        s.chosen_asked = set(self.chosen_asked)
        s.fired = set(self.fired)
        s.turn = self.turn
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
        marks: Marks | None = None,
    ) -> None:
        """Start a game. ``start`` and ``values`` let an author begin in the middle of the
        story ("test from here"); a role's start scene and effects apply first. With
        ``marks``, what the game reaches is marked there (see :class:`Marks`)."""
        self.scenario = scenario
        self.marks = marks
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
        self.state = State(scenario, seed)
        self._stages = stages(scenario)
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
            self._enter(self._stages.by_id.get(first, first), self.opening, None)
        except (ArithmeticError, TypeError) as e:
            raise EngineError(f"cannot start the game: {e}", first) from None

    # -- reading the state ---------------------------------------------------------
    @property
    def scene(self) -> CScene:
        return self.scenario.scenes[self.state.scene]

    @property
    def history(self) -> list[str]:
        """The ids of the choices made, in order (a new list each time). After a
        :meth:`play` that failed, the last is the choice that failed."""
        return [p[P_ID] for p in self.state.made]

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
        choices = self.scene.choices
        index = next((i for i, c in enumerate(choices) if c.id == choice_id), -1)
        choice = choices[index] if index >= 0 else None
        if choice is None:
            raise ChoiceNotAvailable(f"there is no choice '{choice_id}' in scene '{s.scene}'")
        if choice.cond is not None and not choice.cond.fn(s):
            reason = f": {choice.locked}" if choice.locked else ""
            raise ChoiceNotAvailable(f"the choice '{choice_id}' is not available now{reason}")
        checkpoint = s.checkpoint()
        saved = checkpoint[0]
        before = list(s.v)
        plan = self._plans()[index]
        try:
            done = self._apply(plan, record=True)
            assert done is not None
            responses, events, entered = done
            ending = self.ending()
        except EngineError:
            s.rollback(checkpoint)
            raise
        except (ArithmeticError, TypeError, ValueError) as e:
            s.rollback(checkpoint)
            raise EngineError(f"an expression failed: {e}", saved.scene, choice_id) from None
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

    def step(self, choice: CChoice) -> None:
        """Apply an available choice without building a Turn: the fast path used by
        playtest. The caller guarantees the choice is available. A fault in the
        content raises :class:`EngineError`; unlike :meth:`choose`, the state is then not
        restored."""
        plans = self._plans()
        for plan in plans:
            if plan[P_CHOICE] is choice:
                break
        else:  # not a choice of this scene (the caller's guarantee): its own scene's plan
            sc = self._stages.by_id[choice.scene]
            if sc.stale is not None:
                _fill(sc, self._stages)
            plan = sc.plans[self.scenario.scenes[choice.scene].choices.index(choice)]
        self.play(plan)

    def play(self, plan: Plan) -> None:
        """:meth:`step` for a choice's plan: one of ``self.state.here.plans`` (see
        Stage), which a caller that picks among them can use without touching the
        choices themselves (playtest)."""
        try:
            self._apply(plan, False)
        except (ArithmeticError, TypeError, ValueError) as e:
            raise EngineError(f"an expression failed: {e}", self.state.scene, plan[P_ID]) from None

    def inject(self, event_id: str) -> FiredEvent:
        """Fire an injectable event now (a facilitator's "crisis update")."""
        ev = next((e for e in self.scenario.events if e.id == event_id), None)
        if ev is None or not ev.injectable:
            raise ChoiceNotAvailable(f"there is no injectable event '{event_id}'")
        s = self.state
        checkpoint = s.checkpoint()
        saved = checkpoint[0]
        try:
            if ev.effect is not None:
                ev.effect(s)
            s.fired.add(ev.id)
            fired = FiredEvent(ev.id, ev.title, ev.text(s), injected=True)
            if ev.goto:
                self._enter(self._stages.by_id.get(ev.goto, ev.goto), [], None)
        except EngineError:
            s.rollback(checkpoint)
            raise
        except (ArithmeticError, TypeError, ValueError) as e:
            s.rollback(checkpoint)
            raise EngineError(f"the event '{ev.id}' failed: {e}", saved.scene) from None
        return fired

    def fork(self) -> Game:
        """A copy of this game that plays on by itself (it shares the scenario and the
        marks): playtest's exhaustive search tries each choice in one."""
        c = Game.__new__(Game)
        c.__dict__.update(self.__dict__)
        c.state = self.state.copy()
        return c

    # -- internals -------------------------------------------------------------------
    def _plans(self) -> tuple[Plan, ...]:
        """The plans of the scene the game is in (as ``self.scene.choices``)."""
        here = self.state.here
        assert here is not None
        return here.plans

    def _apply(
        self, plan: Plan, record: bool
    ) -> tuple[list[LeaderResponse], list[FiredEvent], list[str]] | None:
        """Play a plan. With ``record``, return what the Turn shows (the responses, the
        events fired and the scenes entered); without (playtest's fast path), None: no
        list is made, as every container made counts towards the cyclic GC's next
        collection, and at 10,000 scenes those collections were a few cache misses per
        choice."""
        s = self.state
        s.turn += 1
        # The plan, not its id: the fast path never reads the ids (see Stage), and it
        # indexes plans with literals.
        s.made.append(plan)
        marks = self.marks
        if marks is not None:
            marks.choices[plan[5]][plan[6]] = 1  # P_NUMBER_HI, P_NUMBER_LO
        fx = plan[2]  # P_EFFECT
        if fx is not None:
            fx(s)
        # Without record, nothing is added to responses and events (each append is under
        # `if record`): they are the one shared, always empty _UNUSED, not new lists.
        responses: list[LeaderResponse] = [] if record else _UNUSED
        first_target = plan[4]  # P_TARGETS
        j = 7  # P_RESPONSES: each leader's response (see Stage)
        while j < first_target:
            pick = plan[j]
            k = 0 if pick is None else pick(s)
            if k < 0:
                j = plan[j + 2]
                continue
            if record:
                lr = plan[j + 1]
                r = lr.variants[k]
                responses.append(
                    LeaderResponse(
                        lr.leader,
                        r.speaker or self.scenario.leaders[lr.leader].name,
                        r.text(s),
                        r.because,
                        k,
                    )
                )
            if marks is not None:
                marks.responses[plan[j + 4 + 3 * k]][plan[j + 5 + 3 * k]] = 1
            fx = plan[j + 3 + 3 * k]
            if fx is not None:
                fx(s)
            j = plan[j + 2]
        events: list[FiredEvent] = [] if record else _UNUSED
        goto = None
        limit = self.scenario.events_per_turn
        here = s.here
        assert here is not None
        scan = here.event_scan
        if limit and scan is not None:
            fired = 0
            done = s.fired
            sc = here.scene
            i = scan(s)
            while i >= 0:
                ev = sc.events[i]
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
                rescan = sc.event_rescan
                assert rescan is not None
                i = rescan(s, i + 1)
        entered: list[str] | None = [] if record else None
        if goto is not None:
            self._enter(self._stages.by_id.get(goto, goto), entered, plan)
        else:
            route = plan[3]  # P_ROUTE
            i = 0 if route is None else route(s)
            if i < 0 or len(plan) == first_target:
                raise EngineError(
                    "no route applies: every 'if' in next failed", s.scene, plan[P_ID]
                )
            self._enter(plan[first_target + i], entered, plan)
        if entered is None:
            return None
        return responses, events, entered

    def _open(self, scene: CScene) -> tuple[bool, ...]:
        """Which of the scene's choices are available now."""
        if scene.open_choices is None:
            return (True,) * len(scene.choices)
        return scene.open_choices(self.state)

    def _enter(self, target: Stage | str, entered: list[str] | None, plan: Plan | None) -> None:
        """Enter a scene (a Stage), or end the game (an ending's id), and go on through
        scenes without choices. ``plan`` is the choice that led here (None: none did)."""
        s = self.state
        for _ in range(MAX_AUTO_STEPS):
            if type(target) is not Stage:
                assert isinstance(target, str)
                if target in self.scenario.endings:
                    s.ending = target
                    if entered is not None:
                        entered.append(target)
                    return
                raise EngineError(
                    f"'{target}' is not a scene or an ending",
                    s.scene or None,
                    None if plan is None else plan[P_ID],
                )
            if target.stale is not None:
                _fill(target, self._stages)
            s.here = target
            s.trail.append(target)
            if self.marks is not None:
                self.marks.scenes[target.num_hi][target.num_lo] = 1
            if entered is not None:
                entered.append(target.id)
            fx = target.on_enter
            if fx is not None:
                fx(s)
            if target.plans:
                any_open = target.any_open
                if any_open is None or any_open(s):
                    return
                raise EngineError(
                    "a dead end: none of the scene's choices is available", target.id, None
                )
            route = target.route
            i = 0 if route is None else route(s)
            if i < 0 or not target.next:
                raise EngineError("no route applies: every 'if' in next failed", target.id, None)
            target = target.next[i]
        raise EngineError(
            f"a loop with no choice: {MAX_AUTO_STEPS} scenes in a row went on automatically",
            target if isinstance(target, str) else target.id,
            None,
        )


def var_display(info: VarInfo, value: Any) -> str:
    return info.format(value)
