"""Turn checked expressions into small Python functions, built from ``ast`` nodes.

The compiler (``game.lang.compiler``) checks an expression and describes it as a tree of
Python ``ast`` nodes; this module turns that tree into a function of the game state
``s``. A condition such as ``day >= 6 and not in_crisis`` becomes the equivalent of::

    def condition(s):
        return s.v[3] >= 6 and not s.v[5]

One call per condition instead of one closure call per operator makes the engine's hot
loop two to three times faster.

Why this is safe with untrusted content: no text is ever given to Python's parser, and
nothing is passed to ``eval`` or ``exec``. The content's own parser has already read and
type-checked the expression; the tree built from it holds only the node types listed in
``_ALLOWED``, every value from the content is an ``ast.Constant`` holding an ``int``,
``bool``, ``float``, ``str`` or ``None`` (data, never code), every name is one this package chose
(``s``, ``v``, ``x`` and the helpers in the function's namespace), and the namespace has
no built-ins. :func:`function` refuses any tree that breaks these rules.
"""

from __future__ import annotations

import ast
import operator
import sys
import types
from collections.abc import Callable, Iterable
from typing import Any

# Node types an expression's tree may contain (checked by `_check`).
_ALLOWED: tuple[type, ...] = (
    ast.Module,
    ast.FunctionDef,
    ast.arguments,
    ast.arg,
    ast.Return,
    ast.Assign,
    ast.Expr,
    ast.Name,
    ast.Load,
    ast.Store,
    ast.Attribute,
    ast.Subscript,
    ast.Constant,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.USub,
    ast.BinOp,
    ast.Add,
    ast.Sub,
    ast.Mult,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.Lt,
    ast.LtE,
    ast.Gt,
    ast.GtE,
    ast.In,
    ast.NotIn,
    ast.IfExp,
    ast.Call,
    ast.Tuple,
    ast.If,
)
# Attributes of the state an expression may read.
_STATE_FIELDS = frozenset({"v", "rng", "visited_asked", "chosen_asked", "fired", "turn"})
_CONSTANT_TYPES = (int, bool, float, str, type(None))
_LOCALS = frozenset({"s", "v", "x", "start"})

_LOAD = ast.Load()
_STORE = ast.Store()


# -- building blocks (used by the compiler) ------------------------------------------------
def const(value: Any) -> ast.expr:
    if type(value) not in _CONSTANT_TYPES:
        raise TypeError(f"not a constant an expression may hold: {value!r}")
    return ast.Constant(value)


def name(n: str) -> ast.expr:
    return ast.Name(n, _LOAD)


def state(attr: str) -> ast.expr:
    """``s.<attr>``"""
    return ast.Attribute(name("s"), attr, _LOAD)


def slot(i: int) -> ast.expr:
    """``s.v[i]``: the value of the variable in slot ``i``."""
    return ast.Subscript(state("v"), const(i), _LOAD)


def call(helper: str, *args: ast.expr) -> ast.expr:
    return ast.Call(name(helper), list(args), [])


def method(obj: ast.expr, meth: str, *args: ast.expr) -> ast.expr:
    return ast.Call(ast.Attribute(obj, meth, _LOAD), list(args), [])


_CMP_OPS: dict[str, type[ast.cmpop]] = {
    "==": ast.Eq,
    "!=": ast.NotEq,
    "<": ast.Lt,
    "<=": ast.LtE,
    ">": ast.Gt,
    ">=": ast.GtE,
    "in": ast.In,
    "not in": ast.NotIn,
}
_BIN_OPS: dict[str, type[ast.operator]] = {"+": ast.Add, "-": ast.Sub, "*": ast.Mult}


def compare(a: ast.expr, op: str, b: ast.expr) -> ast.expr:
    return ast.Compare(a, [_CMP_OPS[op]()], [b])


def binop(a: ast.expr, op: str, b: ast.expr) -> ast.expr:
    return ast.BinOp(a, _BIN_OPS[op](), b)


def neg(a: ast.expr) -> ast.expr:
    return ast.UnaryOp(ast.USub(), a)


