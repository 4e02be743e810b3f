"""Hypothesis: any playthrough, saved and loaded, gives the identical state and the
identical future Turns."""

from __future__ import annotations

import contextlib
import tempfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import ChoiceNotAvailable, Game
from game.loader import ContentError, load
from game.saves.replay import rebuild
from game.saves.session import SaveSession
from game.saves.store import SaveStore, load_save

SCENARIOS = {}


def _scenario(name: str):
    if name not in SCENARIOS:
        try:
            SCENARIOS[name] = load(name)
        except ContentError as e:  # the default scenario is still being written
            pytest.skip(f"{name} does not load: {e}")
    return SCENARIOS[name]


# A move: ("c", k) takes the k-th available choice (mod their number); ("i", k) injects
# the k-th injectable event; ("u", 0) undoes.
moves = st.lists(
    st.one_of(
        st.tuples(st.just("c"), st.integers(0, 20)),
        st.tuples(st.just("i"), st.integers(0, 20)),
        st.tuples(st.just("u"), st.just(0)),
    ),
    max_size=40,
)


def _apply(session: SaveSession, move: tuple[str, int]) -> None:
    kind, k = move
    g = session.game
    if g.finished and kind != "u":
        return
    if kind == "c":
        avail = g.available()
        session.choose(avail[k % len(avail)].id)
    elif kind == "i":
        events = [e.id for e in g.scenario.events if e.injectable]
        if events:
            session.inject(events[k % len(events)])
    elif session.can_undo:
        session.undo()


def _future(game: Game, picks: list[int]) -> list:
    out = []
    for k in picks:
        if game.finished:
            break
        avail = game.available()
        out.append((game.options(), game.choose(avail[k % len(avail)].id)))
    return out


@pytest.mark.parametrize("scenario", ["tutorial", "oil-2017"])
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.data(),
    seed=st.integers(0, 2**31),
    played=moves,
    future=st.lists(st.integers(0, 20), max_size=30),
)
def test_a_random_playthrough_survives_a_save_and_load(scenario, data, seed, played, future):
    cs = _scenario(scenario)
    role = data.draw(st.sampled_from(sorted(cs.roles)))
    # Played in memory (autosaving is tested elsewhere), then written and read back.
    s = SaveSession.new(cs, role, seed, store=None, player="P", source=scenario)
    for m in played:
        with contextlib.suppress(ChoiceNotAvailable):  # an inject the engine refuses here
            _apply(s, m)
    with tempfile.TemporaryDirectory() as d:
        store = SaveStore(d)
        store.write(s.save, "game")
        loaded = load_save(store.path_for("game"))
        r = rebuild(loaded)
    assert loaded == s.save
    assert r.game.snapshot() == s.game.snapshot()
    assert r.game.state_key() == s.game.state_key()
    assert r.turns == s.turns
    assert [st_.values for st_ in r.steps] == [st_.values for st_ in s.steps]
    assert not r.inconsistencies and not r.warnings
    assert _future(r.game, future) == _future(s.game, future)
