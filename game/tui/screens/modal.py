"""The base of the game's dialogs and panels.

Apart from game/tui/screens/base.py: ``negotiator play`` imports that module before the
game screen's first frame, and making a Textual screen class costs about 0.3 ms (Textual
works out each class's reactives, bindings and CSS names), which no dialog needs then.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen

from game.tui.screens.base import SizeGuard

T = TypeVar("T")


class BaseModal(SizeGuard, ModalScreen[T]):
    pass
