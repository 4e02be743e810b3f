"""The game engine, on small scenarios written inline (see ``build`` in conftest.py)."""

from __future__ import annotations

import time

import pytest

from game.engine import ChoiceNotAvailable, EngineError, Game, Marks

# -- helpers ---------------------------------------------------------------------------


def snap(g: Game) -> dict:
    return g.snapshot()


def fired_ids(turn) -> list[str]:
    return [e.id for e in turn.events]


END = """
endings:
  - {id: end, title: "End", scores: {d: 50}}
  - {id: end2, title: "End 2", scores: {d: 50}}
"""

# -- choices, effects and clamping -----------------------------------------------------


COUNTER = (
    """
variables:
  t: {type: int, initial: 8, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    text: "t is {t}"
    choices:
      - {id: up, text: "Up", effects: ["t += 5"], next: a}
      - {id: down, text: "Down", effects: "t -= 50", next: a}
      - {id: set_high, text: "Set", effects: ["t = 99"], next: a}
      - {id: set_mid, text: "Mid", effects: ["t = t - 3"], next: a}
      - {id: stop, text: "Stop", next: end}
"""
    + END
)


def test_effects_clamp_in_play(build):
    g = Game(build(COUNTER))
    assert g.value("t") == 8
    turn = g.choose("up")
    assert g.value("t") == 10
    assert [(c.name, c.before, c.after, c.delta) for c in turn.changes] == [("t", 8, 10, 2)]
    g.choose("down")
    assert g.value("t") == 0
    g.choose("set_high")
    assert g.value("t") == 10
    g.choose("set_mid")
    assert g.value("t") == 7
    turn = g.choose("up")
    assert turn.number == 5 and g.turn_number == 5
    assert g.value("t") == 10


def test_turn_and_history(build):
    g = Game(build(COUNTER))
    turn = g.choose("down")
    assert (turn.scene, turn.choice, turn.choice_text, turn.next_scene) == (
        "a",
        "down",
        "Down",
        "a",
    )
    assert turn.entered == ("a",)
    assert turn.ending is None and not g.finished
    assert g.history == ["down"]
    assert g.scene_text() == "t is 0"
    assert g.snapshot()["chosen"] == ["down"]


def test_unknown_choice_and_finished_game(build):
    g = Game(build(COUNTER))
    with pytest.raises(ChoiceNotAvailable):
        g.choose("no_such_choice")
    turn = g.choose("stop")
    assert g.finished and turn.ending is not None and turn.ending.id == "end"
    assert turn.next_scene is None and turn.entered == ("end",)
    assert g.options() == []
    with pytest.raises(ChoiceNotAvailable):
        g.choose("up")


def test_step_matches_choose(build):
    cs = build(COUNTER)
    a, b = Game(cs, seed=3), Game(cs, seed=3)
    for cid in ["up", "down", "set_mid", "up", "stop"]:
        a.choose(cid)
        b.step(cs.choices[cid])
    assert a.snapshot() == b.snapshot()


def test_roles_start_and_values(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 1, min: 0, max: 10, show: value}
roles:
  - {id: r, name: "R"}
  - {id: late, name: "Late", start: b, effects: ["t = 5"]}
scenes:
  - {id: a, title: "A", choices: [{id: go, text: "Go", next: b}]}
  - {id: b, title: "B", choices: [{id: stop, text: "Stop", next: end}]}
"""
        + END
    )
    g = Game(cs)
    assert (g.role.id, g.state.scene, g.value("t")) == ("r", "a", 1)
    g = Game(cs, role="late")
    assert (g.state.scene, g.value("t")) == ("b", 5)
    g = Game(cs, start="b", values={"t": 9})
    assert (g.state.scene, g.value("t")) == ("b", 9)
    with pytest.raises(ValueError):
        Game(cs, role="nobody")
    with pytest.raises(ValueError):
        Game(cs, start="nowhere")
    with pytest.raises(ValueError):
        Game(cs, values={"nope": 1})


# -- routes and enums ------------------------------------------------------------------


def test_enum_compare_routes(build):
    cs = build(
        """
