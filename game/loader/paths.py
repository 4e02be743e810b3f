"""Where scenarios are, which files make one up, and their content hash.

Plain files and paths only: no YAML, no pydantic, so that a start-up that finds the
scenario in the cache (see ``game.loader.cache``) never imports either.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

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


# Up to this many bytes, SHA-256 is worked out by CPython's own code rather than
# hashlib's: hashlib's comes from OpenSSL, and importing it loads libcrypto, about 10M
# instructions (nearly 1% of a game's start). The digests are the same; CPython's code is
# about 7x slower per byte, which costs less than that load below 1 MiB (the bundled
# scenarios are under 200 KB).
SMALL_INPUT = 1 << 20


def sha256_hex(data: bytes) -> str:
    """The SHA-256 hex digest of ``data`` (see SMALL_INPUT)."""
    return _sha256(len(data))(data).hexdigest()


def _sha256(size: int) -> Any:
    if size <= SMALL_INPUT:
        try:
            from _sha256 import sha256  # Python 3.11
        except ImportError:
            try:
                from _sha2 import sha256  # Python 3.12 and later
            except ImportError:  # a Python built without its own hashes
                from hashlib import sha256
        return sha256
    from hashlib import sha256

    return sha256


def content_hash(root: Path, files: list[Path]) -> str:
    """The SHA-256 of the files' paths (relative to ``root``) and contents, in order."""
    parts: list[bytes] = []
    for f in files:
        parts.append(f.relative_to(root).as_posix().encode())
        parts.append(b"\0")
        with contextlib.suppress(OSError):
            parts.append(f.read_bytes())
        parts.append(b"\0")
    return sha256_hex(b"".join(parts))


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
