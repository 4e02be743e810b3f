"""One call from a scenario name or folder to a ready-to-run scenario."""

from __future__ import annotations

import os

from game.engine.compile import compile_scenario
from game.engine.runtime import CompiledScenario
from game.loader.files import LoadResult, load_scenario
from game.model.diagnostics import Diagnostic, Severity


class ContentError(Exception):
    """The scenario has errors. ``diagnostics`` lists them (file, line, message)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        errors = [d for d in diagnostics if d.severity == Severity.ERROR]
        lines = [str(d) for d in errors[:10]]
        if len(errors) > 10:
            lines.append(f"... and {len(errors) - 10} more")
        super().__init__("the scenario has errors:\n" + "\n".join(lines))


def check(path: str | os.PathLike[str] | None) -> tuple[LoadResult, CompiledScenario | None]:
    """Load and compile, returning every diagnostic (errors and warnings)."""
    result = load_scenario(path)
    if result.scenario is None or result.errors:
        return result, None
    cs, diags = compile_scenario(result.scenario, result.content_hash)
    result.diagnostics.extend(diags)
    return result, cs


def load(path: str | os.PathLike[str] | None = None) -> CompiledScenario:
    """Load a bundled scenario id or a folder, ready to play.

    Raises :class:`ContentError` (with diagnostics) or
    :class:`~game.loader.files.ScenarioNotFound`.
    """
    result, cs = check(path)
    if cs is None:
        raise ContentError(result.diagnostics)
    return cs