variables:
  draft: {type: enum, values: [none, caps, full], initial: none, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: full, text: "Full", effects: ["draft = 'full'"], next: b}
      - {id: caps, text: "Caps", effects: ["draft = 'caps'"], next: b}
  - id: b
    title: "B"
    next:
      - {if: "draft == 'full'", to: end}
      - {if: "draft != 'none'", to: end2}
      - {to: a}
"""
        + END
    )
    g = Game(cs)
    assert g.choose("full").ending.id == "end"
    g = Game(cs)
    assert g.choose("caps").ending.id == "end2"
    assert g.value("draft") == "caps"


# -- locked and hidden choices ---------------------------------------------------------


LOCKS = (
    """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: open, text: "Open", next: a, effects: ["t += 1"]}
      - {id: locked, text: "Locked", requires: "t >= 2", locked: "Not yet.", next: end}
      - {id: hidden, text: "Hidden", requires: "t >= 1", next: end2}
"""
    + END
)


def test_locked_choice(build):
    g = Game(build(LOCKS))
    opts = g.options()
    assert [(o.id, o.number, o.available, o.reason) for o in opts] == [
        ("open", 1, True, None),
        ("locked", 2, False, "Not yet."),
    ]  # 'hidden' is not shown at all: it has no 'locked' text
    assert [c.id for c in g.available()] == ["open"]
    before = g.snapshot()
    with pytest.raises(ChoiceNotAvailable, match="Not yet"):
        g.choose("locked")
    with pytest.raises(ChoiceNotAvailable):
        g.choose("hidden")
    assert g.snapshot() == before and g.history == []
    g.choose("open")
    assert [o.id for o in g.options()] == ["open", "locked", "hidden"]
    assert [o.available for o in g.options()] == [True, False, True]
    g.choose("open")
    assert all(o.available for o in g.options())
    assert g.choose("locked").ending.id == "end"


# -- runtime faults --------------------------------------------------------------------


def test_division_by_zero_names_the_scene_and_leaves_state(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: ok, text: "Ok", effects: ["t += 1"], next: a}
      - {id: bad, text: "Bad", effects: ["t = 10 / (t - 1)"], next: a}
"""
        + END
    )
    g = Game(cs)
    g.choose("ok")  # t = 1
    before = g.snapshot()
    with pytest.raises(EngineError) as e:
        g.choose("bad")
    assert e.value.scene == "a" and e.value.choice == "bad"
    assert "'a'" in str(e.value)
    assert g.snapshot() == before
    g.choose("ok")  # the game goes on
    assert g.value("t") == 2
    # the fast path raises EngineError too, never ZeroDivisionError
    g2 = Game(cs)
    g2.step(cs.choices["ok"])
    with pytest.raises(EngineError):
        g2.step(cs.choices["bad"])


def test_a_failed_choice_rolls_back_the_random_draws_too(build):
    """The generator is restored with the rest of the state, so a replay that leaves out
    the failed choice draws the same numbers as the game did."""
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 100, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: roll, text: "Roll", effects: ["t = random(1, 100)"], next: a}
      - {id: bad, text: "Bad", effects: ["t = random(1, 100)", "t = 10 / (t - t)"], next: a}
