"""The broken-scenario corpus: one mistake per folder, and the diagnostic it must give.

Each case is ``broken/<case>/scenario/`` (a copy of ``minimal/`` with one mistake, marked
in the file with a ``# MISTAKE <code>`` comment where YAML allows one) and
``broken/<case>/expect.yaml``, which lists *exactly* the diagnostics ``check()`` must
report, as (code, file, line). Exactly: a mistake that also sets off a cascade of
unrelated-looking errors is a bug in the diagnostics, too.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from game.loader import check
from game.model.diagnostics import CODES, Severity

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "broken"
MINIMAL = HERE / "minimal"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir())


def _expect(case: Path) -> dict:
    return yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))


def _params() -> list:
    out = []
    for case in CASES:
        reason = _expect(case).get("xfail")
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(case, id=case.name, marks=marks))
    return out


def _where(d, root: Path) -> tuple[str, str | None, int | None]:
    file = None if d.file is None else os.path.relpath(os.path.abspath(d.file), root)
    return (d.code, file, d.line)


def test_minimal_scenario_is_clean():
    """The base every case is copied from gives no diagnostics at all, so each case's
    diagnostics come from its one mistake."""
    result, cs = check(MINIMAL)
    assert [str(d) for d in result.diagnostics] == []
    assert cs is not None


@pytest.mark.parametrize("case", _params())
def test_case(case: Path):
    exp = _expect(case)
    root = case / "scenario"
    result, cs = check(root)  # must not raise, whatever the mistake
    got = sorted(_where(d, root) for d in result.diagnostics)
    want = sorted((e["code"], e["file"], e["line"]) for e in exp["diagnostics"])
    shown = "\n".join(str(d) for d in result.diagnostics)
    assert got == want, f"{exp['mistake']}\n{shown}"
    if "message_contains" in exp:
        codes = {e["code"] for e in exp["diagnostics"]}
        messages = [d.message for d in result.diagnostics if d.code in codes]
        assert any(exp["message_contains"] in m for m in messages), shown
    for d in result.diagnostics:
        assert d.code in CODES
        assert d.severity == (Severity.ERROR if d.code.startswith("E") else Severity.WARNING)
        assert d.message and "Traceback" not in d.message
        assert "if_" not in d.message  # the author wrote 'if'; Python's name must not leak
        assert str(d).startswith(d.file or "<scenario>")
    # A scenario with errors does not compile; one with only warnings does.
    assert (cs is None) == any(d.severity == Severity.ERROR for d in result.diagnostics)


def test_markers_agree_with_expectations():
    """Every '# MISTAKE <code>' comment in a case's files is one of its expected
    diagnostics, at that line (guards against editing a case and not its expect.yaml)."""
    for case in CASES:
        want = {(e["code"], e["file"], e["line"]) for e in _expect(case)["diagnostics"]}
        for f in sorted((case / "scenario").glob("*.yaml")):
            text = f.read_bytes().decode("utf-8", errors="replace")
            for n, line in enumerate(text.splitlines(), 1):
                for m in re.finditer(r"# MISTAKE (\w+)", line):
                    assert (m.group(1), f.name, n) in want, f"{case.name}: {f.name}:{n}"


def test_each_case_differs_from_the_minimal_scenario():
    base = {p.name: p.read_bytes() for p in MINIMAL.glob("*.yaml")}
    for case in CASES:
        files = {p.name: p.read_bytes() for p in (case / "scenario").glob("*.yaml")}
        assert files != base, case.name


REQUIRED = {
    # the mistakes the issue lists, by the code each must give
    "malformed-yaml": "E102",
    "wrong-type-list": "E112",
    "unknown-field": "E110",
    "duplicate-id": "E120",
    "duplicate-yaml-key": "E104",
    "undefined-scene": "E201",
    "undefined-variable": "E202",
    "undefined-leader-present": "E201",
    "undefined-leader-in-expression": "E202",
    "bad-expression-syntax": "E301",
    "type-mismatch": "E203",
    "enum-value-not-in-set": "E204",
    "unknown-function": "E205",
    "visited-unknown-scene": "E206",
    "effect-on-turn": "E207",
    "initial-out-of-bounds": "E208",
    "text-placeholder": "E209",
    "route-no-fallback": "E211",
    "scene-no-choices-no-next": "E210",
    "ending-missing-score": "E111",
    "chapter-holds-variables": "E113",
    "empty-scenario-yaml": "E103",
    "binary-file": "E101",
    "non-utf8": "E101",
    "top-level-list": "E103",
    "missing-required-field": "E111",
    "unreachable-scene": "W401",
    "dead-end": "W402",
    "unused-variable": "W403",
    "ending-never-reached": "W404",
    "never-true-condition": "W405",
}


def test_corpus_covers_the_required_mistakes():
    names = {c.name for c in CASES}
    assert len(names) >= 30
    for name, code in REQUIRED.items():
        assert name in names, name
        assert code in {e["code"] for e in _expect(BROKEN / name)["diagnostics"]}, name


def test_corpus_covers_every_code():
    """Every diagnostic code is produced by at least one case."""
    seen = {
        e["code"] for c in CASES if not _expect(c).get("xfail") for e in _expect(c)["diagnostics"]
    }
    assert set(CODES) - seen == set()
