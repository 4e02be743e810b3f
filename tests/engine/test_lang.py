"""The expression language: parsing, type checking, compiling, and what the closures do."""

from __future__ import annotations

import random

import pytest

from game.lang import Binary, Call, LangError, Name, Num, Unary
from game.lang.compiler import Compiler
from game.lang.parser import MAX_LENGTH, MAX_TREE_DEPTH, parse_effects, parse_expr
from game.lang.types import Env, Symbol, VarType


class S:
    """A stand-in for the game state that compiled closures read and write."""

    def __init__(self, values: list, seed: int = 0) -> None:
        self.v = list(values)
        self.rng = random.Random(seed)
        self.visited_asked: set[str] = {"lobby"}
        self.chosen_asked: set[str] = {"wave"}
        self.fired: set[str] = set()
        self.turn = 4


# slot: name, type, initial
VARS = [
    ("x", VarType("int", 0, 10), 7),
    ("y", VarType("int", -5, 5), -3),
    ("flag", VarType("bool"), True),
    ("off", VarType("bool"), False),
    ("draft", VarType("enum", values=("none", "caps", "full")), "caps"),
    ("other", VarType("enum", values=("red", "blue")), "red"),
    ("same", VarType("enum", values=("full", "caps", "none")), "none"),
    ("xi.trust", VarType("int", -3, 3), 1),
]


def make_env() -> Env:
    symbols = {name: Symbol(name, t, i) for i, (name, t, _) in enumerate(VARS)}
    symbols["turn"] = Symbol("turn", VarType("int", 0, None), None, lambda s: s.turn)
    return Env(
        symbols, frozenset({"lobby", "hall"}), frozenset({"wave", "shout"}), frozenset({"storm"})
    )


def state(seed: int = 0) -> S:
    return S([init for _, _, init in VARS], seed)


COMP = Compiler(make_env())


def ev(text: str, s: S | None = None):
    return COMP.expr(parse_expr(text)).fn(s or state())


def err(text: str) -> LangError:
    with pytest.raises(LangError) as e:
        COMP.expr(parse_expr(text))
    return e.value


def run_effects(text: str, s: S | None = None) -> S:
    s = s or state()
    for fn, _ in COMP.effects(text):
        fn(s)
    return s


def val(s: S, name: str):
    return s.v[[n for n, _, _ in VARS].index(name)]


# -- parsing and precedence -----------------------------------------------------------


def test_precedence_shapes():
    e = parse_expr("1 + 2 * 3")
    assert (
        isinstance(e, Binary) and e.op == "+" and isinstance(e.right, Binary) and e.right.op == "*"
    )
    e = parse_expr("a or b and c")
    assert e.op == "or" and e.right.op == "and"
    e = parse_expr("not a and b")
    assert e.op == "and" and isinstance(e.left, Unary) and e.left.op == "not"
    e = parse_expr("not x < 3")
    assert isinstance(e, Unary) and isinstance(e.operand, Binary) and e.operand.op == "<"
    e = parse_expr("x + 1 < y * 2")
    assert e.op == "<" and e.left.op == "+" and e.right.op == "*"
    e = parse_expr("-x * 2")
    assert e.op == "*" and isinstance(e.left, Unary)
    assert parse_expr("-5") == Num(-5, 0)
    e = parse_expr("visited('a')")
    assert isinstance(e, Call) and e.func == "visited" and [a.value for a in e.args] == ["a"]
    assert parse_expr("xi.trust") == Name("xi.trust", 0)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 2 - 3", 5),  # left to right
        ("100 / 10 / 5", 2),
        ("2 * 3 % 4", 2),  # (2*3) % 4
        ("-2 * 3", -6),
        ("- (2 + 3)", -5),
        ("--4", 4),
        ("1 + 1 < 3", True),
        ("1 < 2 and 2 < 1 or true", True),  # (and) before (or)
        ("true or true and false", True),  # true or (true and false)
        ("(true or true) and false", False),
        ("not false and false", False),  # (not false) and false
        ("not (false and false)", True),
        ("not 1 == 2", True),
        ("not not true", True),
    ],
)
def test_precedence_values(text, want):
    assert ev(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("x + 3", 10),
        ("x - 10", -3),
        ("x * y", -21),
        ("x / 2", 3),
        ("y / 2", -2),  # '/' rounds down
        ("x % 4", 3),
        ("x / y", -3),
        ("-x", -7),
        ("x == 7", True),
        ("x != 7", False),
        ("x < 7", False),
        ("x <= 7", True),
        ("x > 6", True),
        ("x >= 8", False),
        ("y < x", True),
        ("flag and off", False),
        ("flag or off", True),
        ("not off", True),
        ("flag == true", True),
        ("off != false", False),
        ("draft == 'caps'", True),
        ("draft != 'caps'", False),
        ("'full' == draft", False),
        ("draft == same", False),  # same values (in another order) can be compared
        ("min(x, y, 3)", -3),
        ("max(x, y)", 7),
        ("abs(y)", 3),
        ("abs(-4) + abs(4)", 8),
        ("visited('lobby')", True),
        ("visited('hall')", False),
        ("chosen('wave')", True),
        ("chosen('shout')", False),
        ("fired('storm')", False),
        ("xi.trust + 1", 2),
        ("turn * 2", 8),
        ("chance(0)", False),
        ("chance(100)", True),
        ("random(3, 3)", 3),
    ],
)
def test_each_operator(text, want):
    got = ev(text)
    assert got == want and type(got) is type(want)


