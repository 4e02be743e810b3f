"""Checks on the bundled default scenario, content/oil-2017 (issue 3).

Size, structure, coverage under the automatic players, the spread of endings, the
debrief, and two text rules: never "Prime Minister Moon", and every quotation
attributed (see ``test_every_quotation_is_attributed`` for the heuristic).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.authoring.playtest import playtest
from game.loader import check, load
from game.model.diagnostics import Severity

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "content" / "oil-2017"

# The done-when check runs 10,000 least-used games; that takes a few seconds here, so
# the test runs the same number. The random spread uses fewer games: it only has to be
# stable, and game i always uses seed i.
COVERAGE_RUNS = 10_000
RANDOM_RUNS = 3_000


@pytest.fixture(scope="module")
def cs():
    return load("oil-2017")


# -- validation ------------------------------------------------------------------------


def test_validates_without_errors_or_warnings():
    result, compiled = check("oil-2017")
    assert compiled is not None
    problems = [str(d) for d in result.diagnostics]
    assert problems == [], "\n".join(problems)
    assert not [d for d in result.diagnostics if d.severity == Severity.ERROR]


def test_validate_cli_reports_clean(run_cli):
    r = run_cli("validate", "oil-2017")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "oil-2017: 0 errors, 0 warnings" in r.stdout


# -- size and structure ----------------------------------------------------------------


def test_size(cs):
    assert len(cs.scenes) >= 40
    assert len(cs.choices) >= 120
    assert len(cs.endings) >= 6
    assert len(cs.roles) >= 2


def test_roles_differ(cs):
    roles = list(cs.roles.values())
    assert {r.id for r in roles} >= {"us_envoy", "un_envoy", "rok_adviser"}
    assert len({r.start for r in roles}) == len(roles), "each role has its own opening"
    assert len({r.briefing for r in roles}) == len(roles)
    for r in roles:
        assert r.objectives, r.id
        assert r.effect is not None, f"{r.id} needs its own starting leverage"


def test_leaders_and_their_meters(cs):
    assert set(cs.leaders) == {"putin", "xi", "moon"}
    for leader in cs.leaders.values():
        shown = [v for v in leader.variables if v.show != "hidden"]
        names = {v.name.split(".", 1)[1] for v in shown}
        assert len(shown) >= 3, leader.id
        assert {"trust", "position"} <= names, leader.id
    # Each leader's own pressure, besides trust and position.
    own = {"putin": "sovereignty", "xi": "face", "moon": "war_fear"}
    for lid, var in own.items():
        assert any(
            v.name == f"{lid}.{var}" and v.show == "meter" for v in cs.leaders[lid].variables
        ), lid


def test_status_shows_days_tension_and_draft(cs):
    shown = {v.name: v.show for v in cs.variables}
    assert shown["day"] == "status"
    assert shown["draft"] == "status"
    assert shown["tension"] in ("meter", "status")
    draft = cs.var_by_name["draft"]
    assert set(draft.values) == {
        "full",
        "crude_freeze",
        "caps",
        "textiles",
        "kim_assets",
        "dialogue",
    }


def test_council_is_the_2017_security_council(cs):
    council = cs.council
    assert council is not None
    assert council.needed == 9
    names = {m.name for m in council.members}
    assert names == {
        "China", "France", "Russia", "United Kingdom", "United States",
        "Bolivia", "Egypt", "Ethiopia", "Italy", "Japan",
        "Kazakhstan", "Senegal", "Sweden", "Ukraine", "Uruguay",
    }  # fmt: skip
    assert {m.name for m in council.members if m.permanent} == {
        "China", "France", "Russia", "United Kingdom", "United States",
    }  # fmt: skip


def test_every_ending_scores_every_dimension(cs):
    dims = {d.id for d in cs.dimensions}
    assert dims == {"nonproliferation", "humanitarian", "war_risk", "great_power", "alliance"}
    assert {d.id for d in cs.dimensions if d.higher_is == "worse"} == {"humanitarian", "war_risk"}
    for ending in cs.model.endings:
        assert set(ending.scores) == dims, ending.id


def test_endings_span_the_required_outcomes(cs):
    assert {
        "end_strong_resolution",
        "end_weakened_resolution",
        "end_veto",
        "end_china_deal",
        "end_freeze_track",
        "end_military_crisis",
    } <= set(cs.endings)


def test_some_events_are_injectable_and_some_depend_on_chance(cs):
    injectable = [e for e in cs.model.events if e.injectable]
    assert len(injectable) >= 4
    assert any(e.chance is not None for e in cs.model.events)
    assert any(e.goto for e in cs.model.events), "high tension can lead to a crisis"


# -- automatic play -------------------------------------------------------------------


def test_least_used_reaches_everything():
    report = playtest(load("oil-2017"), runs=COVERAGE_RUNS, strategy="least-used")
    j = report.to_json()
    assert j["errors"] == []
    assert j["unfinished"] == 0
    assert j["unreached"] == {"scenes": [], "choices": [], "responses": [], "endings": []}


def test_least_used_cli_matches(run_cli):
    """The same check through the CLI, as the issue's done-when check runs it."""
    r = run_cli("playtest", "oil-2017", "--runs", "2000", "--strategy", "least-used", "--json")
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    assert j["errors"] == []
    assert j["scenes_visited"] == j["scenes_total"]
    assert j["choices_taken"] == j["choices_total"]


