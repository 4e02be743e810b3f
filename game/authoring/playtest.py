"""Automatic playtesting: play many games and report coverage and faults.

Game *i* uses seed ``seed + i`` (both for the game and for the strategy's own picks), so
any run can be reproduced exactly from its seed, role and the choices reported.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from game.engine.game import P_ID, EngineError, Game, Marks, Plan, stages
from game.engine.runtime import CompiledScenario

STRATEGIES = ("random", "least-used", "exhaustive")


@dataclass
class RunError:
    seed: int
    role: str
    choices: list[str]
    scene: str | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "role": self.role,
            "choices": self.choices,
            "scene": self.scene,
            "message": self.message,
        }


@dataclass
class PlaytestReport:
    scenario: str
    strategy: str
    runs: int = 0
    choices_made: int = 0
    seconds: float = 0.0
    endings: Counter[str] = field(default_factory=Counter)
    unfinished: int = 0
    scenes_total: int = 0
    choices_total: int = 0
    responses_total: int = 0
    endings_total: int = 0
    scenes_seen: set[str] = field(default_factory=set)
    choices_seen: set[str] = field(default_factory=set)
    responses_seen: set[tuple[str, str, int]] = field(default_factory=set)
    events_seen: Counter[str] = field(default_factory=Counter)
    errors: list[RunError] = field(default_factory=list)
    unreached_scenes: list[str] = field(default_factory=list)
    unreached_choices: list[str] = field(default_factory=list)
    unreached_responses: list[str] = field(default_factory=list)
    unreached_endings: list[str] = field(default_factory=list)
    states: int | None = None  # exhaustive: distinct states explored
    truncated: bool = False  # exhaustive: stopped at the bound

    @property
    def choices_per_second(self) -> float:
        return self.choices_made / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "strategy": self.strategy,
            "runs": self.runs,
            "choices_made": self.choices_made,
            "seconds": round(self.seconds, 4),
            "choices_per_second": round(self.choices_per_second),
            "endings": dict(sorted(self.endings.items())),
            "unfinished": self.unfinished,
            "scenes_total": self.scenes_total,
            "scenes_visited": len(self.scenes_seen),
            "choices_total": self.choices_total,
            "choices_taken": len(self.choices_seen),
            "responses_total": self.responses_total,
            "responses_used": len(self.responses_seen),
            "endings_total": self.endings_total,
            "endings_reached": len(self.endings),
            "events": dict(sorted(self.events_seen.items())),
            "unreached": {
                "scenes": self.unreached_scenes,
                "choices": self.unreached_choices,
                "responses": self.unreached_responses,
                "endings": self.unreached_endings,
            },
            "errors": [e.to_json() for e in self.errors],
        }
        if self.states is not None:
            out["states"] = self.states
            out["truncated"] = self.truncated
        return out


def _finish(
    report: PlaytestReport, cs: CompiledScenario, started: float, marks: Marks
) -> PlaytestReport:
    # `seconds` is the time spent playing; summing up coverage below is not counted, so
    # that choices per second measures the engine whatever the size of the scenario.
    report.seconds = time.perf_counter() - started
    st = stages(cs)
    report.scenes_seen |= {st.scene_ids[i] for i in Marks.reached(marks.scenes)}
    report.choices_seen |= {st.choice_ids[i] for i in Marks.reached(marks.choices)}
    keys = cs.response_keys()
    report.responses_seen |= {keys[i] for i in Marks.reached(marks.responses)}
    seen_all = report.responses_seen
    report.scenes_total = len(cs.scenes)
    report.choices_total = len(cs.choices)
    report.responses_total = cs.responses_total
    report.endings_total = len(cs.endings)
    report.unreached_scenes = [s for s in cs.scenes if s not in report.scenes_seen]
    report.unreached_choices = [c for c in cs.choices if c not in report.choices_seen]
    report.unreached_responses = [f"{k[0]}/{k[1]}#{k[2] + 1}" for k in keys if k not in seen_all]
    report.unreached_endings = [e for e in cs.endings if e not in report.endings]
    return report


def playtest(
    cs: CompiledScenario,
    runs: int = 100,
    seed: int = 0,
    strategy: str = "random",
    role: str | None = None,
    start: str | None = None,
    values: dict[str, Any] | None = None,
    max_turns: int = 500,
    max_states: int = 200_000,
) -> PlaytestReport:
    """Play ``runs`` games with a strategy and report coverage, endings and faults.

    Without ``role``, games take the scenario's roles in turn.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy '{strategy}' (use {', '.join(STRATEGIES)})")
    if role is not None and role not in cs.roles:
        raise ValueError(f"no role '{role}' (roles: {', '.join(cs.roles)})")
    report = PlaytestReport(cs.id, strategy)
    started = time.perf_counter()
    # What the games reach (see Marks): made into report.scenes_seen, choices_seen and
    # responses_seen at the end.
    marks = Marks(cs)
    if strategy == "exhaustive":
        _exhaustive(cs, report, seed, role, start, values, max_states, max_turns, marks)
        return _finish(report, cs, started, marks)
    roles = [role] if role else list(cs.roles)
    uses: Counter[str] = Counter()
    least = strategy == "least-used"
    for i in range(runs):
        game_seed = seed + i
        r = roles[i % len(roles)]
        picker = random.Random(game_seed)
        try:
            g = Game(cs, r, game_seed, start=start, values=values, marks=marks)
        except EngineError as e:
            report.errors.append(RunError(game_seed, r, [], e.scene, str(e)))
            report.runs += 1
            continue
        state = g.state
        made = 0
        try:
            while state.ending is None:
                if made >= max_turns:
                    report.unfinished += 1
                    break
                # The scene's choices as plans (see game.engine.game.Stage): picking one
                # reads only the plan picked, not every choice of the scene.
                stage = state.here
                assert stage is not None
                plans = stage.plans
                opens = stage.open_choices
                if least:
                    avail: Sequence[Plan] = (
                        plans
                        if opens is None
                        else [p for p, ok in zip(plans, opens(state), strict=True) if ok]
                    )
                    low = min(uses[p[P_ID]] for p in avail)
                    pool = [p for p in avail if uses[p[P_ID]] == low]
                    pick = pool[0] if len(pool) == 1 else pool[int(picker.random() * len(pool))]
                    uses[pick[P_ID]] += 1
                elif opens is None:
                    n = len(plans)
                    pick = plans[0] if n == 1 else plans[int(picker.random() * n)]
                else:
                    open_ = [i for i, ok in enumerate(opens(state)) if ok]
                    n = len(open_)
                    pick = plans[open_[0] if n == 1 else open_[int(picker.random() * n)]]
                g.play(pick)
                made += 1
        except EngineError as e:
            report.errors.append(
                RunError(game_seed, r, g.history, e.scene, str(e))  # with the one that failed
            )
        except (ArithmeticError, TypeError, ValueError) as e:
            report.errors.append(
                RunError(game_seed, r, g.history, state.scene, f"an expression failed: {e}")
            )
        report.runs += 1
        report.choices_made += made
        for ev in state.fired:
            report.events_seen[ev] += 1
        if state.ending is not None:
            report.endings[state.ending] += 1
    return _finish(report, cs, started, marks)


