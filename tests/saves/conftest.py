"""Fixtures for the saves tests: the tutorial scenario, a store in a temp folder, and
helpers to play games quickly."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from game.loader import load
from game.saves.session import SaveSession
from game.saves.store import SaveStore

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL_DIR = ROOT / "content" / "tutorial"

# welcome -> ask mentor -> thank -> promise firm -> offer soft -> call the vote
TUTORIAL_WIN = ["ask_mentor", "thank_mentor", "promise_firm", "offer_soft", "call_vote"]


@pytest.fixture(scope="session")
def tutorial():
    return load("tutorial")


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves")


@pytest.fixture
def tutorial_copy(tmp_path: Path) -> Path:
    """A copy of the tutorial's folder that a test may edit (the content changes)."""
    dest = tmp_path / "tutorial-copy"
    shutil.copytree(TUTORIAL_DIR, dest)
    return dest


def _play_random(session: SaveSession, rng: random.Random, max_turns: int = 50) -> None:
    for _ in range(max_turns):
        if session.game.finished:
            return
        session.choose(rng.choice(session.game.available()).id)


@pytest.fixture
def play_random():
    """play_random(session, rng, max_turns=50): available choices at random to the end."""
    return _play_random


@pytest.fixture
def finished_game(store: SaveStore, tutorial):
    """finished_game(name="ana"): a tutorial game played to an ending, saved as NAME."""

    def make(name: str = "ana") -> SaveSession:
        s = SaveSession.new(
            tutorial,
            "trainee",
            3,
            store=store,
            name=name,
            player="Ana",
            class_code="7B",
            source="tutorial",
        )
        for c in TUTORIAL_WIN:
            s.choose(c)
        assert s.game.finished
        return s

    return make
