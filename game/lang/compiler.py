"""Type-check an AST and compile it into a function of the game state.

Every compiled function takes the state object ``s``, which provides ``s.v`` (the list
of variable values), ``s.rng`` (a ``random.Random``), and the sets ``s.visited_asked``,
``s.chosen_asked`` and ``s.fired`` (see ``Env.asked``). Each condition or effect becomes
one small Python function (built from ``ast`` nodes by ``game.lang.codegen``; no text is handed to Python's parser),
because the engine's hot loop runs them hundreds of thousands of times a second.

Alongside each function the compiler works out what values the expression could take,
given the declared bounds of the variables: an interval for numbers and a pair
``(can_be_true, can_be_false)`` for conditions. ``validate`` uses that to warn about
conditions that can never hold.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from game.lang import codegen
from game.lang.ast import Assign, Binary, Bool, Call, Expr, Name, Num, Str, Unary
from game.lang.errors import LangError
from game.lang.frozen import Plain
from game.lang.parser import parse_effects, parse_expr
from game.lang.types import BOOL, INT, STR, Env, Symbol, VarType

Fn = Callable[[Any], Any]
Interval = tuple[int | None, int | None]


def _div(d: int, n: int) -> int:
    # The divisor comes first: it is worked out before the number it divides.
    if d == 0:
        raise ZeroDivisionError("division by zero in an expression")
    return n // d


def _mod(d: int, n: int) -> int:
    if d == 0:
        raise ZeroDivisionError("division by zero in an expression")
    return n % d


def _randint(s: Any, x: int, y: int) -> int:
    return s.rng.randint(min(x, y), max(x, y))


# The helpers every compiled expression may call (its namespace has no built-ins).
_HELPERS: dict[str, Any] = {
    "_min": min,
    "_max": max,
    "_abs": abs,
    "_div": _div,
    "_mod": _mod,
    "_randint": _randint,
}


class Compiled(Plain):
    """A checked expression: its type, what values it can take, and its code.

    ``node`` is the expression as a Python ``ast`` node over the state ``s`` (see
    ``game.lang.codegen``); ``fn`` is the function made from it, built on first use.
    (A plain slotted class, not a dataclass: see ``game.lang.frozen``.)"""

    _fields = (
        "node",
        "type",
        "interval",
        "can_true",
        "can_false",
        "const",
        "is_const",
        "helpers",
        "_fn",
    )
    __slots__ = _fields

    def __init__(
        self,
        node: ast.expr,
        type: VarType,
        interval: Interval = (None, None),  # for numbers
        can_true: bool = True,  # for conditions
        can_false: bool = True,
        const: Any = None,
        is_const: bool = False,
        helpers: dict[str, Any] | None = None,
        _fn: Fn | None = None,
    ) -> None:
        self.node = node
        self.type = type
        self.interval = interval
        self.can_true = can_true
        self.can_false = can_false
        self.const = const
        self.is_const = is_const
        self.helpers = _HELPERS if helpers is None else helpers
        self._fn = _fn

    @property
    def fn(self) -> Fn:
        if self._fn is None:
            self._fn = codegen.returning(self.node, self.helpers)
        return self._fn


def _const(value: Any, t: VarType) -> Compiled:
    c = Compiled(codegen.const(value), t, const=value, is_const=True)
    if t.kind == "int":
        c.interval = (value, value)
    elif t.kind == "bool":
        c.can_true, c.can_false = bool(value), not value
    return c


_CMP: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


_FUNCTIONS = ("chance", "random", "min", "max", "abs", "visited", "chosen", "fired")


def chance_node(percent: Compiled) -> ast.expr:
    """``chance(p)``: true p times in a hundred, drawn from the game's own random numbers."""
    draw = codegen.method(codegen.state("rng"), "random")
    if percent.is_const:
        return codegen.compare(draw, "<", codegen.const(percent.const / 100.0))
    return codegen.compare(codegen.binop(draw, "*", codegen.const(100.0)), "<", percent.node)


