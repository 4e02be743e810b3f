"""Expressions evaluated whenever the game is shown must not draw random numbers:
otherwise looking at the choices or the council projection would change the game."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.engine import Game
from game.loader import check, load

TUTORIAL = Path(__file__).resolve().parents[2] / "content" / "tutorial"


def _variant(tmp_path: Path, old: str, new: str, file: str = "scenes.yaml") -> Path:
    d = tmp_path / "t"
    shutil.copytree(TUTORIAL, d)
    text = (d / file).read_text()
    assert old in text
    (d / file).write_text(text.replace(old, new, 1))
    return d


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        ("scenes.yaml", 'requires: "asked_mentor"', 'requires: "chance(50)"', "requires"),
        (
            "scenario.yaml",
            '{if: "north.support >= 1", then: "yes"}',
            '{if: "random(1, 6) > 3", then: "yes"}',
            "a council vote",
        ),
        (
            "scenes.yaml",
            'tension_left: "tension"',
            'tension_left: "random(0, 100)"',
            "an ending's score",
        ),
    ],
)
def test_random_draws_are_refused_where_the_ui_evaluates(tmp_path, file, old, new, where):
    result, cs = check(_variant(tmp_path, old, new, file))
    assert cs is None
    [d] = [d for d in result.errors]
    assert d.code == "E205" and where in d.message


def test_random_draws_are_fine_in_effects_events_and_routes(tmp_path):
    d = _variant(
        tmp_path, 'effects: ["asked_mentor = true"]', 'effects: ["asked_mentor = chance(50)"]'
    )
    result, cs = check(d)
    assert cs is not None, [str(x) for x in result.diagnostics]


def test_looking_at_the_game_never_changes_it():
    cs = load("tutorial")
    a, b = Game(cs, seed=4), Game(cs, seed=4)
    while not a.finished:
        for _ in range(3):  # the UI may look as often as it likes
            b.options()
            b.council()
            b.scene_text()
        opt = next(o for o in a.options() if o.available)
        ta, tb = a.choose(opt.id), b.choose(opt.id)
        assert ta == tb
    assert a.snapshot() == b.snapshot()
    assert a.ending() == b.ending() == b.ending()
