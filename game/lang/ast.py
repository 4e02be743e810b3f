"""AST nodes of the expression language (immutable; see game.lang.frozen)."""

from __future__ import annotations

from game.lang.frozen import Frozen, _set


class Num(Frozen):
    _fields = ("value", "col")
    __slots__ = _fields
    value: int
    col: int

    def __init__(self, value: int, col: int = 0) -> None:
        _set(self, "value", value)
        _set(self, "col", col)


class Bool(Frozen):
    _fields = ("value", "col")
    __slots__ = _fields
    value: bool
    col: int

    def __init__(self, value: bool, col: int = 0) -> None:
        _set(self, "value", value)
        _set(self, "col", col)


class Str(Frozen):
    _fields = ("value", "col")
    __slots__ = _fields
    value: str
    col: int

    def __init__(self, value: str, col: int = 0) -> None:
        _set(self, "value", value)
        _set(self, "col", col)


class Name(Frozen):
    _fields = ("name", "col")
    __slots__ = _fields
    name: str  # dotted, e.g. "xi.trust"
    col: int

    def __init__(self, name: str, col: int = 0) -> None:
        _set(self, "name", name)
        _set(self, "col", col)


class Unary(Frozen):
    _fields = ("op", "operand", "col")
    __slots__ = _fields
    op: str  # "not" | "-"
    operand: Expr
    col: int

    def __init__(self, op: str, operand: Expr, col: int = 0) -> None:
        _set(self, "op", op)
        _set(self, "operand", operand)
        _set(self, "col", col)


class Binary(Frozen):
    _fields = ("op", "left", "right", "col")
    __slots__ = _fields
    op: str  # and or == != < <= > >= + - * / %
    left: Expr
    right: Expr
    col: int

    def __init__(self, op: str, left: Expr, right: Expr, col: int = 0) -> None:
        _set(self, "op", op)
        _set(self, "left", left)
        _set(self, "right", right)
        _set(self, "col", col)


class Call(Frozen):
    _fields = ("func", "args", "col")
    __slots__ = _fields
    func: str
    args: tuple[Expr, ...]
    col: int

    def __init__(self, func: str, args: tuple[Expr, ...], col: int = 0) -> None:
        _set(self, "func", func)
        _set(self, "args", args)
        _set(self, "col", col)


Expr = Num | Bool | Str | Name | Unary | Binary | Call


class Assign(Frozen):
    """An effect: ``target op value`` where op is ``=``, ``+=`` or ``-=``."""

    _fields = ("target", "op", "value", "col")
    __slots__ = _fields
    target: Name
    op: str
    value: Expr
    col: int

    def __init__(self, target: Name, op: str, value: Expr, col: int = 0) -> None:
        _set(self, "target", target)
        _set(self, "op", op)
        _set(self, "value", value)
        _set(self, "col", col)
