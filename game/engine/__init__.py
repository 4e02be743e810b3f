"""The engine: a compiled scenario, the game state, and turns. Pure: no I/O, no UI."""

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
    "Option",
    "Score",
    "Turn",
    "compile_scenario",
    "parse_value",
]
