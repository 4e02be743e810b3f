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
from typing import TYPE_CHECKING, Any, NamedTuple

from game.lang.compiler import Compiled
from game.lang.frozen import Plain

if TYPE_CHECKING:
    # Type names only: a scenario read back from the cache is made of plain records
    # (game.model.record) with the same fields, and nothing here needs pydantic.
    from game.model.scenario import Scenario

Fn = Callable[[Any], Any]
Routes = tuple[tuple[Compiled | None, str], ...]  # (condition or None, target id)


class VarInfo(Plain):
    """A variable: global (``tension``) or a leader's (``xi.trust``)."""

    _fields = (
        "name",
        "slot",
        "kind",
        "label",
        "initial",
        "lo",
        "hi",
        "values",
        "value_labels",
        "show",
        "leader",
        "description",
        "short_label",
    )
    __slots__ = (
        "description",
        "hi",
        "initial",
        "kind",
        "label",
        "leader",
        "lo",
        "name",
        "short_label",
        "show",
        "slot",
        "value_labels",
        "values",
    )
    name: str
    slot: int
    kind: str  # int | bool | enum
    label: str
    initial: Any
    lo: int | None
    hi: int | None
    values: tuple[str, ...]
    value_labels: dict[str, str]
    show: str
    leader: str | None
    description: str | None
    short_label: str  # for narrow screens; the label when the author gave none

    def __init__(
        self,
        name: str,
        slot: int,
        kind: str,
        label: str,
        initial: Any,
        lo: int | None = None,
        hi: int | None = None,
        values: tuple[str, ...] = (),
        value_labels: dict[str, str] | None = None,
        show: str = "hidden",
        leader: str | None = None,
        description: str | None = None,
        short_label: str = "",
    ) -> None:
        self.name = name
        self.slot = slot
        self.kind = kind
        self.label = label
        self.initial = initial
        self.lo = lo
        self.hi = hi
        self.values = values
        self.value_labels = {} if value_labels is None else value_labels
        self.show = show
        self.leader = leader
        self.description = description
        self.short_label = short_label

    def format(self, value: Any) -> str:
        """The value as a player reads it."""
        if self.kind == "bool":
            return "yes" if value else "no"
        if self.kind == "enum":
            return self.value_labels.get(value, str(value))
        return str(value)


class LeaderInfo(Plain):
    _fields = ("id", "name", "short_name", "title", "country", "summary", "variables")
    __slots__ = ("country", "id", "name", "short_name", "summary", "title", "variables")
    id: str
    name: str
    short_name: str
    title: str
    country: str
    summary: str
    variables: list[VarInfo]

    def __init__(
        self,
        id: str,
        name: str,
        short_name: str,
        title: str,
        country: str,
        summary: str,
        variables: list[VarInfo],
    ) -> None:
        self.id = id
        self.name = name
        self.short_name = short_name
        self.title = title
        self.country = country
        self.summary = summary
        self.variables = variables


class CResponse(Plain):
    _fields = ("leader", "index", "uid", "speaker", "cond", "text", "because", "effect")
    __slots__ = ("because", "cond", "effect", "index", "leader", "speaker", "text", "uid")
    leader: str
    index: int  # among the leader's variants for this choice
    uid: int  # among all the scenario's responses (see CompiledScenario.response_keys)
    speaker: str | None
    cond: Compiled | None
    text: Callable[[Any], str]
    because: str
    effect: Fn | None  # its effects, joined into one function

    def __init__(
        self,
        leader: str,
        index: int,
        uid: int,
        speaker: str | None,
        cond: Compiled | None,
        text: Callable[[Any], str],
        because: str,
        effect: Fn | None,
    ) -> None:
        self.leader = leader
        self.index = index
        self.uid = uid
        self.speaker = speaker
        self.cond = cond
        self.text = text
        self.because = because
        self.effect = effect


class CLeaderResponses(Plain):
    """A leader's answer to a choice: the variants, and ``pick(s)``, which gives the index
    of the first variant whose condition holds, or -1 (None: always the first)."""

    _fields = ("leader", "variants", "pick")
    __slots__ = ("leader", "pick", "variants")
    leader: str
    variants: tuple[CResponse, ...]
    pick: Fn | None

    def __init__(
        self,
        leader: str,
        variants: tuple[CResponse, ...],
        pick: Fn | None,
    ) -> None:
        self.leader = leader
        self.variants = variants
        self.pick = pick