def test_random_play_spreads_the_endings(cs):
    report = playtest(cs, runs=RANDOM_RUNS, strategy="random")
    j = report.to_json()
    assert j["errors"] == []
    total = sum(j["endings"].values())
    assert total == RANDOM_RUNS
    shares = {e: j["endings"].get(e, 0) / total for e in cs.endings}
    for ending, share in shares.items():
        assert share >= 0.01, f"{ending} takes only {share:.1%} of random games"
        assert share <= 0.50, f"{ending} takes {share:.1%} of random games"


def test_a_playthrough_is_10_to_20_decisions_on_average(cs):
    report = playtest(cs, runs=600, strategy="random")
    mean = report.choices_made / report.runs
    assert 10 <= mean <= 20, mean


# -- the debrief ------------------------------------------------------------------------


def test_debrief(cs):
    d = cs.model.debrief
    assert len(d.questions) >= 6
    terms = {g.term.lower() for g in d.glossary}
    for needed in (
        "unsc",
        "veto",
        "refined petroleum cap",
        "suspension for suspension",
        "thaad",
        "secondary sanctions",
    ):
        assert needed in terms, needed
    text = " ".join(d.what_happened.split())
    for fact in ("2375", "15 votes to 0", "2397", "500,000 barrels", "double freeze", "debated"):
        assert fact in text, fact
    # Contested numbers appear as ranges.
    assert "40,000 tonnes a quarter" in text and "40,000 tonnes a year" in text
    assert "500,000 to" in text and "850,000 tonnes" in text
    assert "50 to 250" in text
    assert "written by" in d.assumptions and "people" in d.assumptions
    assert d.sources


# -- text rules ---------------------------------------------------------------------------


def _yaml_files() -> list[Path]:
    return sorted(FOLDER.rglob("*.yaml"))


def test_never_prime_minister_moon():
    for path in _yaml_files():
        text = path.read_text(encoding="utf-8")
        assert "prime minister moon" not in text.lower(), path.name
        assert "pm moon" not in text.lower(), path.name


