"""One call from a scenario name or folder to a ready-to-run scenario."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator

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


# Loading and compiling a big scenario allocates millions of objects that all live on.
# The cyclic GC counts them as young and, once it runs again, scans every one of them,
# then again as they age (about a second at 10,000 scenes). So it stays off while they
# are made, and when very many were made they are moved out of its way (gc.freeze):
# refcounting still frees them when they are dropped; only cycles among them would stay.
_FREEZE_ABOVE = 100_000  # objects allocated while loading


@contextlib.contextmanager
def _long_lived() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc.get_count()[0] > _FREEZE_ABOVE:
            gc.freeze()
        if was_enabled:
            gc.enable()


def _compile(result: LoadResult) -> CompiledScenario | None:
    if result.scenario is None or result.errors:
        return None
    with _long_lived():
        cs, diags = compile_scenario(result.scenario, result.content_hash)
    result.diagnostics.extend(diags)
    return cs


def check(
    path: str | os.PathLike[str] | None, *, need_lines: bool = True
) -> tuple[LoadResult, CompiledScenario | None]:
    """Load and compile, returning every diagnostic (errors and warnings).

    With ``need_lines`` (the default), any diagnostic found on the fast path makes the
    scenario load again precisely, so that every diagnostic has its file and line.
    Without it, only errors do (warnings then carry no line).
    """
    with _long_lived():
        result = load_scenario(path)
        cs = _compile(result)
    redo = result.diagnostics if need_lines else result.errors
    if redo and not result.precise:
        with _long_lived():
            result = load_scenario(path, precise=True)
            cs = _compile(result)
    return result, cs


def load(path: str | os.PathLike[str] | None = None) -> CompiledScenario:
    """Load a bundled scenario id or a folder, ready to play.

    Raises :class:`ContentError` (with diagnostics) or
    :class:`~game.loader.files.ScenarioNotFound`.
    """
    result, cs = check(path, need_lines=False)
    if cs is None:
        raise ContentError(result.diagnostics)
    # The compiled scenario lives as long as the process and never changes: move it (and
    # everything allocated so far) out of the cyclic GC's way, so that later collections
    # do not rescan hundreds of thousands of objects (playtest throughput fell with N).
    gc.freeze()
    return cs
