"""The autosaving session: every turn saved, undo, named saves, resume, branching."""

from __future__ import annotations

import json
import random

import pytest

from game.engine import ChoiceNotAvailable
from game.saves.replay import rebuild
from game.saves.session import SaveSession
from game.saves.store import SaveError, SaveExists, load_save


def test_a_new_game_is_saved_at_once_and_after_every_turn(store, tutorial):
    s = SaveSession.new(tutorial, None, 4, store=store, player="Ana", source="tutorial")
    assert s.path.exists() and s.name.startswith("auto-tutorial-Ana-")
    assert load_save(s.path).turns == []
    for k, c in enumerate(["ask_mentor", "thank_mentor"], 1):
        s.choose(c)
        on_disk = load_save(s.path)
        assert [t.choice for t in on_disk.turns] == s.game.history
        assert on_disk.summary.turns == k


def test_a_refused_choice_is_not_logged(store, tutorial):
    s = SaveSession.new(tutorial, None, 4, store=store, name="a")
    before = s.path.read_bytes()
    with pytest.raises(ChoiceNotAvailable):
        s.choose("call_vote")
    assert s.save.turns == [] and s.path.read_bytes() == before


def test_undo_goes_back_one_turn_at_a_time_to_the_start(store, tutorial, play_random):
    s = SaveSession.new(tutorial, None, 8, store=store, name="u")
    snapshots = [s.game.snapshot()]
    turns = []
    for c in ["skip_briefing", "stay_open"]:
        turns.append(s.choose(c))
        snapshots.append(s.game.snapshot())
    play_random(s, random.Random(1))
    while len(snapshots) < len(s.save.turns) + 1:
        snapshots.append(None)  # the random tail: checked by count only
    n = len(s.save.turns)
    for k in range(n, 0, -1):
        game = s.undo()
        assert game is s.game and len(s.save.turns) == k - 1 == s.game.turn_number
        if snapshots[k - 1] is not None:
            assert s.game.snapshot() == snapshots[k - 1]
        assert load_save(s.path).turns == s.save.turns  # the autosave records the undo
    assert s.turns == [] and s.save.undos == n
    with pytest.raises(SaveError, match="nothing to undo"):
        s.undo()
    # and playing on after undo gives the same turns as before
    assert s.choose("skip_briefing") == turns[0]


def test_undo_after_the_ending_reopens_the_game(finished_game):
    s = finished_game()
    s.undo()
    assert not s.game.finished and s.game.state.scene == "corridor"
    assert load_save(s.path).summary.finished is False


def test_resume_replays_and_plays_on(store, finished_game, tutorial):
    s = SaveSession.new(tutorial, None, 5, store=store, name="half", player="Ana")
    s.choose("ask_mentor")
    s.choose("note_to_south")
    later = SaveSession.resume("half", store)
    assert later.game.snapshot() == s.game.snapshot() and later.turns == s.turns
    assert later.path == s.path and later.save.player == "Ana"
    later.choose("promise_firm")
    assert len(load_save(s.path).turns) == 3


def test_resume_from_a_path_outside_the_store(store, finished_game, tmp_path):
    s = finished_game()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(s.path.read_bytes())
    r = SaveSession.resume(str(elsewhere), store)
    assert r.path == elsewhere and r.game.finished


def test_save_as_makes_a_named_copy_and_refuses_to_overwrite(store, tutorial):
    s = SaveSession.new(tutorial, None, 5, store=store, name="mine")
    s.choose("ask_mentor")
    p = s.save_as("before the vote")
    assert p.name == "before-the-vote.json"
    copy = load_save(p)
    assert copy.autosave is False and copy.turns == s.save.turns
    s.choose("thank_mentor")
    assert len(load_save(p).turns) == 1  # the copy stays as it was
    with pytest.raises(SaveExists):
        s.save_as("before the vote")
    s.save_as("before the vote", overwrite=True)
    assert len(load_save(p).turns) == 2
    with pytest.raises(SaveError, match="refused"):
        s.save_as("../../x")