def not_(a: ast.expr) -> ast.expr:
    # `not (k in s.visited_asked)` reads better, and runs a little faster, as `k not in ...`.
    if isinstance(a, ast.Compare) and len(a.ops) == 1 and isinstance(a.ops[0], ast.In):
        return ast.Compare(a.left, [ast.NotIn()], a.comparators)
    return ast.UnaryOp(ast.Not(), a)


def junction(op: str, terms: Iterable[ast.expr]) -> ast.expr:
    """``a and b and c`` (or ``or``) as one flat node."""
    kind = ast.And if op == "and" else ast.Or
    flat: list[ast.expr] = []
    for t in terms:
        if isinstance(t, ast.BoolOp) and isinstance(t.op, kind):
            flat.extend(t.values)
        else:
            flat.append(t)
    return flat[0] if len(flat) == 1 else ast.BoolOp(kind(), flat)


def tuple_(elts: Iterable[ast.expr]) -> ast.expr:
    return ast.Tuple(list(elts), _LOAD)


def first_match(options: Iterable[tuple[ast.expr | None, Any]], default: Any) -> ast.expr:
    """The value of the first option whose test holds (``None``: always), else ``default``:
    ``a if t1 else (b if t2 else default)``."""
    node = const(default)
    for test, value in reversed(list(options)):
        node = const(value) if test is None else ast.IfExp(test, const(value), node)
    return node


def clamp(lo: int, hi: int) -> ast.expr:
    """``lo if x < lo else (hi if x > hi else x)``"""
    x = name("x")
    return ast.IfExp(
        compare(x, "<", const(lo)),
        const(lo),
        ast.IfExp(compare(x, ">", const(hi)), const(hi), x),
    )


# -- making functions ----------------------------------------------------------------------
_ALLOWED_TYPES = frozenset(_ALLOWED)
_LOCATION = ("lineno", "col_offset", "end_lineno", "end_col_offset")


def _check(tree: ast.AST, helpers: dict[str, Any], locate: bool = True) -> None:
    """Refuse a tree that breaks the rules in the module's docstring; and, with
    ``locate``, give every node the line and column that ``compile`` needs, as
    ``ast.fix_missing_locations`` would (a node without them takes its parent's; the
    tree's root, line 1, column 0).

    One pass, without ``ast.walk``'s generators: the council's votes are one function
    of about 800 nodes, compiled while the game screen draws its first frame, and
    checking and placing them in two walks was about half of making that function."""
    stack: list[tuple[Any, tuple[int, int, int, int]]] = [(tree, (1, 0, 1, 0))]
    pop = stack.pop
    push = stack.append
    while stack:
        node, where = pop()
        kind = type(node)
        if kind not in _ALLOWED_TYPES:
            raise ValueError(f"an expression may not contain {kind.__name__}")
        if kind is ast.Constant:
            if type(node.value) not in _CONSTANT_TYPES:
                raise ValueError(f"an expression may not hold {type(node.value).__name__}")
        elif kind is ast.Name:
            if node.id not in _LOCALS and node.id not in helpers:
                raise ValueError(f"an expression may not use the name {node.id!r}")
        elif kind is ast.Attribute:
            if not _state_read(node):
                raise ValueError(f"an expression may not read .{node.attr}")
        elif kind is ast.Call:
            func = node.func
            if not (
                (type(func) is ast.Name and func.id in helpers)
                or (type(func) is ast.Attribute and func.attr == "random")
            ):
                raise ValueError("an expression may only call its helpers and s.rng.random()")
        if locate and "lineno" in kind._attributes:
            # As fix_missing_locations: a location the node has is kept (and passed
            # on), a missing one is its parent's. (A node's location set to None counts
            # as missing here; no tree made by this module has one.)
            d = node.__dict__
            if None in (d.get("lineno"), d.get("col_offset"), d.get("end_lineno")) or (
                d.get("end_col_offset") is None
            ):
                for attr, value in zip(_LOCATION, where, strict=True):
                    if d.get(attr) is None:
                        setattr(node, attr, value)
            where = (node.lineno, node.col_offset, node.end_lineno, node.end_col_offset)
        for name in kind._fields:
            value = getattr(node, name, None)
            if isinstance(value, list):
                for child in reversed(value):
                    if isinstance(child, ast.AST):
                        push((child, where))
            elif isinstance(value, ast.AST):
                push((value, where))


