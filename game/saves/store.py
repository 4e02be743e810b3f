"""The saves directory: safe names, atomic writes, reading with limits, listing.

Reading never modifies or deletes a file, whatever is in it. Writing is atomic: a
temporary file in the same directory is written and fsynced, ``os.replace``\\d over the
target, and the directory fsynced, so a crash leaves either the old save or the new one,
never a torn one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from game.atomic import TEMP_PREFIX, atomic_write, fsync_dir
from game.saves.model import SaveFile, SaveFormatError, migrate

ENV_VAR = "NEGOTIATOR_SAVES"
DEFAULT_DIR = "saves"
SUFFIX = ".json"
MAX_BYTES = 5 * 1024 * 1024  # a real save is a few kilobytes
MAX_NAME = 80
STALE_TEMP_SECONDS = 3600


class SaveError(Exception):
    """A save cannot be read, written or replayed. The message is for the player."""


class SaveExists(SaveError):
    """A save with that name exists already (and overwriting was not asked for)."""


def resolve_saves_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """Where saves live: ``--saves-dir``, else ``$NEGOTIATOR_SAVES``, else ``./saves``."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(DEFAULT_DIR)


_BAD = re.compile(r"[^\w.-]+")


def sanitise_name(name: str) -> str:
    """A file-name-safe form of a save name: ``"Ana's game!"`` -> ``"Ana-s-game"``.

    Raises :class:`SaveError` for a name that points outside the saves directory
    (``../x``, ``a/b``, an absolute path) or has nothing usable in it.
    """
    raw = name.strip()
    if raw.endswith(SUFFIX):
        raw = raw[: -len(SUFFIX)]
    if "/" in raw or "\\" in raw or "\x00" in raw or raw in (".", "..") or os.path.isabs(raw):
        raise SaveError(
            f"the save name '{name}' is refused: a save name cannot point outside the saves directory"
        )
    clean = _BAD.sub("-", raw).strip("-.")[:MAX_NAME].strip("-.")
    if not clean:
        raise SaveError(f"the save name '{name}' has no letters or digits in it")
    return clean


@dataclass(frozen=True, slots=True)
class SaveInfo:
    """One save as a listing shows it: from its summary, without a replay.

    ``error`` is set (and the other fields are mostly empty) for a file that cannot be
    read; such files are listed, not hidden, so a player can see that something is wrong.
    """

    name: str
    path: Path
    error: str | None = None
    save: SaveFile | None = None
    modified: int = 0  # the file's mtime in nanoseconds (orders saves within a second)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def updated(self) -> datetime | None:
        return self.save.updated if self.save else None

    def to_json(self) -> dict[str, Any]:
        if self.save is None:
            return {"name": self.name, "path": str(self.path), "ok": False, "error": self.error}
        s = self.save
        sm = s.summary
        return {
            "name": self.name,
            "path": str(self.path),
            "ok": True,
            "player": s.player,
            "class": s.class_code,
            "scenario": s.scenario.id,
            "scenario_version": s.scenario.version,
            "scenario_title": sm.scenario_title,
            "role": s.role,
            "role_name": sm.role_name,
            "seed": s.seed,
            "autosave": s.autosave,
            "created": s.created.isoformat(),
            "updated": s.updated.isoformat(),
            "turns": sm.turns,
            "scene": sm.scene,
            "finished": sm.finished,
            "ending": sm.ending,
            "ending_title": sm.ending_title,
            "outcome": sm.outcome,
        }


# -- reading -------------------------------------------------------------------------


def _describe_validation(e: ValidationError) -> str:
    parts = []
    for err in e.errors()[:3]:
        loc = ".".join(str(x) for x in err["loc"]) or "(top)"
        parts.append(f"{loc}: {err['msg']}")
    more = f" (and {e.error_count() - 3} more problems)" if e.error_count() > 3 else ""
    return "; ".join(parts) + more


