"""Properties of random playthroughs of the tutorial (Hypothesis picks seeds and choices)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import ChoiceNotAvailable, EngineError, Game
from game.loader import check

TUTORIAL = Path(__file__).resolve().parents[2] / "content" / "tutorial"
MAX_TURNS = 60

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def tutorial():
    result, cs = check(TUTORIAL)
    assert cs is not None, [str(d) for d in result.errors]
    return cs


def play(cs, role, seed, picks):
    """Play by index into the options shown; locked options may be picked on purpose.
    Returns the game and a log of (Turn or the exception's type name, snapshot)."""
    g = Game(cs, role=role, seed=seed)
    log = [("start", g.snapshot())]
    for pick in picks:
        if g.finished:
            break
        opts = g.options()
        assert opts, "a live game always offers something (else it is a dead end)"
        opt = opts[pick % len(opts)]
        try:
            turn = g.choose(opt.id)
        except ChoiceNotAvailable:
            assert not opt.available
            log.append(("locked", g.snapshot()))
            continue
        except EngineError as e:  # a fault in the content: allowed, but must be reproducible
            log.append((f"EngineError: {e}", g.snapshot()))
            continue
        assert opt.available
        log.append((turn, g.snapshot()))
    return g, log


def check_bounds(cs, g):
    values = g.values()
    for info in cs.variables:
        v = values[info.name]
        if info.kind == "int":
            assert isinstance(v, int) and not isinstance(v, bool)
            assert info.lo <= v <= info.hi, (info.name, v)
        elif info.kind == "bool":
            assert isinstance(v, bool)
        else:
            assert v in info.values


roles = st.sampled_from  # for readability below
picks = st.lists(st.integers(min_value=0, max_value=50), max_size=MAX_TURNS)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


@SETTINGS
@given(data=st.data(), seed=seeds, choices=picks)
def test_playthroughs_are_reproducible(tutorial, data, seed, choices):
    role = data.draw(roles(sorted(tutorial.roles)))
    g1, log1 = play(tutorial, role, seed, choices)
    g2, log2 = play(tutorial, role, seed, choices)
    assert log1 == log2  # identical Turns and snapshots, step by step
    assert g1.snapshot() == g2.snapshot()
    assert g1.state_key() == g2.state_key()
    assert g1.ending() == g2.ending()


@SETTINGS
@given(data=st.data(), seed=seeds, choices=picks)
def test_values_stay_in_bounds_and_only_engine_errors(tutorial, data, seed, choices):
    role = data.draw(roles(sorted(tutorial.roles)))
    g = Game(tutorial, role=role, seed=seed)
    check_bounds(tutorial, g)
    for pick in choices:
        if g.finished:
            break
        avail = g.available()
        assert avail
        before = g.snapshot()
        try:
            turn = g.choose(avail[pick % len(avail)].id)
        except EngineError:
            assert g.snapshot() == before  # a failed choice changes nothing
            continue
        check_bounds(tutorial, g)
        for change in turn.changes:
            assert change.before != change.after
        if g.finished:
            end = g.ending()
            assert end is not None and turn.ending == end
            for s in end.scores:
                assert s.lo <= s.value <= s.hi
            assert g.options() == []


@SETTINGS
@given(seed=seeds, choices=picks)
def test_fast_path_agrees_with_choose(tutorial, seed, choices):
    """step() (playtest's fast path) reaches exactly the state choose() does."""
    a, b = Game(tutorial, seed=seed), Game(tutorial, seed=seed)
    for pick in choices:
        if a.finished:
            break
        avail = a.available()
        assert [c.id for c in avail] == [c.id for c in b.available()]
        c = avail[pick % len(avail)]
        try:
            a.choose(c.id)
        except EngineError:
            return
        b.step(c)
        assert a.snapshot() == b.snapshot()
    assert a.finished == b.finished


@SETTINGS
@given(seed=seeds, choices=picks)
def test_replaying_the_history_gives_the_same_game(tutorial, seed, choices):
    """A save is (scenario, role, seed, history): replaying it restores the game."""
    g, _ = play(tutorial, None, seed, choices)
    r = Game(tutorial, seed=seed)
    for cid in g.history:
        r.choose(cid)
    assert r.snapshot() == g.snapshot()


def test_some_playthrough_finishes(tutorial):
    """Guards the properties above against vacuity: random play does reach endings."""
    endings = set()
    for seed in range(40):
        g, _ = play(tutorial, None, seed, [seed * 7 + i for i in range(MAX_TURNS)])
        if g.finished:
            endings.add(g.ending().id)
    assert endings
