"""The compiled, ready-to-run form of a scenario (built by ``game.engine.compile``).

Plain slotted classes, not pydantic models: the engine's hot loop reads them hundreds
of thousands of times a second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from game.model.scenario import Scenario

Fn = Callable[[Any], Any]
Routes = list[tuple[Fn | None, str]]  # (condition or None, target id)


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
    index: int
    speaker: str | None
    cond: Fn | None
    text: Callable[[Any], str]
    because: str
    effects: list[Fn]


@dataclass(slots=True)
class CChoice:
    id: str
    scene: str
    text: Callable[[Any], str]
    cond: Fn | None
    locked: str | None
    historical: bool
    effects: list[Fn]
    responses: list[tuple[str, list[CResponse]]]
    routes: Routes


@dataclass(slots=True)
class CScene:
    id: str
    title: str
    date: Callable[[Any], str] | None  # templates: "Day {day}"
    place: Callable[[Any], str] | None
    present: list[str]
    text: Callable[[Any], str]
    on_enter: list[Fn]
    choices: list[CChoice]
    routes: Routes  # for a scene with no choices: where it goes on to
    # The events that may fire after a choice made here, in file order (filled in once
    # all events are compiled; saves the engine checking each event's scene list).
    events: tuple[CEvent, ...] = ()


@dataclass(slots=True)
class CEvent:
    id: str
    title: str
    text: Callable[[Any], str]
    when: Fn | None
    chance: Fn | None
    once: bool
    scenes: frozenset[str] | None
    injectable: bool
    effects: list[Fn]
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
    scores: list[tuple[DimensionInfo, Fn]]
    debrief: str | None


@dataclass(slots=True)
class CMember:
    id: str
    name: str
    permanent: bool
    rules: list[tuple[Fn | None, str]]


@dataclass(slots=True)
class CCouncil:
    name: str
    needed: int
    members: list[CMember]


@dataclass(slots=True)
class CRole:
    id: str
    name: str
    briefing: str
    objectives: list[str]
    start: str
    effects: list[Fn]


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
        """Every response variant as (choice id, leader id, variant index)."""
        out = []
        for c in self.choices.values():
            for leader, variants in c.responses:
                out.extend((c.id, leader, r.index) for r in variants)
        return out
