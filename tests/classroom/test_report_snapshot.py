"""A snapshot of the class report's HTML: any change to what a teacher prints shows up
as a diff to review (update with `pytest --snapshot-update` after checking it in a
browser). The class is built from seeded play with a frozen clock, so it is stable."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import game.saves.model as save_model
from game.classroom.render import render_html
from game.classroom.report import build_report
from game.saves.store import SaveStore

from .reporthelp import play_saved

FROZEN = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(save_model, "now", lambda: FROZEN)
    for mod in ("game.saves.session", "game.saves.store", "game.saves.replay"):
        m = __import__(mod, fromlist=["x"])
        if hasattr(m, "now"):
            monkeypatch.setattr(m, "now", lambda: FROZEN)


def test_html_report_snapshot(tmp_path, tutorial, frozen_clock, snapshot):
    store = SaveStore(tmp_path)
    for i, name in enumerate(["Ana", "Ben", "Chloé", "Dara", "Emil", "Farah"]):
        play_saved(
            tutorial, store, name.lower(), 100 + i, player=name, class_code="9B", source="tutorial"
        )
    play_saved(
        tutorial,
        store,
        "class-game",
        7,
        player=None,
        class_code="9B",
        votes=True,
        source="tutorial",
    )
    (tmp_path / "broken.json").write_text('{"format": 1, "scenario":')
    report = build_report([tmp_path])
    report.generated = FROZEN
    report.seconds = 0.5
    html = render_html(report).replace(str(tmp_path), "SAVES")  # the temp folder's name varies
    assert "<svg" in html and "broken.json" in html
    assert html == snapshot