class CChoice(Plain):
    _fields = (
        "id",
        "scene",
        "text",
        "cond",
        "locked",
        "historical",
        "effect",
        "responses",
        "routes",
        "route",
    )
    __slots__ = (
        "cond",
        "effect",
        "historical",
        "id",
        "locked",
        "responses",
        "route",
        "routes",
        "scene",
        "text",
    )
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

    def __init__(
        self,
        id: str,
        scene: str,
        text: Callable[[Any], str],
        cond: Compiled | None,
        locked: str | None,
        historical: bool,
        effect: Fn | None,
        responses: tuple[CLeaderResponses, ...],
        routes: Routes,
        route: Fn | None,
    ) -> None:
        self.id = id
        self.scene = scene
        self.text = text
        self.cond = cond
        self.locked = locked
        self.historical = historical
        self.effect = effect
        self.responses = responses
        self.routes = routes
        self.route = route


class CScene(Plain):
    _fields = (
        "id",
        "title",
        "date",
        "place",
        "present",
        "text",
        "on_enter",
        "choices",
        "routes",
        "route",
        "open_choices",
        "any_open",
        "events",
        "event_scan",
        "event_rescan",
    )
    __slots__ = (
        "any_open",
        "choices",
        "date",
        "event_rescan",
        "event_scan",
        "events",
        "id",
        "on_enter",
        "open_choices",
        "place",
        "present",
        "route",
        "routes",
        "text",
        "title",
    )
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
    events: tuple[CEvent, ...]
    # event_scan(s): the index in `events` of the first event that fires now, or -1.
    # An event fires when it has not fired yet (if once), its `when` holds, and then its
    # chance comes up, in that order. event_rescan(s, i) looks from index i on (after
    # an event fired, when more may fire in the same turn).
    event_scan: Fn | None
    event_rescan: Callable[[Any, int], int] | None

    def __init__(
        self,
        id: str,
        title: str,
        date: Callable[[Any], str] | None,
        place: Callable[[Any], str] | None,
        present: list[str],
        text: Callable[[Any], str],
        on_enter: Fn | None,
        choices: tuple[CChoice, ...],
        routes: Routes,
        route: Fn | None,
        open_choices: Fn | None,
        any_open: Fn | None,
        events: tuple[CEvent, ...] = (),
        event_scan: Fn | None = None,
        event_rescan: Callable[[Any, int], int] | None = None,
    ) -> None:
        self.id = id
        self.title = title
        self.date = date
        self.place = place
        self.present = present
        self.text = text
        self.on_enter = on_enter
        self.choices = choices
        self.routes = routes
        self.route = route
        self.open_choices = open_choices
        self.any_open = any_open
        self.events = events
        self.event_scan = event_scan
        self.event_rescan = event_rescan


class CEvent(Plain):
    _fields = (
        "id",
        "title",
        "text",
        "when",
        "chance",
        "once",
        "scenes",
        "injectable",
        "effect",
        "goto",
    )
    __slots__ = (
        "chance",
        "effect",
        "goto",
        "id",
        "injectable",
        "once",
        "scenes",
        "text",
        "title",
        "when",
    )
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

    def __init__(
        self,
        id: str,
        title: str,
        text: Callable[[Any], str],
        when: Compiled | None,
        chance: Compiled | None,
        once: bool,
        scenes: frozenset[str] | None,
        injectable: bool,
        effect: Fn | None,
        goto: str | None,
    ) -> None:
        self.id = id
        self.title = title
        self.text = text
        self.when = when
        self.chance = chance
        self.once = once
        self.scenes = scenes
        self.injectable = injectable
        self.effect = effect
        self.goto = goto


class DimensionInfo(Plain):
    _fields = ("id", "label", "lo", "hi", "higher_is", "description")
    __slots__ = ("description", "hi", "higher_is", "id", "label", "lo")
    id: str
    label: str
    lo: int
    hi: int
    higher_is: str
    description: str | None

    def __init__(
        self,
        id: str,
        label: str,
        lo: int,
        hi: int,
        higher_is: str,
        description: str | None,
    ) -> None:
        self.id = id
        self.label = label
        self.lo = lo
        self.hi = hi
        self.higher_is = higher_is
        self.description = description


class CEnding(Plain):
    _fields = ("id", "title", "text", "scores", "debrief")
    __slots__ = ("debrief", "id", "scores", "text", "title")
    id: str
    title: str
    text: Callable[[Any], str]
    scores: list[tuple[DimensionInfo, Compiled]]
    debrief: str | None

    def __init__(
        self,
        id: str,
        title: str,
        text: Callable[[Any], str],
        scores: list[tuple[DimensionInfo, Compiled]],
        debrief: str | None,
    ) -> None:
        self.id = id
        self.title = title
        self.text = text
        self.scores = scores
        self.debrief = debrief


