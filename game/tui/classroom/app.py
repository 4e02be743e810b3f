"""The facilitator's app: one game on the projector, the class votes at each decision."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from game.tui.app import CUSTOM_THEMES, HIGH_CONTRAST, SCREENS_CSS, NegotiatorApp

if TYPE_CHECKING:
    from game.tui.classroom.session import ClassSession

PLAYER_CSS = Path(__file__).resolve().parent.parent / "negotiator.tcss"
DEFAULT_THEME = HIGH_CONTRAST.name  # a projector washes colours out: black, white, yellow


class ClassroomApp(App[int]):
    """Facilitator mode. Shares the player's stylesheet (dialogs, panels, the status line)
    and adds its own projector layout on top."""

    CSS_PATH: ClassVar = [PLAYER_CSS, SCREENS_CSS, "classroom.tcss"]
    TITLE = "negotiator classroom"
    ENABLE_COMMAND_PALETTE = False  # one key less to explain; the footer lists them all
    # The same size classes as the player's app (its stylesheet uses them).
    HORIZONTAL_BREAKPOINTS: ClassVar = NegotiatorApp.HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS: ClassVar = NegotiatorApp.VERTICAL_BREAKPOINTS
    MIN_SIZE = NegotiatorApp.MIN_SIZE

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self,
        session: ClassSession,
        *,
        theme_name: str | None = None,
        cursor_blink: bool = True,
        live_clock: bool = True,
    ) -> None:
        super().__init__()
        for t in CUSTOM_THEMES:
            self.register_theme(t)
        self.theme = theme_name or DEFAULT_THEME
        self.session = session
        self.cursor_blink = cursor_blink
        # Off in tests: the countdown is then driven by FacilitatorScreen.tick() alone.
        self.live_clock = live_clock
        self.saves = None  # the player's panels look for this

    def on_mount(self) -> None:
        from game.tui.classroom.screens import DebriefScreen, FacilitatorScreen

        if self.session.finished:
            self.push_screen(DebriefScreen(self.session))
        else:
            self.push_screen(FacilitatorScreen(self.session))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the terminal is too small only quitting makes sense.
        return not (action != "quit" and self.too_small)

    def on_resize(self) -> None:
        self.screen.refresh_bindings()

    @property
    def too_small(self) -> bool:
        w, h = self.size
        return w < self.MIN_SIZE[0] or h < self.MIN_SIZE[1]
