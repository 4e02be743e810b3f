"""Fixtures for the class report tests: the scenarios, and one class of 30 real saves
(5 of them damaged) shared by the tests of this folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for "from reporthelp import ..."

from reporthelp import (
    Played,
    garbage,
    invalid_json,
    make_class,
    tamper_choice,
    tamper_summary,
    truncate,
)

from game.loader import load


@pytest.fixture(scope="session")
def tutorial():
    return load("tutorial")


@pytest.fixture(scope="session")
def oil():
    return load("oil-2017")


@dataclass
class Klass:
    folder: Path
    good: list[Played]  # the 25 games the report must count
    bad: dict[str, str]  # file name -> the kind of problem the report must give


@pytest.fixture(scope="session")
def klass(tmp_path_factory, tutorial, oil) -> Klass:
    """The done-when class: 30 saves from seeded play; three corrupted (truncated,
    garbage bytes, invalid JSON) and two tampered with (a summary that claims a better
    score, a choice that does not exist); plus a note and an atomic write's temp file."""
    folder = tmp_path_factory.mktemp("class") / "7B-and-9C"
    played = make_class(tutorial, oil, folder)
    by_name = {p.path.name: p for p in played}
    finished_tut = [p for p in played if p.scenario == "tutorial" and p.finished]
    damage = {
        "tut-00.json": (truncate, "corrupt"),
        "tut-01.json": (garbage, "corrupt"),
        "tut-02.json": (invalid_json, "corrupt"),
        finished_tut[3].path.name: (tamper_summary, "inconsistent"),
        "oil-3.json": (tamper_choice, "impossible"),
    }
    assert len(damage) == 5
    for name, (fn, _) in damage.items():
        fn(by_name[name].path)
    (folder / "notes.txt").write_text("remember to grade these\n", encoding="utf-8")
    (folder / ".tmp-tut-04.json.1234.abcd").write_text("{half a save", encoding="utf-8")
    good = [p for p in played if p.path.name not in damage]
    return Klass(folder, good, {name: kind for name, (_, kind) in damage.items()})
