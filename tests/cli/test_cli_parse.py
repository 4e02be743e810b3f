"""parse_args builds only the named command's parser: it must answer exactly as the
whole parser does (the namespace, the help, every error message and exit code)."""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.cli import COMMAND_OPTIONS, GLOBAL_DEFAULTS, build_parser, parse_args


def _outcome(parse: Any, argv: list[str]) -> tuple[Any, ...]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            return (vars(parse(argv)), None, out.getvalue(), err.getvalue())
        except SystemExit as e:
            return (None, e.code, out.getvalue(), err.getvalue())


def _same(argv: list[str]) -> None:
    whole = _outcome(lambda v: build_parser().parse_args(v), argv)
    assert _outcome(parse_args, argv) == whole


CASES = [
    [],
    ["--help"],
    ["--version"],
    ["--theme", "dark"],
    ["--theme", "dark", "play"],  # a global option first: the whole parser
    ["--saves-dir", "x", "saves"],
    ["play"],
    ["play", "oil-2017", "--seed", "1", "--role", "us_envoy", "--player", "Ana"],
    ["play", "--seed", "x"],  # an error inside the command
    ["play", "--theme"],
    ["play", "--bogus"],  # left over: the whole parser reports it
    ["play", "a", "b"],
    ["play", "--", "x"],
    ["play", "--plain", "--set", "a=1", "--set", "b=2", "--from", "s1"],
    ["validate"],
    ["validate", "a", "b", "--json"],
    ["validate", "--saves-dir", "x"],
    ["playtest", "--strategy", "nope"],
    ["playtest", "tutorial", "--runs", "5", "--strategy", "exhaustive"],
    ["graph", "--format", "dot"],
    ["schema"],
    ["schema", "x"],
    ["replay"],
    ["replay", "s.json", "--export", "md", "--out", "t.md"],
    ["report"],
    ["report", "a", "b", "--format", "csv"],
    ["serve", "--port", "9", "--host", "0.0.0.0"],
    ["classroom", "--timer", "1:30", "--theme", "hc"],
    ["nope"],
    *([name, "--help"] for name in COMMAND_OPTIONS),
    *([name, "-h"] for name in COMMAND_OPTIONS),
]


@pytest.mark.parametrize("argv", CASES, ids=[" ".join(a) or "(none)" for a in CASES])
def test_parse_args_answers_as_the_whole_parser(argv: list[str]) -> None:
    _same(argv)


def test_a_command_gets_the_global_defaults() -> None:
    args = parse_args(["scenarios"])
    whole = build_parser().parse_args(["scenarios"])
    assert vars(args) == vars(whole)
    assert {k: getattr(args, k) for k in GLOBAL_DEFAULTS} == GLOBAL_DEFAULTS


WORDS = [
    *COMMAND_OPTIONS,
    "oil-2017",
    "tutorial",
    "x",
    "1",
    "-1",
    "--json",
    "--seed",
    "--role",
    "--theme",
    "--saves-dir",
    "--set",
    "a=1",
    "--from",
    "--plain",
    "--runs",
    "--strategy",
    "random",
    "--format",
    "md",
    "csv",
    "--export",
    "--out",
    "--port",
    "--class",
    "--timer",
    "--load",
    "--save",
    "--",
    "-x",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=6))
def test_any_command_line_is_parsed_as_the_whole_parser_would(argv: list[str]) -> None:
    _same(argv)
