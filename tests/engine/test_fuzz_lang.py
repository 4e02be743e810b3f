"""Fuzzing the expression language: any text gives a result or a LangError, quickly.

Beyond "does not crash", generated well-formed expressions check the compiler's own
claims: a compiled value stays within the interval the compiler worked out, a condition
it calls never-true is never true, and an effect keeps a variable within its bounds.
"""

from __future__ import annotations

import ast
import contextlib
import random
import time
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.lang import codegen
from game.lang.compiler import Compiler
from game.lang.errors import LangError
from game.lang.parser import MAX_LENGTH, parse_effects, parse_expr
from game.lang.types import Env, Symbol, VarType
from game.model.diagnostics import CODES

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VARS = [
    ("x", VarType("int", 0, 10)),
    ("y", VarType("int", -5, 5)),
    ("big", VarType("int", -1000, 1000)),
    ("flag", VarType("bool")),
    ("off", VarType("bool")),
    ("draft", VarType("enum", values=("none", "caps", "full"))),
    ("xi.trust", VarType("int", -3, 3)),
]
SYMBOLS = {name: Symbol(name, t, i) for i, (name, t) in enumerate(VARS)}
SYMBOLS["turn"] = Symbol("turn", VarType("int", 0, None), None, lambda s: s.turn)
SYMBOLS["council.yes"] = Symbol("council.yes", VarType("int", 0, 5), None, lambda s: 3)
ENV = Env(SYMBOLS, frozenset({"lobby", "hall"}), frozenset({"wave"}), frozenset({"storm"}))
COMP = Compiler(ENV)


class State:
    def __init__(self, rnd: random.Random) -> None:
        self.v = []
        for _, t in VARS:
            if t.kind == "int":
                self.v.append(rnd.randint(t.lo, t.hi))
            elif t.kind == "bool":
                self.v.append(rnd.random() < 0.5)
            else:
                self.v.append(rnd.choice(t.values))
        self.rng = random.Random(rnd.random())
        self.turn = rnd.randint(0, 50)
        self.visited_asked = {"lobby"} if rnd.random() < 0.5 else set()
        self.chosen_asked = {"wave"} if rnd.random() < 0.5 else set()
        self.fired = set()


def assert_lang_error(e: LangError, text: str) -> None:
    assert e.code in CODES and e.code.startswith("E")
    assert e.message
    assert e.col is None or 0 <= e.col <= len(text)
    str(e)


def compile_any(text: str):
    """parse + compile as the loader would; only LangError may escape."""
    t0 = time.perf_counter()
    try:
        return COMP.expr(parse_expr(text))
    except LangError as e:
        assert_lang_error(e, text)
        return None
    finally:
        assert time.perf_counter() - t0 < 2, "parsing and compiling must be quick"


# -- arbitrary text ----------------------------------------------------------------------

TOKENS = [
    "x", "y", "big", "flag", "off", "draft", "xi.trust", "xi", "turn", "council.yes", "nope",
    "true", "false", "and", "or", "not", "0", "1", "7", "100", "999999999999",
    "+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "=", "+=", "-=", ";", ",",
    "(", ")", "((", "))", "'caps'", "'nope'", "'", '"', "chance", "random", "min", "max",
    "abs", "visited", "chosen", "fired", "maybe", "'lobby'", "'attic'", "&&", "||", "!",
    "{", "}", "#", ".", "é", "\n", "\t", "\x00",
]  # fmt: skip
token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join)
any_text = st.one_of(
    st.text(max_size=300), token_soup, st.text(alphabet="()+-*/%<=>!&|' xy1", max_size=200)
)


@FUZZ
@given(any_text)
def test_any_text_into_parse_expr(text):
    try:
        parse_expr(text)
    except LangError as e:
        assert_lang_error(e, text)


@FUZZ
@given(any_text)
def test_any_text_into_parse_effects(text):
    try:
        effects = parse_effects(text)
    except LangError as e:
        assert_lang_error(e, text)
        return
    assert effects
    try:
        COMP.effects(text)
    except LangError as e:
        assert_lang_error(e, text)


