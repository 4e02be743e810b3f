"""The code generator: what it builds, what it refuses, and that compiled code is made
only when a game first runs it."""

from __future__ import annotations

import ast
import random
from typing import Any

import pytest

from game.engine.compile import Deferred
from game.engine.game import Game
from game.lang import codegen


class S:
    def __init__(self) -> None:
        self.v = [7, False, "full"]
        self.visited_asked = {"lobby"}
        self.chosen_asked: set[str] = set()
        self.fired: set[str] = set()
        self.rng = random.Random(1)
        self.turn = 3


def test_a_condition_becomes_one_function():
    node = codegen.junction(
        "and",
        [
            codegen.compare(codegen.slot(0), ">=", codegen.const(6)),
            codegen.not_(codegen.slot(1)),
            codegen.not_(
                codegen.compare(codegen.const("vote"), "in", codegen.state("visited_asked"))
            ),
        ],
    )
    fn = codegen.returning(node, {})
    assert fn(S()) is True
    s = S()
    s.visited_asked.add("vote")
    assert fn(s) is False


def test_text_from_content_stays_data():
    # Quotes, newlines and Python code in a text value are only ever a constant.
    hostile = "x'); __import__('os').system('echo pwned') #\n\"\"\"{}"
    fn = codegen.returning(codegen.compare(codegen.slot(2), "==", codegen.const(hostile)), {})
    assert fn(S()) is False
    assert codegen.returning(codegen.const(hostile), {})(S()) == hostile


@pytest.mark.parametrize(
    "node, why",
    [
        (ast.Name("__import__", ast.Load()), "name"),
        (ast.Name("open", ast.Load()), "name"),
        (ast.Attribute(ast.Name("s", ast.Load()), "__class__", ast.Load()), "read"),
        (
            ast.Attribute(
                ast.Attribute(ast.Name("s", ast.Load()), "v", ast.Load()), "clear", ast.Load()
            ),
            "read",
        ),
        (ast.Lambda(ast.arguments([], [], None, [], [], None, []), ast.Constant(1)), "Lambda"),
        (ast.Constant(b"bytes"), "bytes"),
        (ast.Constant((1, 2)), "tuple"),
        (ast.ListComp(ast.Constant(1), []), "ListComp"),
    ],
)
def test_refuses_anything_else(node, why):
    with pytest.raises((ValueError, TypeError), match=why):
        codegen.returning(node, {})


def test_refuses_calls_other_than_helpers():
    call = ast.Call(ast.Name("_evil", ast.Load()), [], [])
    with pytest.raises(ValueError):
        codegen.returning(call, {})
    assert codegen.returning(call, {"_evil": lambda: 5})(S()) == 5


def test_generated_functions_see_no_builtins():
    fn = codegen.returning(codegen.const(1), {})
    assert fn.__globals__["__builtins__"] == {}


def test_first_from_checks_in_order_from_start():
    tests = [
        codegen.compare(codegen.slot(0), ">", codegen.const(100)),
        codegen.compare(codegen.slot(0), ">", codegen.const(5)),
        codegen.compare(codegen.slot(0), ">", codegen.const(1)),
    ]
    scan = codegen.first_from(tests, {}, "events")
    rescan = codegen.first_from(tests, {}, "events", resume=True)
    s = S()
    assert scan(s) == 1 and rescan(s, 0) == 1
    assert rescan(s, 2) == 2
    s.v[0] = 0
    assert scan(s) == -1 and rescan(s, 0) == -1


def test_deferred_replaces_itself_where_it_is_held():
    made = []

    def make():
        made.append(1)
        return lambda s: 42

    class Holder:
        fn = None

    d = Deferred(make)
    h = Holder()
    h.fn = d
    items: list = [d]
    d.put(h, "fn")
    d.put(items, 0)
    assert made == []
    assert h.fn(None) == 42
    assert made == [1] and h.fn is not d and items[0] is h.fn
    late = Holder()
    d.put(late, "fn")  # held after it was made: gets the real function at once
    assert late.fn is h.fn and made == [1]


def test_loading_makes_no_code_until_a_game_runs_it(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: go, text: "Go", requires: "t < 5", effects: ["t += 1"], next: a}
      - {id: stop, text: "Stop", next: end}
endings:
  - {id: end, title: "End", scores: {d: "t"}}