"""
        + END
    )
    g, clean = Game(cs, seed=3), Game(cs, seed=3)
    with pytest.raises(EngineError):
        g.choose("bad")
    for _ in range(5):
        g.choose("roll")
        clean.choose("roll")
        assert g.value("t") == clean.value("t")
    # A copy of the state draws the same numbers, independently of the original.
    s = g.state
    c = s.copy()
    assert [c.rng.random() for _ in range(3)] == [s.rng.random() for _ in range(3)]
    assert c.rng is not s.rng


def test_division_by_zero_in_a_condition_or_score(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: go, text: "Go", next: b}
      - {id: end_now, text: "End", next: end}
  - id: b
    title: "B"
    choices:
      - {id: fine, text: "Fine", next: a}
      - {id: odd, text: "Odd", requires: "10 / t > 1", locked: "no", next: a}
endings:
  - {id: end, title: "End", scores: {d: "100 / t"}}
"""
    )
    g = Game(cs)
    g.choose("go")  # entering b only needs its first choice to be available
    with pytest.raises(EngineError) as e:
        g.options()
    assert e.value.scene == "b"
    g = Game(cs)
    before = g.snapshot()
    with pytest.raises(EngineError):
        g.choose("end_now")  # the ending's score divides by zero
    assert g.snapshot() == before and not g.finished


def test_dead_end_at_runtime(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: go, text: "Go", next: b}
      - {id: up, text: "Up", effects: ["t += 6"], next: a}
  - id: b
    title: "B"
    choices:
      - {id: only, text: "Only", requires: "t > 5", next: end}
"""
        + END
    )
    g = Game(cs)
    before = g.snapshot()
    with pytest.raises(EngineError) as e:
        g.choose("go")
    assert e.value.scene == "b" and "dead end" in str(e.value)
    assert g.snapshot() == before
    g.choose("up")
    g.choose("go")
    assert g.state.scene == "b"


# -- scenes without choices ------------------------------------------------------------


def test_auto_advance(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: go, text: "Go", next: a1}
  - {id: a1, title: "A1", on_enter: ["t += 1"], next: a2}
  - id: a2
    title: "A2"
    on_enter: ["t += 2"]
    next:
      - {if: "t >= 5", to: end}
      - {to: b}
  - {id: b, title: "B", on_enter: "t += 1", choices: [{id: back, text: "Back", next: a}]}
"""
        + END
    )
    g = Game(cs)
    turn = g.choose("go")
    assert turn.entered == ("a1", "a2", "b") and turn.next_scene == "b"
    assert g.value("t") == 4
    assert {"a1", "a2", "b"} <= set(g.snapshot()["visited"])
    g.choose("back")
    turn = g.choose("go")
    assert turn.entered == ("a1", "a2", "end") and g.finished


LOOP = (
    """
scenes:
  - id: a
    title: "A"
    choices:
      - {id: go, text: "Go", next: spin1}
      - {id: stay, text: "Stay", next: a}
  - {id: spin1, title: "Spin 1", next: spin2}
  - {id: spin2, title: "Spin 2", next: spin1}
"""
    + END
)


def test_auto_advance_loop_is_an_error_not_a_hang(build):
    cs = build(LOOP)
    g = Game(cs)
    before = g.snapshot()
    t0 = time.perf_counter()
    with pytest.raises(EngineError) as e:
        g.choose("go")
    assert time.perf_counter() - t0 < 2
    assert e.value.scene in ("spin1", "spin2") and "loop" in str(e.value)
    assert g.snapshot() == before
    # a loop right at the start
    with pytest.raises(EngineError) as e:
        Game(build(LOOP, start="spin1"))
    assert e.value.scene in ("spin1", "spin2")


# -- leaders' responses ----------------------------------------------------------------