class CMember(Plain):
    _fields = ("id", "name", "permanent", "rules")
    __slots__ = ("id", "name", "permanent", "rules")
    id: str
    name: str
    permanent: bool
    rules: list[tuple[Compiled | None, str]]

    def __init__(
        self,
        id: str,
        name: str,
        permanent: bool,
        rules: list[tuple[Compiled | None, str]],
    ) -> None:
        self.id = id
        self.name = name
        self.permanent = permanent
        self.rules = rules


class CouncilVote(NamedTuple):
    """How one member votes (part of the engine's ``CouncilTally``)."""

    member: str
    name: str
    permanent: bool
    vote: str  # yes | no | abstain


class CCouncil(Plain):
    _fields = ("name", "needed", "members", "votes", "ballots")
    __slots__ = ("ballots", "members", "name", "needed", "votes")
    name: str
    needed: int
    members: list[CMember]
    votes: Fn  # every member's vote in one call: a tuple of "yes" | "no" | "abstain"
    # Per member, its CouncilVote for each way it can vote, made once.
    ballots: tuple[dict[str, CouncilVote], ...]

    def __init__(
        self,
        name: str,
        needed: int,
        members: list[CMember],
        votes: Fn,
        ballots: tuple[dict[str, CouncilVote], ...] = (),
    ) -> None:
        self.name = name
        self.needed = needed
        self.members = members
        self.votes = votes
        self.ballots = ballots
        self.__post_init__()

    def __post_init__(self) -> None:
        self.ballots = tuple(
            {v: CouncilVote(m.id, m.name, m.permanent, v) for v in ("yes", "no", "abstain")}
            for m in self.members
        )


class CRole(Plain):
    _fields = ("id", "name", "briefing", "objectives", "start", "effect")
    __slots__ = ("briefing", "effect", "id", "name", "objectives", "start")
    id: str
    name: str
    briefing: str
    objectives: list[str]
    start: str
    effect: Fn | None

    def __init__(
        self,
        id: str,
        name: str,
        briefing: str,
        objectives: list[str],
        start: str,
        effect: Fn | None,
    ) -> None:
        self.id = id
        self.name = name
        self.briefing = briefing
        self.objectives = objectives
        self.start = start
        self.effect = effect


class CompiledScenario(Plain):
    """Everything the engine needs to run a scenario."""

    _fields = (
        "model",
        "content_hash",
        "variables",
        "var_by_name",
        "leaders",
        "scenes",
        "choices",
        "endings",
        "events",
        "roles",
        "dimensions",
        "council",
        "start",
        "events_per_turn",
        "initial",
        "responses_total",
        "asked_scenes",
        "asked_choices",
        "_response_keys",
        "_stages",
    )
    __slots__ = (
        "_response_keys",
        "_stages",
        "asked_choices",
        "asked_scenes",
        "choices",
        "content_hash",
        "council",
        "dimensions",
        "endings",
        "events",
        "events_per_turn",
        "initial",
        "leaders",
        "model",
        "responses_total",
        "roles",
        "scenes",
        "start",
        "var_by_name",
        "variables",
    )
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
    responses_total: int
    # The ids that expressions test with visited() and chosen(): the engine keeps a set of
    # those as the game goes (see game.engine.game.State).
    asked_scenes: frozenset[str]
    asked_choices: frozenset[str]
    _response_keys: list[tuple[str, str, int]] | None
    # The engine's own running form of the scenes (game.engine.game.Stages), made by the
    # first Game; None until then.
    _stages: Any

    def __init__(
        self,
        model: Scenario,
        content_hash: str,
        variables: list[VarInfo],
        var_by_name: dict[str, VarInfo],
        leaders: dict[str, LeaderInfo],
        scenes: dict[str, CScene],
        choices: dict[str, CChoice],
        endings: dict[str, CEnding],
        events: list[CEvent],
        roles: dict[str, CRole],
        dimensions: list[DimensionInfo],
        council: CCouncil | None,
        start: str,
        events_per_turn: int,
        initial: list[Any],
        responses_total: int = 0,
        asked_scenes: frozenset[str] = frozenset(),
        asked_choices: frozenset[str] = frozenset(),
        _response_keys: list[tuple[str, str, int]] | None = None,
        _stages: Any = None,
    ) -> None:
        self.model = model
        self.content_hash = content_hash
        self.variables = variables
        self.var_by_name = var_by_name
        self.leaders = leaders
        self.scenes = scenes
        self.choices = choices
        self.endings = endings
        self.events = events
        self.roles = roles
        self.dimensions = dimensions
        self.council = council
        self.start = start
        self.events_per_turn = events_per_turn
        self.initial = initial
        self.responses_total = responses_total
        self.asked_scenes = asked_scenes
        self.asked_choices = asked_choices
        self._response_keys = _response_keys
        self._stages = _stages

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