def parse_save(data: bytes, where: str = "the save") -> SaveFile:
    """Parse the bytes of a save file: JSON, then the format migration, then the model.
    Raises :class:`SaveError` with a message that says what is wrong."""
    if len(data) > MAX_BYTES:
        raise SaveError(
            f"{where} is too large ({len(data):,} bytes; a save is at most {MAX_BYTES:,})"
        )
    if not data.strip():
        raise SaveError(f"{where} is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SaveError(f"{where} is not a save file: it is not text (UTF-8)") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as e:
        ended = e.pos >= len(text.rstrip()) or e.msg.startswith("Unterminated string")
        cut = "; the file looks cut short" if ended else ""
        raise SaveError(
            f"{where} is not a save file: it is not valid JSON ({e.msg}, line {e.lineno} column {e.colno}{cut})"
        ) from None
    except RecursionError:
        raise SaveError(f"{where} is not a save file: it is nested too deeply") from None
    except ValueError as e:  # e.g. an integer with thousands of digits
        raise SaveError(f"{where} is not a save file: {e}") from None
    if not isinstance(raw, dict):
        raise SaveError(
            f"{where} is not a save file: it holds a JSON {type(raw).__name__}, not an object"
        )
    try:
        raw = migrate(raw)
    except SaveFormatError as e:
        raise SaveError(f"{where} cannot be read: {e}") from None
    try:
        return SaveFile.model_validate(raw)
    except ValidationError as e:
        raise SaveError(
            f"{where} is damaged or was edited by hand: {_describe_validation(e)}"
        ) from None
    except RecursionError:
        raise SaveError(f"{where} is not a save file: it is nested too deeply") from None


def load_save(path: str | os.PathLike[str]) -> SaveFile:
    """Read and check a save file (no replay: see :func:`game.saves.replay.rebuild`).

    Raises :class:`SaveError` with a clear message for a missing, unreadable, too large,
    truncated, non-JSON, wrong-format or invalid file. Never writes to the file.
    """
    p = Path(path)
    where = f"'{p}'"
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise SaveError(f"there is no save file {where}") from None
    except OSError as e:
        raise SaveError(f"cannot read {where}: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise SaveError(f"{where} is a folder, not a save file")
    if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
        raise SaveError(f"{where} is not a regular file")
    if st.st_size > MAX_BYTES:
        raise SaveError(
            f"{where} is too large ({st.st_size:,} bytes; a save is at most {MAX_BYTES:,})"
        )
    try:
        with open(p, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise SaveError(f"cannot read {where}: {e.strerror or e}") from None
    return parse_save(data, where)


# -- writing -------------------------------------------------------------------------


def write_save(path: Path, save: SaveFile) -> None:
    """Write a save to a file, atomically (the one place that turns a save into bytes)."""
    data = save.model_dump_json(indent=1).encode("utf-8")
    if len(data) > MAX_BYTES:
        raise SaveError(f"the save would be too large to read back ({len(data):,} bytes)")
    atomic_write(path, data)


# -- the store -----------------------------------------------------------------------


class SaveStore:
    """A directory of saves, one ``NAME.json`` per save.

    >>> store = SaveStore(resolve_saves_dir(None))           # doctest: +SKIP
    >>> [i.name for i in store.list()]                        # doctest: +SKIP
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"SaveStore({str(self.directory)!r})"

    def path_for(self, name: str) -> Path:
        """The file for a save name (sanitised). Raises :class:`SaveError` for a name that
        would point outside the directory."""
        clean = sanitise_name(name)
        p = self.directory / (clean + SUFFIX)
        # Belt and braces: the sanitised name has no separators, but check anyway.
        if p.parent != self.directory or p.name.startswith(TEMP_PREFIX):
            raise SaveError(f"the save name '{name}' is refused")
        return p

    def name_of(self, path: Path) -> str | None:
        """The save name of a file in this directory, or None for a file elsewhere."""
        try:
            same = path.resolve().parent == self.directory.resolve()
        except OSError:
            return None
        return path.name[: -len(SUFFIX)] if same and path.name.endswith(SUFFIX) else None

    def exists(self, name: str) -> bool:
        return self.path_for(name).exists()

    def locate(self, name_or_path: str | os.PathLike[str]) -> Path:
        """A save given as a name in this store or as the path of a file: an existing
        file, or anything with a ``/`` in it, is a path; otherwise it is a save name in
        this store (sanitised). Reading from any path is allowed; writing is not (see
        :meth:`path_for`)."""
        text = str(name_or_path)
        p = Path(text)
        if p.is_file() or "/" in text or os.sep in text:
            return p
        return self.path_for(text)

    def read(self, name: str) -> SaveFile:
        """Read and check a save by name (no replay)."""
        return load_save(self.path_for(name))

    def write(self, save: SaveFile, name: str, *, overwrite: bool = True) -> Path:
        """Write a save atomically under ``name``; returns its path. With
        ``overwrite=False`` an existing save of that name raises :class:`SaveExists`."""
        path = self.path_for(name)
        if not overwrite and path.exists():
            raise SaveExists(f"a save named '{path.stem}' exists already")
        self.directory.mkdir(parents=True, exist_ok=True)
        write_save(path, save)
        self._clean_stale_temps()
        return path

    def delete(self, name: str) -> None:
        """Delete a save by name. Raises :class:`SaveError` if there is none."""
        path = self.path_for(name)
        try:
            path.unlink()
        except FileNotFoundError:
            raise SaveError(f"there is no save named '{path.stem}'") from None
        except OSError as e:
            raise SaveError(f"cannot delete '{path.stem}': {e.strerror or e}") from None
        fsync_dir(self.directory)

    def list(self) -> list[SaveInfo]:
        """Every save in the directory, newest first, read from its summary (no replay).
        A file that cannot be read is listed with its ``error``; temporary files are not
        listed."""
        if not self.directory.is_dir():
            return []
        out = []
        for p in self.directory.iterdir():
            if not p.name.endswith(SUFFIX) or p.name.startswith("."):
                continue
            name = p.name[: -len(SUFFIX)]
            try:
                mtime = p.stat().st_mtime_ns
            except OSError:
                mtime = 0
            try:
                out.append(SaveInfo(name, p, None, load_save(p), mtime))
            except SaveError as e:
                out.append(SaveInfo(name, p, str(e), None, mtime))

        def key(i: SaveInfo) -> tuple[float, int, str]:
            # "updated" is to the second; the file's mtime orders saves within a second.
            return (i.save.updated.timestamp() if i.save else i.modified / 1e9, i.modified, i.name)

        return sorted(out, key=key, reverse=True)

    def latest_autosave(self, unfinished_only: bool = False) -> SaveInfo | None:
        """The autosave updated most recently (what "Continue" loads), or None.
        ``unfinished_only`` skips games that have reached an ending."""
        for info in self.list():
            if info.save is None or not info.save.autosave:
                continue
            if unfinished_only and info.save.summary.finished:
                continue
            return info
        return None

    def unique_name(self, base: str) -> str:
        """``base`` (sanitised), or ``base-2``, ``base-3``... whichever is free."""
        clean = sanitise_name(base)
        name, n = clean, 1
        while self.path_for(name).exists():
            n += 1
            name = f"{clean}-{n}"
        return name

    def _clean_stale_temps(self) -> None:
        # A writer killed between creating its temp file and the rename leaves the temp
        # file behind; it is never read, and is removed once it is clearly abandoned.
        cutoff = time.time() - STALE_TEMP_SECONDS
        with contextlib.suppress(OSError):
            for p in self.directory.iterdir():
                if p.name.startswith(TEMP_PREFIX):
                    with contextlib.suppress(OSError):
                        if p.stat().st_mtime < cutoff:
                            p.unlink()
