"""A cache of validated scenarios, so that play starts without YAML or pydantic.

A scenario that loads with no errors is kept as JSON under its *key*: the hash of its
files (``paths.content_hash``) together with the hash of the code that reads them (the
content models and the loader). Any edit to the scenario, or to that code, makes a new
key, so a stale entry is never read. On the next start the entry is read back as plain
records (``game.model.record``) and compiled as usual: expressions are parsed and
checked again, and nothing in the file is run. An entry that cannot be read, or that
does not compile cleanly, is ignored and replaced.

The folder is ``$NEGOTIATOR_CACHE_DIR``, else ``$XDG_CACHE_HOME/negotiator``, else
``~/.cache/negotiator``. ``NEGOTIATOR_CACHE_DIR=off`` turns the cache off. Deleting the
folder is always safe. It keeps the :data:`KEEP` newest entries.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from pathlib import Path
from typing import Any

from game.atomic import atomic_write
from game.loader.paths import sha256_hex
from game.model.record import MAPPING, Record, from_json_object

FORMAT = 1  # bump when the way entries are written changes
KEEP = 20  # entries kept; older ones are deleted when a new one is written
_ENTRY = re.compile(r"scenario-[0-9a-f]{40}\.json")
_OFF = {"off", "0", "no", "false", "none"}
_HERE = Path(__file__).resolve().parent
# The code whose rules decide what a scenario's files mean as models.
_READERS = (
    _HERE.parent / "model" / "scenario.py",
    _HERE / "files.py",
    _HERE / "yamlsrc.py",
)
_readers_hash: str | None = None


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    env = os.environ.get("NEGOTIATOR_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in _OFF or not env.strip() else Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "negotiator"
    try:
        return Path.home() / ".cache" / "negotiator"
    except RuntimeError:  # no home folder to be found: no cache
        return None


def _readers() -> str:
    global _readers_hash
    if _readers_hash is None:
        data = [f"negotiator-cache-{FORMAT}".encode()]
        data += [p.read_bytes() for p in _READERS]  # OSError: no cache (the caller handles it)
        _readers_hash = sha256_hex(b"".join(data))
    return _readers_hash


def entry_path(content_hash: str) -> Path | None:
    """Where the entry for files with this content hash is kept (None: cache off)."""
    folder = cache_dir()
    if folder is None or not content_hash:
        return None
    try:
        key = sha256_hex(f"{_readers()}:{content_hash}".encode())[:40]
    except OSError:
        return None
    return folder / f"scenario-{key}.json"


def read(path: Path) -> Record | None:
    """The scenario kept at ``path`` as records, or None if there is none (or it is
    not a readable entry)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        obj = json.loads(data, object_hook=from_json_object)
    except (ValueError, TypeError, RecursionError):  # not JSON, or a malformed mapping
        return None
    if type(obj) is not Record or not isinstance(obj.__dict__.get("scenes"), list):
        return None
    return obj


def write(path: Path, scenario: Any) -> None:
    """Keep a validated scenario model at ``path``. Best effort: a cache that cannot be
    written (read-only home, full disk) changes nothing but the next start's speed."""
    with contextlib.suppress(OSError, ValueError, RecursionError):
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(_plain(scenario), ensure_ascii=False, separators=(",", ":"))
        atomic_write(path, text.encode("utf-8"))
        _prune(path.parent)


def forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _plain(scenario: Any) -> Any:
    """The scenario model as JSON data: each model an object of its fields (by their
    Python names, as the compiler reads them), each mapping field ``{"@map": pairs}``.

    pydantic dumps the whole tree at native speed; then only the fields that can hold
    models or mappings are visited, following a plan made once per model class from its
    field types (a field-by-field walk of every model took 2 s at 10,000 scenes)."""
    data = scenario.model_dump(by_alias=False)
    return _wrap(data, ("model", type(scenario)))


_Spec = tuple[Any, ...]
_plans: dict[type, list[tuple[str, _Spec]]] = {}


def _spec(tp: Any) -> _Spec | None:
    """How to visit a value of type ``tp``: ("model", cls), ("list", spec), ("map",
    spec or None), ("union", specs), or None when it holds no model and no mapping."""
    from types import UnionType
    from typing import Annotated, Union, get_args, get_origin

    origin = get_origin(tp)
    if origin is Annotated:
        return _spec(get_args(tp)[0])
    if isinstance(tp, type) and hasattr(tp, "model_fields"):
        # A model whose fields hold no model and no mapping needs no visit at all.
        return ("model", tp) if _plan(tp) else None
    if origin in (list, tuple):
        inner = _spec(get_args(tp)[0])
        return ("list", inner) if inner else None
    if origin is dict:
        return ("map", _spec(get_args(tp)[1]))
    if origin in (Union, UnionType):
        specs = [sp for a in get_args(tp) if (sp := _spec(a)) is not None]
        return ("union", specs) if specs else None
    return None


def _plan(cls: type) -> list[tuple[str, _Spec]]:
    plan = _plans.get(cls)
    if plan is None:
        _plans[cls] = [("", ("model", cls))]  # while being made: a model that holds itself
        fields = cls.model_fields  # type: ignore[attr-defined]
        plan = _plans[cls] = [
            (name, sp) for name, f in fields.items() if (sp := _spec(f.annotation)) is not None
        ]
    return plan


def _wrap(v: Any, spec: _Spec | None) -> Any:
    if spec is None or v is None:
        return v
    kind = spec[0]
    if kind == "model":
        for name, sub in _plan(spec[1]):
            x = v.get(name)
            if x is not None:
                v[name] = _wrap(x, sub)
        return v
    if kind == "list":
        sub = spec[1]
        return [_wrap(x, sub) for x in v]
    if kind == "map":
        sub = spec[1]
        return {MAPPING: [[k, _wrap(x, sub)] for k, x in v.items()]}
    # A union (like "a scene id, or a list of routes"): visit as the kind of value it is.
    for sp in spec[1]:
        if (sp[0] == "list") == isinstance(v, list) and not isinstance(v, str):
            return _wrap(v, sp)
    return v


def _prune(folder: Path) -> None:
    entries = []
    for p in folder.glob("scenario-*.json"):
        if not _ENTRY.fullmatch(p.name):
            continue  # not ours: the folder may be shared
        with contextlib.suppress(OSError):
            entries.append((p.stat().st_mtime, p))
    entries.sort(reverse=True)
    for _, p in entries[KEEP:]:
        forget(p)