def _visible_texts(cs) -> Iterator[tuple[str, str]]:
    """Every piece of text a player can see, as (where, text)."""
    m = cs.model
    yield "summary", m.summary
    for r in m.roles:
        yield f"role {r.id}", r.briefing
        for o in r.objectives:
            yield f"role {r.id} objective", o
    for lid, leader in m.leaders.items():
        yield f"leader {lid}", leader.summary
    for s in m.scenes:
        yield f"scene {s.id}", s.title + "\n\n" + s.text
        for c in s.choices:
            yield f"choice {c.id}", c.text
            if c.locked:
                yield f"choice {c.id} locked", c.locked
            for lid, variants in c.responses.items():
                for i, v in enumerate(variants):
                    yield f"response {c.id}/{lid}#{i + 1}", v.text
                    yield f"response {c.id}/{lid}#{i + 1} because", v.because
    for e in m.events:
        yield f"event {e.id}", e.title + "\n\n" + e.text
    for e in m.endings:
        yield f"ending {e.id}", e.title + "\n\n" + e.text
        if e.debrief:
            yield f"ending {e.id} debrief", e.debrief
    d = m.debrief
    yield "debrief", d.what_happened
    yield "assumptions", d.assumptions
    for q in d.questions:
        yield "question", q
    for g in d.glossary:
        yield f"glossary {g.term}", g.definition


# A quotation counts as attributed when a speaker or a verb of saying appears near it:
# within 200 characters before the opening mark or 80 after the closing one, in the
# same paragraph. The window, not the sentence, is used because "U.S." and similar
# abbreviations break naive sentence splitting. The markers are the people who are
# quoted in the scenario and the usual verbs and nouns of reporting.
ATTRIBUTION = re.compile(
    r"\b(said|says|say|told|tells|called|calls|warned|warns|replied|replies|compared|"
    r"put it|according to|spokesman|spokeswoman|aide|quoted|wrote|"
    r"Haley|Trump|Putin|Moon|Xi|Wang Yi|Zhang Baohui|Guterres|Abe|Kim Jong Un)\b"
)
QUOTE = re.compile(r"\u201c([^\u201d]+)\u201d|\"([^\"]+)\"")

# Only short quotations taken from the historical briefing are allowed.
KNOWN_QUOTES = {
    "begging for war",
    "insulting",
    "useless and ineffective",
    "will eat grass",
    "needs something back from the U.S.",
    "the situation may become uncontrollable",
    "inevitable",
    "by sanctions and pressure alone",
    "two accelerating trains",
}


def test_every_quotation_is_attributed(cs):
    found = 0
    for where, text in _visible_texts(cs):
        for paragraph in re.split(r"\n\s*\n", text or ""):
            flat = " ".join(paragraph.split())
            for m in QUOTE.finditer(flat):
                found += 1
                quote = m.group(1) or m.group(2)
                assert quote in KNOWN_QUOTES, f"{where}: unexpected quotation {quote!r}"
                assert len(quote.split()) <= 12, f"{where}: quotation too long: {quote!r}"
                before = flat[max(0, m.start() - 200) : m.start()]
                after = flat[m.end() : m.end() + 80]
                assert ATTRIBUTION.search(before) or ATTRIBUTION.search(after), (
                    f"{where}: quotation {quote!r} is not attributed"
                )
    assert found >= 6, "the scenario quotes its sources"


def test_spokesman_quote_is_marked_as_such(cs):
    scene = cs.model.scenes[[s.id for s in cs.model.scenes].index("vlad_summit")]
    assert re.search(r"spokesman, Moon also called an\s+oil cut \"inevitable\"", scene.text)


HINDSIGHT = re.compile(
    r"\b(2375|2397|2018|Singapore|Hwasong-15|15-0|15 votes to 0|Xi Jinping Thought)\b"
)


def test_no_hindsight_before_the_debrief(cs):
    """What the player reads during play is frozen at early September 2017."""
    for where, text in _visible_texts(cs):
        if where.startswith(("ending", "debrief", "assumptions", "question", "glossary")):
            continue
        assert not HINDSIGHT.search(text or ""), f"{where}: hindsight in play text"


def test_scene_text_is_short(cs):
    for s in cs.model.scenes:
        words = len(s.text.split())
        assert words <= 110, f"{s.id}: {words} words"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
