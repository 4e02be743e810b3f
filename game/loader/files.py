"""Read a scenario folder into a :class:`~game.model.Scenario`, collecting diagnostics."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

# Re-exported: the folder and file rules live in game.loader.paths (no pydantic there).
from game.loader.paths import (
    MAIN_FILE,
    content_hash,
    resolve_scenario_path,
    scenario_files,
)
from game.loader.yamlsrc import (
    FAST_AVAILABLE,
    LineDict,
    LineList,
    YamlProblem,
    parse_yaml,
    parse_yaml_fast,
)
from game.model.diagnostics import Diagnostic
from game.model.scenario import Chapter, Node, Scenario, Scene, Where

MAX_FILE_BYTES = 64 * 1024 * 1024
SCENARIO_ONLY_FIELDS = set(Scenario.model_fields) - set(Chapter.model_fields)


@dataclass
class LoadResult:
    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    content_hash: str = ""
    root: Path | None = None
    precise: bool = True  # read with line numbers (see load_scenario)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _read_text(path: Path, shown: str, diags: list[Diagnostic]) -> str | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            diags.append(
                Diagnostic(
                    "E101",
                    f"the file is too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})",
                    shown,
                )
            )
            return None
        data = path.read_bytes()
    except OSError as e:
        diags.append(Diagnostic("E101", f"cannot read the file: {e.strerror or e}", shown))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        diags.append(
            Diagnostic("E101", "the file is not UTF-8 text (is it a binary file?)", shown, line)
        )
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        diags.append(
            Diagnostic("E101", "the file contains a NUL byte (is it a binary file?)", shown, line)
        )
        return None
    if text and not text.endswith(("\n", "\r")):
        # A '|' block on the last line reads the same with or without a final newline
        # in both YAML readers only if there is one.
        text += "\n"
    return text


def _line_for(raw: Any, loc: tuple[Any, ...]) -> tuple[int | None, list[Any]]:
    """Follow a pydantic error location through the raw data to the nearest line."""
    line = getattr(raw, "line", None)
    node = raw
    path: list[Any] = []
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.key_lines.get(part, line)
            node = node[part]
            path.append(part)
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
            node = node[part]
            path.append(part)
        elif isinstance(node, LineDict) and isinstance(part, int) and part == 0:
            continue  # a single mapping standing for a list of one
        # else: a union tag or a missing key: keep the line we have
    return line, path


def _describe(path: list[Any]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "the file"


def _schema_diagnostics(
    exc: ValidationError, raw: Any, shown: str, model: type[BaseModel]
) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[Any, ...]] = set()
    located = [(err, *_line_for(raw, tuple(err["loc"]))) for err in exc.errors(include_url=False)]
    for err, line, path in located:
        loc = tuple(err["loc"])
        kind = err["type"]
        if (kind.endswith("_type") or kind == "literal_error") and any(
            len(p) > len(path) and p[: len(path)] == path for _, _, p in located
        ):
            # One branch of a union (``next: a scene`` or ``next: [routes]``) rejected the
            # value's kind while another accepted it and found the real mistake deeper in.
            continue
        if kind == "extra_forbidden":
            fieldname = loc[-1]
            key = (tuple(path), "extra", fieldname)
            if key in seen:
                continue
            seen.add(key)
            if model is Chapter and len(path) == 1 and fieldname in SCENARIO_ONLY_FIELDS:
                out.append(
                    Diagnostic(
                        "E113",
                        f"'{fieldname}' belongs in scenario.yaml; other files hold only scenes, events and endings",
                        shown,
                        line,
                    )
                )
                continue
            allowed = _allowed_fields(model, path[:-1], raw)
            hint = ""
            import difflib

            close = difflib.get_close_matches(str(fieldname), allowed, n=1)
            if close:
                hint = f" (did you mean '{close[0]}'?)"
            elif allowed:
                hint = f" (allowed: {', '.join(sorted(allowed))})"
            where = _describe(path[:-1])
            out.append(
                Diagnostic("E110", f"unknown field '{fieldname}' in {where}{hint}", shown, line)
            )
            continue
        key = (tuple(path),)
        if key in seen:
            continue
        seen.add(key)
        if kind == "missing":
            out.append(
                Diagnostic(
                    "E111",
                    f"{_describe(path)} is missing the required field '{loc[-1]}'",
                    shown,
                    line,
                )
            )
        else:
            got = _short(err.get("input"))
            out.append(
                Diagnostic(
                    "E112", f"{_describe(path)}: {err['msg'].rstrip('.')} (got {got})", shown, line
                )
            )
    return out


def _short(v: Any) -> str:
    if isinstance(v, dict):
        return "a mapping"
    if isinstance(v, list):
        return "a list"
    r = repr(v)
    return r if len(r) <= 40 else r[:37] + "..."


def _allowed_fields(model: type[BaseModel], path: list[Any], raw: Any) -> list[str]:
    """The field names allowed at ``path`` (best effort; used for hints only)."""
    current: Any = model  # a model class, or the annotation of the field we are in
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            value_type = _dict_value(current)
            if value_type is not None:
                current = value_type  # ``part`` is a key of a mapping such as ``variables``
                continue
            current = _inner_model(current)
            if current is None:
                return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = info.annotation
    current = _inner_model(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _dict_value(t: Any) -> Any:
    """The value type of a ``dict[str, X]`` annotation (inside Annotated/Optional), or None."""
    import typing

    if typing.get_origin(t) is dict:
        args = typing.get_args(t)
        return args[1] if len(args) == 2 else None
    for arg in typing.get_args(t):
        if typing.get_origin(arg) is dict or typing.get_args(arg):
            v = _dict_value(arg)
            if v is not None:
                return v
    return None


def _inner_model(t: Any) -> Any:
    import typing

    if isinstance(t, type) and issubclass(t, BaseModel):
        return t
    for arg in typing.get_args(t):
        m = _inner_model(arg)
        if m is not None:
            return m
    return None


def _attach(model: Any, raw: Any, file: str) -> None:
    """Record in each model where its mapping, fields and list items were written."""
    if isinstance(model, Node):
        if not isinstance(raw, LineDict):
            return
        fields: dict[str, int] = {}
        items: dict[str, list[int]] = {}
        for name, info in type(model).model_fields.items():
            key = info.alias or name
            if key in raw:
                fields[name] = raw.key_lines.get(key, raw.line)
                sub = raw[key]
                if isinstance(sub, LineList):
                    items[name] = sub.item_lines
                elif isinstance(sub, LineDict):
                    items[name] = list(sub.key_lines.values())  # a mapping's keys, in order
                _attach(getattr(model, name), sub, file)
        literal = {
            n: raw.literal_lines[i.alias or n]
            for n, i in type(model).model_fields.items()
            if (i.alias or n) in getattr(raw, "literal_lines", {})
        }
        object.__setattr__(model, "_where", Where(file, raw.line, fields, items, literal))
    elif isinstance(model, list):
        if isinstance(raw, LineDict):
            raw = [raw]
        if isinstance(raw, list):
            for m, r in zip(model, raw, strict=False):
                _attach(m, r, file)
    elif isinstance(model, dict) and isinstance(raw, LineDict):
        for k, m in model.items():
            if k in raw:
                _attach(m, raw[k], file)


class _Fallback(Exception):
    """The fast path cannot vouch for this file: read it again, precisely."""


def _load_fast(text: str, model: type[Node]) -> Node:
    try:
        raw = parse_yaml_fast(text)
    except ValueError:
        raise _Fallback from None
    if not isinstance(raw, dict):
        raise _Fallback
    # Validate the scenes one at a time and drop each one's raw data as soon as it is a
    # model, so that a big scenario never holds all its raw data and all its models at
    # once (peak memory on the 10,000-scene benchmark: 415 MiB before this).
    scenes_raw = raw.pop("scenes", None)
    try:
        obj = model.model_validate(raw)
        if scenes_raw is not None:
            if not isinstance(scenes_raw, list):
                raise _Fallback
            scenes = []
            # The validator itself, not Scene.model_validate: the same validation
            # without that method's Python wrapper and keyword arguments, which cost
            # about as much as validating a small model, at every scene.
            validate = Scene.__pydantic_validator__.validate_python
            for i, item in enumerate(scenes_raw):
                scenes.append(validate(item))
                scenes_raw[i] = None
            obj.scenes = scenes
        return obj
    except (ValidationError, RecursionError):
        raise _Fallback from None


def _load_file(
    path: Path, shown: str, model: type[Node], diags: list[Diagnostic], fast: bool = False
) -> Node | None:
    text = _read_text(path, shown, diags)
    if text is None:
        return None
    if fast:
        return _load_fast(text, model)
    try:
        raw, dups = parse_yaml(text)
    except YamlProblem as p:
        diags.append(Diagnostic(p.code, p.message, shown, p.line))
        return None
    for key, line in dups:
        diags.append(
            Diagnostic("E104", f"the key '{key}' appears twice in the same mapping", shown, line)
        )
    if raw is None:
        if model is Scenario:
            diags.append(Diagnostic("E103", "the file is empty", shown, 1))
            return None
        raw = LineDict()
        raw.line, raw.key_lines = 1, {}
    if not isinstance(raw, LineDict):
        what = "a list" if isinstance(raw, list) else f"a single value ({_short(raw)})"
        diags.append(
            Diagnostic(
                "E103",
                f"the file must be a mapping of keys (like 'scenes:'), not {what}",
                shown,
                getattr(raw, "line", 1),
            )
        )
        return None
    try:
        obj = model.model_validate(raw)
    except ValidationError as e:
        diags.extend(_schema_diagnostics(e, raw, shown, model))
        return None
    except RecursionError:
        diags.append(Diagnostic("E112", "the file is nested too deeply", shown, None))
        return None
    _attach(obj, raw, shown)
    return obj


def load_scenario(
    path: str | os.PathLike[str] | None, precise: bool = False, hashed: bool = True
) -> LoadResult:
    """Read a scenario folder (or bundled id) into one merged :class:`Scenario` model.

    Shape errors are returned as diagnostics; nothing is raised for bad content.
    Raises :class:`ScenarioNotFound` when the name matches nothing.

    Unless ``precise`` is set, files are first read with the fast native YAML parser,
    which records no line numbers. If anything at all is wrong, everything is read again
    with the line-tracking parser so that every diagnostic names its line; the result's
    ``precise`` flag says which path produced it. Without ``hashed``, the result's
    ``content_hash`` is "" (the files are not hashed).
    """
    root = resolve_scenario_path(path)
    was_enabled = gc.isenabled()
    # Loading allocates hundreds of thousands of objects that all live on; the cyclic
    # GC would rescan them again and again (quadratic on big scenarios).
    gc.disable()
    try:
        if not precise and FAST_AVAILABLE:
            try:
                return _load(root, fast=True, hashed=hashed)
            except _Fallback:
                pass
        return _load(root, fast=False, hashed=hashed)
    finally:
        if was_enabled:
            gc.enable()


def _load(root: Path, fast: bool, hashed: bool = True) -> LoadResult:
    diags: list[Diagnostic] = []
    main = root / MAIN_FILE
    if not main.is_file():
        diags.append(Diagnostic("E105", f"the folder has no {MAIN_FILE}", _display(root)))
        return LoadResult(None, diags, "", root)
    files = scenario_files(root)
    scenario = _load_file(main, _display(main), Scenario, diags, fast)
    chapters: list[Chapter] = []
    for f in files[1:]:
        ch = _load_file(f, _display(f), Chapter, diags, fast)
        if isinstance(ch, Chapter):
            chapters.append(ch)
    if fast and diags:
        raise _Fallback
    digest = content_hash(root, files) if hashed else ""
    if not isinstance(scenario, Scenario):
        return LoadResult(None, diags, digest, root, precise=not fast)
    for ch in chapters:
        scenario.scenes.extend(ch.scenes)
        scenario.events.extend(ch.events)
        scenario.endings.extend(ch.endings)
    return LoadResult(scenario, diags, digest, root, precise=not fast)
