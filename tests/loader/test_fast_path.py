"""The loader's two YAML readers must agree.

``load_scenario`` first reads files with the native parser (no line numbers) and reads
them again with the line-tracking parser only when something is wrong. So whatever the
fast reader accepts, the precise one must accept too, with the same values: otherwise a
file is valid or not depending on whether some *other* diagnostic (a harmless warning)
happened to trigger the precise re-read.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from game.loader import check
from game.loader.files import load_scenario
from game.loader.yamlsrc import FAST_AVAILABLE

pytestmark = pytest.mark.skipif(not FAST_AVAILABLE, reason="no native YAML parser installed")

MINIMAL = Path(__file__).resolve().parent / "minimal"
S, C = "scenario.yaml", "chapter.yaml"
UNUSED = (S, "leaders:\n", "  spare: {type: bool}\nleaders:\n")  # adds a W403 warning only


def folder(edits) -> Path:
    d = Path(tempfile.mkdtemp(prefix="fast-path-"))
    for p in MINIMAL.glob("*.yaml"):
        shutil.copy(p, d / p.name)
    for name, old, new in edits:
        text = (d / name).read_text(encoding="utf-8")
        assert old in text, old
        (d / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return d


def both(d: Path):
    fast, precise = load_scenario(d), load_scenario(d, precise=True)

    def key(r):
        return (
            sorted((x.code, Path(x.file).name if x.file else None, x.line) for x in r.diagnostics),
            r.scenario.model_dump() if r.scenario is not None else None,
        )

    return key(fast), key(precise)


AGREE = {
    # Each of these once read differently in the two readers; the fast reader now leaves
    # such text to the precise one.
    "underscore-number": [(C, "peace: 10", "peace: 1_000")],
    "binary-number": [(S, "initial: 10", "initial: 0b1010")],
    "unknown-tag": [(C, 'title: "A storm"', 'title: !custom "A storm"')],
    "control-character": [(C, "# Chapter file", "# Chapter\x1bfile")],
    "binary-tag": [(C, 'title: "A storm"', "title: !!binary aGk=")],
    "merge-key": [
        (C, '    title: "A storm"\n', '    title: "A storm"\n    <<: {text: "merged"}\n')
    ],
    "valid": [],
    "yes-stays-text": [(C, 'title: "A storm"', "title: yes")],
    "date-stays-text": [(C, 'title: "A storm"', "title: 2017-09-04")],
    "octal-and-hex": [(S, "initial: 10", "initial: 0o12"), (S, "max: 100", "max: 0x64")],
    "leading-zero-is-decimal": [(S, "initial: 10", "initial: 010")],
    "null-forms": [(C, '    title: "The room"\n', '    title: "The room"\n    text: ~\n')],
    "duplicate-key": [(C, '    title: "A storm"\n', '    title: "A storm"\n    title: "B"\n')],
    "python-tag": [(C, 'title: "A storm"', 'title: !!python/name:os.system ""')],
    "float-for-int": [(C, "peace: 10", "peace: 1.5")],
}

DISAGREE = {
    # value, reason
    "block-text-at-end-of-file": (
        [(C, "      peace: 10\n", "      peace: 10\n    text: |\n      no newline at the end")],
        "at the end of a file with no final newline, the fast reader adds one to a '|' block",
    ),
}


@pytest.mark.parametrize("name", sorted(AGREE))
def test_readers_agree(name):
    fast, precise = both(folder(AGREE[name]))
    assert fast == precise


def _strip_final_newline(d: Path) -> Path:
    p = d / C
    p.write_bytes(p.read_bytes().rstrip(b"\n"))
    return d


@pytest.mark.parametrize(
    "name",
    sorted(DISAGREE),
)
def test_readers_agreed_after_fixes(name):
    d = folder(DISAGREE[name][0])
    if name == "block-text-at-end-of-file":
        _strip_final_newline(d)
    fast, precise = both(d)
    assert fast == precise


@pytest.mark.parametrize(
    "name",
    ["underscore-number", "binary-number", "unknown-tag", "control-character"],
)
def test_verdict_does_not_depend_on_an_unrelated_warning(name):
    """What an author sees: the same file is valid alone, and invalid next to a warning."""
    alone, _ = check(folder(AGREE[name]))
    beside, _ = check(folder([*AGREE[name], UNUSED]))
    errors = sorted((d.code, Path(d.file).name, d.line) for d in alone.errors)
    errors_beside = sorted((d.code, Path(d.file).name, d.line) for d in beside.errors)
    assert errors == errors_beside
