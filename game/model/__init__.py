"""The scenario as typed models: the content schema. Pure (no I/O, no UI).

The pydantic models (``game.model.scenario``) are imported on first use, so that
``game.model.diagnostics`` and ``game.model.where`` cost nothing to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.model.diagnostics import Diagnostic, Severity
from game.model.where import Where

if TYPE_CHECKING:
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
    )


def __getattr__(name: str) -> Any:
    if name in __all__:  # a content model: imported on first use
        from game.model import scenario

        return getattr(scenario, name)
    raise AttributeError(f"module 'game.model' has no attribute {name!r}")


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
