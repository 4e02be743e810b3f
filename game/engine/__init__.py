"""The engine: a compiled scenario, the game state, and turns. Pure: no I/O, no UI.

The names below are imported on first use (``negotiator validate`` compiles a scenario
but never runs a game, so it does not import ``game.engine.game``)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.engine.compile import compile_scenario, parse_value
    from game.engine.game import (
        Change,
        ChoiceNotAvailable,
        CouncilTally,
        CouncilVote,
        EndingResult,
        EngineError,
        FiredEvent,
        Game,
        LeaderResponse,
        Marks,
        Option,
        Score,
        Turn,
    )
    from game.engine.runtime import CompiledScenario

__all__ = [
    "Change",
    "ChoiceNotAvailable",
    "CompiledScenario",
    "CouncilTally",
    "CouncilVote",
    "EndingResult",
    "EngineError",
    "FiredEvent",
    "Game",
    "LeaderResponse",
    "Marks",
    "Option",
    "Score",
    "Turn",
    "compile_scenario",
    "parse_value",
]
# Where each name lives (the rest are in game.engine.game).
_WHERE = {
    "compile_scenario": "game.engine.compile",
    "parse_value": "game.engine.compile",
    "CompiledScenario": "game.engine.runtime",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'game.engine' has no attribute '{name}'")
    value = getattr(importlib.import_module(_WHERE.get(name, "game.engine.game")), name)
    globals()[name] = value
    return value