"""
    )
    a, go = cs.scenes["a"], cs.choices["go"]
    assert isinstance(a.open_choices, Deferred) and isinstance(go.effect, Deferred)
    g = Game(cs)  # entering a checks whether any choice is open
    assert [o.id for o in g.options()] == ["go", "stop"]
    assert not isinstance(a.open_choices, Deferred)
    assert isinstance(go.effect, Deferred)  # not run yet
    g.choose("go")
    # Effects run their tree the first time, and are made into code the second.
    assert isinstance(go.effect, Deferred) and g.value("t") == 1
    g.choose("go")
    assert not isinstance(go.effect, Deferred) and g.value("t") == 2


def test_deferred_with_once_runs_it_first_then_makes_the_function():
    made, ran = [], []

    def make():
        made.append(1)
        return lambda s: ("made", s)

    def once(s):
        ran.append(s)
        return ("once", s)

    class Holder:
        fn = None

    d = Deferred(make, once)
    h = Holder()
    h.fn = d
    d.put(h, "fn")
    assert h.fn(1) == ("once", 1) and ran == [1] and made == [] and h.fn is d
    assert h.fn(2) == ("made", 2) and made == [1] and h.fn is not d
    assert h.fn(3) == ("made", 3) and ran == [1]
    # Made without being called (resolve): `once` is never run after that.
    d2 = Deferred(make, once)
    d2.resolve()
    assert d2(4) == ("made", 4) and ran == [1]


def test_grouped_first_from_gives_the_same_index_draws_and_errors():
    """first_from_grouped tests a term shared by tests in a row once; the result, the
    random draws and the errors must be those of first_from, on every state."""

    def in_(key: str, field: str) -> ast.expr:
        return codegen.compare(codegen.const(key), "in", codegen.state(field))

    calm = codegen.not_(codegen.slot(1))
    early = codegen.not_(in_("vote", "visited_asked"))
    draw = codegen.compare(codegen.method(codegen.state("rng"), "random"), "<", codegen.const(0.5))
    # A helper that fails (as a division by zero would) when slot 0 is 0.
    fails = codegen.compare(codegen.call("_inv", codegen.slot(0)), ">", codegen.const(0))
    tests = [
        codegen.junction("and", [codegen.not_(in_("a", "fired")), calm, early]),
        codegen.junction(
            "and", [codegen.compare(codegen.slot(0), ">=", codegen.const(5)), calm, early, draw]
        ),
        codegen.junction("and", [fails, calm, early]),  # calm is after a call: not taken out
        codegen.junction("and", [calm, draw, early]),
        codegen.junction("and", [codegen.not_(in_("b", "fired")), calm]),
        codegen.junction("or", [calm, early]),
        calm,
    ]
    helpers = {"_inv": lambda x: 1 // x}
    grouped = codegen.first_from_grouped(tests, helpers, "events")
    plain = codegen.first_from(tests, helpers, "events")
    grouped_from = codegen.first_from_grouped(tests, helpers, "events", True)
    plain_from = codegen.first_from(tests, helpers, "events", True)
    pick = random.Random(5)

    def run(fn: Any, s: S, *args: int) -> tuple[Any, ...]:
        try:
            return fn(s, *args), s.rng.getstate()
        except ZeroDivisionError:
            return "failed", s.rng.getstate()

    def state(n: int) -> S:
        p = random.Random(n)
        s = S()
        s.v = [p.choice([0, 3, 7]), p.random() < 0.5, "full"]
        s.visited_asked = {"vote"} if p.random() < 0.3 else set()
        s.fired = {k for k in "ab" if p.random() < 0.5}
        s.rng = random.Random(n)
        return s

    # The shared terms are taken out (the function has fewer tests of them than the
    # plain one), and the results, draws and errors are the same on every state.
    assert len(grouped.__code__.co_code) < len(plain.__code__.co_code)
    for n in range(400):
        assert run(grouped, state(n)) == run(plain, state(n))
        start = pick.randrange(len(tests) + 1)
        assert run(grouped_from, state(n), start) == run(plain_from, state(n), start)


def test_branches_and_first_match_run_as_made():
    tests = [codegen.compare(codegen.slot(0), ">", codegen.const(k)) for k in (8, 5, 2)]
    fn = codegen.first_from(tests, {}, "test")
    body = [ast.If(t, [ast.Return(codegen.const(k))], []) for k, t in enumerate(tests)] + [
        ast.Return(codegen.const(-1))
    ]
    for x in range(10):
        s = S()
        s.v[0] = x
        assert codegen.run(body, {}, ("s",), (s,)) == fn(s)
    pick = codegen.first_match([(tests[0], "a"), (None, "b")], "c")
    s.v[0] = 9
    assert codegen.run([ast.Return(codegen.tuple_([pick, pick]))], {}, ("s",), (s,)) == (
        "a",
        "a",
    )


@pytest.mark.parametrize(
    ("node", "why"),
    [
        (ast.Name("open", ast.Load()), "may not use the name 'open'"),
        (ast.Attribute(codegen.name("s"), "__class__", ast.Load()), "may not read .__class__"),
        (ast.Constant(b"x"), "may not hold bytes"),
        (ast.Lambda(None, codegen.const(1)), "may not contain Lambda"),
        (ast.BinOp(codegen.const(1), ast.Pow(), codegen.const(2)), "may not contain Pow"),
        (ast.Call(codegen.name("s"), [], []), "may only call its helpers"),
    ],
)
def test_running_refuses_what_making_refuses(node, why):
    s = S()
    with pytest.raises(ValueError, match=why):
        codegen.run([ast.Return(node)], {}, ("s",), (s,))
    with pytest.raises(ValueError, match=why):
        codegen.function([ast.Return(node)], {})
    with pytest.raises(ValueError, match="unknown arguments"):
        codegen.run([], {}, ("self",), (s,))


def test_running_checks_the_whole_tree_before_running_any_of_it():
    s = S()
    rng_before = s.rng.getstate()
    body = [
        codegen.assign_slot(0, codegen.const(5)),
        ast.Expr(codegen.method(codegen.state("rng"), "random")),
        ast.If(codegen.const(False), [ast.Return(codegen.name("open"))], []),
        ast.Return(ast.BoolOp(ast.Or(), [codegen.const(True), ast.Name("eval", ast.Load())])),
    ]
    with pytest.raises(ValueError, match="may not use the name 'open'"):
        codegen.run(body, {}, ("s",), (s,))
    # nothing ran: no variable set, no random number drawn
    assert s.v[0] == 7 and s.rng.getstate() == rng_before
    with pytest.raises(ValueError):
        codegen.function(body, {})


def test_running_refuses_a_stored_name_where_it_is_read_as_compile_does():
    s = S()
    stored = ast.Subscript(codegen.state("v"), codegen.const(0), ast.Store())
    with pytest.raises(ValueError, match="must be read"):
        codegen.run([ast.Return(stored)], {}, ("s",), (s,))
    with pytest.raises(ValueError):
        codegen.function([ast.Return(stored)], {})
    with pytest.raises(ValueError):
        codegen.run([], {}, ("s",), (s,))
    with pytest.raises(ValueError):
        codegen.function([], {})
