"""Replay when the content changed since the save, and summaries that lie."""

from __future__ import annotations

import json

import pytest

from game.loader import load
from game.saves.replay import ReplayDivergence, rebuild
from game.saves.session import SaveSession
from game.saves.store import load_save

WIN = ["ask_mentor", "thank_mentor", "promise_firm", "offer_soft", "call_vote"]


def _play(store, folder, name="g"):
    cs = load(str(folder))
    s = SaveSession.new(cs, None, 3, store=store, name=name, source=str(folder))
    for c in WIN:
        s.choose(c)
    return s


def _edit(folder, old: str, new: str) -> None:
    p = folder / "scenes.yaml"
    text = p.read_text()
    assert old in text
    p.write_text(text.replace(old, new, 1))


def test_a_save_finds_its_scenario_folder_again(store, tutorial_copy):
    s = _play(store, tutorial_copy)
    assert s.save.scenario.source == str(tutorial_copy.resolve())
    r = rebuild(load_save(s.path))
    assert r.game.snapshot() == s.game.snapshot() and not r.warnings


def test_changed_text_replays_with_a_warning(store, tutorial_copy):
    s = _play(store, tutorial_copy)
    _edit(
        tutorial_copy,
        "Ambassador Lind is reading a draft.",
        "Ambassador Lind is reading a new draft.",
    )
    r = rebuild(load_save(s.path))
    assert (
        r.content_changed
        and len(r.warnings) == 1
        and "has changed since this game was saved" in r.warnings[0]
    )
    assert r.game.finished and r.game.history == WIN
    assert "a new draft" in r.steps[2].scene_text
    assert not r.inconsistencies  # after a content change, differences are expected


def test_a_removed_choice_names_the_turn_scene_and_choice(store, tutorial_copy):
    s = _play(store, tutorial_copy)
    _edit(tutorial_copy, "- id: promise_firm", "- id: promise_strong")
    _edit(tutorial_copy, "chosen('promise_firm')", "chosen('promise_strong')")
    before = s.path.read_bytes()
    with pytest.raises(ReplayDivergence) as info:
        SaveSession.resume(s.name, store)
    e = info.value
    assert (e.turn, e.scene, e.choice) == (3, "meet_north", "promise_firm")
    assert str(e).startswith(
        "The scenario has changed since this game was saved: at turn 3, in scene 'meet_north', the choice 'promise_firm' no longer exists"
    )
    # continue from turn k-1: a new slot, the old file untouched
    assert e.game_so_far.turn_number == 2 and e.game_so_far.state.scene == "meet_north"
    branch = SaveSession.from_rebuilt(e.rebuilt_so_far, store)
    branch.choose("promise_strong")
    assert s.path.read_bytes() == before
    assert load_save(branch.path).turns[-1].choice == "promise_strong"


def test_a_choice_that_became_locked_is_reported(store, tutorial_copy):
    s = _play(store, tutorial_copy)
    _edit(
        tutorial_copy,
        "      - id: offer_soft\n",
        '      - id: offer_soft\n        requires: "tension > 90"\n        locked: "Too calm for that."\n',
    )
    with pytest.raises(ReplayDivergence) as info:
        rebuild(load_save(s.path))
    e = info.value
    assert (e.turn, e.scene, e.choice) == (4, "meet_south", "offer_soft")
    assert "is not available at that point (locked: Too calm for that.)" in str(e)


def test_a_summary_that_disagrees_with_the_replay_is_inconsistent(finished_game):
    s = finished_game()
    raw = json.loads(s.path.read_text())
    raw["summary"]["ending"] = "no_agreement"
    raw["summary"]["outcome"]["agreement"] = 100
    s.path.write_text(json.dumps(raw))
    before = s.path.read_bytes()
    r = rebuild(load_save(s.path))
    assert r.inconsistent
    assert any("ending = 'no_agreement'" in x and "'agreed'" in x for x in r.inconsistencies)
    assert r.game.ending().id == "agreed"  # the replay is the truth
    resumed = SaveSession.resume(s.path, s.store)
    assert resumed.inconsistencies and s.path.read_bytes() == before


def test_a_recorded_scene_that_disagrees_is_inconsistent(finished_game):
    s = finished_game()
    raw = json.loads(s.path.read_text())
    raw["turns"][1]["scene"] = "vote"
    s.path.write_text(json.dumps(raw))
    r = rebuild(load_save(s.path))
    assert r.inconsistencies == [
        "turn 2: the save records scene 'vote', but the replay was in scene 'briefing'"
    ]


def test_replay_steps_show_the_scene_and_the_meters_as_they_stood(finished_game):
    s = finished_game()
    r = rebuild(load_save(s.path))
    assert [st.index for st in r.steps] == [1, 2, 3, 4, 5]
    assert r.opening_title == "Welcome" and r.steps[0].scene_title == "Welcome"
    assert "now 30" in r.steps[0].scene_text
    assert r.initial_values["north.trust"] == 0
    assert r.steps[2].values["north.trust"] == 1  # after promise_firm
    assert r.steps[3].values["north.trust"] == -1  # after offer_soft
    assert r.game_at(5).council().yes == 2
    assert r.game_at(2).state.scene == "meet_north"
    partial = rebuild(r.save, r.scenario, upto=3)
    assert len(partial.steps) == 3 and not partial.inconsistencies
