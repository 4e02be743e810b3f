"""`negotiator validate` as a program ends without freeing what it loaded (see
game.cli._exit_now): its output must still be complete, and its exit code kept."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from game.cli import main

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "loader" / "broken" / "duplicate-id" / "scenario"


def _many_warnings(folder: Path, n: int = 400) -> Path:
    """A scenario with hundreds of warnings (more output than a pipe holds)."""
    scenes = "\n".join(
        f"""  - id: s{i}
    title: "Scene {i}"
    choices:
      - id: s{i}_c0
        text: "Go on"
        requires: "x > 200"
        next: end"""
        for i in range(n)
    )
    folder.mkdir()
    (folder / "scenario.yaml").write_text(
        f"""id: many
title: Many
version: "1"
start: s0
roles:
  - {{id: player, name: Player}}
variables:
  x: {{type: int, min: 0, max: 100, show: value}}
endings:
  - {{id: end, title: End}}
scenes:
{scenes}
""",
        encoding="utf-8",
    )
    return folder


def _in_process(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["validate", *args])
    return code, out.getvalue()


def _program(*args: str, stdout: int | io.BufferedWriter = subprocess.PIPE) -> tuple[int, str]:
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    p = subprocess.run(
        [sys.executable, "-m", "game", "validate", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=e,
        timeout=120,
    )
    assert p.stderr == ""
    return p.returncode, p.stdout or ""


def test_the_program_prints_all_that_main_returns_with_the_same_exit_code(tmp_path: Path):
    many = _many_warnings(tmp_path / "many")
    for args in (
        [str(many)],
        [str(many), "--json"],
        [str(BROKEN)],
        [str(BROKEN), "--json"],
        ["tutorial", str(BROKEN)],
    ):
        code, out = _in_process(*args)
        assert _program(*args) == (code, out), args
    code, out = _in_process(str(many))
    assert code == 0 and out.count("warning W405") == 400
    assert _in_process(str(BROKEN))[0] == 1
    assert json.loads(_in_process(str(many), "--json")[1])["scenarios"][0]["warnings"] >= 400


def test_output_to_a_file_is_flushed(tmp_path: Path):
    many = _many_warnings(tmp_path / "many")
    dest = tmp_path / "out.txt"
    with dest.open("w") as f:
        code, _ = _program(str(many), stdout=f)  # type: ignore[arg-type]
    assert code == 0
    assert dest.read_text() == _in_process(str(many))[1]


def test_main_called_with_arguments_returns(tmp_path: Path):
    # Only the program itself (main() reading sys.argv) ends at once; a caller of
    # main([...]) gets the exit code back, and its process goes on.
    assert _in_process("tutorial")[0] == 0
    assert _in_process(str(BROKEN))[0] == 1