@FUZZ
@given(any_text)
def test_any_text_into_the_compiler(text):
    c = compile_any(text)
    for kind in ("condition", "value"):
        try:
            getattr(COMP, kind)(text)
        except LangError as e:
            assert_lang_error(e, text)
    if c is not None:
        with contextlib.suppress(ZeroDivisionError):
            c.fn(State(random.Random(0)))


def test_non_text_input_is_a_lang_error():
    for bad in (None, 3, ["x"], b"x > 1"):
        for f in (parse_expr, parse_effects):
            try:
                f(bad)  # type: ignore[arg-type]
            except LangError as e:
                assert e.code == "E301"
            else:
                raise AssertionError(f"{f.__name__}({bad!r}) did not raise")


def test_huge_and_deep_inputs_fail_fast():
    for text in [
        "x" * 5_000_000,
        "(" * 10_000 + "1" + ")" * 10_000,
        "-" * 1999 + "1",
        "not " * 499 + "true",
        "1+" * 999 + "1",
        " and ".join(["flag"] * 300)[:MAX_LENGTH],
        "min(" * 500 + "1" + ")" * 500,
    ]:
        t0 = time.perf_counter()
        try:
            COMP.expr(parse_expr(text))
        except LangError as e:
            assert e.code == "E301"
        else:
            raise AssertionError(text[:40])
        assert time.perf_counter() - t0 < 2


# -- well-formed expressions: the compiler's claims hold --------------------------------

INT_ATOMS = [
    "x",
    "y",
    "big",
    "xi.trust",
    "turn",
    "council.yes",
    "0",
    "1",
    "3",
    "-2",
    "100",
    "random(1, 6)",
    "random(y, x)",
]
BOOL_ATOMS = ["flag", "off", "true", "false", "visited('lobby')", "chosen('wave')", "fired('storm')", "chance(50)", "chance(x * 10)", "draft == 'caps'", "draft != 'none'"]  # fmt: skip
BAD_ATOMS = ["nope", "'caps'", "draft", "visited('attic')", "maybe(1)", "x = 1"]


def _join(parts, ops):
    return st.tuples(parts, st.sampled_from(ops), parts, st.booleans()).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})" if t[3] else f"{t[0]} {t[1]} {t[2]}"
    )


def _calls(names, args, min_size=1, max_size=3):
    return st.tuples(
        st.sampled_from(names), st.lists(args, min_size=min_size, max_size=max_size)
    ).map(lambda t: f"{t[0]}({', '.join(t[1])})")


