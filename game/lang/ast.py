"""AST nodes of the expression language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Num:
    value: int
    col: int = 0


@dataclass(frozen=True, slots=True)
class Bool:
    value: bool
    col: int = 0


@dataclass(frozen=True, slots=True)
class Str:
    value: str
    col: int = 0


@dataclass(frozen=True, slots=True)
class Name:
    name: str  # dotted, e.g. "xi.trust"
    col: int = 0


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "not" | "-"
    operand: Expr
    col: int = 0


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # and or == != < <= > >= + - * / %
    left: Expr
    right: Expr
    col: int = 0


@dataclass(frozen=True, slots=True)
class Call:
    func: str
    args: tuple[Expr, ...]
    col: int = 0


Expr = Num | Bool | Str | Name | Unary | Binary | Call


@dataclass(frozen=True, slots=True)
class Assign:
    """An effect: ``target op value`` where op is ``=``, ``+=`` or ``-=``."""

    target: Name
    op: str
    value: Expr
    col: int = 0