def test_response_variants_first_match_wins(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
leaders:
  xi:
    name: "Xi"
    variables:
      trust: {type: int, initial: 0, min: -5, max: 5, show: meter}
scenes:
  - id: a
    title: "A"
    choices:
      - id: talk
        text: "Talk"
        effects: ["t += 3"]
        responses:
          xi:
            - {if: "t >= 6", text: "Enough.", because: "high", effects: ["xi.trust -= 1"]}
            - {if: "t >= 3", text: "Fine, at {t}.", because: "mid", effects: ["xi.trust += 2"]}
            - {if: "t >= 0", text: "Also true.", effects: ["xi.trust += 100"]}
            - {text: "Low.", effects: ["xi.trust += 100"]}
        next: a
"""
        + END
    )
    g = Game(cs)
    r = g.choose("talk").responses  # t = 3: the second variant, though the third holds too
    assert [(x.leader, x.name, x.variant, x.text, x.because) for x in r] == [
        ("xi", "Xi", 1, "Fine, at 3.", "mid")
    ]
    assert g.value("xi.trust") == 2  # only that variant's effects
    r = g.choose("talk").responses  # t = 6
    assert r[0].variant == 0 and g.value("xi.trust") == 1
    marks = Marks(cs)
    g2 = Game(cs, marks=marks)
    g2.step(cs.choices["talk"])
    keys = cs.response_keys()
    assert [keys[i] for i in Marks.reached(marks.responses)] == [("talk", "xi", 1)]


# -- events ----------------------------------------------------------------------------


EVENTS = """
variables:
  t: {type: int, initial: 0, min: 0, max: 100, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: wait, text: "Wait", next: a}
      - {id: go_b, text: "To B", next: b}
  - id: b
    title: "B"
    choices:
      - {id: wait_b, text: "Wait", next: b}
      - {id: back, text: "Back", next: a}
endings:
  - {id: end, title: "End", scores: {d: 50}}
"""


def test_events_per_turn_limit(build):
    body = (
        EVENTS
        + """
events:
  - {id: e1, title: "E1", once: false, effects: ["t += 1"]}
  - {id: e2, title: "E2", once: false, effects: ["t += 10"]}
  - {id: e3, title: "E3", once: false, effects: ["t += 100"]}
"""
    )
    for limit, want, t in [
        (1, ["e1"], 1),
        (2, ["e1", "e2"], 11),
        (3, ["e1", "e2", "e3"], 100),
        (0, [], 0),
    ]:
        g = Game(build(body, events_per_turn=limit))
        assert fired_ids(g.choose("wait")) == want
        assert g.value("t") == t


def test_events_once_when_and_scenes(build):
    cs = build(
        EVENTS
        + """
events:
  - {id: first, title: "First", when: "t >= 2", effects: ["t += 1"]}
  - {id: always, title: "Always", once: false, scenes: [b], effects: ["t += 1"]}
""",
        events_per_turn=5,
    )
    g = Game(cs)
    assert fired_ids(g.choose("wait")) == []  # t = 0: 'first' waits; 'always' only after b
    assert fired_ids(g.choose("go_b")) == []  # the choice was made in a, not b
    assert fired_ids(g.choose("wait_b")) == ["always"]  # t = 1
    assert fired_ids(g.choose("wait_b")) == ["always"]  # 'first' sees t = 1; then t = 2
    assert fired_ids(g.choose("wait_b")) == ["first", "always"]  # in file order; t = 4
    assert fired_ids(g.choose("wait_b")) == ["always"]  # once: 'first' never again
    assert g.value("t") == 5
    assert fired_ids(g.choose("back")) == ["always"]
    assert fired_ids(g.choose("wait")) == []
    assert g.snapshot()["fired"] == ["always", "first"]


def test_event_goto_wins_over_next(build):
    cs = build(
        EVENTS
        + """
events:
  - {id: storm, title: "Storm", text: "t={t}", when: "t >= 1", goto: end}
  - {id: tick, title: "Tick", once: false, effects: ["t += 1"]}
""",
        events_per_turn=2,
    )
    g = Game(cs)
    turn = g.choose("go_b")  # tick fires (t = 1); storm was checked first, at t = 0
    assert fired_ids(turn) == ["tick"] and g.state.scene == "b"
    turn = g.choose("back")  # storm fires: goto end instead of a
    assert fired_ids(turn)[0] == "storm" and turn.events[0].text == "t=1"
    assert g.finished and turn.ending.id == "end"


def test_event_chance_is_deterministic_per_seed(build):
    cs = build(
        EVENTS
        + """
events:
  - {id: coin, title: "Coin", chance: 50, once: false, effects: ["t += 1"]}
"""
    )

    def run(seed: int) -> list[bool]:
        g = Game(cs, seed=seed)
        return [bool(g.choose("wait").events) for _ in range(40)]

    assert run(1) == run(1)
    runs = {tuple(run(s)) for s in range(6)}
    assert len(runs) > 1
    assert 5 < sum(run(1)) < 35


def test_chance_in_conditions_is_deterministic(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 100, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - id: roll
        text: "Roll"
        effects: ["t = random(1, 6)"]
        next:
          - {if: "chance(30)", to: end}
          - {to: a}
"""
        + END
    )

    def run(seed: int) -> list:
        g = Game(cs, seed=seed)
        out = []
        while not g.finished and len(out) < 50:
            g.choose("roll")
            out.append(g.value("t"))
        return out

    assert run(7) == run(7)
    assert len({tuple(run(s)) for s in range(8)}) > 1


