"""The class report: collect save files, verify each by replay, aggregate the good ones.

A teacher points the report at the saves a class handed in. Every save is *verified*:
it is replayed through the deterministic engine (:func:`game.saves.replay.rebuild`),
and only a save whose log can be followed and whose summary agrees with the replay is
counted. Everything the report says about a game comes from the replay, never from the
file's own summary. A save that cannot be read, has a choice that could not have been
made, or whose summary disagrees with the replay is listed apart with the reason; one
bad file never stops the report.

The result is plain data (:class:`ClassReport`); :mod:`game.classroom.render` turns it
into a table, Markdown, CSV, HTML or JSON. No Rich or Textual here.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from game.engine import CompiledScenario
from game.saves.model import SaveFile
from game.saves.replay import ReplayDivergence, rebuild, scenario_for
from game.saves.store import SUFFIX, TEMP_PREFIX, SaveError, load_save

SCHEMA = "negotiator.report/1"  # the JSON shape; bump when it changes incompatibly
TOP_PATHS = 5

# Why a save is not counted (Problem.kind).
CORRUPT = "corrupt"  # the file cannot be read as a save
IMPOSSIBLE = "impossible"  # a recorded choice could not have been made
INCONSISTENT = "inconsistent"  # the summary in the file disagrees with the replay
UNPLAYABLE = "unplayable"  # the scenario or role is missing, or the content changed under it
PARTIAL = "partial"  # started mid-story or with chosen values (play --from / --set)
KINDS = {
    CORRUPT: "cannot be read",
    IMPOSSIBLE: "impossible choice (edited by hand?)",
    INCONSISTENT: "summary disagrees with the replay (edited by hand?)",
    UNPLAYABLE: "cannot be replayed here",
    PARTIAL: "not a whole game (started with --from or --set)",
}


class ReportError(Exception):
    """The report cannot be made at all (no such path, no saves found). For the user."""


# -- the data ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """A save that is not counted, and why."""

    file: str
    kind: str  # one of KINDS
    reason: str
    player: str | None = None  # when the file could be read
    class_code: str | None = None

    @property
    def name(self) -> str:
        return self.player or Path(self.file).stem


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was found but is not a save to count (not .json; a copy of a game)."""

    file: str
    reason: str


@dataclass(frozen=True, slots=True)
class Departure:
    """Where a player first left the historical path."""

    turn: int
    scene: str
    choice: str


@dataclass(frozen=True, slots=True)
class VoteTurn:
    """A class vote in a facilitator's game: option id -> votes, and what was chosen."""

    turn: int
    scene: str
    choice: str
    tally: tuple[tuple[str, int], ...]  # most votes first


@dataclass(eq=False)  # identity: a game is itself, and can key a dict
class GameLine:
    """One verified game: one line per student in the report. All from the replay."""

    file: str
    name: str  # the player's name, or the file's name when none was given
    player: str | None
    class_code: str | None
    scenario: str
    version: str  # the scenario version the game was saved with
    role: str
    role_name: str
    finished: bool
    ending: str | None
    ending_title: str | None
    scores: dict[str, int]
    turns: int  # choices made
    moves: tuple[tuple[str, str], ...]  # (scene, choice) for every choice, in order
    departure: Departure | None  # None: never left the historical path
    votes: tuple[VoteTurn, ...] = ()
    injected: int = 0  # events a facilitator injected
    warnings: tuple[str, ...] = ()
    seed: int = 0
    created: datetime | None = None
    updated: datetime | None = None
    log_entries: int = 0
    undos: int = 0  # turns the player took back
    cs: CompiledScenario | None = field(default=None, repr=False, compare=False)

    @property
    def facilitated(self) -> bool:
        return bool(self.votes) or self.injected > 0

    @property
    def scene_path(self) -> tuple[str, ...]:
        """The decision points in order, then the ending (or '…' if unfinished)."""
        return (*(s for s, _ in self.moves), self.ending or "…")

    @property
    def choice_path(self) -> tuple[str, ...]:
        return (*(c for _, c in self.moves), self.ending or "…")


@dataclass(frozen=True, slots=True)
class EndingStat:
    id: str
    title: str
    count: int
    share: float  # of the finished games


@dataclass(frozen=True, slots=True)
class DimensionStat:
    id: str
    label: str
    lo: int
    hi: int
    higher_is: str  # better | worse
    n: int  # finished games with this score
    mean: float | None
    min: int | None
    max: int | None


