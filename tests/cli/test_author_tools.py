"""validate, playtest, graph, schema and scenarios through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_validate_clean_tutorial(run_cli):
    r = run_cli("validate", "tutorial")
    assert r.returncode == 0, r.stdout
    assert "tutorial: 0 errors, 0 warnings" in r.stdout


def test_validate_errors_exit_1_with_file_and_line(run_cli, tmp_path: Path):
    src = ROOT / "content" / "tutorial"
    dst = tmp_path / "broken"
    dst.mkdir()
    (dst / "scenario.yaml").write_text((src / "scenario.yaml").read_text())
    scenes = (src / "scenes.yaml").read_text().replace("next: briefing", "next: briefng", 1)
    (dst / "scenes.yaml").write_text(scenes)
    line = scenes.splitlines().index("        next: briefng") + 1
    r = run_cli("validate", str(dst))
    assert r.returncode == 1
    assert (
        f"scenes.yaml:{line}: error E201: 'briefng' is not a scene or an ending (did you mean 'briefing'?)"
        in r.stdout
    )
    j = json.loads(run_cli("validate", str(dst), "--json").stdout)
    d = j["scenarios"][0]["diagnostics"][0]
    assert (d["code"], d["line"], d["severity"]) == ("E201", line, "error")
    assert d["file"].endswith("scenes.yaml")


def test_validate_usage_error_exit_2(run_cli, tmp_path: Path):
    r = run_cli("validate", "no-such-scenario")
    assert r.returncode == 2
    assert "no scenario 'no-such-scenario'" in r.stderr
    r = run_cli("validate", str(tmp_path))  # a folder without scenario.yaml
    assert r.returncode == 1
    assert "E105" in r.stdout


def test_validate_never_prints_a_traceback_for_garbage(run_cli, tmp_path: Path):
    cases = {
        "binary": b"\x00\xff\xfe garbage \x89PNG",
        "empty": b"",
        "list": b"- 1\n- 2\n",
        "badyaml": b"id: [unclosed\n",
        "tabs": b"id:\n\t- x\n",
    }
    for name, data in cases.items():
        d = tmp_path / name
        d.mkdir()
        (d / "scenario.yaml").write_bytes(data)
        r = run_cli("validate", str(d))
        assert r.returncode == 1, name
        assert "Traceback" not in r.stdout + r.stderr, name
        assert "scenario.yaml" in r.stdout, name


def test_playtest_json_has_the_documented_keys(run_cli):
    r = run_cli("playtest", "tutorial", "--runs", "300", "--strategy", "least-used", "--json")
    assert r.returncode == 0, r.stderr
    j = json.loads(r.stdout)
    for key in (
        "runs",
        "choices_made",
        "seconds",
        "endings",
        "scenes_total",
        "scenes_visited",
        "choices_total",
        "choices_taken",
        "unreached",
        "errors",
    ):
        assert key in j
    assert j["runs"] == 300
    assert sum(j["endings"].values()) == 300
    assert set(j["unreached"]) >= {"scenes", "choices", "responses"}
    assert j["scenes_visited"] == j["scenes_total"]
    assert j["errors"] == []


def test_playtest_is_reproducible_from_the_seed(run_cli):
    a = json.loads(run_cli("playtest", "tutorial", "--runs", "50", "--seed", "5", "--json").stdout)
    b = json.loads(run_cli("playtest", "tutorial", "--runs", "50", "--seed", "5", "--json").stdout)
    assert a["endings"] == b["endings"] and a["choices_made"] == b["choices_made"]


def test_playtest_exhaustive_and_text_output(run_cli):
    r = run_cli("playtest", "tutorial", "--strategy", "exhaustive")
    assert r.returncode == 0
    assert "states explored" in r.stdout
    assert "no errors" in r.stdout


def test_graph_and_schema_and_scenarios(run_cli):
    g = run_cli("graph", "tutorial")
    assert g.stdout.startswith("flowchart TD")
    assert "n_welcome -->" in g.stdout
    d = run_cli("graph", "tutorial", "--format", "dot")
    assert d.stdout.startswith('digraph "tutorial"')
    s = json.loads(run_cli("schema").stdout)
    assert "anyOf" in s or "$defs" in s
    sc = json.loads(run_cli("scenarios", "--json").stdout)
    assert "tutorial" in [x["id"] for x in sc]
