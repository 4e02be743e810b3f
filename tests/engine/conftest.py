from __future__ import annotations

import itertools
import textwrap

import pytest

from game.engine import CompiledScenario
from game.loader import check

_HEAD = """\
id: t
title: "Test"
version: "1"
start: {start}
settings: {{events_per_turn: {events_per_turn}}}
"""
_DEFAULTS = {"roles": '  - {id: r, name: "R"}', "dimensions": '  - {id: d, label: "D"}'}

_counter = itertools.count()


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Compile a small scenario written inline.

    ``body`` is YAML after the header (id, title, version, start, settings, and unless
    the body has its own, one role ``r`` and one dimension ``d``); it must define at
    least one scene. Errors fail the test;
    warnings are allowed (tests build odd scenarios on purpose).
    """

    def _build(body: str, *, start: str = "a", events_per_turn: int = 1) -> CompiledScenario:
        folder = tmp_path_factory.mktemp(f"scenario{next(_counter)}")
        body = textwrap.dedent(body)
        text = _HEAD.format(start=start, events_per_turn=events_per_turn)
        for key, value in _DEFAULTS.items():
            if f"\n{key}:" not in "\n" + body:
                text += f"{key}:\n{value}\n"
        text += body
        (folder / "scenario.yaml").write_text(text, encoding="utf-8")
        result, cs = check(folder)
        errors = [str(d) for d in result.errors]
        assert cs is not None and not errors, "\n".join(errors) + "\n" + text
        return cs

    return _build
