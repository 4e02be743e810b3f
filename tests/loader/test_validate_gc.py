"""validate runs with the cyclic GC off (see game.cli.cmd_validate) and gives the
caller's setting back, whatever happens."""

from __future__ import annotations

import contextlib
import gc
import io
from pathlib import Path

import pytest

from game.cli import main

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "loader" / "broken" / "duplicate-id" / "scenario"


def _validate(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(["validate", *args])


@pytest.mark.parametrize("args", [("tutorial",), (str(BROKEN),), ("no-such-scenario",)])
def test_the_collector_is_restored(args: tuple[str, ...]) -> None:
    assert gc.isenabled()
    _validate(*args)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        _validate("tutorial")
        assert not gc.isenabled()
    finally:
        gc.enable()
