"""Files on disk -> content models -> a compiled scenario, with file:line diagnostics."""

from game.loader.compiled import ContentError, check, load
from game.loader.files import (
    LoadResult,
    ScenarioNotFound,
    bundled_content_dir,
    bundled_scenarios,
    load_scenario,
    resolve_scenario_path,
)

__all__ = [
    "ContentError",
    "LoadResult",
    "ScenarioNotFound",
    "bundled_content_dir",
    "bundled_scenarios",
    "check",
    "load",
    "load_scenario",
    "resolve_scenario_path",
]
