"""What every screen shares: the "terminal too small" message, and no keys but quit
while it is shown."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual import events
from textual._context import NoActiveAppError
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Tooltip
from textual.widgets._toast import ToastRack

from game.tui.quick_class import QuickClass
from game.tui.widgets.too_small import TooSmall

T = TypeVar("T")


class FirstFrame(QuickClass):
    """Mixin for a Screen: its first frame is laid out and drawn once (Textual does each
    more than once as a screen starts; see each method). Handlers run for every class in
    the MRO, so the screen's own ``on_mount`` still runs."""

    _resumed = False
    _resize_skipped = False
    # Textual's tooltip and toast rack are made with the screen (False), or the first
    # time they are needed (True): a notification (NegotiatorApp.on_notify),
    # notifications still up when the screen is shown, or the mouse moving over it
    # (a widget's tooltip). Made with the game screen they cost about 7M instructions
    # (0.6%) of its first frame, and most games never need them.
    LAZY_OVERLAYS: ClassVar[bool] = False

    def ensure_overlay(self, kind: type[Tooltip] | type[ToastRack]) -> None:
        """Mount Textual's tooltip or toast rack (``kind``) if the screen has none yet."""
        screen: Screen[Any] = self  # type: ignore[assignment]
        app = screen.app
        if not screen.is_attached or (
            app._disable_tooltips if kind is Tooltip else app._disable_notifications
        ):
            return
        try:
            screen.get_child_by_type(kind)
        except NoMatches:
            ident = "textual-tooltip" if kind is Tooltip else "textual-toastrack"
            screen.mount(kind(id=ident))

    def _screen_resized(self, size: Size) -> None:
        # Right after a screen's first layout Textual sends it a Resize, at the size it
        # was just laid out at: the whole screen was laid out and drawn a second time
        # before its first frame settled. That one Resize changes nothing, so it is
        # skipped; every later one (the terminal resized) lays the screen out.
        screen: Screen[Any] = self  # type: ignore[assignment]
        if not self._resize_skipped:
            self._resize_skipped = True
            if size == screen._compositor.size and screen.is_attached:
                return
        super()._screen_resized(size)  # type: ignore[misc]

    def _handle_mouse_move(self, event: events.MouseMove) -> None:
        # Textual's handler shows a widget's tooltip if the screen has a Tooltip widget
        # (it looks for it before the widget under the mouse gets the event): one is
        # made, if need be, first.
        if self.LAZY_OVERLAYS:
            self.ensure_overlay(Tooltip)
        super()._handle_mouse_move(event)  # type: ignore[misc]

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen._on_screen_resume (Textual calls the handler of each class
        # in the MRO), which shows the notifications still up: the toast rack is
        # mounted first if the screen has none yet (see LAZY_OVERLAYS).
        if self.LAZY_OVERLAYS and self.app._notifications:  # type: ignore[attr-defined]
            self.ensure_overlay(ToastRack)
        # A screen's first resume comes right after it was mounted and styled: Textual
        # would restyle every widget of it again.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
            # Textual then lays the screen out and draws it at once, before its widgets
            # have all mounted, and again on its next update, when they have. Given its
            # size now, the screen skips the first: its first layout comes with that
            # update, once.
            screen: Screen[Any] = self  # type: ignore[assignment]
            screen._size = screen.app.size

    def _compositor_refresh(self) -> None:
        # When a layout has to be done and the screen asked to be repainted too (both
        # happen as its widgets mount), Textual lays it out and draws the whole screen,
        # then draws the whole screen again for the repaint, which the first drawing
        # already did. Once the whole screen has been drawn, a request made before that
        # drawing is done (one made while drawing is kept).
        screen: Screen[Any] = self  # type: ignore[assignment]
        compositor = screen._compositor
        whole = compositor.size.region in compositor._dirty_regions
        asked = screen._repaint_required
        super()._compositor_refresh()  # type: ignore[misc]
        if whole and asked and screen.is_current and not screen.app.is_inline:
            screen._repaint_required = False

    def on_mount(self) -> None:
        # Textual hides the toast rack on the screen's first resume (there is no
        # notification yet) by setting `display`, which lays the whole screen out once
        # more after its first frame. Hidden now, before the first layout, that later
        # setting changes nothing.
        for rack in self.query_children(ToastRack):  # type: ignore[attr-defined]
            if not self.app._notifications:  # type: ignore[attr-defined]
                rack.display = False


class SizeGuard(FirstFrame):
    """Mixin for Screen and ModalScreen: the "terminal too small" message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_size_classes()

    def set_size_classes(self) -> None:
        """Give the screen the app's breakpoint classes (-wide, -short...) from the start.
        Textual sets them on the screen's first Resize, which comes after its first
        layout: the whole screen was then styled and laid out twice."""
        screen: Screen[Any] = self  # type: ignore[assignment]
        try:
            app = screen.app
        except NoActiveAppError:
            return
        width, height = app.size
        classes: dict[str, bool] = {}
        for size, breakpoints in (
            (width, screen.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or []),
            (height, screen.VERTICAL_BREAKPOINTS or app.VERTICAL_BREAKPOINTS or []),
        ):
            classes.update({name: False for _, name in breakpoints})
            classes.update(
                {name: True for name in screen._get_breakpoint_classes(size, breakpoints)}
            )
        screen.update_classes(classes, update=False)

    def _extend_compose(self, widgets: list[Widget]) -> None:
        # The message is composed with the screen (first, as Textual's own widgets are),
        # not mounted afterwards: a later mount cost a second layout before the first
        # frame was settled.
        if not self.LAZY_OVERLAYS:
            # Textual's own: the tooltip and the toast rack (all it adds in the pinned
            # version; a screen with LAZY_OVERLAYS adds them itself when needed).
            super()._extend_compose(widgets)  # type: ignore[misc]
        widgets.insert(0, TooSmall())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not getattr(self.app, "too_small", False)  # type: ignore[attr-defined]


class BaseScreen(SizeGuard, Screen[T]):
    # Whether the screen is styled by screens.tcss (NegotiatorApp.load_screen_styles).
    NEEDS_SCREEN_STYLES: ClassVar[bool] = True


class DefaultScreen(FirstFrame, Screen[None]):
    """The screen under all the others (``App.get_default_screen``): blank, and seen only
    while ``negotiator play`` loads its scenario. As a plain Screen it was styled twice
    and drawn twice before the game screen came up; now it is styled once, and drawn
    only once another screen has covered it."""

    # Not drawn until another screen has been shown over it. At the start it is blank,
    # and the game screen (or the loading screen, if loading is slow) is drawn over it a
    # moment later: that one drawing of a blank screen was about 7M instructions (0.6%)
    # of the start, on a terminal that is blank anyway. Once it has been covered, it is
    # drawn as any screen is (shown again, it must replace what was there).
    _covered = False

    def on_screen_suspend(self) -> None:
        self._covered = True

    def _compositor_refresh(self) -> None:
        if self._covered:
            super()._compositor_refresh()

    def _extend_compose(self, widgets: list[Widget]) -> None:
        # No tooltip and no toast rack: nothing on it has a tooltip, and a notification
        # made while it is shown appears when the next screen comes up.
        pass