@dataclass(frozen=True, slots=True)
class OptionStat:
    id: str
    text: str
    historical: bool
    chosen: int  # times chosen (a player may come back to a scene)
    players: int  # players who chose it at least once
    share: float  # players / players who reached the decision point


@dataclass(frozen=True, slots=True)
class DecisionPoint:
    scene: str
    title: str
    reached: int  # players who made at least one choice here
    options: tuple[OptionStat, ...]
    historical: tuple[str, ...]  # the historical choice(s) here, if any
    left_historical: int  # players who reached it and never took a historical choice
    left_share: float  # left_historical / reached


@dataclass(frozen=True, slots=True)
class PathStat:
    steps: tuple[str, ...]
    count: int
    share: float  # of the games


@dataclass(frozen=True, slots=True)
class DepartureStat:
    scene: str
    title: str
    count: int  # players who first left the historical path here


@dataclass
class ScenarioSummary:
    """The aggregates for the games of one scenario."""

    id: str
    title: str
    version: str  # the version installed here, which the replays used
    saved_versions: dict[str, int]  # version -> games saved with it
    games: list[GameLine]
    students: int
    finished: int
    endings: list[EndingStat]
    dimensions: list[DimensionStat]
    decisions: list[DecisionPoint]
    scene_paths: list[PathStat]
    choice_paths: list[PathStat]
    departures: list[DepartureStat]
    stayed_historical: int  # games that never left the historical path
    votes: list[tuple[GameLine, VoteTurn]]
    has_history: bool = False  # the scenario marks some choices as historical

    @property
    def unfinished(self) -> int:
        return len(self.games) - self.finished

    def scene_title(self, scene: str) -> str:
        for cs in _scenarios_of(self.games):
            if scene in cs.scenes:
                return cs.scenes[scene].title
            if scene in cs.endings:
                return cs.endings[scene].title
        return scene

    def choice_text(self, choice: str) -> str:
        for cs in _scenarios_of(self.games):
            t = _choice_texts(cs).get(choice)
            if t is not None:
                return t
        return choice


@dataclass
class ClassReport:
    """Everything the report says: per-scenario aggregates, the lines, what was left out."""

    inputs: list[str]
    scenarios: list[ScenarioSummary]
    problems: list[Problem]
    skipped: list[Skipped]
    files: int  # save files read
    seconds: float = 0.0
    generated: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @property
    def games(self) -> list[GameLine]:
        """Every counted game, ordered by class, name and file."""
        out = [g for s in self.scenarios for g in s.games]
        return sorted(out, key=lambda g: (g.class_code or "", g.name.casefold(), g.file))

    @property
    def counted(self) -> int:
        return sum(len(s.games) for s in self.scenarios)

    @property
    def students(self) -> int:
        return len({_identity(g) for s in self.scenarios for g in s.games})

    @property
    def finished(self) -> int:
        return sum(s.finished for s in self.scenarios)

    def shown(self, file: str) -> str:
        """A file as the report's tables show it: relative to the folder it was found in
        (the JSON and CSV keep the path as found, for tools)."""
        for root in self.inputs:
            prefix = root.rstrip("/" + os.sep) + os.sep
            if file.startswith(prefix) and len(file) > len(prefix):
                return file[len(prefix) :]
        return file

    @property
    def dimension_columns(self) -> list[tuple[str, str]]:
        """(id, label) of every outcome dimension, across scenarios, in order."""
        seen: dict[str, str] = {}
        for s in self.scenarios:
            for d in s.dimensions:
                seen.setdefault(d.id, d.label)
        return list(seen.items())


# -- collecting files -------------------------------------------------------------------


def collect(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[Path], list[Skipped]]:
    """The save files named by ``paths`` (files, or folders searched recursively).

    In a folder, ``*.json`` files are saves; temporary files of atomic writes and hidden
    files are ignored; other files are returned as skipped. A file named directly is
    always tried. Raises :class:`ReportError` for a path that does not exist.
    """
    files: list[Path] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        try:
            key = str(p.resolve())
        except OSError:
            key = str(p)
        if key not in seen:
            seen.add(key)
            files.append(p)

    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise ReportError(f"there is no file or folder '{raw}'")
        if not p.is_dir():
            add(p)
            continue

        def unreadable(e: OSError, top: Path = p) -> None:
            skipped.append(
                Skipped(str(e.filename or top), f"cannot read this folder: {e.strerror or e}")
            )

        for root, dirs, names in os.walk(p, onerror=unreadable):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                f = Path(root) / name
                if name.startswith((TEMP_PREFIX, ".")):
                    continue  # an atomic write's temp file, or a hidden file
                if (
                    name.endswith((".html", ".md"))
                    and (Path(root) / (name.rsplit(".", 1)[0] + SUFFIX)).exists()
                ):
                    continue  # a transcript exported next to its save (the TUI does this)
                if name.endswith(SUFFIX):
                    add(f)
                else:
                    skipped.append(Skipped(str(f), "not a save file (saves end in .json)"))
    return files, skipped


