from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _scenario_cache(tmp_path_factory):
    """Tests keep their scenario cache (game.loader.cache) in a folder of their own,
    never the user's. It is on, so that loads after the first come from the cache, as
    in real use; subprocesses inherit it."""
    old = os.environ.get("NEGOTIATOR_CACHE_DIR")
    os.environ["NEGOTIATOR_CACHE_DIR"] = str(tmp_path_factory.mktemp("scenario-cache"))
    yield
    if old is None:
        os.environ.pop("NEGOTIATOR_CACHE_DIR", None)
    else:
        os.environ["NEGOTIATOR_CACHE_DIR"] = old


@pytest.fixture
def run_cli():
    """Run `python -m game ARGS` in a subprocess; returns CompletedProcess (text)."""
    import subprocess

    def run(
        *args: str,
        input: str | None = None,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ):
        e = dict(os.environ)
        e.pop("NO_COLOR", None)
        if env:
            e.update(env)
        return subprocess.run(
            [sys.executable, "-m", "game", *args],
            input=input,
            capture_output=True,
            text=True,
            cwd=cwd or ROOT,
            env=e,
            timeout=120,
        )

    return run