def _exhaustive(
    cs: CompiledScenario,
    report: PlaytestReport,
    seed: int,
    role: str | None,
    start: str | None,
    values: dict[str, Any] | None,
    max_states: int,
    max_turns: int,
    marks: Marks,
) -> None:
    """Depth-first search over every distinct reachable state, up to ``max_states``.

    Random draws follow the game's seeded RNG, so this explores every choice sequence
    for that seed; run it with several seeds to cover more random outcomes. Coverage
    counts every step tried (the games share one Marks), as the other strategies do:
    also the steps past ``max_states``, and a choice whose step failed.
    """
    roles = [role] if role else list(cs.roles)
    seen_states: set[Any] = set()
    for r in roles:
        try:
            root = Game(cs, r, seed, start=start, values=values, marks=marks)
        except EngineError as e:
            report.errors.append(RunError(seed, r, [], e.scene, str(e)))
            continue
        stack = [root]
        while stack:
            g = stack.pop()
            key = g.state_key()
            if key in seen_states:
                continue
            if len(seen_states) >= max_states:
                report.truncated = True
                break
            seen_states.add(key)
            st = g.state
            if st.ending is not None:
                report.endings[st.ending] += 1
                report.runs += 1
                continue
            if g.turn_number >= max_turns:
                report.unfinished += 1
                continue
            for c in g.available():
                child = g.fork()
                try:
                    child.step(c)
                except EngineError as e:
                    report.errors.append(RunError(seed, r, [*g.history, c.id], e.scene, str(e)))
                    continue
                except (ArithmeticError, TypeError, ValueError) as e:
                    report.errors.append(
                        RunError(
                            seed, r, [*g.history, c.id], st.scene, f"an expression failed: {e}"
                        )
                    )
                    continue
                report.choices_made += 1
                for ev in child.state.fired - st.fired:
                    report.events_seen[ev] += 1
                stack.append(child)
    report.states = len(seen_states)