# -- verifying one save -----------------------------------------------------------------


class _Scenarios:
    """Compiled scenarios, loaded once each: saves name the same one again and again."""

    def __init__(self) -> None:
        self._by_ref: dict[tuple[str, str | None], CompiledScenario | SaveError] = {}
        self._by_hash: dict[tuple[str, str], CompiledScenario] = {}

    def get(self, save: SaveFile) -> CompiledScenario:
        key = (save.scenario.id, save.scenario.source)
        hit = self._by_ref.get(key)
        if hit is None:
            try:
                cs = scenario_for(save)
                # Two sources for the same content (an id and its folder) share one object.
                hit = self._by_hash.setdefault((cs.id, cs.content_hash), cs)
            except SaveError as e:
                hit = e
            self._by_ref[key] = hit
        if isinstance(hit, SaveError):
            raise hit
        return hit


def _reason(e: Exception, path: Path) -> str:
    # load_save names the file in its messages; the report shows the file beside it.
    msg = str(e)
    quoted = f"'{path}'"
    if msg.startswith(quoted):
        return "the file" + msg[len(quoted) :]
    return msg.replace(quoted, "the file")


def verify(path: Path, scenarios: _Scenarios | None = None) -> GameLine | Problem:
    """Read and replay one save: a :class:`GameLine` if it is sound, else a
    :class:`Problem` saying why not. Never raises for a bad file."""
    scenarios = scenarios or _Scenarios()
    shown = str(path)
    try:
        save = load_save(path)
    except SaveError as e:
        return Problem(shown, CORRUPT, _reason(e, path))
    except Exception as e:  # one bad file never stops the report
        return Problem(shown, CORRUPT, f"the file could not be read: {type(e).__name__}: {e}")
    who = {"player": save.player, "class_code": save.class_code}
    if save.start is not None or save.values:
        # An author's "test from here" is a real replay, but not a game from the start:
        # its scores say nothing about the class (and --set could choose them).
        how = [f"from the scene '{save.start}'"] if save.start is not None else []
        how += (
            [f"with {', '.join(f'{k} = {v!r}' for k, v in (save.values or {}).items())}"]
            if save.values
            else []
        )
        return Problem(
            shown,
            PARTIAL,
            f"the game was started {' and '.join(how)}, not from the beginning",
            **who,
        )
    try:
        cs = scenarios.get(save)
        rebuilt = rebuild(save, cs)
    except ReplayDivergence as e:
        changed = e.rebuilt_so_far.content_changed
        return Problem(shown, UNPLAYABLE if changed else IMPOSSIBLE, str(e), **who)
    except SaveError as e:
        return Problem(shown, UNPLAYABLE, str(e), **who)
    except Exception as e:
        return Problem(shown, UNPLAYABLE, f"the replay failed: {type(e).__name__}: {e}", **who)
    if rebuilt.inconsistent:
        return Problem(shown, INCONSISTENT, "; ".join(rebuilt.inconsistencies), **who)
    try:
        return _line(path, save, cs, rebuilt)
    except Exception as e:  # e.g. an ending whose score fails in this content
        return Problem(shown, UNPLAYABLE, f"the replayed game cannot be scored: {e}", **who)


def _line(path: Path, save: SaveFile, cs: CompiledScenario, rebuilt: Any) -> GameLine:
    game = rebuilt.game
    ending = game.ending() if game.finished else None
    historical = _historical_scenes(cs)
    moves: list[tuple[str, str]] = []
    votes: list[VoteTurn] = []
    departure: Departure | None = None
    injected = 0
    for step in rebuilt.steps:
        t = step.turn
        if t is None:
            injected += 1
            continue
        moves.append((t.scene, t.choice))
        if departure is None and historical.get(t.scene) and t.choice not in historical[t.scene]:
            departure = Departure(t.number, t.scene, t.choice)
        if step.record.votes:
            tally = tuple(sorted(step.record.votes.items(), key=lambda kv: (-kv[1], kv[0])))
            votes.append(VoteTurn(t.number, t.scene, t.choice, tally))
    return GameLine(
        file=str(path),
        name=save.player or path.stem,
        player=save.player,
        class_code=save.class_code,
        scenario=cs.id,
        version=save.scenario.version,
        role=save.role,
        role_name=game.role.name,
        finished=game.finished,
        ending=ending.id if ending else None,
        ending_title=ending.title if ending else None,
        scores={s.dimension: s.value for s in ending.scores} if ending else {},
        turns=game.turn_number,
        moves=tuple(moves),
        departure=departure,
        votes=tuple(votes),
        injected=injected,
        warnings=tuple(rebuilt.warnings),
        seed=save.seed,
        created=save.created,
        updated=save.updated,
        log_entries=len(save.turns),
        undos=save.undos,
        cs=cs,
    )