def test_division_and_modulo_agree():
    for a in range(-7, 8):
        for b in (-3, -2, -1, 1, 2, 3):
            q = ev(f"{a} / {b}")
            r = ev(f"{a} % {b}")
            assert q * b + r == a


def test_and_or_short_circuit():
    # The right side would divide by zero: it must not be evaluated.
    s = state()
    s.v[0] = 0
    assert COMP.condition("off and 1 / x > 0").fn(s) is False
    assert COMP.condition("flag or 1 / x > 0").fn(s) is True


def test_runtime_division_by_zero_raises():
    s = state()
    s.v[0] = 0
    with pytest.raises(ZeroDivisionError):
        COMP.value("10 / x").fn(s)
    with pytest.raises(ZeroDivisionError):
        COMP.value("10 % x").fn(s)


def test_random_stays_in_range_and_is_seeded():
    f = COMP.value("random(y, x)").fn
    a = [f(state(seed=3)) for _ in range(1)]
    s1, s2 = state(seed=11), state(seed=11)
    seq1 = [f(s1) for _ in range(50)]
    seq2 = [f(s2) for _ in range(50)]
    assert seq1 == seq2
    assert all(-3 <= n <= 7 for n in seq1 + a)
    assert len(set(seq1)) > 3
    assert COMP.value("random(y, x)").interval == (-5, 10)


def test_chance_determinism():
    f = COMP.condition("chance(30)").fn
    s1, s2, s3 = state(seed=5), state(seed=5), state(seed=6)
    r1 = [f(s1) for _ in range(200)]
    r2 = [f(s2) for _ in range(200)]
    r3 = [f(s3) for _ in range(200)]
    assert r1 == r2
    assert r1 != r3
    assert 30 < sum(r1) < 90  # about 60
    # a percentage from an expression
    g = COMP.condition("chance(x * 10)").fn
    s4, s5 = state(seed=9), state(seed=9)
    assert [g(s4) for _ in range(50)] == [g(s5) for _ in range(50)]


# -- type checking ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("x == true", "E203"),  # number vs bool
        ("flag == 1", "E203"),
        ("x + flag", "E203"),
        ("flag + 1", "E203"),
        ("not x", "E203"),
        ("x and flag", "E203"),
        ("flag or 3", "E203"),
        ("-flag", "E203"),
        ("flag < off", "E203"),
        ("draft < 'full'", "E203"),
        ("draft == other", "E203"),  # enums with different values
        ("draft == 1", "E203"),
        ("x / 0", "E203"),
        ("x % 0", "E203"),
        ("draft == 'nope'", "E204"),
        ("'nope' != draft", "E204"),
        ("nope > 1", "E202"),
        ("xi.nope > 1", "E202"),
        ("putin.trust > 1", "E202"),
        ("maybe(3)", "E205"),
        ("maybe(nope)", "E205"),  # the unknown function, not its argument, is the mistake
        ("chance()", "E205"),
        ("chance(1, 2)", "E205"),
        ("chance(flag)", "E203"),
        ("random(1)", "E205"),
        ("min(1)", "E205"),
        ("max(flag, 1)", "E203"),
        ("abs(flag)", "E203"),
        ("visited(lobby)", "E205"),  # unquoted: "quote it", not "unknown name 'lobby'"
        ("visited('lobby', 'hall')", "E205"),
        ("visited('attic')", "E206"),
        ("chosen('jump')", "E206"),
        ("fired('rain')", "E206"),
    ],
)
def test_type_errors(text, code):
    assert err(text).code == code


def test_unknown_leader_hint():
    assert "'putin' is not a leader" in err("putin.trust > 1").message
    assert "is not a leader" not in err("xi.nope > 1").message


def test_condition_must_be_bool_and_value_must_be_int():
    with pytest.raises(LangError) as e:
        COMP.condition("x + 1")
    assert e.value.code == "E203"
    with pytest.raises(LangError) as e:
        COMP.value("flag")
    assert e.value.code == "E203"
    with pytest.raises(LangError):
        COMP.condition("'text'")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x <", "ends too soon"),
        ("x = 1", "=="),
        ("1 < x < 3", "chained"),
        ("x && flag", "and"),
        ("x || flag", "or"),
        ("!flag", "not"),
        ("draft == 'caps", "unclosed quote"),
        ("(x > 1", "expected ')'"),
        ("x > 1)", "after the end"),
        ("and x", "needs something on its left"),
        ("x += 1", "sets a value"),
        ("min(1 2)", "expected ','"),
        ("1" + "0" * 10, "too large"),
        ("x" * (MAX_LENGTH + 1), "too long"),
        ("(" * 50 + "1" + ")" * 50, "nested too deeply"),
        ("not " * 50 + "true", "nested too deeply"),
        ("+".join(["1"] * (MAX_TREE_DEPTH + 5)), "too long"),
        (" and ".join(["flag"] * (MAX_TREE_DEPTH + 5)), "too long"),
    ],
)
def test_syntax_errors(text, fragment):
    with pytest.raises(LangError) as e:
        COMP.expr(parse_expr(text))
    assert e.value.code == "E301"
    assert fragment in e.value.message