# Type-directed, so that most of them compile and reach the interesting code.
int_exprs = st.recursive(
    st.one_of(st.sampled_from(INT_ATOMS), st.integers(-50, 50).map(str)),
    lambda c: st.one_of(
        _join(c, ["+", "-", "*", "/", "%"]),
        c.map(lambda x: f"-({x})"),
        _calls(["min", "max"], c, 2, 3),
        _calls(["abs"], c, 1, 1),
        _calls(["random"], c, 2, 2),
    ),
    max_leaves=10,
)
bool_exprs = st.recursive(
    st.one_of(st.sampled_from(BOOL_ATOMS), _join(int_exprs, ["==", "!=", "<", "<=", ">", ">="])),
    lambda c: st.one_of(
        _join(c, ["and", "or"]), c.map(lambda x: f"not ({x})"), _calls(["chance"], int_exprs, 1, 1)
    ),
    max_leaves=8,
)
# ... and a mixture with mistakes in it, for the type checker.
mixed_exprs = st.recursive(
    st.one_of(st.sampled_from(INT_ATOMS + BOOL_ATOMS + BAD_ATOMS)),
    lambda c: st.one_of(
        _join(c, ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or"]),
        c.map(lambda x: f"not ({x})"),
        c.map(lambda x: f"-({x})"),
        _calls(["min", "max", "abs", "chance", "random", "visited", "maybe"], c, 0, 3),
    ),
    max_leaves=12,
)
expressions = st.one_of(int_exprs, bool_exprs, mixed_exprs)


@FUZZ
@given(expressions, st.integers(0, 2**31))
def test_compiled_expressions_keep_their_promises(text, seed):
    c = compile_any(text)
    if c is None:
        return
    rnd = random.Random(seed)
    for _ in range(20):
        try:
            out = c.fn(State(rnd))
        except ZeroDivisionError:
            continue
        if c.type.kind == "int":
            assert isinstance(out, int) and not isinstance(out, bool)
            lo, hi = c.interval
            assert lo is None or out >= lo, (text, out, c.interval)
            assert hi is None or out <= hi, (text, out, c.interval)
        elif c.type.kind == "bool":
            assert isinstance(out, bool), (text, out)
            assert c.can_true or out is False, f"{text}: said never true, but was true"
            assert c.can_false or out is True, f"{text}: said never false, but was false"
        else:
            assert isinstance(out, str)
        if c.is_const:
            assert out == c.const


@FUZZ
@given(
    st.sampled_from(["x", "y", "big", "xi.trust", "flag", "draft", "turn", "council.yes", "nope"]),
    st.sampled_from(["=", "+=", "-="]),
    expressions,
    st.integers(0, 2**31),
)
def test_effects_keep_variables_in_bounds(target, op, value, seed):
    text = f"{target} {op} {value}"
    try:
        fns = COMP.effects(text)
    except LangError as e:
        assert_lang_error(e, text)
        return
    assert target in SYMBOLS and not SYMBOLS[target].readonly
    rnd = random.Random(seed)
    for _ in range(10):
        s = State(rnd)
        try:
            for fn, _sym in fns:
                fn(s)
        except ZeroDivisionError:
            continue
        for (name, t), v in zip(VARS, s.v, strict=True):
            if t.kind == "int":
                assert isinstance(v, int) and t.lo <= v <= t.hi, (text, name, v)
            elif t.kind == "bool":
                assert isinstance(v, bool), (text, name, v)
            else:
                assert v in t.values, (text, name, v)


# -- codegen.run (a tree walked once) does what the function made from it does -----------
# The same value, the same exception, the same random draws and the same changes to the
# state (see game.lang.codegen.run and game.engine.compile.Deferred).


def outcome(call: Any, s: State) -> tuple[Any, ...]:
    try:
        out: Any = ("value", type(out_ := call(s)), out_)
    except Exception as e:  # the same kind of failure either way
        out = ("raised", type(e))
    return (*out, list(s.v), s.rng.getstate())


def same_both_ways(body: list[ast.stmt], helpers: dict[str, Any], seed: int) -> None:
    fn = codegen.function(body, helpers)
    rnd = random.Random(seed)
    for _ in range(10):
        state_seed = rnd.random()
        made = outcome(fn, State(random.Random(state_seed)))
        ran = outcome(
            lambda s: codegen.run(body, helpers, ("s",), (s,)), State(random.Random(state_seed))
        )
        assert ran == made


@FUZZ
@given(expressions, st.integers(0, 2**31))
def test_running_an_expression_matches_its_function(text, seed):
    c = compile_any(text)
    if c is None:
        return
    same_both_ways([ast.Return(c.node)], c.helpers, seed)


@FUZZ
@given(
    st.sampled_from(["x", "y", "big", "xi.trust", "flag", "draft", "turn", "nope"]),
    st.sampled_from(["=", "+=", "-="]),
    expressions,
    st.integers(0, 2**31),
)
def test_running_effects_matches_their_function(target, op, value, seed):
    try:
        code = COMP.effect_code(f"{target} {op} {value}; x += 1")
    except LangError:
        return
    body = [st_ for stmts, _ in code for st_ in stmts]
    same_both_ways(body, COMP.helpers, seed)
