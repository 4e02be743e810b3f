"""Types and symbols that expressions are checked against."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.lang.frozen import Frozen, _set


class VarType(Frozen):
    _fields = ("kind", "lo", "hi", "values")
    __slots__ = _fields
    kind: str  # "int" | "bool" | "enum" | "str" (a text literal, only as a function argument or enum value)
    lo: int | None
    hi: int | None
    values: tuple[str, ...]

    def __init__(
        self, kind: str, lo: int | None = None, hi: int | None = None, values: tuple[str, ...] = ()
    ) -> None:
        _set(self, "kind", kind)
        _set(self, "lo", lo)
        _set(self, "hi", hi)
        _set(self, "values", values)

    def describe(self) -> str:
        if self.kind == "enum":
            return "one of " + ", ".join(repr(v) for v in self.values)
        return {"int": "a number", "bool": "true/false", "str": "text"}[self.kind]


INT = VarType("int")
BOOL = VarType("bool")
STR = VarType("str")


class Symbol(Frozen):
    """A name an expression can use.

    Writable variables live in the game state's value list at ``slot``. Read-only
    built-ins (``turn``, ``council.*``) are computed by ``getter``.
    """

    _fields = ("name", "type", "slot", "getter")
    __slots__ = _fields
    name: str
    type: VarType
    slot: int | None
    getter: Callable[[Any], Any] | None

    def __init__(
        self,
        name: str,
        type: VarType,
        slot: int | None = None,
        getter: Callable[[Any], Any] | None = None,
    ) -> None:
        _set(self, "name", name)
        _set(self, "type", type)
        _set(self, "slot", slot)
        _set(self, "getter", getter)

    @property
    def readonly(self) -> bool:
        return self.slot is None


class Env:
    """What names and ids exist, for checking and compiling expressions; and, in
    ``asked``, which ids the expressions checked so far test with visited() and
    chosen() (by function name): the engine keeps a set of those ids as the game goes
    (see game.engine.game.State), and the rest only in a record it reads when asked.
    (Events fired are few: the engine keeps all their ids, in ``s.fired``.)"""

    __slots__ = ("asked", "choice_ids", "event_ids", "scene_ids", "symbols")

    def __init__(
        self,
        symbols: dict[str, Symbol],
        scene_ids: frozenset[str] = frozenset(),
        choice_ids: frozenset[str] = frozenset(),
        event_ids: frozenset[str] = frozenset(),
    ) -> None:
        self.symbols = symbols
        self.scene_ids = scene_ids
        self.choice_ids = choice_ids
        self.event_ids = event_ids
        self.asked: dict[str, set[str]] = {"visited": set(), "chosen": set()}