# Per-scenario lookups, computed once per compiled scenario.
_HIST: dict[int, tuple[CompiledScenario, dict[str, frozenset[str]]]] = {}
_TEXTS: dict[int, tuple[CompiledScenario, dict[str, str]]] = {}


def _historical_scenes(cs: CompiledScenario) -> dict[str, frozenset[str]]:
    """scene id -> its historical choice ids (only scenes that have one)."""
    hit = _HIST.get(id(cs))
    if hit is None or hit[0] is not cs:
        table = {
            sid: frozenset(c.id for c in sc.choices if c.historical)
            for sid, sc in cs.scenes.items()
            if any(c.historical for c in sc.choices)
        }
        hit = _HIST[id(cs)] = (cs, table)
    return hit[1]


def _choice_texts(cs: CompiledScenario) -> dict[str, str]:
    """choice id -> its text as the author wrote it."""
    hit = _TEXTS.get(id(cs))
    if hit is None or hit[0] is not cs:
        table = {c.id: " ".join(c.text.split()) for sc in cs.model.scenes for c in sc.choices}
        hit = _TEXTS[id(cs)] = (cs, table)
    return hit[1]


def _scenarios_of(games: Iterable[GameLine]) -> list[CompiledScenario]:
    """The distinct compiled scenarios of some games, the most used first."""
    count: Counter[int] = Counter()
    by_id: dict[int, CompiledScenario] = {}
    for g in games:
        if g.cs is not None:
            count[id(g.cs)] += 1
            by_id[id(g.cs)] = g.cs
    return [by_id[k] for k, _ in count.most_common()]


def _identity(g: GameLine) -> tuple[str, str]:
    return ((g.class_code or "").casefold(), g.name.strip().casefold())


# -- copies of one game ---------------------------------------------------------------


def _drop_copies(lines: list[GameLine]) -> tuple[list[GameLine], list[Skipped]]:
    """Keep one save per game. A student's folder may hold the autosave and named copies
    of the same game (same player, scenario, role, seed and start time): counting them
    all would count one game several times. The one with the longest log is kept."""
    groups: dict[tuple[Any, ...], list[GameLine]] = defaultdict(list)
    for g in lines:
        key = (g.player, g.class_code, g.scenario, g.role, g.seed, g.created)
        groups[key].append(g)
    kept: list[GameLine] = []
    skipped: list[Skipped] = []
    for same in groups.values():
        same.sort(
            key=lambda g: (-g.log_entries, -(g.updated.timestamp() if g.updated else 0), g.file)
        )
        kept.append(same[0])
        for other in same[1:]:
            skipped.append(
                Skipped(
                    other.file, f"another save of the same game is counted instead: {same[0].file}"
                )
            )
    return kept, skipped


# -- aggregating --------------------------------------------------------------------------


def _share(a: int, b: int) -> float:
    return a / b if b else 0.0


