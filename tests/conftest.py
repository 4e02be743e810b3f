from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