def _add(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


class Compiler:
    def __init__(self, env: Env, pure: str | None = None) -> None:
        """``pure``, when given, names where the expression is used and forbids
        chance() and random() there: such expressions are evaluated whenever the UI
        looks (the choices on screen, the council projection, an ending's scores), so a
        random draw would make the game depend on what was displayed."""
        self.env = env
        self.pure = pure
        # Scenarios repeat the same conditions and effects many times; a text compiles
        # to the same code every time (it holds no state), so compile it once.
        self._conditions: dict[str, Compiled] = {}
        self._values: dict[tuple[str, str], Compiled] = {}
        self._effects: dict[str, list[tuple[Fn, Symbol]]] = {}
        self._effect_code: dict[str, list[tuple[list[ast.stmt], Symbol]]] = {}
        # What this compiler's functions may call: the shared helpers, and the getters of
        # read-only names (turn, council.*), added as they are used.
        self.helpers: dict[str, Any] = dict(_HELPERS)

    def _made(self, node: ast.expr, t: VarType, **info: Any) -> Compiled:
        return Compiled(node, t, helpers=self.helpers, **info)

    # -- expressions -------------------------------------------------------------
    def expr(self, e: Expr) -> Compiled:
        if isinstance(e, Num):
            return _const(e.value, INT)
        if isinstance(e, Bool):
            return _const(e.value, BOOL)
        if isinstance(e, Str):
            return _const(e.value, STR)
        if isinstance(e, Name):
            return self.name(e)
        if isinstance(e, Unary):
            return self.unary(e)
        if isinstance(e, Binary):
            return self.binary(e)
        return self.call(e)

    def symbol(self, e: Name) -> Symbol:
        sym = self.env.symbols.get(e.name)
        if sym is None:
            hint = ""
            if "." in e.name:
                head = e.name.split(".", 1)[0]
                if not any(k.startswith(head + ".") for k in self.env.symbols):
                    hint = f" ('{head}' is not a leader)"
            raise LangError(f"unknown name '{e.name}'{hint}", e.col, "E202")
        return sym

    def name(self, e: Name) -> Compiled:
        sym = self.symbol(e)
        t = sym.type
        if sym.slot is not None:
            c = self._made(codegen.slot(sym.slot), t)
        else:
            assert sym.getter is not None
            # Named after the symbol, so that functions joined from several compilers'
            # expressions (see game.engine.compile) can share one namespace.
            helper = "_get_" + sym.name.replace(".", "__")
            self.helpers[helper] = sym.getter
            c = self._made(codegen.call(helper, codegen.name("s")), t)
        if t.kind == "int":
            c.interval = (t.lo, t.hi)
        return c

    def unary(self, e: Unary) -> Compiled:
        x = self.expr(e.operand)
        if e.op == "not":
            self._want(x, "bool", e, "'not' needs a condition")
            if x.is_const:
                return _const(not x.const, BOOL)
            return self._made(
                codegen.not_(x.node), BOOL, can_true=x.can_false, can_false=x.can_true
            )
        self._want(x, "int", e, "'-' needs a number")
        lo, hi = x.interval
        return self._made(
            codegen.neg(x.node),
            INT,
            interval=(None if hi is None else -hi, None if lo is None else -lo),
        )

    def binary(self, e: Binary) -> Compiled:
        op = e.op
        a = self.expr(e.left)
        b = self.expr(e.right)
        if op in ("and", "or"):
            self._want(
                a,
                "bool",
                e.left,
                f"'{op}' joins conditions, but its left side is {a.type.describe()}",
            )
            self._want(
                b,
                "bool",
                e.right,
                f"'{op}' joins conditions, but its right side is {b.type.describe()}",
            )
            node = codegen.junction(op, (a.node, b.node))
            if op == "and":
                return self._made(
                    node,
                    BOOL,
                    can_true=a.can_true and b.can_true,
                    can_false=a.can_false or b.can_false,
                )
            return self._made(
                node,
                BOOL,
                can_true=a.can_true or b.can_true,
                can_false=a.can_false and b.can_false,
            )
        if op in _CMP:
            return self.compare(e, a, b)
        # arithmetic
        self._want(
            a, "int", e.left, f"'{op}' needs numbers, but its left side is {a.type.describe()}"
        )
        self._want(
            b, "int", e.right, f"'{op}' needs numbers, but its right side is {b.type.describe()}"
        )
        (alo, ahi), (blo, bhi) = a.interval, b.interval
        if op == "+":
            return self._made(
                codegen.binop(a.node, "+", b.node), INT, interval=(_add(alo, blo), _add(ahi, bhi))
            )
        if op == "-":
            neg_b = (None if bhi is None else -bhi, None if blo is None else -blo)
            return self._made(
                codegen.binop(a.node, "-", b.node),
                INT,
                interval=(_add(alo, neg_b[0]), _add(ahi, neg_b[1])),
            )
        if op == "*":
            interval: Interval = (None, None)
            if None not in (alo, ahi, blo, bhi):
                prods = [alo * blo, alo * bhi, ahi * blo, ahi * bhi]  # type: ignore[operator]
                interval = (min(prods), max(prods))
            return self._made(codegen.binop(a.node, "*", b.node), INT, interval=interval)
        if b.is_const and b.const == 0:
            raise LangError(f"'{op}' by zero", e.col, "E203")
        helper = "_div" if op == "/" else "_mod"
        return self._made(codegen.call(helper, b.node, a.node), INT)

    def compare(self, e: Binary, a: Compiled, b: Compiled) -> Compiled:
        op = e.op
        ta, tb = a.type, b.type
        # enum vs text literal: check the value is one of the enum's values
        if ta.kind == "enum" and tb.kind == "str":
            self._check_enum_value(ta, b.const, e.right)
        elif tb.kind == "enum" and ta.kind == "str":
            self._check_enum_value(tb, a.const, e.left)
        elif ta.kind == "enum" and tb.kind == "enum":
            if set(ta.values) != set(tb.values):
                raise LangError(
                    "these two values come from different lists and cannot be compared",
                    e.col,
                    "E203",
                )
        elif ta.kind != tb.kind:
            raise LangError(f"cannot compare {ta.describe()} with {tb.describe()}", e.col, "E203")
        if op not in ("==", "!=") and ta.kind != "int":
            raise LangError(
                f"'{op}' compares numbers; {ta.describe()} can only use == or !=", e.col, "E203"
            )
        can_true, can_false = True, True
        if ta.kind == "int":
            (alo, ahi), (blo, bhi) = a.interval, b.interval
            can_true, can_false = _int_cmp_possible(op, alo, ahi, blo, bhi)
        if a.is_const and b.is_const:
            return _const(_CMP[op](a.const, b.const), BOOL)
        return self._made(
            codegen.compare(a.node, op, b.node), BOOL, can_true=can_true, can_false=can_false
        )

    def _check_enum_value(self, t: VarType, value: Any, node: Expr) -> None:
        if value not in t.values:
            raise LangError(
                f"{value!r} is not one of its values ({', '.join(t.values)})",
                getattr(node, "col", None),
                "E204",
            )

    def call(self, e: Call) -> Compiled:
        f = e.func
        n = len(e.args)
        if f not in _FUNCTIONS:
            raise LangError(
                f"unknown function '{f}' (known: {', '.join(_FUNCTIONS)})", e.col, "E205"
            )
        if f in ("visited", "chosen", "fired"):
            # Checked before the argument is compiled: visited(lobby) should say "quote
            # it", not "unknown name 'lobby'".
            return self._id_test(e)
        args = [self.expr(a) for a in e.args]

        def arity(k: int) -> None:
            if n != k:
                raise LangError(
                    f"{f}() takes {k} value{'s' if k != 1 else ''}, not {n}", e.col, "E205"
                )

        if f in ("chance", "random") and self.pure and n == (1 if f == "chance" else 2):
            raise LangError(
                f"{f}() cannot be used in {self.pure}: it is checked whenever the game is shown, "
                "so a random draw there would change the game (use it in effects, events or responses)",
                e.col,
                "E205",
            )
        if f == "chance":
            arity(1)
            self._want(args[0], "int", e.args[0], "chance() takes a percentage")
            p = args[0]
            lo, hi = p.interval
            ct = hi is None or hi > 0
            cf = lo is None or lo < 100
            return self._made(chance_node(p), BOOL, can_true=ct, can_false=cf)
        if f == "random":
            arity(2)
            for a, node in zip(args, e.args, strict=True):
                self._want(a, "int", node, "random() takes two numbers")
            lo = (
                None
                if None in (args[0].interval[0], args[1].interval[0])
                else min(args[0].interval[0], args[1].interval[0])
            )  # type: ignore[type-var]
            hi = (
                None
                if None in (args[0].interval[1], args[1].interval[1])
                else max(args[0].interval[1], args[1].interval[1])
            )  # type: ignore[type-var]
            return self._made(
                codegen.call("_randint", codegen.name("s"), args[0].node, args[1].node),
                INT,
                interval=(lo, hi),
            )
        if f in ("min", "max"):
            if n < 2:
                raise LangError(f"{f}() takes two or more numbers", e.col, "E205")
            for a, node in zip(args, e.args, strict=True):
                self._want(a, "int", node, f"{f}() takes numbers")
            agg = min if f == "min" else max
            los = [a.interval[0] for a in args]
            his = [a.interval[1] for a in args]
            lo = None if None in los else agg(los)  # type: ignore[type-var]
            hi = None if None in his else agg(his)  # type: ignore[type-var]
            if f == "min" and None in los:
                lo = None
            return self._made(
                codegen.call("_" + f, *(a.node for a in args)), INT, interval=(lo, hi)
            )
        if f == "abs":
            arity(1)
            self._want(args[0], "int", e.args[0], "abs() takes a number")
            return self._made(codegen.call("_abs", args[0].node), INT, interval=(0, None))
        raise LangError(f"unknown function '{f}'", e.col, "E205")  # pragma: no cover

    def _id_test(self, e: Call) -> Compiled:
        f = e.func
        if len(e.args) != 1:
            raise LangError(f"{f}() takes 1 value, not {len(e.args)}", e.col, "E205")
        a = e.args[0]
        if not isinstance(a, Str):
            raise LangError(f"{f}() takes an id in quotes, like {f}('some_id')", e.col, "E205")
        # The state's sets of the ids asked about (see Env.asked): s.visited_asked holds
        # the scenes entered that some expression tests with visited(), and so on.
        known, what, attr = {
            "visited": (self.env.scene_ids, "scene", "visited_asked"),
            "chosen": (self.env.choice_ids, "choice", "chosen_asked"),
            "fired": (self.env.event_ids, "event", "fired"),
        }[f]
        if a.value not in known:
            raise LangError(f"{f}('{a.value}'): there is no {what} '{a.value}'", a.col, "E206")
        if f in self.env.asked:
            self.env.asked[f].add(a.value)
        return self._made(codegen.compare(codegen.const(a.value), "in", codegen.state(attr)), BOOL)

    def _want(self, c: Compiled, kind: str, node: Any, message: str) -> None:
        if c.type.kind != kind:
            raise LangError(message, getattr(node, "col", None), "E203")

    # -- conditions and effects --------------------------------------------------
    def condition(self, text: str) -> Compiled:
        c = self._conditions.get(text)
        if c is not None:
            return c
        c = self.expr(parse_expr(text))
        if c.type.kind != "bool":
            raise LangError(
                f"a condition must be true or false, but this is {c.type.describe()}", 0, "E203"
            )
        self._conditions[text] = c
        return c

    def value(self, text: str, want: str = "int") -> Compiled:
        c = self._values.get((text, want))
        if c is not None:
            return c
        c = self.expr(parse_expr(text))
        if c.type.kind != want:
            raise LangError(
                f"expected {VarType(want).describe()}, but this is {c.type.describe()}", 0, "E203"
            )
        self._values[text, want] = c
        return c

    def effect(self, a: Assign) -> tuple[Fn, Symbol]:
        """An effect as a function of the state, and the variable it sets."""
        body, sym = self.effect_statements(a)
        return codegen.function(body, self.helpers, "effect"), sym

    def effect_statements(self, a: Assign) -> tuple[list[ast.stmt], Symbol]:
        """An effect as Python statements (so that a list of effects can run as one
        function), and the variable it sets."""
        sym = self.symbol(a.target)
        if sym.slot is None:
            raise LangError(f"'{sym.name}' is read-only", a.col, "E207")
        i = sym.slot
        t = sym.type
        v = self.expr(a.value)
        if a.op in ("+=", "-="):
            if t.kind != "int":
                raise LangError(
                    f"'{a.op}' needs a number, but '{sym.name}' is {t.describe()}", a.col, "E203"
                )
            self._want(v, "int", a.value, f"'{a.op}' needs a number on its right")
        elif t.kind == "enum":
            if v.type.kind == "str":
                self._check_enum_value(t, v.const, a.value)
            elif v.type.kind != "enum" or set(v.type.values) != set(t.values):
                raise LangError(f"'{sym.name}' must be set to {t.describe()}", a.col, "E203")
        elif v.type.kind != t.kind:
            raise LangError(
                f"'{sym.name}' is {t.describe()}, but the value is {v.type.describe()}",
                a.col,
                "E203",
            )
        if t.kind != "int":
            return [codegen.assign_slot(i, v.node)], sym
        lo = t.lo if t.lo is not None else -(10**9)
        hi = t.hi if t.hi is not None else 10**9
        if a.op == "=":
            x = v.node
        elif v.is_const:
            x = codegen.binop(
                codegen.slot(i), "+", codegen.const(v.const * (1 if a.op == "+=" else -1))
            )
        else:
            x = codegen.binop(codegen.slot(i), a.op[0], v.node)
        # x = <new value>; s.v[i] = x kept within the variable's bounds
        return [codegen.assign_x(x), codegen.assign_slot(i, codegen.clamp(lo, hi))], sym

    def effects(self, text: str) -> list[tuple[Fn, Symbol]]:
        out = self._effects.get(text)
        if out is None:
            out = self._effects[text] = [self.effect(a) for a in parse_effects(text)]
        return out

    def effect_code(self, text: str) -> list[tuple[list[ast.stmt], Symbol]]:
        """The effects in ``text`` as statements, to be joined into one function."""
        out = self._effect_code.get(text)
        if out is None:
            out = self._effect_code[text] = [self.effect_statements(a) for a in parse_effects(text)]
        return out


def _int_cmp_possible(
    op: str, alo: int | None, ahi: int | None, blo: int | None, bhi: int | None
) -> tuple[bool, bool]:
    """Could ``a op b`` be true, and could it be false, given the intervals?"""
    inf = float("inf")
    al = -inf if alo is None else alo
    ah = inf if ahi is None else ahi
    bl = -inf if blo is None else blo
    bh = inf if bhi is None else bhi
    if op == "<":
        return al < bh, ah >= bl
    if op == "<=":
        return al <= bh, ah > bl
    if op == ">":
        return ah > bl, al <= bh
    if op == ">=":
        return ah >= bl, al < bh
    overlap = al <= bh and bl <= ah
    point = al == ah == bl == bh
    if op == "==":
        return overlap, not point
    return not point, overlap
