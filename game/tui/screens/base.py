"""What every screen shares: the "terminal too small" message, and no keys but quit
while it is shown."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen, Screen

from game.tui.widgets.too_small import TooSmall

T = TypeVar("T")


class SizeGuard:
    """Mixin for Screen and ModalScreen (handlers run for every class in the MRO, so the
    screen's own ``on_mount`` still runs)."""

    def on_mount(self) -> None:
        self.mount(TooSmall(), before=0)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not getattr(self.app, "too_small", False)  # type: ignore[attr-defined]


class BaseScreen(SizeGuard, Screen[T]):
    pass


class BaseModal(SizeGuard, ModalScreen[T]):
    pass