# -- the council -----------------------------------------------------------------------


COUNCIL = (
    """
variables:
  p1: {type: enum, values: ["yes", "no", "abstain"], initial: "yes", show: value}
  p2: {type: enum, values: ["yes", "no", "abstain"], initial: "yes", show: value}
  m3: {type: enum, values: ["yes", "no", "abstain"], initial: "yes", show: value}
council:
  name: "Council"
  needed: 2
  members:
    - id: p1
      name: "P1"
      permanent: true
      vote:
        - {if: "p1 == 'yes'", then: "yes"}
        - {if: "p1 == 'no'", then: "no"}
        - {then: "abstain"}
    - id: p2
      name: "P2"
      permanent: true
      vote:
        - {if: "p2 == 'yes'", then: "yes"}
        - {if: "p2 == 'no'", then: "no"}
        - {then: "abstain"}
    - id: m3
      name: "M3"
      vote:
        - {if: "m3 == 'yes'", then: "yes"}
        - {if: "m3 == 'no'", then: "no"}
        - {then: "abstain"}
    - {id: m4, name: "M4", vote: "abstain"}
scenes:
  - id: a
    title: "A"
    text: "{council.yes} yes, {council.no} no, {council.abstain} abstain"
    choices:
      - id: vote
        text: "Vote"
        next:
          - {if: "council.passes", to: end}
          - {if: "council.vetoed", to: end2}
          - {to: a}
"""
    + END
)


@pytest.mark.parametrize(
    ("votes", "yes", "no", "abstain", "vetoes", "passes"),
    [
        ({}, 3, 0, 1, (), True),
        ({"p1": "abstain"}, 2, 0, 2, (), True),  # abstaining is not a veto
        ({"p1": "abstain", "p2": "abstain"}, 1, 0, 3, (), False),  # too few yes, no veto
        ({"p1": "no"}, 2, 1, 1, ("P1",), False),  # a permanent member's no is a veto
        ({"p1": "no", "p2": "no"}, 1, 2, 1, ("P1", "P2"), False),
        ({"m3": "no"}, 2, 1, 1, (), True),  # a non-permanent no is just a no
        ({"m3": "no", "p2": "abstain"}, 1, 1, 2, (), False),
    ],
)
def test_council_tally(build, votes, yes, no, abstain, vetoes, passes):
    cs = build(COUNCIL)
    g = Game(cs, values=votes)
    t = g.council()
    assert (t.yes, t.no, t.abstain, t.vetoes, t.vetoed, t.passes) == (
        yes,
        no,
        abstain,
        vetoes,
        bool(vetoes),
        passes,
    )
    assert [v.vote for v in t.votes][3] == "abstain"
    assert [v.permanent for v in t.votes] == [True, True, False, False]
    assert g.scene_text() == f"{yes} yes, {no} no, {abstain} abstain"
    turn = g.choose("vote")
    if passes:
        assert turn.ending.id == "end"
    elif vetoes:
        assert turn.ending.id == "end2"
    else:
        assert not g.finished


