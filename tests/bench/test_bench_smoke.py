"""A small run of every benchmark, so that bench/ keeps working. It checks that each
benchmark produces its row; the speed goals themselves are measured by
`python bench/run.py` (see BENCHMARKS.md), never by timed tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_benchmark_runs_in_quick_mode(tmp_path: Path):
    out = tmp_path / "BENCH.md"
    p = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert p.returncode in (0, 1), (
        p.stderr
    )  # 1 = some goal not met, which is not this test's business
    text = out.read_text()
    assert "failed:" not in text, text
    for name in (
        "start-up",
        "engine: oil-2017",
        "engine: generated",
        "validate",
        "replay",
        "key to screen",
        "class report",
        "memory",
    ):
        assert name in text, (name, text)
    assert "Measured" in text and "cores" in text


def test_generated_scenario_is_valid_and_has_the_specified_shape(tmp_path: Path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from gen_scenario import write
    finally:
        sys.path.pop(0)
    from game.loader import check

    d = write(30, tmp_path / "gen")
    result, cs = check(d)
    assert cs is not None and result.diagnostics == []
    assert len(cs.scenes) == 30 and len(cs.endings) == 3
    for scene in cs.model.scenes:
        assert len(scene.choices) == 3
        for c in scene.choices:
            assert c.requires is not None and len(c.effects) == 2 and len(c.responses) == 1
            assert isinstance(c.next, list) and len(c.next) == 4  # 3 thresholds, then a scene


def test_gen_scenario_explains_a_bad_size_without_a_traceback(tmp_path: Path):
    script = str(ROOT / "bench" / "gen_scenario.py")
    for args, says in (
        (["--help"], "Usage: python bench/gen_scenario.py N"),
        (["ten"], "N must be a whole number of scenes, not 'ten'"),
        (["0"], "N must be at least 1, not 0"),
    ):
        p = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
        assert p.returncode != 0
        assert says in p.stderr
        assert "Traceback" not in p.stderr
    p = subprocess.run(
        [sys.executable, script, "3", str(tmp_path / "g")], capture_output=True, text=True
    )
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "g" / "scenario.yaml").is_file()
