"""``check(..., build=False)``, what ``validate`` runs, only checks a scenario: it must
give exactly the diagnostics that compiling it gives (the same codes, messages, files,
lines and order), and no compiled scenario."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from game.engine.compile import compile_scenario
from game.loader import bundled_content_dir, check
from game.loader.files import load_scenario

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from gen_scenario import write as write_generated  # noqa: E402

FOLDERS = [
    HERE / "minimal",
    *sorted(p / "scenario" for p in (HERE / "broken").iterdir() if (p / "scenario").is_dir()),
    *sorted(p for p in bundled_content_dir().iterdir() if (p / "scenario.yaml").is_file()),
]

# Warnings and errors of most kinds in one scenario, and the same texts, conditions and
# effects in several places (each place must be reported, as when compiling).
MANY = """\
id: many
title: "Many"
version: "1"
start: a
roles:
  - {id: r, name: "R", effects: ["x += 1"]}
dimensions:
  - {id: d, label: "D"}
variables:
  x: {type: int, min: 0, max: 10}
  unused: {type: int, min: 0, max: 10}
  e: {type: enum, values: [p, q]}
leaders:
  l0: {name: "Leader Zero"}
  l1: {name: "Leader One"}
scenes:
  - id: a
    title: "A {x}"
    date: "{x} {nope}"
    place: "{"
    present: [l0, l1]
    text: "X is {x}, E is {e} and {{braces}}; {missing}"
    on_enter: ["x += 1", "x = 11"]
    choices:
      - id: c1
        text: "Go {x}"
        requires: "x > 20"
        locked: "never"
        effects: ["x += 1"]
        responses:
          l0:
            - {if: "x >= 0", text: "Always {x}."}
            - {text: "Never used."}
          ghost: {text: "Who?"}
        next:
          - {if: "x > 50", to: b}
          - {if: "x < 5", to: nowhere}
      - id: c2
        text: "Go {x}"
        requires: "x > 20"
        responses:
          l0: {if: "x >= 0", text: "Always {x}."}
          l1: []
        next: b
  - id: b
    title: "B"
    text: "{x}"
    choices:
      - id: c3
        text: "Stop"
        requires: "x > 99"
        next: end
  - id: lonely
    title: "Lonely"
    next: [{if: "x > 1", to: end}, {to: a}]
  - id: stuck
    title: "Stuck"
events:
  - {id: ev, title: "Ev", when: "x > 40", chance: 0, text: "{x}", goto: lonely}
endings:
  - {id: end, title: "End", text: "Done {x}", scores: {d: "x", z: "1"}}
  - {id: never, title: "Never", scores: {d: "1"}}
"""


def _same(folder: Path) -> None:
    full, cs = check(folder)
    only, none = check(folder, build=False)
    assert none is None
    assert [(str(d), d.severity) for d in only.diagnostics] == [
        (str(d), d.severity) for d in full.diagnostics
    ]
    assert (cs is None) == bool(full.errors) or full.scenario is None


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_checking_alone_reports_what_compiling_does(folder: Path):
    _same(folder)


def test_many_mistakes_at_once(tmp_path: Path):
    (tmp_path / "scenario.yaml").write_text(MANY, encoding="utf-8")
    full, _ = check(tmp_path)
    assert len(full.diagnostics) >= 10  # the scenario above does give many
    _same(tmp_path)


def test_only_warnings(tmp_path: Path):
    """A scenario with warnings and no errors compiles; checked alone, it gives the same
    warnings (the reachability and 'never used' analysis runs in both)."""
    text = textwrap.dedent(MANY)
    text = text.replace('    date: "{x} {nope}"\n    place: "{"\n', "")
    text = text.replace('; {missing}"', '"').replace('"x = 11"', '"x = 1"')
    text = text.replace('          ghost: {text: "Who?"}\n', "").replace("          l1: []\n", "")
    text = text.replace("to: nowhere}\n", "to: a}\n          - {to: b}\n")
    text = text.replace('    title: "Stuck"\n', '    title: "Stuck"\n    next: end\n')
    text = text.replace(', z: "1"', "")
    (tmp_path / "scenario.yaml").write_text(text, encoding="utf-8")
    full, cs = check(tmp_path)
    assert cs is not None and not full.errors, [str(d) for d in full.diagnostics]
    assert len(full.diagnostics) >= 5
    _same(tmp_path)


def test_generated(tmp_path: Path):
    _same(write_generated(200, tmp_path / "gen"))


def test_compile_scenario_without_build():
    result = load_scenario(HERE / "minimal")
    assert result.scenario is not None
    cs, diags = compile_scenario(result.scenario)
    assert cs is not None and diags == []
    none, diags = compile_scenario(result.scenario, build=False)
    assert none is None and diags == []


@pytest.mark.parametrize(
    "text",
    [
        "{x}",
        "{ x }",
        "{x}{x}",
        "{}",
        "{ }",
        "{{x}}",
        "{{{x}}}",
        "{y}",
        "a } b",
        "{x",
        "x}",
        "{x} {",
    ],
)
def test_texts(tmp_path: Path, text: str):
    """Each kind of text, in a scene, a choice and a response: the same diagnostics, and
    the same variables read (a variable only a text reads is not 'never used')."""
    body = textwrap.dedent(
        f"""\
        id: t
        title: "T"
        version: "1"
        start: a
        roles: [{{id: r, name: "R"}}]
        variables:
          x: {{type: int, min: 0, max: 3}}
        leaders:
          l0: {{name: "L"}}
        scenes:
          - id: a
            title: "A"
            text: {text!r}
            choices:
              - id: c
                text: {text!r}
                responses:
                  l0: {{text: {text!r}}}
                next: end
        endings:
          - {{id: end, title: "End"}}
        """
    )
    (tmp_path / "scenario.yaml").write_text(body, encoding="utf-8")
    _same(tmp_path)
