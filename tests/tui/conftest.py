"""Fixtures for the TUI tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for "from tuihelp import ..."

from tuihelp import make_app


@pytest.fixture
def app_factory():
    return make_app


@pytest.fixture(autouse=True)
def _no_color_off(monkeypatch):
    # Tests see the same colours whatever the developer's terminal says.
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
