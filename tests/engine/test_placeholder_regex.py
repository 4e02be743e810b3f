"""The placeholder regex of game.engine.compile matches exactly what the plain one,
r"\\{\\{|\\}\\}|\\{([^{}]*)\\}|[{}]", did: the same tokens, groups and positions."""

from __future__ import annotations

import itertools
import random
import re

from game.engine.compile import _PLACEHOLDER

PLAIN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def _tokens(rx: re.Pattern[str], text: str) -> list[tuple[str, str | None, int, int]]:
    return [(m.group(0), m.group(1), m.start(), m.end()) for m in rx.finditer(text)]


def test_every_short_text():
    for n in range(7):
        for chars in itertools.product("{}a \n", repeat=n):
            text = "".join(chars)
            assert _tokens(_PLACEHOLDER, text) == _tokens(PLAIN, text), text


def test_random_texts():
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice("{}{}{}ab x\n.") for _ in range(rng.randrange(40)))
        assert _tokens(_PLACEHOLDER, text) == _tokens(PLAIN, text), text


def test_examples():
    text = "X is {x}, {{literal}} and {{{y}}}; } {"
    assert _tokens(_PLACEHOLDER, text) == _tokens(PLAIN, text)
    assert [t[1] for t in _tokens(_PLACEHOLDER, text) if t[1] is not None] == ["x", "y"]


def test_all_ids_ok_agrees_with_id_re():
    from game.engine.compile import ID_RE, _all_ids_ok

    words = ["a", "s1_c0", "A-b.c", "_x", ".a", "-a", "", "a b", "a\n", "é", "a.", "9", " ", "a-"]
    for n in range(4):
        for ids in itertools.product(words, repeat=n):
            ok = all(ID_RE.match(i) for i in ids)
            if _all_ids_ok(list(ids)):
                assert ok, ids
            elif ok:
                # only ids ID_RE accepts with a trailing newline are left to the slow path
                assert any(i.endswith("\n") for i in ids) or not ids, ids
