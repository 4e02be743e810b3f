"""The negotiator App: themes, global keys, screen navigation and the hooks for saves."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, ScreenStackError, UnknownModeError
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.notifications import Notification, Notify
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets._toast import Toast, ToastRack

from game.tui import release_gc
from game.tui.commands import GameCommands
from game.tui.session import (
    NewGameSettings,
    PlaySession,
    ScenarioEntry,
    StartError,
    load_scenario,
    loader_thread,
)
from game.tui.stylesheet import ReusingStylesheet

if TYPE_CHECKING:
    from game.engine.runtime import CompiledScenario

DEFAULT_THEME = "textual-dark"
# `negotiator play` shows its loading screen only if loading takes longer than this.
LOADING_SCREEN_AFTER = 0.3  # seconds
# The cyclic GC, held off while the app starts (game.tui.hold_gc), is back on once the
# first screen is drawn, or after this long in any case (a slow first load).
GC_HELD_AT_MOST = 5.0  # seconds
# The styles of every screen but the game's: see NegotiatorApp.load_screen_styles.
SCREENS_CSS = Path(__file__).resolve().parent / "screens.tcss"

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFAF00",
    error="#FF5F5F",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text-muted": "#FFFFFF",
        "text-disabled": "#BBBBBB",
        "foreground-muted": "#FFFFFF",
        "border": "#FFFFFF",
        "border-blurred": "#BBBBBB",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#BBBBBB",
        "block-hover-background": "#333333",
        "footer-background": "#000000",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "scrollbar": "#FFFFFF",
        "scrollbar-hover": "#FFFF00",
        "scrollbar-active": "#FFFF00",
        "scrollbar-background": "#333333",
        "input-cursor-background": "#FFFF00",
        "input-cursor-foreground": "#000000",
        "primary-muted": "#333300",
        "accent-muted": "#333300",
        "warning-muted": "#332200",
        "error-muted": "#330000",
        "success-muted": "#003300",
    },
)

CUSTOM_THEMES = (HIGH_CONTRAST,)


def available_theme_names() -> set[str]:
    return set(BUILTIN_THEMES) | {t.name for t in CUSTOM_THEMES}


class NegotiatorApp(App[int]):
    """The game's terminal interface. Holds no rules: screens show what the engine says."""

    CSS_PATH = "negotiator.tcss"
    TITLE = "negotiator"
    COMMANDS: ClassVar = App.COMMANDS | {GameCommands}
    # The screen gets these classes from the terminal size; the stylesheet uses them for
    # the compact and roomy layouts, and for the "terminal too small" message.
    HORIZONTAL_BREAKPOINTS: ClassVar = [
        (0, "-too-narrow"),
        (60, "-small"),
        (80, "-narrow"),
        (100, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar = [(0, "-too-short"), (20, "-short"), (32, "-tall")]
    MIN_SIZE = (60, 20)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
    ]

    def __init__(
        self,
        *,
        settings: NewGameSettings | None = None,
        direct: bool = False,
        theme_name: str | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        # Each widget class's default styles parsed once (see game/tui/stylesheet.py).
        self.stylesheet = ReusingStylesheet(variables=self.stylesheet._variables)
        for t in CUSTOM_THEMES:
            self.register_theme(t)
        self.theme = theme_name or DEFAULT_THEME
        self.settings = settings or NewGameSettings()
        self.direct = direct
        self.cursor_blink = cursor_blink
        self.scenarios: dict[str, CompiledScenario] = {}
        self._load_lock = threading.Lock()
        self.session: PlaySession | None = None
        # Issue 5 plugs a save store in here (see game/tui/session.py, SaveHooks). While it
        # is None, Continue/Load/Replay are shown disabled and ctrl+s/ctrl+o/ctrl+z are off.
        self.saves: Any = None

    # -- start-up ----------------------------------------------------------------------
    def on_mount(self) -> None:
        # The first frame is drawn before anything heavy: the scenario is loaded in a
        # worker thread, and the engine and loader are imported there.
        self.set_timer(GC_HELD_AT_MOST, release_gc)
        saves = self.saves
        if saves is not None and hasattr(saves, "first_screen") and saves.first_screen(self):
            # A save to load or to replay (negotiator play --load, negotiator replay).
            self.call_after_refresh(release_gc)
            return
        if self.direct:
            self.start_game(self.settings)
            # A quick load (a scenario from the cache takes about 0.1 s) goes straight to
            # the game: no "Loading..." screen flashes up, and none is drawn meanwhile.
            self.set_timer(LOADING_SCREEN_AFTER, self._show_loading)
        else:
            from game.tui.screens.title import TitleScreen

            self.push_screen(TitleScreen())
            # Warm up after the first frame, so that "New game" opens ready.
            self.call_after_refresh(self.warm_up)
            self.call_after_refresh(release_gc)

    def get_default_screen(self) -> Screen[Any]:
        from game.tui.screens.base import DefaultScreen

        return DefaultScreen(id="_default")

    def _show_loading(self) -> None:
        """The loading screen, if the game is still loading (nothing shown yet)."""
        if len(self.screen_stack) == 1:
            from game.tui.screens.loading import LoadingScreen

            self.push_screen(LoadingScreen(self.settings.scenario))

    @work(exclusive=True, group="warm-up")
    async def warm_up(self) -> None:
        await self.in_loader(self.catalogue, self.settings.scenario)

    async def in_loader(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn`` in the loader thread (see ``session.loader_thread``) and await it."""
        return await asyncio.get_running_loop().run_in_executor(loader_thread(), fn, *args)

    def catalogue(self, extra: str | None = None) -> list[ScenarioEntry]:
        """Every bundled scenario (and ``extra``, a folder given on the command line),
        loaded, or with the reason it cannot be played. Runs in the loader thread."""
        from game.loader import bundled_scenarios

        names = list(bundled_scenarios())
        if extra and extra not in names:
            names.insert(0, extra)
        entries = []
        for name in names:
            try:
                entries.append(ScenarioEntry(name, self.get_scenario(name)))
            except StartError as e:
                entries.append(ScenarioEntry(name, None, str(e)))
            except Exception as e:  # a broken scenario must not break the dialog
                entries.append(ScenarioEntry(name, None, repr(e)))
        return entries

    @work(exclusive=True, group="start")
    async def start_game(self, settings: NewGameSettings) -> None:
        """Load the scenario (cached) and start a session, then show the game screen."""
        try:
            session = await self.in_loader(self.prepare_session, settings)
        except StartError as e:
            self.show_start_error(str(e))
            return
        except Exception as e:  # never a traceback on screen
            self.show_start_error(f"Unexpected error: {e!r}")
            return
        self.show_session(session)

    def prepare_session(self, settings: NewGameSettings) -> PlaySession:
        return PlaySession.start(self.get_scenario(settings.scenario), settings)

    def get_scenario(self, name: str | None) -> CompiledScenario:
        """Load a scenario once per run. Runs in the loader thread."""
        key = name or ""
        with self._load_lock:
            if key not in self.scenarios:
                self.scenarios[key] = load_scenario(name)
            return self.scenarios[key]

    def show_session(self, session: PlaySession) -> None:
        from game.tui.screens.game import GameScreen

        left, self.session = self.session, session
        if left is not session:
            self.leave_session(left)
        if self.saves is not None and hasattr(self.saves, "autosave"):
            session.on_turn.append(lambda s, _turn: self.saves.autosave(s))
        self.replace_screens(GameScreen(session))
        if self.saves is not None and hasattr(self.saves, "attach"):
            # A new game gets its save slot once its first frame is on screen: the saves
            # layer (and pydantic, which a start from the scenario cache never needs)
            # is imported then, not before the player sees the game. A choice made
            # before that is still saved: autosave makes the slot if it is missing.
            self.call_after_refresh(self.saves.attach, self, session)
        self.call_after_refresh(release_gc)

    def on_notify(self, event: Notify) -> None:
        """Before Textual's own handler shows the notification (Textual calls the handler
        of each class in the MRO, this one first): a screen that makes its toast rack
        when needed (the game screen: see FirstFrame.LAZY_OVERLAYS) makes it now. Here,
        and not in ``notify``, which Textual lets any thread call: this runs on the UI
        thread."""
        try:
            ensure_overlay = getattr(self.screen, "ensure_overlay", None)
        except (ScreenStackError, UnknownModeError):  # no screen yet
            return
        if ensure_overlay is not None:
            ensure_overlay(ToastRack)

    # Textual (8.2.8) can leave a toast that has gone on the terminal: its compositor
    # rebuilds its map of widgets lazily, and when that happens between the toast's
    # removal and the next layout (after a scroll, say), the layout sees no change where
    # the toast was, and nothing is drawn there. So once the toasts that are going have
    # gone, the whole screen is drawn again (tests/tui/test_tui_first_frames.py). A toast
    # goes when it times out (it calls _unnotify, then removes itself) or when the
    # notifications change (_refresh_notifications).
    def _unnotify(self, notification: Notification, refresh: bool = True) -> None:
        if not refresh:  # else _refresh_notifications sees to it
            self._repaint_when_gone(lambda toast: toast._notification is notification)
        super()._unnotify(notification, refresh)

    def _refresh_notifications(self) -> None:
        current = self._notifications
        self._repaint_when_gone(lambda toast: toast._notification not in current)
        super()._refresh_notifications()

    def _repaint_when_gone(self, going: Callable[[Toast], bool]) -> None:
        try:
            screen = self.screen
            rack = screen.get_child_by_type(ToastRack)
        except (ScreenStackError, UnknownModeError, NoMatches):
            return
        gone = [toast for toast in rack.query(Toast) if going(toast)]
        if gone:
            self.call_later(self._repaint_once_gone, screen, gone)

    def _repaint_once_gone(self, screen: Screen[Any], gone: list[Toast], ticks: int = 0) -> None:
        if not screen.is_attached:
            return
        # (A toast still there after 100 refreshes is not waited for any longer.)
        if any(toast.is_attached for toast in gone) and ticks < 100:
            screen.call_after_refresh(self._repaint_once_gone, screen, gone, ticks + 1)
            return
        screen.refresh()

    # -- styles ----------------------------------------------------------------------------
    def load_screen_styles(self) -> None:
        """Read the styles of the other screens (screens.tcss), once.

        ``negotiator play`` goes straight to the game screen, which needs only
        negotiator.tcss: reading the rest before its first frame cost about 47M
        instructions (3.5% of the start). They are read before any other screen is shown
        (``push_screen``, ``switch_screen``), and once the game screen's first frame is up,
        so that the first key that opens a panel does not parse them. None of their rules
        matches a widget of the game screen (tests/tui/test_tui_first_frames.py checks
        it), so the widgets already styled need no restyle. A theme change re-reads every
        source the stylesheet has, this one included once read."""
        sheet = self.stylesheet
        if sheet.has_source(str(SCREENS_CSS)):
            return
        sheet.read(SCREENS_CSS)
        sheet.parse()

    def _styles_for(self, screen: Any) -> None:
        if getattr(screen, "NEEDS_SCREEN_STYLES", True):
            self.load_screen_styles()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self._styles_for(screen)
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Any) -> Any:  # type: ignore[override]
        self._styles_for(screen)
        return super().switch_screen(screen)

    def show_start_error(self, message: str) -> None:
        from game.tui.screens.error import StartErrorScreen

        self.replace_screens(StartErrorScreen(message))
        self.call_after_refresh(release_gc)

    # -- navigation ----------------------------------------------------------------------
    def replace_screens(self, screen: Screen[Any]) -> None:
        """Make ``screen`` the only screen above the default one."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def action_title(self) -> None:
        from game.tui.screens.title import TitleScreen

        left, self.session = self.session, None
        self.leave_session(left)
        self.replace_screens(TitleScreen())

    def leave_session(self, session: PlaySession | None) -> None:
        """A game is no longer shown: the saves layer may tidy up after it (a new game
        left with no choice made leaves no save)."""
        saves = self.saves
        if session is not None and saves is not None and hasattr(saves, "leave"):
            saves.leave(self, session)

    def on_unmount(self) -> None:
        # The app quits (by any way out: ctrl+q, the palette, the ending's Quit).
        left, self.session = self.session, None
        self.leave_session(left)

    def action_new_game(self) -> None:
        from game.tui.screens.new_game import NewGameScreen

        if isinstance(self.screen, NewGameScreen):
            return

        def started(settings: NewGameSettings | None) -> None:
            if settings is not None:
                self.begin(settings)

        self.push_screen(NewGameScreen(self.settings), started)

    def begin(self, settings: NewGameSettings) -> None:
        """Start a new game from the given settings, with a loading screen meanwhile."""
        from game.tui.screens.loading import LoadingScreen

        self.settings = settings
        self.replace_screens(LoadingScreen(settings.scenario))
        self.start_game(settings)

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.session))

    def action_toggle_contrast(self) -> None:
        self.theme = DEFAULT_THEME if self.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the terminal is too small only quitting makes sense.
        return not (action not in ("quit",) and self.too_small)

    def on_resize(self) -> None:
        # Keys are off while the terminal is too small: show the right ones again.
        self.screen.refresh_bindings()

    @property
    def too_small(self) -> bool:
        w, h = self.size
        return w < self.MIN_SIZE[0] or h < self.MIN_SIZE[1]