def test_error_columns():
    e = err("x > 1 and nope")
    assert e.col == 10
    assert str(e).endswith("(at column 11)")
    with pytest.raises(LangError) as e2:
        parse_expr("x > # 1")
    assert e2.value.col == 4


def test_a_long_chain_within_the_limit_compiles_and_runs():
    # One operation below the limit: must compile and evaluate without RecursionError.
    text = "+".join(["x"] * (MAX_TREE_DEPTH - 1))
    assert len(text) <= MAX_LENGTH
    assert COMP.value(text).fn(state()) == 7 * (MAX_TREE_DEPTH - 1)


# -- effects -------------------------------------------------------------------------


def test_effects_parse_separators():
    assert [a.op for a in parse_effects("x = 1; y += 2 ;flag = false")] == ["=", "+=", "="]
    assert len(parse_effects("x = 1;")) == 1  # a trailing ';' is tolerated
    for bad in (
        "",
        ";",
        "x",
        "x 1",
        "1 = x",
        "x == 1",
        "x = 1 y = 2",
        "x = 1;;",
        "x = ",
        "x = 1; ; y = 2",
    ):
        with pytest.raises(LangError):
            parse_effects(bad)


@pytest.mark.parametrize(
    ("effect", "start", "want"),
    [
        ("x += 2", 7, 9),
        ("x += 5", 7, 10),  # clamped to max
        ("x += 1000", 7, 10),
        ("x -= 3", 7, 4),
        ("x -= 50", 7, 0),  # clamped to min
        ("x = 3", 7, 3),
        ("x = 99", 7, 10),  # '=' is clamped too
        ("x = -99", 7, 0),
        ("x = y", 7, 0),  # y is -3: clamped
        ("x += y", 7, 4),  # adding a negative
        ("x -= y", 7, 10),  # subtracting a negative, clamped
        ("x = x * 2", 4, 8),
        ("x = x * 2", 6, 10),
    ],
)
def test_int_effects_clamp(effect, start, want):
    s = state()
    s.v[0] = start
    run_effects(effect, s)
    assert val(s, "x") == want


def test_leader_variable_effects_clamp():
    s = run_effects("xi.trust += 10")
    assert val(s, "xi.trust") == 3
    s = run_effects("xi.trust -= 10")
    assert val(s, "xi.trust") == -3


def test_bool_and_enum_effects():
    s = run_effects("flag = false; off = x > 3; draft = 'full'")
    assert val(s, "flag") is False and val(s, "off") is True and val(s, "draft") == "full"
    s = run_effects("draft = same")  # an enum with the same values
    assert val(s, "draft") == "none"


@pytest.mark.parametrize(
    ("effect", "code"),
    [
        ("turn = 1", "E207"),
        ("turn += 1", "E207"),
        ("nope = 1", "E202"),
        ("flag += 1", "E203"),
        ("draft += 1", "E203"),
        ("x += flag", "E203"),
        ("x = true", "E203"),
        ("flag = 1", "E203"),
        ("draft = 'nope'", "E204"),
        ("draft = other", "E203"),
        ("draft = 1", "E203"),
    ],
)
def test_effect_errors(effect, code):
    with pytest.raises(LangError) as e:
        COMP.effects(effect)
    assert e.value.code == code


# -- what validate learns from an expression -----------------------------------------


@pytest.mark.parametrize(
    ("text", "can_true", "can_false"),
    [
        ("x > 10", False, True),  # x is 0..10
        ("x >= 10", True, True),
        ("x < 0", False, True),
        ("x <= 10", True, False),
        ("x == 11", False, True),
        ("x != 11", True, False),
        ("x + 5 > 15", False, True),
        ("x - y > 15", False, True),  # at most 10 - -5
        ("x * y >= -50", True, False),
        ("x > 10 and flag", False, True),
        ("x > 10 or flag", True, True),
        ("not x > 10", True, False),
        ("chance(0)", False, True),
        ("chance(100)", True, False),
        ("chance(x * 10)", True, True),
        ("xi.trust >= 4", False, True),
    ],
)
def test_condition_ranges(text, can_true, can_false):
    c = COMP.condition(text)
    assert (c.can_true, c.can_false) == (can_true, can_false)


def test_constant_folding():
    c = COMP.condition("1 < 2")
    assert c.is_const and c.const is True
    c = COMP.condition("not true")
    assert c.is_const and c.const is False