def summarise_scenario(games: list[GameLine]) -> ScenarioSummary:
    """The aggregates for games of one scenario (all verified)."""
    css = _scenarios_of(games)
    cs = css[0]
    n = len(games)
    finished = [g for g in games if g.finished]
    out = ScenarioSummary(
        id=cs.id,
        title=cs.title,
        version=cs.version,
        saved_versions=dict(sorted(Counter(g.version for g in games).items())),
        games=sorted(games, key=lambda g: (g.class_code or "", g.name.casefold(), g.file)),
        students=len({_identity(g) for g in games}),
        finished=len(finished),
        endings=[],
        dimensions=[],
        decisions=[],
        scene_paths=[],
        choice_paths=[],
        departures=[],
        stayed_historical=sum(1 for g in games if g.departure is None),
        votes=[],
        has_history=any(c.historical for x in css for c in x.choices.values()),
    )
    # Endings, most common first.
    ends = Counter(g.ending for g in finished)
    titles = {g.ending: g.ending_title or g.ending for g in finished}
    out.endings = [
        EndingStat(e, titles[e], c, _share(c, len(finished)))
        for e, c in sorted(ends.items(), key=lambda kv: (-kv[1], kv[0] or ""))
        if e is not None
    ]
    # Outcome dimensions, in the scenario's order, then any others the games scored.
    dims = {d.id: d for c in reversed(css) for d in c.dimensions}
    order = [d.id for d in cs.dimensions]
    order += [d for g in finished for d in g.scores if d not in order]
    order = list(dict.fromkeys(order))
    for did in order:
        vals = [g.scores[did] for g in finished if did in g.scores]
        info = dims.get(did)
        out.dimensions.append(
            DimensionStat(
                did,
                info.label if info else did,
                info.lo if info else min(vals, default=0),
                info.hi if info else max(vals, default=0),
                info.higher_is if info else "better",
                len(vals),
                sum(vals) / len(vals) if vals else None,
                min(vals) if vals else None,
                max(vals) if vals else None,
            )
        )
    # Decision points: who reached each, and who took which option.
    chosen: Counter[tuple[str, str]] = Counter()
    players: dict[tuple[str, str], set[int]] = defaultdict(set)
    reached: dict[str, set[int]] = defaultdict(set)
    for k, g in enumerate(games):
        for scene, choice in g.moves:
            chosen[(scene, choice)] += 1
            players[(scene, choice)].add(k)
            reached[scene].add(k)
    scene_order = {sid: i for c in reversed(css) for i, sid in enumerate(c.scenes)}
    for scene in sorted(reached, key=lambda s: (scene_order.get(s, len(scene_order)), s)):
        sc = next((c.scenes[scene] for c in css if scene in c.scenes), None)
        option_ids = [c.id for c in sc.choices] if sc else []
        option_ids += sorted({ch for (s, ch) in chosen if s == scene and ch not in option_ids})
        hist = tuple(c.id for c in sc.choices if c.historical) if sc else ()
        r = len(reached[scene])
        options = tuple(
            OptionStat(
                ch,
                out.choice_text(ch),
                ch in hist,
                chosen[(scene, ch)],
                len(players[(scene, ch)]),
                _share(len(players[(scene, ch)]), r),
            )
            for ch in option_ids
        )
        took = set().union(*(players[(scene, h)] for h in hist)) if hist else set()
        left = len(reached[scene] - took) if hist else 0
        out.decisions.append(
            DecisionPoint(
                scene,
                sc.title if sc else scene,
                r,
                options,
                hist,
                left,
                _share(left, r) if hist else 0.0,
            )
        )
    # The most common paths.
    for attr, target in (("scene_path", out.scene_paths), ("choice_path", out.choice_paths)):
        paths = Counter(getattr(g, attr) for g in games)
        for steps, c in sorted(paths.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_PATHS]:
            target.append(PathStat(steps, c, _share(c, n)))
    # Where players first left the historical path.
    first = Counter(g.departure.scene for g in games if g.departure is not None)
    out.departures = [
        DepartureStat(s, out.scene_title(s), c)
        for s, c in sorted(first.items(), key=lambda kv: (scene_order.get(kv[0], 0), kv[0]))
    ]
    # Class votes (facilitator games).
    out.votes = [(g, v) for g in out.games for v in g.votes]
    return out


def build_report(paths: Sequence[str | os.PathLike[str]]) -> ClassReport:
    """Collect, verify and aggregate the saves under ``paths``.

    Raises :class:`ReportError` when a path does not exist or there are no save files at
    all. Bad saves do not raise: they are listed in ``problems``.
    """
    started = time.perf_counter()
    files, skipped = collect(paths)
    if not files:
        where = ", ".join(str(p) for p in paths)
        raise ReportError(f"no save files (*.json) found in {where}")
    scenarios = _Scenarios()
    lines: list[GameLine] = []
    problems: list[Problem] = []
    for f in files:
        result = verify(f, scenarios)
        (lines if isinstance(result, GameLine) else problems).append(result)  # type: ignore[arg-type]
    lines, copies = _drop_copies(lines)
    by_scenario: dict[str, list[GameLine]] = defaultdict(list)
    for g in lines:
        by_scenario[g.scenario].append(g)
    summaries = [summarise_scenario(gs) for gs in by_scenario.values()]
    summaries.sort(key=lambda s: (-len(s.games), s.id))
    return ClassReport(
        inputs=[str(p) for p in paths],
        scenarios=summaries,
        problems=problems,
        skipped=skipped + copies,
        files=len(files),
        seconds=time.perf_counter() - started,
    )
