"""The scenario as typed models: the content schema. Pure (no I/O, no UI)."""

from game.model.diagnostics import Diagnostic, Severity
from game.model.scenario import (
    Choice,
    Council,
    CouncilMember,
    Debrief,
    Dimension,
    Ending,
    Event,
    Leader,
    Response,
    Role,
    Route,
    Scenario,
    ScenarioFile,
    Scene,
    Variable,
    Where,
)

__all__ = [
    "Choice",
    "Council",
    "CouncilMember",
    "Debrief",
    "Diagnostic",
    "Dimension",
    "Ending",
    "Event",
    "Leader",
    "Response",
    "Role",
    "Route",
    "Scenario",
    "ScenarioFile",
    "Scene",
    "Severity",
    "Variable",
    "Where",
]