def _state_read(node: ast.Attribute) -> bool:
    """``s.<field>`` for a field of the state, or ``s.rng.random``."""
    base = node.value
    if isinstance(base, ast.Name):
        return base.id == "s" and node.attr in _STATE_FIELDS
    return (
        node.attr == "random"
        and isinstance(base, ast.Attribute)
        and base.attr == "rng"
        and isinstance(base.value, ast.Name)
        and base.value.id == "s"
    )


def function(
    body: list[ast.stmt],
    helpers: dict[str, Any],
    label: str = "expression",
    args: tuple[str, ...] = ("s",),
) -> Callable[..., Any]:
    """A function ``f(s)`` (or with ``args``) with the given statements as its body.

    ``helpers`` is the function's whole namespace: the only names besides its locals it
    can see (no built-ins)."""
    if not set(args) <= _LOCALS:
        raise ValueError(f"unknown arguments: {args}")
    fdef = ast.FunctionDef(
        name="expression",
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(a) for a in args],
            kwonlyargs=[],
            kw_defaults=[],
            defaults=[],
        ),
        body=body,
        decorator_list=[],
        returns=None,
    )
    if sys.version_info >= (3, 12):
        fdef.type_params = []
    module = ast.Module([fdef], type_ignores=[])
    _check(module, helpers)  # and fills in the locations
    code = compile(module, f"<{label}>", "exec", dont_inherit=True, optimize=2)
    fcode = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    namespace = {"__builtins__": {}, **helpers}
    return types.FunctionType(fcode, namespace, "expression")


# -- running a tree once, without making a function ---------------------------------------
#
# Making a function (``function``: checking its tree, then Python's ``compile``) costs
# about a hundred times more than running it once: the council's votes (a tree of about
# 800 nodes) took 3.4 ms to make and run 0.1 ms. Code that may well run only once, as
# when the game screen first shows the council's tally, runs its tree through ``run``
# instead, and is made into a function the next time (see game.engine.compile.Deferred).
# ``run`` does what the function would: the same steps in the same order (so the same
# random draws), the same values and the same exceptions (test_fuzz_lang.py compares the
# two on generated expressions and effects). It first checks the whole tree as
# ``function`` does (``_check``, without placing nodes: a tenth of the work), so it
# refuses exactly the trees ``function`` refuses, before running any of it. It runs the
# statements the compiler makes (``return``, ``if``, an expression, and assigning to a
# local or to ``s.v[i]``) and refuses any other (a ValueError).

_RUN_BIN: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}
_RUN_CMP: dict[type, Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}


_CONTEXT_KINDS = frozenset({ast.Name, ast.Attribute, ast.Subscript})


def run(
    body: list[ast.stmt],
    helpers: dict[str, Any],
    args: tuple[str, ...] = ("s",),
    values: tuple[Any, ...] = (),
) -> Any:
    """What ``function(body, helpers, args=args)(*values)`` returns, found by walking the
    tree once instead of making the function."""
    if not set(args) <= _LOCALS:
        raise ValueError(f"unknown arguments: {args}")
    if len(values) != len(args):
        raise TypeError(f"expression() takes {len(args)} arguments ({len(values)} given)")
    if not body:  # as compile() refuses a function without statements
        raise ValueError("an expression's function needs a statement")
    _check(ast.Module(body, type_ignores=[]), helpers, locate=False)
    env = dict(zip(args, values, strict=True))
    return _run_block(body, env, helpers)[1]


def _run_block(
    body: list[ast.stmt], env: dict[str, Any], helpers: dict[str, Any]
) -> tuple[bool, Any]:
    """Run statements: (True, value) once one returns, else (False, None)."""
    for st in body:
        kind = type(st)
        if kind is ast.Return:
            return True, None if st.value is None else _eval(st.value, env, helpers)
        if kind is ast.Assign:
            value = _eval(st.value, env, helpers)
            for target in st.targets:
                tkind = type(target)
                if tkind is ast.Name and target.id in _LOCALS:
                    env[target.id] = value
                elif tkind is ast.Subscript:
                    container = _eval(target.value, env, helpers)
                    container[_eval(target.slice, env, helpers)] = value
                else:
                    raise ValueError(f"an expression may not assign to {tkind.__name__}")
        elif kind is ast.Expr:
            _eval(st.value, env, helpers)
        elif kind is ast.If:
            done, value = _run_block(
                st.body if _eval(st.test, env, helpers) else st.orelse, env, helpers
            )
            if done:
                return True, value
        else:
            raise ValueError(f"an expression may not contain {kind.__name__}")
    return False, None