def test_save_as_with_switch_moves_the_slot(store, tutorial):
    s = SaveSession.new(tutorial, None, 5, store=store, name="one")
    s.choose("ask_mentor")
    s.save_as("two", switch=True)
    s.choose("thank_mentor")
    assert len(load_save(store.path_for("one")).turns) == 1
    assert len(load_save(store.path_for("two")).turns) == 2


def test_a_new_game_never_overwrites_an_existing_save(store, finished_game, tutorial):
    finished_game("taken")
    before = store.path_for("taken").read_bytes()
    with pytest.raises(SaveExists):
        SaveSession.new(tutorial, None, 1, store=store, name="taken")
    assert store.path_for("taken").read_bytes() == before


def test_continue_latest_picks_the_newest_unfinished_autosave(store, tutorial, finished_game):
    assert SaveSession.continue_latest(store) is None
    a = SaveSession.new(tutorial, None, 1, store=store, name="a")
    a.choose("ask_mentor")
    b = SaveSession.new(tutorial, None, 2, store=store, name="b")
    b.choose("skip_briefing")
    b.save_as("b-copy")
    finished_game("done")  # finished: not continued
    # make "a" the most recent
    a.choose("thank_mentor")
    got = SaveSession.continue_latest(store)
    assert got is not None and got.name == "a" and got.game.turn_number == 2


def test_injected_events_and_votes_are_logged_and_replayed(store, tutorial):
    s = SaveSession.new(tutorial, None, 5, store=store, name="class")
    s.choose("ask_mentor", votes={"ask_mentor": 12, "skip_briefing": 3})
    fired = s.inject("leak")
    assert fired.injected and s.game.value("tension") == 40
    s.choose("thank_mentor")
    raw = json.loads(s.path.read_text())
    assert raw["turns"][0]["votes"] == {"ask_mentor": 12, "skip_briefing": 3}
    assert raw["turns"][1]["kind"] == "inject" and raw["turns"][1]["event"] == "leak"
    r = rebuild(load_save(s.path))
    assert r.game.snapshot() == s.game.snapshot()
    assert [st.event.id if st.event else st.turn.choice for st in r.steps] == [
        "ask_mentor",
        "leak",
        "thank_mentor",
    ]
    assert r.save.summary.turns == 2  # injected events are not turns
    s.undo()  # undo takes back the last entry, whatever its kind
    s.undo()
    assert s.game.value("tension") == 30 and len(s.save.turns) == 1
    with pytest.raises(ChoiceNotAvailable):
        s.inject("no_such_event")
    assert len(s.save.turns) == 1


def test_from_rebuilt_branches_into_a_new_slot(store, finished_game):
    s = finished_game()
    original = s.path.read_bytes()
    r = rebuild(load_save(s.path))
    branch = SaveSession.from_rebuilt(r, store, upto=2)
    assert branch.path != s.path and branch.game.turn_number == 2
    assert branch.game.snapshot() == r.game_at(2).snapshot()
    assert branch.game.state.scene == "meet_north"
    branch.choose("stay_open")  # a different path from here
    assert s.path.read_bytes() == original
    assert [t.choice for t in load_save(branch.path).turns] == [
        "ask_mentor",
        "thank_mentor",
        "stay_open",
    ]


def test_a_failed_autosave_keeps_the_game_going(store, tutorial, tmp_path):
    s = SaveSession.new(tutorial, None, 5, store=store, name="x")
    s.path = tmp_path / "no-such-dir-file" / "deeper" / "x.json"
    (tmp_path / "no-such-dir-file").write_text("a file, not a folder")
    s.choose("ask_mentor")
    assert (
        s.game.turn_number == 1 and s.last_save_error and "could not be saved" in s.last_save_error
    )


def test_an_unsaved_session_needs_no_store(tutorial):
    s = SaveSession.new(tutorial, None, 5, store=None)
    s.choose("ask_mentor")
    s.undo()
    assert s.path is None and s.name is None and s.game.turn_number == 0
    with pytest.raises(SaveError):
        s.save_as("x")
