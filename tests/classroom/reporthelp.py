"""Helpers for the class report tests: a class of real saves from seeded automatic play,
what each game did (recorded while it was played, so that tests can count on their own),
and the damage a broken or hand-edited file shows."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from game.engine import CompiledScenario
from game.saves.session import SaveSession
from game.saves.store import SaveStore

NAMES = [
    "Ana", "Ben", "Chloé", "Dara", "Emil", "Farah", "Gus", "Hana", "Ivo", "Jun",
    "Kofi", "Lena", "Milo", "Nia", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tess",
    "Uma", "Vik", "Wren", "Xiu", "Yara", "Zeno",
]  # fmt: skip


@dataclass
class Played:
    """One game as it was played (not as the report replays it)."""

    path: Path
    player: str | None
    class_code: str | None
    scenario: str
    role: str
    finished: bool
    ending: str | None
    scores: dict[str, int]
    turns: int
    moves: list[tuple[str, str]]  # (scene, choice)
    votes: list[dict[str, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.player or self.path.stem


def play_saved(
    cs: CompiledScenario,
    store: SaveStore,
    name: str,
    seed: int,
    *,
    player: str | None,
    class_code: str | None = "7B",
    role: str | None = None,
    max_turns: int = 200,
    stop_after: int | None = None,
    votes: bool = False,
    source: str | None = None,
    start: str | None = None,
    values: dict | None = None,
) -> tuple[SaveSession, Played]:
    """Play one game with seeded random picks among the options offered, and save it as
    NAME. ``stop_after`` leaves it unfinished; ``votes`` records a class vote with each
    choice (as a facilitator's game does). Played in memory and written once, for speed."""
    rng = random.Random(seed)
    role = role or list(cs.roles)[seed % len(cs.roles)]
    s = SaveSession.new(
        cs,
        role,
        seed,
        store=None,
        player=player,
        class_code=class_code,
        source=source or cs.id,
        start=start,
        values=values,
    )
    tallies: list[dict[str, int]] = []
    for k in range(max_turns):
        if s.game.finished or (stop_after is not None and k >= stop_after):
            break
        options = [o for o in s.game.options() if o.available]
        pick = rng.choice(options)
        tally = None
        if votes:
            tally = {o.id: rng.randrange(0, 6) for o in options}
            tally[pick.id] = max(tally.values()) + 1
            tallies.append(tally)
        s.choose(pick.id, votes=tally)
    path = store.write(s.save, name)
    ending = s.game.ending()
    played = Played(
        path=path,
        player=player,
        class_code=class_code,
        scenario=cs.id,
        role=role,
        finished=s.game.finished,
        ending=ending.id if ending else None,
        scores={x.dimension: x.value for x in ending.scores} if ending else {},
        turns=s.game.turn_number,
        moves=[(t.scene, t.choice) for t in s.turns],
        votes=tallies,
    )
    return s, played


def make_class(tutorial: CompiledScenario, oil: CompiledScenario, folder: Path) -> list[Played]:
    """30 saves: 24 tutorial games (2 unfinished, 1 without a player name) and 6 oil-2017
    games in another class (the first a facilitator's game with class votes)."""
    store = SaveStore(folder)
    out: list[Played] = []
    for i in range(24):
        _, p = play_saved(
            tutorial,
            store,
            f"tut-{i:02d}",
            100 + i,
            player=None if i == 5 else NAMES[i],
            stop_after=2 if i in (7, 8) else None,
        )
        out.append(p)
    for i in range(6):
        _, p = play_saved(
            oil, store, f"oil-{i}", 500 + i, player=f"{NAMES[i]} O.", class_code="9C", votes=i == 0
        )
        out.append(p)
    return out


# -- damage ---------------------------------------------------------------------------------


def truncate(p: Path) -> None:
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def garbage(p: Path) -> None:
    p.write_bytes(bytes(range(256)) * 4)


def invalid_json(p: Path) -> None:
    p.write_text('{"format": 1, "scenario": {"id": "tutorial",, }', encoding="utf-8")


def edit(p: Path, change) -> None:
    raw = json.loads(p.read_text(encoding="utf-8"))
    change(raw)
    p.write_text(json.dumps(raw, indent=1), encoding="utf-8")


def tamper_summary(p: Path) -> None:
    """Claim a better score than the game earned."""

    def change(raw):
        sm = raw["summary"]
        k = next(iter(sm["outcome"]))
        sm["outcome"][k] += 5

    edit(p, change)


def tamper_choice(p: Path) -> None:
    """Replace the first choice with one that does not exist."""

    def change(raw):
        raw["turns"][0]["choice"] = "win_everything"

    edit(p, change)
