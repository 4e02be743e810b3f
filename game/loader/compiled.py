"""One call from a scenario name or folder to a ready-to-run scenario."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.compile import compile_scenario
from game.engine.runtime import CompiledScenario
from game.loader.paths import content_hash, resolve_scenario_path, scenario_files
from game.model.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    # Imported when a scenario is read from its files: YAML and pydantic come with it.
    from game.loader.files import LoadResult


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


def _compile(result: LoadResult, build: bool = True) -> CompiledScenario | None:
    if result.scenario is None or result.errors:
        return None
    with _long_lived():
        cs, diags = compile_scenario(result.scenario, result.content_hash, build=build)
    result.diagnostics.extend(diags)
    return cs


def check(
    path: str | os.PathLike[str] | None,
    *,
    need_lines: bool = True,
    hashed: bool = True,
    build: bool = True,
) -> tuple[LoadResult, CompiledScenario | None]:
    """Load and compile, returning every diagnostic (errors and warnings).

    With ``need_lines`` (the default), any diagnostic found on the fast path makes the
    scenario load again precisely, so that every diagnostic has its file and line.
    Without it, only errors do (warnings then carry no line). Without ``hashed``, the
    files' content hash is not worked out (it is then ""): validate has no use for it.
    Without ``build``, the scenario is only checked, not compiled (see compile_scenario):
    the diagnostics are the same, and the compiled scenario returned is always None.
    """
    from game.loader.files import load_scenario

    with _long_lived():
        result = load_scenario(path, hashed=hashed)
        cs = _compile(result, build)
    redo = result.diagnostics if need_lines else result.errors
    if redo and not result.precise:
        with _long_lived():
            result = load_scenario(path, precise=True, hashed=hashed)
            cs = _compile(result, build)
    return result, cs


def load(path: str | os.PathLike[str] | None = None) -> CompiledScenario:
    """Load a bundled scenario id or a folder, ready to play.

    A scenario that loaded without errors before, with the same files, comes from the
    cache (see :mod:`game.loader.cache`); otherwise it is read from its files and, if it
    has no errors, kept in the cache for next time.

    Raises :class:`ContentError` (with diagnostics) or
    :class:`~game.loader.paths.ScenarioNotFound`.
    """
    from game.loader import cache  # only here: validate never reads or writes it

    root = resolve_scenario_path(path)
    digest = content_hash(root, scenario_files(root))
    entry = cache.entry_path(digest)
    cs = _from_cache(entry, digest) if entry is not None else None
    if cs is None:
        result, cs = check(root, need_lines=False)
        if cs is None:
            raise ContentError(result.diagnostics)
        if entry is not None and result.content_hash == digest:
            with _long_lived():  # a big scenario: hundreds of thousands of new objects
                cache.write(entry, result.scenario)
    # The compiled scenario lives as long as the process and never changes: move it (and
    # everything allocated so far) out of the cyclic GC's way, so that later collections
    # do not rescan hundreds of thousands of objects (playtest throughput fell with N).
    gc.freeze()
    return cs


def _from_cache(entry: Path, digest: str) -> CompiledScenario | None:
    """The scenario compiled from its cache entry, or None (no entry, or one that does
    not compile cleanly: it is dropped, and the files are read instead)."""
    from game.loader import cache

    with _long_lived():
        model = cache.read(entry)
        if model is None:
            return None
        try:
            cs, diags = compile_scenario(model, digest)  # type: ignore[arg-type]
        except Exception:  # a damaged entry must never stop a game: read the files
            cs, diags = None, []
    if cs is None or any(d.severity == Severity.ERROR for d in diags):
        cache.forget(entry)
        return None
    return cs