# -- endings ---------------------------------------------------------------------------


def test_ending_scores_are_clamped(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: -100, max: 100, show: value}
dimensions:
  - {id: d, label: "D"}
  - {id: small, label: "Small", min: -10, max: 10, higher_is: worse}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: up, text: "Up", effects: ["t += 100"], next: a}
      - {id: down, text: "Down", effects: ["t -= 100"], next: a}
      - {id: stop, text: "Stop", next: end}
endings:
  - id: end
    title: "End"
    text: "t ended at {t}"
    debrief: "note"
    scores: {d: "t * 3", small: "t"}
"""
    )
    for moves, d, small in [
        ([], 0, 0),
        (["up"], 100, 10),
        (["down"], 0, -10),
        (["up", "down", "down"], 0, -10),
    ]:
        g = Game(cs)
        for m in moves:
            g.choose(m)
        end = g.choose("stop").ending
        scores = {s.dimension: (s.value, s.lo, s.hi, s.higher_is) for s in end.scores}
        assert scores == {"d": (d, 0, 100, "better"), "small": (small, -10, 10, "worse")}
        assert end.text == f"t ended at {g.value('t')}" and end.debrief == "note"
        assert g.ending() == end


# -- text ------------------------------------------------------------------------------


def test_interpolation(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 7, min: 0, max: 10, show: value}
  flag: {type: bool, initial: true, show: value}
  draft: {type: enum, values: [none, caps], initial: caps, show: value, value_labels: {caps: "Caps on oil"}}
  plain: {type: enum, values: [red, blue], initial: blue, show: value}
leaders:
  xi: {name: "Xi", variables: {trust: {type: int, initial: -2, min: -5, max: 5, show: meter}}}
council:
  needed: 1
  members: [{id: c, name: "C", vote: "yes"}]
scenes:
  - id: a
    title: "A"
    text: "{t}|{ t }|{draft}|{plain}|{flag}|{xi.trust}|{council.yes}|{council.vetoed}|{council.passes}|{turn}|{{t}}|{{|}}|[x]"
    choices:
      - {id: go, text: "Go ({t})", effects: ["t -= 1", "flag = false", "draft = 'none'"], next: a}
"""
        + END
    )
    g = Game(cs)
    # true/false shows as yes/no, for a variable and for a built-in (council.vetoed)
    assert g.scene_text() == "7|7|Caps on oil|blue|yes|-2|1|no|yes|0|{t}|{|}|[x]"
    assert [o.text for o in g.options()] == ["Go (7)"]
    turn = g.choose("go")
    assert turn.choice_text == "Go (7)"  # the text as it was when chosen
    assert g.scene_text() == "6|6|none|blue|no|-2|1|no|yes|1|{t}|{|}|[x]"


# -- a facilitator's injected events ---------------------------------------------------


def test_inject(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: up, text: "Up", effects: ["t += 1"], next: a}
  - id: trap
    title: "Trap"
    choices:
      - {id: never, text: "Never", requires: "t > 5", next: a}
events:
  - {id: news, title: "News", text: "t={t}", injectable: true, effects: ["t += 3"]}
  - {id: crash, title: "Crash", injectable: true, effects: ["t = 10 / t"]}
  - {id: cornered, title: "Cornered", injectable: true, effects: ["t = 1"], goto: trap}
  - {id: quiet, title: "Quiet", when: "t > 100"}
