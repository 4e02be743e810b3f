"""The engine layers never pull in the terminal UI libraries.

game.engine, game.lang, game.model and game.loader must stay importable (and fast to
import) without textual or rich, so that validate/playtest/saves and any other front
end can use them. Checked in a fresh interpreter, since this test process has probably
imported the TUI already.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ("textual", "rich")

PROBE = """
import json, sys
import game.engine, game.lang, game.model, game.loader
from game.loader import check
result, cs = check(sys.argv[1])                     # loading and compiling a scenario...
from game.engine import Game
g = Game(cs, seed=1)
g.choose(g.available()[0].id)                       # ...and playing a turn
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {ui})))
"""


def test_engine_layers_do_not_import_the_ui():
    code = PROBE.format(ui=set(UI))
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "content" / "tutorial")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_the_probe_can_see_the_ui():
    """Guards the test above against passing vacuously: importing the UI does show up."""
    if importlib.util.find_spec("rich") is None:
        pytest.skip("rich is not installed")
    code = "import json, sys, rich.text; print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "rich" in json.loads(out.stdout)
