"""The parser parses as it always has: a frozen record, and properties of any text.

``parser_cases.json`` holds a few hundred texts (every condition and effect of the
bundled and test scenarios when it was made, edge cases at each limit and for each error,
random token soups and mutated real texts) with what the plain recursive-descent parser
(before the tokenizer and precedence-climbing rewrite) made of each, through both
``parse_expr`` and ``parse_effects``: the tree as nested lists ``[class, *fields]``, or
``["!", message, column, code]`` for a :class:`LangError`. Any change in a tree, a column
or an error shows here.

The hypothesis tests check properties of generated texts, which need no old parser: a
tree written back out as text parses to the same tree, and spaces in front of a text
move every column (of the tree, or of the error) by as many.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.lang.ast import Assign, Binary, Bool, Call, Name, Num, Str, Unary
from game.lang.errors import LangError
from game.lang.parser import MAX_LENGTH, parse_effects, parse_expr

CASES: list[list[Any]] = json.loads(
    (Path(__file__).parent / "parser_cases.json").read_text(encoding="utf-8")
)


def plain(x: Any) -> Any:
    """A tree as nested lists, ``[class name, *fields]``, as in the JSON."""
    if hasattr(x, "_fields"):
        return [type(x).__name__, *(plain(getattr(x, f)) for f in x._fields)]
    if isinstance(x, list | tuple):
        return [plain(a) for a in x]
    return x


def result(parse: Any, text: str) -> Any:
    try:
        return plain(parse(text))
    except LangError as e:
        return ["!", e.message, e.col, e.code]


def test_the_frozen_cases_parse_as_they_did():
    assert len(CASES) > 500
    wrong = []
    for text, want_expr, want_effects in CASES:
        for parse, want in ((parse_expr, want_expr), (parse_effects, want_effects)):
            got = result(parse, text)
            if got != want:
                wrong.append(f"{parse.__name__}({text[:80]!r}):\n  want {want}\n  got  {got}")
    assert not wrong, f"{len(wrong)} differ; the first:\n" + "\n".join(wrong[:5])


# -- properties of generated texts ------------------------------------------------------


def unparse(e: Any) -> str:
    """Text for a tree, every operation in parentheses."""
    if isinstance(e, Num):
        return str(e.value)  # "-5" parses back to Num(-5)
    if isinstance(e, Bool):
        return "true" if e.value else "false"
    if isinstance(e, Str):
        return f'"{e.value}"' if "'" in e.value else f"'{e.value}'"
    if isinstance(e, Name):
        return e.name
    if isinstance(e, Unary):
        return f"({e.op} {unparse(e.operand)})"
    if isinstance(e, Binary):
        return f"({unparse(e.left)} {e.op} {unparse(e.right)})"
    if isinstance(e, Call):
        return f"{e.func}({', '.join(unparse(a) for a in e.args)})"
    if isinstance(e, Assign):
        return f"{e.target.name} {e.op} {unparse(e.value)}"
    raise AssertionError(e)


def shape(x: Any) -> Any:
    """:func:`plain` without the columns (the last field of every node)."""
    if hasattr(x, "_fields"):
        return [type(x).__name__, *(shape(getattr(x, f)) for f in x._fields[:-1])]
    if isinstance(x, list | tuple):
        return [shape(a) for a in x]
    return x


def shifted(x: Any, by: int) -> Any:
    """:func:`plain`, every column moved by ``by``."""
    if hasattr(x, "_fields"):
        fields = x._fields[:-1]  # the last field is the column
        return [type(x).__name__, *(shifted(getattr(x, f), by) for f in fields), x.col + by]
    if isinstance(x, list | tuple):
        return [shifted(a, by) for a in x]
    return x


TOKENS = [
    *("x", "y", "xi.trust", "f", "min", "visited", "and", "or", "not", "true", "false"),
    *("==", "!=", "<=", ">=", "+=", "-=", "-", "+", "*", "/", "%", "<", ">", "=", "(", ")"),
    *(",", ";", "!", "&", "|", "0", "7", "42", "1000000001", "'a'", '"b c"', "'", '"', "#"),
    *("é", ".", "٣"),
]
SPACES = ["", " ", " ", "  ", "\t", "\n", "\u00a0"]
soup = st.lists(st.tuples(st.sampled_from(TOKENS), st.sampled_from(SPACES)), max_size=25).map(
    lambda parts: "".join(a + b for a, b in parts)
)
nested = st.builds(
    lambda pre, core, post, n: pre * n + core + post * n,
    st.sampled_from(["(", "not ", "-", "f(", "x + (", "(-"]),
    st.sampled_from(["1", "x", "x = 1", "1 2", ""]),
    st.sampled_from([")", ""]),
    st.integers(0, 45),
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    chars = list(draw(st.sampled_from(CASES))[0])
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(chars)))
        if draw(st.booleans()) and chars:
            del chars[min(at, len(chars) - 1)]
        else:
            chars.insert(at, draw(st.sampled_from([*TOKENS, " "])))
    return "".join(chars)


texts = st.one_of(soup, nested, mutated(), st.text(max_size=40))
PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(texts)
def test_a_tree_written_out_parses_back_the_same(text):
    for parse in (parse_expr, parse_effects):
        try:
            tree = parse(text)
        except LangError as e:
            assert e.code == "E301"
            assert e.col is None or 0 <= e.col <= len(text)
            continue
        try:
            again = (
                parse_expr(unparse(tree))
                if parse is parse_expr
                else parse_effects("; ".join(unparse(a) for a in tree))
            )
        except LangError as e:  # the parentheses unparse adds can make it too deep
            assert e.message == "expression is nested too deeply"
            continue
        assert shape(again) == shape(tree)


@PROPS
@given(texts, st.integers(1, 5))
def test_spaces_in_front_move_every_column(text, n):
    if len(text) + n > MAX_LENGTH:
        return
    for parse in (parse_expr, parse_effects):
        before = result(parse, text)
        after = result(parse, " " * n + text)
        if before[0] != "!":
            assert after == shifted(parse(text), n)
        elif before[2] == 0:
            # an error about the whole text (empty, too deep a tree) stays at column 0;
            # one about the first token moves with it
            assert after[1] == before[1]
            assert after[2] in (0, n)
        else:
            assert after == ["!", before[1], before[2] + n, before[3]]