def _eval(node: ast.expr, env: dict[str, Any], helpers: dict[str, Any]) -> Any:
    # ``run`` has checked the whole tree (_check): every node, name, attribute, call and
    # constant here is one it allows, so only how to run each is left to do here.
    kind = type(node)
    if kind in _CONTEXT_KINDS and type(node.ctx) is not ast.Load:  # type: ignore[attr-defined]
        # as compile() refuses a name, attribute or subscript stored to where it is read
        raise ValueError(f"an expression's {kind.__name__} here must be read, not stored")
    if kind is ast.Constant:
        return node.value
    if kind is ast.Subscript:
        return _eval(node.value, env, helpers)[_eval(node.slice, env, helpers)]
    if kind is ast.Compare:
        left = _eval(node.left, env, helpers)
        result: Any = True
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, env, helpers)
            result = _RUN_CMP[type(op)](left, right)  # every comparison _check allows
            if not result:
                return result
            left = right
        return result
    if kind is ast.Name:
        n = node.id
        if n in _LOCALS:
            if n not in env:
                raise UnboundLocalError(f"local variable {n!r} referenced before assignment")
            return env[n]
        return helpers[n]
    if kind is ast.Attribute:
        return getattr(_eval(node.value, env, helpers), node.attr)
    if kind is ast.BoolOp:
        is_and = type(node.op) is ast.And
        value: Any = None
        for term in node.values:
            value = _eval(term, env, helpers)
            if (not value) if is_and else value:
                return value
        return value
    if kind is ast.UnaryOp:
        operand = _eval(node.operand, env, helpers)
        if type(node.op) is ast.Not:
            return not operand
        if type(node.op) is ast.USub:
            return -operand
    elif kind is ast.BinOp:
        fn = _RUN_BIN.get(type(node.op))
        if fn is not None:
            left = _eval(node.left, env, helpers)
            return fn(left, _eval(node.right, env, helpers))
    elif kind is ast.IfExp:
        branch = node.body if _eval(node.test, env, helpers) else node.orelse
        return _eval(branch, env, helpers)
    elif kind is ast.Call:
        target = _eval(node.func, env, helpers)
        return target(*[_eval(a, env, helpers) for a in node.args])
    elif kind is ast.Tuple:
        return tuple([_eval(e, env, helpers) for e in node.elts])
    raise ValueError(f"an expression may not contain {kind.__name__}")


def first_from(
    tests: list[ast.expr], helpers: dict[str, Any], label: str, resume: bool = False
) -> Callable:
    """``f(s)``: the index of the first test that holds, or -1; with ``resume``,
    ``f(s, start)`` tries only the tests from ``start`` on.

    Tests are tried in order and stop at the first that holds, exactly as separate calls
    would; one call replaces a call per test."""
    body: list[ast.stmt] = []
    for k, test in enumerate(tests):
        if resume:
            test = junction("and", (compare(name("start"), "<=", const(k)), test))
        body.append(ast.If(test, [ast.Return(const(k))], []))
    body.append(ast.Return(const(-1)))
    return function(body, helpers, label, ("s", "start") if resume else ("s",))


# Nodes of a condition that can neither fail nor draw a random number: comparisons and
# true/false logic over variables, constants and the visited/chosen/fired sets. (No
# calls: a helper may fail, and s.rng.random() draws; no arithmetic.)
_TOTAL: tuple[type, ...] = (
    ast.Compare,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.Name,
    ast.Attribute,
    ast.Subscript,
    ast.Constant,
    ast.Tuple,
    ast.Load,
    *_CMP_OPS.values(),
)


def _total(node: ast.expr) -> bool:
    return all(isinstance(n, _TOTAL) for n in ast.walk(node))


