"""The save file: a typed event log of one game, checked by pydantic.

A save records *what the player did* (the seed and the list of choices), not the game
state: loading replays the choices through the deterministic engine
(:mod:`game.saves.replay`). The ``summary`` is a cache for listings and is never
trusted.

Format versions: :data:`FORMAT` is the version this code writes. :func:`migrate` turns
the raw JSON of an older format into the current one, one step at a time, before the
model sees it; add ``MIGRATIONS[n] = fn`` (format n -> n+1) when the format changes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr, model_validator

FORMAT = 1  # the save format this code writes

# Bounds that keep a hostile file from costing much: no real game comes near them.
MAX_TURNS = 5_000
Id = Annotated[StrictStr, Field(min_length=1, max_length=200)]
Name = Annotated[StrictStr, Field(max_length=100)]
Seed = Annotated[StrictInt, Field(ge=-(2**63), le=2**63 - 1)]
Value = StrictBool | StrictInt | Annotated[StrictStr, Field(max_length=200)]


class SaveFormatError(Exception):
    """The raw data is not a save this version can read (wrong or unknown format)."""


def now() -> datetime:
    """The current time, in UTC, to the second (timestamps in saves are UTC)."""
    return datetime.now(UTC).replace(microsecond=0)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class ScenarioRef(_Model):
    """Which scenario the game was played in, and exactly which content."""

    id: Id
    version: Annotated[StrictStr, Field(max_length=100)]
    content_hash: Annotated[StrictStr, Field(max_length=200)]
    # What was passed to the loader: a bundled id, or the absolute path of a folder.
    # None means the bundled scenario with this ``id``.
    source: Annotated[StrictStr, Field(max_length=4096)] | None = None


class TurnRecord(_Model):
    """One entry of the log: a player's choice, or an event a facilitator injected.

    ``scene`` is where the game was when the entry was made; replay checks it.
    ``votes`` holds a classroom vote tally for the choice (option id -> votes), if any.
    """

    kind: Literal["choice", "inject"] = "choice"
    scene: Id
    choice: Id | None = None  # kind == "choice"
    event: Id | None = None  # kind == "inject"
    at: datetime
    votes: Annotated[dict[Id, Annotated[StrictInt, Field(ge=0)]], Field(max_length=100)] | None = (
        None
    )

    @model_validator(mode="after")
    def _one_id(self) -> TurnRecord:
        if self.kind == "choice" and (self.choice is None or self.event is not None):
            raise ValueError("a 'choice' entry needs a 'choice' id and no 'event'")
        if self.kind == "inject" and (self.event is None or self.choice is not None):
            raise ValueError("an 'inject' entry needs an 'event' id and no 'choice'")
        return self

    @property
    def what(self) -> str:
        """The choice id or the event id."""
        return self.choice if self.kind == "choice" else self.event  # type: ignore[return-value]


class Summary(_Model):
    """A cache of where the game stands, so that listings need no replay.

    Never trusted: loading replays the log and compares (see ``Rebuilt.inconsistencies``).
    """

    scenario_title: Annotated[StrictStr, Field(max_length=300)] = ""
    role_name: Annotated[StrictStr, Field(max_length=300)] = ""
    scene: Id | None = None  # None once the game has ended
    turns: Annotated[StrictInt, Field(ge=0)] = 0  # choices made (injected events do not count)
    finished: StrictBool = False
    ending: Id | None = None
    ending_title: Annotated[StrictStr, Field(max_length=300)] | None = None
    outcome: Annotated[dict[Id, StrictInt], Field(max_length=100)] | None = (
        None  # dimension -> score
    )


class SaveFile(_Model):
    """A saved game. ``model_dump_json()`` is the file; :func:`parse_save` reads one."""

    format: Literal[1] = FORMAT
    scenario: ScenarioRef
    role: Id
    seed: Seed
    start: Id | None = None  # an author's "start from this scene" (play --from)
    values: Annotated[dict[Id, Value], Field(max_length=1000)] | None = None  # play --set
    player: Name | None = None
    class_code: Annotated[StrictStr, Field(max_length=40)] | None = None
    created: datetime
    updated: datetime
    autosave: StrictBool = True  # the game's own slot, written after every turn
    undos: Annotated[StrictInt, Field(ge=0)] = 0  # turns taken back so far
    turns: Annotated[list[TurnRecord], Field(max_length=MAX_TURNS)] = []
    summary: Summary = Summary()

    @property
    def choices(self) -> list[str]:
        """The choice ids in order (injected events left out)."""
        return [t.choice for t in self.turns if t.kind == "choice" and t.choice is not None]


# -- format versions ---------------------------------------------------------------

# MIGRATIONS[n] turns raw format-n data into format n+1.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def migrate(raw: dict[str, Any]) -> dict[str, Any]:
    """Bring raw save data of any known format up to :data:`FORMAT`.

    Raises :class:`SaveFormatError` for a missing, unknown or newer format. Returns a
    new dict; ``raw`` is not changed.
    """
    fmt = raw.get("format")
    if fmt is None:
        raise SaveFormatError("it has no 'format' field, so it is not a negotiator save")
    if isinstance(fmt, bool) or not isinstance(fmt, int):
        raise SaveFormatError(f"its 'format' is {fmt!r}, not a number")
    if fmt > FORMAT:
        raise SaveFormatError(
            f"it was written by a newer negotiator (save format {fmt}; this version reads formats up to {FORMAT})"
        )
    if fmt < 1:
        raise SaveFormatError(f"save format {fmt} does not exist")
    data = dict(raw)
    while data["format"] < FORMAT:
        step = MIGRATIONS.get(data["format"])
        if step is None:
            raise SaveFormatError(f"save format {data['format']} can no longer be read")
        data = step(data)
    return data
