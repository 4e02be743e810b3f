"""The fast parser's safety scan (yamlsrc._risky) against a plain regex statement of
what it looks for. The scan is written for speed (bytes.translate, bytes.find); the
regexes below are far too slow on a 15 MB file but easy to read."""

from __future__ import annotations

import random
import re

from game.loader.yamlsrc import _risky

_START = r"(?:^|(?<=[ \t\n\[{,]))"  # the start of a plain scalar
_REFERENCE = [
    re.compile(r"[^\x20-\x7e\t\n\r\x80-\U0010ffff]|[\x85\u2028\u2029]"),  # control, breaks
    re.compile(r"<<[ \t]*:"),  # a merge key
    re.compile(_START + r"![^= \t\n\r]"),  # a tag
    re.compile(_START + r"[+-]?0b[01]"),  # a binary number
    re.compile(_START + r"[+-]?[0-9]+_"),  # a number with underscores
]


def _reference(text: str) -> bool:
    return any(r.search(text) for r in _REFERENCE)


def test_the_scan_says_what_the_reference_says():
    alphabet = " \t\n\r[{,:+-_0123456789bx!=<\"'\x00\x01\x7f\x85é\u2028"
    rnd = random.Random(7)
    risky = 0
    for _ in range(60_000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        assert _risky(text) == _reference(text), repr(text)
        risky += _reference(text)
    assert 5_000 < risky < 55_000  # both kinds of answer were tried


def test_examples():
    for text, want in [
        ("id: s12_c0\nnext: end_high\n", False),
        ("peace: 1_000\n", True),
        ("peace: -1_000\n", True),
        ("1_000: x\n", True),
        ("x: a-1_0\n", False),
        ("x: [1_0]\n", True),
        ("x: _intro\n", False),
        ("x: +-1_0\n", False),
        ("text: 'Hi!'\n", False),
        ("x: !tag y\n", True),
        ("x: 0b101\n", True),
        ("<<: *base\n", True),
        ("x: \x01\n", True),
    ]:
        assert _risky(text) == want, text
        assert _reference(text) == want, text
