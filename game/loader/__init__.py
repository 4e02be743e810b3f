"""Files on disk -> content models -> a compiled scenario, with file:line diagnostics.

Names are imported on first use: a start-up that finds its scenario in the cache
(``game.loader.cache``) never imports YAML or pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from game.loader.compiled import ContentError, check, load
from game.loader.paths import (
    ScenarioNotFound,
    bundled_content_dir,
    bundled_scenarios,
    resolve_scenario_path,
)

if TYPE_CHECKING:
    from game.loader.files import LoadResult, load_scenario


def __getattr__(name: str) -> Any:
    if name in ("LoadResult", "load_scenario"):
        from game.loader import files

        return getattr(files, name)
    raise AttributeError(f"module 'game.loader' has no attribute {name!r}")


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