def first_from_grouped(
    tests: list[ast.expr], helpers: dict[str, Any], label: str, resume: bool = False
) -> Callable:
    """:func:`first_from`, with a term that several tests in a row share tested once.

    Meant for a scene's events, where most tests are false and many end the same way
    (``... and not in_crisis and not visited('vote_eve')``): each test is ``a and b and
    ...``; a term ``t`` that the next few tests all have is tested once, ``if t:`` around
    them, and left out of each. This gives the same result, with the same random draws
    and the same errors, because ``t`` is only taken out of a test where it and every
    term before it are total (see ``_TOTAL``): those terms cannot fail, draw or change
    anything, so when ``t`` is false every test of the group is false without the terms
    after ``t`` being reached (as before), and when it is true, leaving it out changes
    nothing. Groups nest (``not in_crisis`` around all, ``not visited(...)`` around
    some)."""
    items: list[tuple[int, list[ast.expr]]] = []
    for k, test in enumerate(tests):
        terms = (
            list(test.values)
            if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And)
            else [test]
        )
        items.append((k, terms))
    body = _grouped(items, resume, {})
    body.append(ast.Return(const(-1)))
    return function(body, helpers, label, ("s", "start") if resume else ("s",))


def _shape(node: Any) -> Any:
    """A value equal for two trees exactly when their ``ast.dump`` is (node types, fields
    and the types of the values; not locations), and much quicker to make."""
    if isinstance(node, ast.AST):
        return (type(node), *[_shape(getattr(node, f, None)) for f in node._fields])
    if isinstance(node, list):
        return (list, *[_shape(x) for x in node])
    return (type(node), node)


# A term's shape, or None when it is not total, by id(term): the terms of one call of
# first_from_grouped are looked at again at each level of nesting (they stay alive, so
# their ids stay theirs, for the call).
_Memo = dict[int, Any]


def _term_key(t: ast.expr, memo: _Memo) -> Any:
    key = memo.get(id(t), memo)
    if key is memo:
        key = memo[id(t)] = _shape(t) if _total(t) else None
    return key


def _hoistable(terms: list[ast.expr], memo: _Memo) -> dict[Any, ast.expr]:
    """The terms that may be tested ahead of the rest (see first_from_grouped), by key."""
    out: dict[Any, ast.expr] = {}
    for t in terms:
        key = _term_key(t, memo)
        if key is None:
            break
        out.setdefault(key, t)
    return out


def _grouped(items: list[tuple[int, list[ast.expr]]], resume: bool, memo: _Memo) -> list[ast.stmt]:
    body: list[ast.stmt] = []
    keys = [_hoistable(terms, memo) for _, terms in items]
    i = 0
    while i < len(items):
        # The term of this test that the most tests in a row from here share.
        best: Any = None
        run = 1
        for key in keys[i]:
            j = i + 1
            while j < len(items) and key in keys[j]:
                j += 1
            if j - i > run:
                best, run = key, j - i
        if run > 1:
            inner: list[tuple[int, list[ast.expr]]] = []
            for k, terms in items[i : i + run]:
                at = next(n for n, t in enumerate(terms) if _term_key(t, memo) == best)
                inner.append((k, terms[:at] + terms[at + 1 :]))
            body.append(ast.If(keys[i][best], _grouped(inner, resume, memo), []))
            i += run
            continue
        k, terms = items[i]
        if resume:
            terms = [compare(name("start"), "<=", const(k)), *terms]
        if terms:
            body.append(ast.If(junction("and", terms), [ast.Return(const(k))], []))
        else:
            body.append(ast.Return(const(k)))
        i += 1
    return body


def returning(expr: ast.expr, helpers: dict[str, Any], label: str = "expression") -> Callable:
    """``def f(s): return <expr>``"""
    return function([ast.Return(expr)], helpers, label)


def assign_slot(i: int, value: ast.expr) -> ast.stmt:
    """``s.v[i] = <value>``"""
    return ast.Assign([ast.Subscript(state("v"), const(i), _STORE)], value)


def assign_x(value: ast.expr) -> ast.stmt:
    """``x = <value>`` (the local that :func:`clamp` reads)"""
    return ast.Assign([ast.Name("x", _STORE)], value)
