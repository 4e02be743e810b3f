"""The facilitator's vote and countdown: pure logic, no Textual, no real time."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from game.classroom.facilitator import (
    MAX_VOTES,
    Countdown,
    Decision,
    DecisionPaused,
    FacilitatorError,
    OptionLocked,
    UnknownOption,
    Vote,
    VoteOption,
    class_save_name,
    clock_label,
    injectable_events,
    parse_timer,
    vote_history,
)

ROOT = Path(__file__).resolve().parents[2]

A = VoteOption("a", 1, "Option A")
B = VoteOption("b", 2, "Option B")
L = VoteOption("locked", 3, "A locked option", available=False, reason="Ask first.")
C = VoteOption("c", 4, "Option C")


def vote() -> Vote:
    return Vote([A, B, L, C])


class TestVote:
    def test_counts_only_for_available_options(self):
        v = vote()
        assert v.tally() == {"a": 0, "b": 0, "c": 0}
        assert [o.id for o in v.available] == ["a", "b", "c"]

    def test_set_and_add(self):
        v = vote()
        assert v.set("a", 12) == 12
        assert v.add("a") == 13
        assert v.add("a", -3) == 10
        assert v.add("b", 5) == 5
        assert v.total == 15
        assert v.share("a") == pytest.approx(10 / 15)

    def test_never_below_zero_nor_above_the_cap(self):
        v = vote()
        assert v.add("a", -1) == 0
        assert v.set("a", -5) == 0
        assert v.set("a", 10_000) == MAX_VOTES

    def test_locked_option_gets_no_votes(self):
        v = vote()
        with pytest.raises(OptionLocked, match="option 3 is locked: Ask first"):
            v.set("locked", 3)
        with pytest.raises(OptionLocked):
            v.add("locked")
        assert v.count("locked") == 0
        assert "locked" not in v.tally()

    def test_unknown_option(self):
        with pytest.raises(UnknownOption):
            vote().set("nope", 1)

    def test_by_number(self):
        v = vote()
        assert v.by_number(2) is B
        assert v.by_number(9) is None

    def test_winner(self):
        v = vote()
        v.set("a", 3)
        v.set("b", 14)
        v.set("c", 13)
        out = v.outcome()
        assert out.kind == "winner"
        assert out.winner == "b"
        assert out.votes == {"a": 3, "b": 14, "c": 13}
        assert out.total == 30
        assert not out.needs_facilitator

    def test_tie_is_returned_for_the_facilitator(self):
        v = vote()
        v.set("a", 10)
        v.set("b", 5)
        v.set("c", 10)
        out = v.outcome()
        assert out.kind == "tie"
        assert out.winner is None
        assert out.tied == ("a", "c")
        assert out.needs_facilitator

    def test_no_votes_means_no_winner(self):
        out = vote().outcome()
        assert out.kind == "no_votes"
        assert out.winner is None
        assert out.tied == ("a", "b", "c")  # the facilitator may pick any available option
        assert out.votes == {"a": 0, "b": 0, "c": 0}

    def test_from_engine_options(self, tutorial):
        from game.engine import Game

        g = Game(tutorial, seed=7)
        g.choose("skip_briefing")
        v = Vote(g.options())  # meet_north: the vote-now option is locked
        assert [(o.id, o.available) for o in v.options] == [
            ("promise_firm", True),
            ("stay_open", True),
            ("demand_vote_now", False),
        ]
        assert v.tally() == {"promise_firm": 0, "stay_open": 0}


class TestCountdown:
    def test_no_timer(self):
        c = Countdown(None)
        c.start()
        assert not c.enabled and not c.running and not c.expired
        assert c.tick(10) is False
        assert c.label == ""

    def test_runs_down_with_ticks(self):
        c = Countdown(60)
        assert c.label == "1:00" and not c.running
        assert c.tick(5) is False and c.remaining == 60  # not started: time does not pass
        c.start()
        assert c.tick(1) is False
        assert c.label == "0:59"
        c.tick(0.5)
        assert c.label == "0:59"  # rounded up
        c.tick(58)
        assert c.label == "0:01"
        assert c.tick(0.5) is True  # this tick ran the time out
        assert c.expired and not c.running and c.label == "0:00"
        assert c.tick(1) is False  # only once

    def test_pause_and_resume(self):
        c = Countdown(30)
        c.start()
        c.tick(10)
        c.pause()
        c.tick(100)
        assert c.remaining == 20
        c.resume()
        c.tick(5)
        assert c.remaining == 15

    def test_restart(self):
        c = Countdown(30)
        c.start()
        c.tick(30)
        assert c.expired
        c.resume()
        assert not c.running  # an expired timer does not resume
        c.start()
        assert c.remaining == 30 and c.running and not c.expired

    @pytest.mark.parametrize(
        ("text", "seconds"),
        [
            ("90", 90),
            ("1:30", 90),
            ("45s", 45),
            (" 60 ", 60),
            ("0", None),
            ("", None),
            (None, None),
            (120, 120),
        ],
    )
    def test_parse_timer(self, text, seconds):
        assert parse_timer(text) == seconds

    @pytest.mark.parametrize("text", ["abc", "-5", "1:5", "1:75", "3601", "1.5"])
    def test_parse_timer_rejects(self, text):
        with pytest.raises(ValueError, match="--timer"):
            parse_timer(text)

    def test_clock_label(self):
        assert clock_label(0) == "0:00"
        assert clock_label(-3) == "0:00"
        assert clock_label(0.1) == "0:01"
        assert clock_label(125) == "2:05"


class TestDecision:
    def test_paused_decision_is_frozen(self):
        d = Decision.for_options([A, B], timer=60)
        d.start_timer()
        d.set("a", 3)
        d.tick(10)
        assert d.toggle_pause() is True
        assert d.tick(20) is False
        assert d.countdown.remaining == 50
        with pytest.raises(DecisionPaused):
            d.add("a")
        with pytest.raises(DecisionPaused):
            d.set("b", 4)
        with pytest.raises(DecisionPaused):
            d.reveal()
        assert d.vote.tally() == {"a": 3, "b": 0}
        assert d.toggle_pause() is False
        d.tick(10)
        assert d.countdown.remaining == 40

    def test_resume_keeps_a_stopped_timer_stopped(self):
        d = Decision.for_options([A, B], timer=60)  # the timer was never started
        d.pause()
        d.resume()
        assert not d.countdown.running

    def test_restart_timer_while_paused_runs_on_resume(self):
        d = Decision.for_options([A, B], timer=60, paused=True)
        d.start_timer()
        assert not d.countdown.running
        d.resume()
        assert d.countdown.running and d.countdown.remaining == 60

    def test_reveal_stops_the_timer(self):
        d = Decision.for_options([A, B], timer=60)
        d.start_timer()
        d.set("b", 2)
        out = d.reveal()
        assert not d.countdown.running
        assert d.resolve(out) == "b"

    def test_resolve_tie(self):
        d = Decision.for_options([A, B, L, C])
        d.set("a", 4)
        d.set("c", 4)
        out = d.reveal()
        with pytest.raises(FacilitatorError, match="a tie"):
            d.resolve(out)
        with pytest.raises(FacilitatorError, match="not one of the tied"):
            d.resolve(out, "b")
        with pytest.raises(OptionLocked):
            d.resolve(out, "locked")
        assert d.resolve(out, "c") == "c"

    def test_resolve_no_votes(self):
        d = Decision.for_options([A, B])
        out = d.reveal()
        with pytest.raises(FacilitatorError, match="no votes"):
            d.resolve(out)
        assert d.resolve(out, "b") == "b"

    def test_winner_is_not_overruled(self):
        d = Decision.for_options([A, B])
        d.set("a", 1)
        with pytest.raises(FacilitatorError):
            d.resolve(d.reveal(), "b")


class TestGameHelpers:
    def test_injectable_events_not_yet_fired(self, tutorial):
        from game.engine import Game

        g = Game(tutorial, seed=7)
        assert [e.id for e in injectable_events(g)] == ["leak"]
        g.inject("leak")
        assert injectable_events(g) == []

    def test_class_save_name(self):
        when = datetime(2025, 3, 1, 9, 15, 42)
        assert class_save_name("9B", when) == "classroom-9B-20250301-0915"
        assert class_save_name(None, when) == "classroom-class-20250301-0915"
        assert class_save_name("  ", when) == "classroom-class-20250301-0915"

    def test_vote_history_counts_choices_only(self):
        from game.saves.model import TurnRecord

        at = datetime(2025, 1, 1)
        recs = [
            TurnRecord(kind="choice", scene="s1", choice="x", at=at, votes={"x": 3, "y": 1}),
            TurnRecord(kind="inject", scene="s2", event="leak", at=at),
            TurnRecord(kind="choice", scene="s2", choice="z", at=at),
            TurnRecord(kind="choice", scene="s3", choice="w", at=at, votes={"w": 0}),
        ]
        assert [(n, r.choice) for n, r in vote_history(recs)] == [(1, "x"), (3, "w")]


def test_facilitator_imports_no_ui():
    code = (
        "import json, sys, game.classroom.facilitator; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
