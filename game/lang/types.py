"""Types and symbols that expressions are checked against."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class VarType:
    kind: str  # "int" | "bool" | "enum" | "str" (a text literal, only as a function argument or enum value)
    lo: int | None = None
    hi: int | None = None
    values: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.kind == "enum":
            return "one of " + ", ".join(repr(v) for v in self.values)
        return {"int": "a number", "bool": "true/false", "str": "text"}[self.kind]


INT = VarType("int")
BOOL = VarType("bool")
STR = VarType("str")


@dataclass(frozen=True, slots=True)
class Symbol:
    """A name an expression can use.

    Writable variables live in the game state's value list at ``slot``. Read-only
    built-ins (``turn``, ``council.*``) are computed by ``getter``.
    """

    name: str
    type: VarType
    slot: int | None = None
    getter: Callable[[Any], Any] | None = None

    @property
    def readonly(self) -> bool:
        return self.slot is None


@dataclass(slots=True)
class Env:
    """What names and ids exist, for checking and compiling expressions."""

    symbols: dict[str, Symbol]
    scene_ids: frozenset[str] = frozenset()
    choice_ids: frozenset[str] = frozenset()
    event_ids: frozenset[str] = frozenset()
