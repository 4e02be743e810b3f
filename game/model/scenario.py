"""The content schema: what a scenario file may say.

These models check the *shape* of the content (fields, types). Cross-references and
expressions are checked when the scenario is compiled (``game.engine.compile``), which
reports each problem with the file and line the loader recorded in ``Where``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from game.model.where import Located, Where  # noqa: F401  (Where: re-exported)


class Node(Located, BaseModel):
    model_config = ConfigDict(
        extra="forbid", populate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    # Where the node was written is kept in the instance __dict__ under "_where", set by
    # the loader with object.__setattr__ (see Located); model_dump and == ignore it. (A
    # pydantic PrivateAttr would do the same but doubles validation time on big scenarios.)


# Empty lists and mappings as defaults, made by a factory: pydantic would otherwise
# deep-copy a shared [] or {} for every model that leaves the field out (40,000
# copy.deepcopy calls, about 0.15 s, in the 10,000-scene benchmark). The schema
# published for editors still shows the default.
def _list() -> Any:
    return Field(default_factory=list, json_schema_extra={"default": []})


def _dict() -> Any:
    return Field(default_factory=dict, json_schema_extra={"default": {}})


def _as_list(v: Any) -> Any:
    """Effects may be written as one string or a list of strings."""
    if v is None:
        return []
    if isinstance(v, str):
        return [v]
    return v


def _vote_word(v: Any) -> Any:
    # YAML 1.1 reads an unquoted yes/no as true/false; accept those as the words.
    if v is True:
        return "yes"
    if v is False:
        return "no"
    return v


Effects = Annotated[list[str], BeforeValidator(_as_list)]
Text = Annotated[str, Field(max_length=20_000)]
Vote = Annotated[Literal["yes", "no", "abstain"], BeforeValidator(_vote_word)]


class Variable(Node):
    type: Literal["int", "bool", "enum"]
    initial: int | bool | str | None = None
    min: int | None = None
    max: int | None = None
    values: list[str] | None = None
    value_labels: dict[str, str] = _dict()
    label: str | None = None
    short_label: str | None = (
        None  # for narrow screens, e.g. "Embargo" for "Support for an oil embargo"
    )
    show: Literal["hidden", "meter", "value", "status"] = "hidden"
    description: str | None = None


class Leader(Node):
    name: str
    short_name: str | None = None  # e.g. "Xi" for "Xi Jinping"; defaults to the last word of name
    title: str = ""
    country: str = ""
    summary: str = ""
    variables: dict[str, Variable] = _dict()


class Role(Node):
    id: str
    name: str
    briefing: Text = ""
    objectives: list[str] = _list()
    start: str | None = None
    effects: Effects = _list()


class Dimension(Node):
    id: str
    label: str
    min: int = 0
    max: int = 100
    higher_is: Literal["better", "worse"] = "better"
    description: str | None = None


class Source(Node):
    title: str
    url: str | None = None
    note: str | None = None


class GlossaryEntry(Node):
    term: str
    definition: str


class Debrief(Node):
    what_happened: Text = ""
    sources: list[Source] = _list()
    questions: list[str] = _list()
    glossary: list[GlossaryEntry] = _list()
    assumptions: Text = ""


class VoteRule(Node):
    if_: str | None = Field(default=None, alias="if")
    then: Vote


class CouncilMember(Node):
    id: str
    name: str
    permanent: bool = False
    vote: Vote | list[VoteRule]


class Council(Node):
    name: str = "Council"
    needed: int = Field(ge=1)
    members: list[CouncilMember] = Field(min_length=1)


class Settings(Node):
    events_per_turn: int = Field(default=1, ge=0, le=100)


class Response(Node):
    if_: str | None = Field(default=None, alias="if")
    speaker: str | None = None  # who speaks for the leader here, e.g. "Wang Yi, Foreign Minister"
    text: Text
    because: str = ""
    effects: Effects = _list()


class Route(Node):
    if_: str | None = Field(default=None, alias="if")
    to: str


Next = str | list[Route]


def _as_responses(v: Any) -> Any:
    # A leader's response may be one variant (a mapping) or a list of variants. (Called
    # for every choice: a new mapping is only made when one is needed.)
    if isinstance(v, dict):
        for x in v.values():
            if isinstance(x, dict):
                return {k: ([x] if isinstance(x, dict) else x) for k, x in v.items()}
    return v


class Choice(Node):
    id: str
    text: str
    requires: str | None = None
    locked: str | None = None
    historical: bool = False
    effects: Effects = _list()
    responses: Annotated[dict[str, list[Response]], BeforeValidator(_as_responses)] = _dict()
    next: Next


class Scene(Node):
    id: str
    title: str
    date: str | None = None
    place: str | None = None
    present: list[str] = _list()
    text: Text = ""
    on_enter: Effects = _list()
    choices: list[Choice] = _list()
    next: Next | None = None


class Event(Node):
    id: str
    title: str
    text: Text = ""
    when: str | None = None
    chance: int | str | None = None
    once: bool = True
    scenes: list[str] | None = None
    injectable: bool = False
    effects: Effects = _list()
    goto: str | None = None


class Ending(Node):
    id: str
    title: str
    text: Text = ""
    scores: dict[str, int | str] = _dict()
    debrief: Text | None = None


class Chapter(Node):
    """A file other than scenario.yaml: scenes, events and endings only."""

    scenes: list[Scene] = _list()
    events: list[Event] = _list()
    endings: list[Ending] = _list()


class Scenario(Chapter):
    """scenario.yaml, and once loaded, the whole scenario with every chapter merged in."""

    id: str
    title: str
    version: str
    summary: Text = ""
    play_time: str | None = None
    start: str
    settings: Settings = Settings()
    sources: list[Source] = _list()
    roles: list[Role] = Field(min_length=1)
    dimensions: list[Dimension] = _list()
    variables: dict[str, Variable] = _dict()
    leaders: dict[str, Leader] = _dict()
    council: Council | None = None
    debrief: Debrief = Debrief()


# The JSON Schema published for editors accepts either kind of file.
ScenarioFile = Scenario
