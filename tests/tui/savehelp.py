"""Helpers for the TUI save tests: saves made through the saves API with fixed
timestamps (so listings and snapshots are stable), and a record of notifications."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from game.saves.session import SaveSession
from game.saves.store import SaveStore

# The tutorial with seed 7: skip the briefing, promise Lind a firm text (the leak fires),
# offer Okafor a softer text, call the vote (an ending).
PATH = ["skip_briefing", "promise_firm", "offer_soft", "call_vote"]
T0 = datetime(2025, 3, 4, 9, 30, tzinfo=UTC)

_scenario = None


def tutorial():
    global _scenario
    if _scenario is None:
        from game.loader import load

        _scenario = load("tutorial")
    return _scenario


def make_save(
    folder: Path,
    name: str,
    choices: list[str],
    *,
    player: str | None = None,
    class_code: str | None = None,
    seed: int = 7,
    minutes: int = 0,
    autosave: bool = True,
) -> Path:
    """A real save (written by SaveSession) with timestamps T0 + ``minutes``."""
    store = SaveStore(folder)
    ss = SaveSession.new(
        tutorial(), None, seed, store=store, player=player, class_code=class_code, name=name
    )
    for c in choices:
        ss.choose(c)
    data = json.loads(ss.path.read_text())
    when = T0 + timedelta(minutes=minutes)
    data["created"] = (when - timedelta(minutes=20)).isoformat()
    data["updated"] = when.isoformat()
    data["autosave"] = autosave
    for i, t in enumerate(data["turns"]):
        t["at"] = (when - timedelta(minutes=len(data["turns"]) - i)).isoformat()
    ss.path.write_text(json.dumps(data, indent=1))
    return ss.path


def class_folder(folder: Path) -> dict[str, Path]:
    """Four saves: two of Ana's (one finished), one of Ben's, one named copy."""
    return {
        "ana": make_save(
            folder, "ana-tutorial", PATH[:2], player="Ana", class_code="7B", minutes=30
        ),
        "ana-done": make_save(
            folder, "ana-finished", PATH, player="Ana", class_code="7B", minutes=10
        ),
        "ben": make_save(
            folder, "ben-tutorial", PATH[:1], player="Ben", class_code="7B", minutes=20
        ),
        "copy": make_save(
            folder, "before-the-vote", PATH[:3], player="Ana", minutes=5, autosave=False
        ),
    }


def record_notes(app) -> list[tuple[str, str, str]]:
    """Every notification the app shows from now on, as (title, message, severity)."""
    seen: list[tuple[str, str, str]] = []
    original = app.notify

    def notify(message, *, title="", severity="information", timeout=None, markup=True):
        seen.append((title, str(message), severity))
        return original(message, title=title, severity=severity, timeout=timeout, markup=markup)

    app.notify = notify
    return seen


def use_utc(monkeypatch) -> None:
    """Dates on screen are in local time: make that UTC for the test."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