"""
        + END
    )
    g = Game(cs)
    fired = g.inject("news")
    assert (fired.id, fired.text, fired.injected, g.value("t")) == ("news", "t=3", True, 3)
    with pytest.raises(ChoiceNotAvailable):
        g.inject("quiet")  # not injectable
    with pytest.raises(ChoiceNotAvailable):
        g.inject("nothing")
    g2 = Game(cs)  # t = 0
    before = g2.snapshot()
    with pytest.raises(EngineError):
        g2.inject("crash")  # division by zero: an EngineError, and nothing changes
    assert g2.snapshot() == before
    with pytest.raises(EngineError) as e:
        g2.inject("cornered")  # its goto leads to a dead end
    assert e.value.scene == "trap"
    assert g2.snapshot() == before


def test_stages_hold_targets_and_take_up_functions_once_made(build):
    from game.engine.compile import Deferred
    from game.engine.game import P_EFFECT, P_ID, Stage

    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: go, text: "Go", requires: "t < 5", effects: ["t += 1"], next: b}
      - {id: stop, text: "Stop", next: end}
  - id: b
    title: "B"
    next: a
endings:
  - {id: end, title: "End", scores: {d: "t"}}
"""
    )
    g = Game(cs)
    stage = g.state.here
    assert isinstance(stage, Stage) and stage.id == "a"
    go, stop = stage.plans
    assert go[P_ID] == "go" and isinstance(go[P_EFFECT], Deferred)  # not made yet
    assert isinstance(go[-1], Stage) and go[-1].id == "b" and stop[-1] == "end"
    g.step(cs.choices["go"])  # runs the effect's tree once (see Deferred): not made
    assert g.state.here is stage and g.value("t") == 1
    assert isinstance(stage.plans[0][P_EFFECT], Deferred)
    g.step(cs.choices["go"])  # makes the effect: the stage is filled again on entry
    assert g.state.here is stage and g.value("t") == 2
    assert not isinstance(stage.plans[0][P_EFFECT], Deferred)
    assert stage.plans[0][P_EFFECT] is cs.choices["go"].effect
    g.play(stage.plans[1])
    assert g.finished and g.state.ending == "end" and g.history == ["go", "go", "stop"]


def test_the_record_keeps_every_id_and_the_sets_expressions_read_only_those_asked(build):
    cs = build(
        """
variables:
  t: {type: int, initial: 0, min: 0, max: 10, show: value}
scenes:
  - id: a
    title: "A"
    choices:
      - {id: go, text: "Go", effects: ["t += 1"], next: b}
      - {id: wait, text: "Wait", requires: "not chosen('go')", next: a}
  - id: b
    title: "B"
    next: c
  - id: c
    title: "C"
    choices:
      - {id: back, text: "Back", requires: "not visited('d')", next: a}
      - {id: on, text: "On", next: d}
  - id: d
    title: "D"
    choices:
      - {id: stop, text: "Stop", requires: "visited('b') and chosen('on')", next: end}
endings:
  - {id: end, title: "End", scores: {d: "t"}}
"""
    )
    assert cs.asked_scenes == {"d", "b"} and cs.asked_choices == {"go", "on"}
    g = Game(cs)
    assert [o.id for o in g.options()] == ["go", "wait"]
    g.choose("wait")
    g.choose("go")  # a, then b (no choices), then c
    s = g.state
    assert s.scene == "c" and s.visited == {"a", "b", "c"} and s.chosen == {"wait", "go"}
    # Only the ids some expression asks about are kept for the expressions:
    assert s.visited_asked == {"b"} and s.chosen_asked == {"go"}
    assert [o.id for o in g.options()] == ["back", "on"]
    saved = s.copy()
    g.choose("on")
    assert s.visited_asked == {"b", "d"} and s.chosen_asked == {"go", "on"}
    assert [o.id for o in g.options()] == ["stop"]
    s.restore(saved)  # back in c: the record and the sets go back too
    assert s.scene == "c" and "d" not in s.visited and s.visited_asked == {"b"}
    g2 = Game(cs)
    for cid in ["wait", "go", "on", "stop"]:
        g2.choose(cid)
    assert g2.finished and g2.history == ["wait", "go", "on", "stop"]
    assert g2.snapshot()["visited"] == ["a", "b", "c", "d"]
    assert g2.snapshot()["chosen"] == ["go", "on", "stop", "wait"]
