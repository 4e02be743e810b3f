"""Where scenarios are, which files make one up, and their content hash.

Plain files and paths only: no YAML, no pydantic, so that a start-up that finds the
scenario in the cache (see ``game.loader.cache``) never imports either.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

MAIN_FILE = "scenario.yaml"


class ScenarioNotFound(Exception):
    """A scenario name that is neither a bundled scenario nor a folder."""


def bundled_content_dir() -> Path:
    """Where the bundled scenarios are: ``content/`` beside the package in a source
    checkout or editable install, else the ``game.content`` package data."""
    here = Path(__file__).resolve().parent.parent  # game/
    source = here.parent / "content"
    if (source / "tutorial").is_dir() or (source / "oil-2017").is_dir():
        return source
    return here / "content"


def bundled_scenarios() -> list[str]:
    root = bundled_content_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / MAIN_FILE).is_file())


DEFAULT_SCENARIO = "oil-2017"


def resolve_scenario_path(name: str | os.PathLike[str] | None) -> Path:
    """A bundled scenario id, or a path to a scenario folder (or its scenario.yaml)."""
    if name is None or name == "":
        name = DEFAULT_SCENARIO
    p = Path(name)
    if p.is_file() and p.name == MAIN_FILE:
        return p.parent
    if p.is_dir():
        return p
    s = str(name)
    if "/" not in s and os.sep not in s:
        bundled = bundled_content_dir() / s
        if (bundled / MAIN_FILE).is_file():
            return bundled
    known = ", ".join(bundled_scenarios()) or "none"
    raise ScenarioNotFound(
        f"no scenario '{name}': it is not a folder, nor a bundled scenario ({known})"
    )


def content_hash(root: Path, files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(b"\0")
        with contextlib.suppress(OSError):
            h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def scenario_files(root: Path) -> list[Path]:
    """scenario.yaml first, then every other .yaml/.yml file below the folder, in path order."""
    others = sorted(
        p
        for p in root.rglob("*")
        if p.suffix in (".yaml", ".yml")
        and p.name != MAIN_FILE
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    return [root / MAIN_FILE, *others]
