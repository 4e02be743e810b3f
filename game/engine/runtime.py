"""The compiled, ready-to-run form of a scenario (built by ``game.engine.compile``).

Plain slotted classes, not pydantic models: the engine's hot loop reads them hundreds
of thousands of times a second.

Each condition is kept as a :class:`~game.lang.compiler.Compiled` (``.fn`` is its
function, made on first use). What the engine runs on every choice is joined into one
function per step: a scene's ``open_choices``, a choice's ``route``, a leader's ``pick``,
a scene's ``event_scan``, the council's ``votes`` and each list of effects. Those are
made the first time they run (see ``game.engine.compile.Deferred``), so loading a
scenario does not pay for code that a game never reaches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from game.lang.compiler import Compiled

if TYPE_CHECKING:
    # Type names only: a scenario read back from the cache is made of plain records
    # (game.model.record) with the same fields, and nothing here needs pydantic.
    from game.model.scenario import Scenario

Fn = Callable[[Any], Any]
Routes = tuple[tuple[Compiled | None, str], ...]  # (condition or None, target id)


@dataclass(slots=True)
class VarInfo:
    """A variable: global (``tension``) or a leader's (``xi.trust``)."""

    name: str
    slot: int
    kind: str  # int | bool | enum
    label: str
    initial: Any
    lo: int | None = None
    hi: int | None = None
    values: tuple[str, ...] = ()
    value_labels: dict[str, str] = field(default_factory=dict)
    show: str = "hidden"
    leader: str | None = None
    description: str | None = None
    short_label: str = ""  # for narrow screens; the label when the author gave none

    def format(self, value: Any) -> str:
        """The value as a player reads it."""
        if self.kind == "bool":
            return "yes" if value else "no"
        if self.kind == "enum":
            return self.value_labels.get(value, str(value))
        return str(value)


@dataclass(slots=True)
class LeaderInfo:
    id: str
    name: str
    short_name: str
    title: str
    country: str
    summary: str
    variables: list[VarInfo]


@dataclass(slots=True)
class CResponse:
    leader: str
    index: int  # among the leader's variants for this choice
    uid: int  # among all the scenario's responses (see CompiledScenario.response_keys)
    speaker: str | None
    cond: Compiled | None
    text: Callable[[Any], str]
    because: str
    effect: Fn | None  # its effects, joined into one function


@dataclass(slots=True)
class CLeaderResponses:
    """A leader's answer to a choice: the variants, and ``pick(s)``, which gives the index
    of the first variant whose condition holds, or -1 (None: always the first)."""

    leader: str
    variants: tuple[CResponse, ...]
    pick: Fn | None


@dataclass(slots=True)
class CChoice:
    id: str
    scene: str
    text: Callable[[Any], str]
    cond: Compiled | None
    locked: str | None
    historical: bool
    effect: Fn | None  # its effects, joined into one function
    responses: tuple[CLeaderResponses, ...]
    routes: Routes
    # route(s): the index in `routes` of the first that applies, or -1 (None: the first)
    route: Fn | None


@dataclass(slots=True)
class CScene:
    id: str
    title: str
    date: Callable[[Any], str] | None  # templates: "Day {day}"
    place: Callable[[Any], str] | None
    present: list[str]
    text: Callable[[Any], str]
    on_enter: Fn | None  # effects on entering, joined into one function
    choices: tuple[CChoice, ...]
    routes: Routes  # for a scene with no choices: where it goes on to
    route: Fn | None  # see CChoice.route
    # open_choices(s): which choices are available now, as a tuple of true/false (one
    # call instead of one per choice); None when none of them has a condition.
    open_choices: Fn | None
    # any_open(s): whether at least one choice is available (None: the scene has a
    # choice without a condition). Checks them in order and stops at the first.
    any_open: Fn | None
    # The events that may fire after a choice made here, in file order (filled in once
    # all events are compiled; saves the engine checking each event's scene list).
    events: tuple[CEvent, ...] = ()
    # event_scan(s): the index in `events` of the first event that fires now, or -1.
    # An event fires when it has not fired yet (if once), its `when` holds, and then its
    # chance comes up, in that order. event_rescan(s, i) looks from index i on (after
    # an event fired, when more may fire in the same turn).
    event_scan: Fn | None = None
    event_rescan: Callable[[Any, int], int] | None = None


@dataclass(slots=True)
class CEvent:
    id: str
    title: str
    text: Callable[[Any], str]
    when: Compiled | None
    chance: Compiled | None  # the percentage
    once: bool
    scenes: frozenset[str] | None
    injectable: bool
    effect: Fn | None
    goto: str | None


@dataclass(slots=True)
class DimensionInfo:
    id: str
    label: str
    lo: int
    hi: int
    higher_is: str
    description: str | None


@dataclass(slots=True)
class CEnding:
    id: str
    title: str
    text: Callable[[Any], str]
    scores: list[tuple[DimensionInfo, Compiled]]
    debrief: str | None


@dataclass(slots=True)
class CMember:
    id: str
    name: str
    permanent: bool
    rules: list[tuple[Compiled | None, str]]


class CouncilVote(NamedTuple):
    """How one member votes (part of the engine's ``CouncilTally``)."""

    member: str
    name: str
    permanent: bool
    vote: str  # yes | no | abstain


@dataclass(slots=True)
class CCouncil:
    name: str
    needed: int
    members: list[CMember]
    votes: Fn  # every member's vote in one call: a tuple of "yes" | "no" | "abstain"
    # Per member, its CouncilVote for each way it can vote, made once.
    ballots: tuple[dict[str, CouncilVote], ...] = ()

    def __post_init__(self) -> None:
        self.ballots = tuple(
            {v: CouncilVote(m.id, m.name, m.permanent, v) for v in ("yes", "no", "abstain")}
            for m in self.members
        )


@dataclass(slots=True)
class CRole:
    id: str
    name: str
    briefing: str
    objectives: list[str]
    start: str
    effect: Fn | None


@dataclass(slots=True)
class CompiledScenario:
    """Everything the engine needs to run a scenario."""

    model: Scenario
    content_hash: str
    variables: list[VarInfo]
    var_by_name: dict[str, VarInfo]
    leaders: dict[str, LeaderInfo]
    scenes: dict[str, CScene]
    choices: dict[str, CChoice]
    endings: dict[str, CEnding]
    events: list[CEvent]
    roles: dict[str, CRole]
    dimensions: list[DimensionInfo]
    council: CCouncil | None
    start: str
    events_per_turn: int
    initial: list[Any]
    responses_total: int = 0
    _response_keys: list[tuple[str, str, int]] | None = None
    # The engine's own running form of the scenes (game.engine.game.Stage), made by the
    # first Game; None until then.
    _stages: dict[str, Any] | None = None

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def title(self) -> str:
        return self.model.title

    @property
    def version(self) -> str:
        return self.model.version

    @property
    def default_role(self) -> str:
        return next(iter(self.roles))

    def response_keys(self) -> list[tuple[str, str, int]]:
        """Every response variant as (choice id, leader id, variant index); a response's
        ``uid`` is its position in this list. (A new list each time; made once.)"""
        if self._response_keys is None:
            out = []
            for c in self.choices.values():
                for lr in c.responses:
                    out.extend((c.id, lr.leader, r.index) for r in lr.variants)
            self._response_keys = out
        return list(self._response_keys)
