"""What the start-up and ending speed-ups must not change: the game screen under an
ending is brought up to date when it is shown again, the ending's styles are parsed
ahead of time exactly as Textual parses them, and every screen starts with its
"terminal too small" message and a hidden toast rack."""

from __future__ import annotations

import gc

import pytest
from textual.widgets import Tooltip
from textual.widgets._toast import ToastRack
from tuihelp import game_screen, make_app, oil_loads, play_to_the_end, screen_text, settle

from game.tui import view
from game.tui.widgets.footer import Footer
from game.tui.widgets.too_small import TooSmall


async def test_game_screen_under_the_ending_is_updated_when_shown_again():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        game = await play_to_the_end(pilot)
        session = game.session
        # Covered by the ending: not updated meanwhile, and its footer not rebuilt.
        assert game._stale
        keys = game.query_one(Footer)._shown
        app.pop_screen()
        await settle(pilot)
        assert app.screen is game and not game._stale
        assert game.heading.content == view.scene_heading(session)
        assert [o.id for o in game.choices.options] == [o.id for o in session.options()]
        # The footer follows: no choosing once the game has ended.
        assert game.query_one(Footer)._shown != keys
        assert "Choose" not in screen_text(app).splitlines()[-1]


async def test_ending_styles_are_parsed_before_the_ending():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sources = {name for _, name in app.stylesheet.source}
        assert {"Button.DEFAULT_CSS", "Meter.DEFAULT_CSS"} <= sources
        before = dict(app.stylesheet.source)
        await play_to_the_end(pilot)
        # Mounting the ending's widgets added nothing new for those classes.
        for key in before:
            assert app.stylesheet.source[key] == before[key]


async def shown_on(pilot, screen, text: str) -> None:
    """Once the app has settled: ``screen`` shows the notification ``text`` in its rack."""
    await settle(pilot)
    assert pilot.app.screen is screen and screen.get_child_by_type(ToastRack).display
    assert text in screen_text(pilot.app)


async def test_screens_start_with_the_size_message_and_a_hidden_toast_rack():
    from game.tui.screens.title import TitleScreen

    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TitleScreen)
        assert isinstance(screen.children[0], TooSmall)
        assert not screen.get_child_by_type(ToastRack).display
        app.notify("Hello there", markup=False)
        await shown_on(pilot, screen, "Hello there")


async def test_the_game_screen_makes_its_toast_rack_for_the_first_notification():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await game_screen(pilot)
        assert isinstance(screen.children[0], TooSmall)
        assert not screen.query(ToastRack) and not screen.query(Tooltip)
        app.notify("Hello there", markup=False)
        await shown_on(pilot, screen, "Hello there")
        app.notify("And again", markup=False)  # the same rack
        await shown_on(pilot, screen, "And again")
        assert len(screen.query(ToastRack)) == 1


async def test_a_notification_from_another_thread_shows_on_the_game_screen():
    import threading

    app = make_app(direct=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await game_screen(pilot)
        worker = threading.Thread(target=app.notify, args=("From a thread",))
        worker.start()
        worker.join()
        await shown_on(pilot, screen, "From a thread")


async def test_notifications_still_up_show_when_the_game_screen_comes_up():
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await game_screen(pilot)
        app.action_help()
        await settle(pilot)
        assert app.screen is not screen
        app.notify("Made on the help panel", markup=False, timeout=60)
        await settle(pilot)
        app.pop_screen()
        await shown_on(pilot, screen, "Made on the help panel")


def recorded_updates(app) -> list[object]:
    """The list that each display update of ``app`` (what it sends to the terminal) is
    added to from now on."""
    updates: list[object] = []
    display = app._display

    def recording(screen, update):  # type: ignore[no-untyped-def]
        updates.append(update)
        return display(screen, update)

    app._display = recording
    return updates


def drawn_cells(updates: list[object]) -> set[tuple[int, int]]:
    """The cells that display updates (Textual's LayoutUpdate / ChopsUpdate) drew."""
    cells: set[tuple[int, int]] = set()
    for update in updates:
        region = getattr(update, "region", None)
        if region is not None:
            cells |= {
                (x, y)
                for y in range(region.y, region.bottom)
                for x in range(region.x, region.right)
            }
        for y, x1, x2 in getattr(update, "spans", ()):
            cells |= {(x, y) for x in range(x1, x2)}
    return cells


@pytest.mark.parametrize("how", ["times out", "cleared"])
async def test_the_place_of_a_toast_that_has_gone_is_drawn_again(how):
    """After a scroll, Textual's compositor loses the place of a toast that goes: the
    app draws the screen again once it has gone (NegotiatorApp._repaint_when_gone)."""
    from textual.widgets._toast import Toast

    app = make_app(direct=True, scenario="oil-2017", seed=1)
    updates = recorded_updates(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await game_screen(pilot)
        for key in "216":  # the last one is locked: a toast says why
            await pilot.press(key)
            await settle(pilot)
        toast = screen.query_one(Toast)
        where = toast.region
        assert where and "Locked" in screen_text(app)
        await pilot.press("pagedown")  # scrolls the choices
        await settle(pilot)
        updates.clear()
        if how == "times out":
            toast._expire()  # what its timer does
        else:
            app.clear_notifications()
        await settle(pilot)
        assert not screen.query(Toast)
        cells = {(x, y) for y in range(where.y, where.bottom) for x in range(where.x, where.right)}
        assert cells <= drawn_cells(updates)


async def test_the_footer_keys_tooltips_show_on_the_game_screen():
    app = make_app(direct=True)
    async with app.run_test(size=(100, 30), tooltips=True) as pilot:
        screen = await game_screen(pilot)
        footer = screen.query_one(Footer)
        assert not screen.query(Tooltip)
        # The command palette's key, on the right, has a tooltip: one move there.
        await pilot.hover(footer, offset=(footer.size.width - 4, 0))
        tooltip = screen.get_child_by_type(Tooltip)
        assert footer.tooltip and screen._tooltip_widget is footer  # its timer is set
        screen._handle_tooltip_timer(footer)  # what the timer does (no waiting here)
        await settle(pilot)
        assert tooltip.display


async def test_too_small_message_still_shows():
    app = make_app(direct=True)
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        assert "Terminal too small" in screen_text(app)


def at_first_frame(app, snapshot):  # type: ignore[no-untyped-def]
    """A list that gets ``snapshot()`` once the game screen's first frame is up (the
    moment the start-up benchmark measures), settled."""
    seen: list[object] = []
    show_session = app.show_session

    def shown(session):  # type: ignore[no-untyped-def]
        show_session(session)
        app.call_after_refresh(lambda: seen.append(snapshot()))

    app.show_session = shown
    return seen


async def test_the_game_screen_is_laid_out_once_for_its_first_frame_and_focuses_the_choices(
    monkeypatch,
):
    from textual.screen import Screen

    from game.tui.screens.game import GameScreen

    layouts: list[str] = []
    original = Screen._refresh_layout

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(self, GameScreen):
            layouts.append("layout")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    app = make_app(direct=True, scenario="oil-2017")
    first = at_first_frame(app, lambda: len(layouts))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert app.screen.focused is app.screen.choices
        assert first == [1]
        # A real resize is still laid out.
        before = len(layouts)
        await pilot.resize_terminal(90, 28)
        await settle(pilot)
        assert len(layouts) > before
        assert app.screen.choices.size.width == app.screen.play.size.width - 2


async def test_the_game_screen_is_drawn_once_for_its_first_frame(monkeypatch):
    from textual._compositor import Compositor

    import game.tui.app
    from game.tui.screens.base import DefaultScreen
    from game.tui.screens.game import GameScreen

    drawn: list[str] = []
    original = Compositor.render_full_update

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        drawn.append(type(self.root).__name__)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_full_update", counted)
    monkeypatch.setattr(game.tui.app, "LOADING_SCREEN_AFTER", 1e9)  # a slow test machine
    app = make_app(direct=True, scenario="oil-2017")
    first = at_first_frame(app, lambda: list(drawn))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert isinstance(app.screen_stack[0], DefaultScreen)
        # The game screen once (the blank screen under it is not drawn before it).
        assert first == [["GameScreen"]]
        # A later change is still drawn.
        before = screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert screen_text(app) != before
        assert app.screen.heading.content == view.scene_heading(app.screen.session)


async def test_a_notification_made_on_the_default_screen_shows_on_the_next():
    """The default screen has no toast rack (nothing is ever shown on it): a notification
    made while it is up appears when the next screen comes up."""
    from game.tui.screens.base import DefaultScreen
    from game.tui.screens.title import TitleScreen

    app = make_app()
    updates = recorded_updates(app)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        updates.clear()
        app.pop_screen()
        await settle(pilot)
        assert isinstance(app.screen, DefaultScreen)
        assert not app.screen.query(ToastRack)
        # Shown again (it was not drawn at the start), it is drawn over the title screen.
        assert {(x, y) for x in range(80) for y in range(24)} <= drawn_cells(updates)
        app.notify("Made on the blank screen", markup=False)
        await settle(pilot)
        app.push_screen(TitleScreen())
        await settle(pilot)
        assert "Made on the blank screen" in screen_text(app)


@pytest.mark.parametrize("direct", [True, False])
async def test_the_gc_held_for_the_start_is_released_once_the_first_screen_is_up(direct):
    import game.tui as tui

    assert gc.isenabled()
    tui.hold_gc()
    try:
        assert not gc.isenabled()
        app = make_app(direct=direct)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
    finally:
        tui.release_gc()
        gc.enable()


async def test_the_app_does_not_switch_on_a_gc_that_someone_else_switched_off():
    import game.tui as tui

    gc.disable()
    try:
        tui.hold_gc()  # off already: not ours to hold, nor to release
        app = make_app(direct=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert not gc.isenabled()
    finally:
        gc.enable()


def _styles(screen) -> dict[object, str]:
    """Every node's computed styles on a screen (as CSS text), and those of their
    component classes, by node and class."""
    out: dict[object, str] = {}
    for node in screen.walk_children(with_self=True):
        out[node] = node.styles.css
        for name, styles in getattr(node, "_component_styles", {}).items():
            out[node, name] = styles.css
    return out


def _drawn(app) -> list[list[tuple[str, object]]]:
    """The screen as drawn: each line's text and styles, segment by segment."""
    strips = app.screen._compositor.render_strips()
    return [[(seg.text, seg.style) for seg in strip] for strip in strips]


@pytest.mark.parametrize("size", [(80, 24), (130, 40), (62, 20)])
async def test_game_screen_needs_none_of_the_other_screens_styles(monkeypatch, size):
    from game.tui.app import SCREENS_CSS
    from game.tui.screens.game import GameScreen

    # Keep screens.tcss out (it is read once the first frame is up, see preload_ending).
    monkeypatch.setattr(GameScreen, "preload_ending", lambda self: None)
    app = make_app(scenario="oil-2017" if oil_loads() else "tutorial", direct=True)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GameScreen)
        assert not app.stylesheet.has_source(str(SCREENS_CSS))
        before, drawn = _styles(screen), _drawn(app)
        # Read them, and restyle every widget of the game screen: nothing changes, as no
        # rule of screens.tcss matches any of them.
        app.load_screen_styles()
        assert app.stylesheet.has_source(str(SCREENS_CSS))
        app.stylesheet.update(screen)
        await settle(pilot)
        assert _styles(screen) == before
        assert _drawn(app) == drawn


async def test_other_screens_read_their_styles_before_they_are_shown(monkeypatch):
    from game.tui.app import SCREENS_CSS
    from game.tui.screens.game import GameScreen

    monkeypatch.setattr(GameScreen, "preload_ending", lambda self: None)
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await game_screen(pilot)
        assert not app.stylesheet.has_source(str(SCREENS_CSS))
        await pilot.press("l")  # the log: a panel, styled by screens.tcss
        await settle(pilot)
        assert app.stylesheet.has_source(str(SCREENS_CSS))
        panel = app.screen.query_one(".panel")
        assert panel.styles.max_width is not None and panel.styles.max_width.value == 110


async def test_the_other_screens_styles_are_read_after_the_first_frame():
    from game.tui.app import SCREENS_CSS

    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await game_screen(pilot)
        assert app.stylesheet.has_source(str(SCREENS_CSS))
        sources = len(app.stylesheet.source)
        app.load_screen_styles()  # read once only
        assert len(app.stylesheet.source) == sources


async def test_the_title_screen_is_styled():
    from game.tui.screens.title import TitleScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        menu = app.screen.query_one("#menu")
        assert menu.styles.width is not None and menu.styles.width.value == 56


async def test_a_theme_change_keeps_the_other_screens_styles(monkeypatch):
    """A theme change re-reads the stylesheet's sources: before screens.tcss is read, and
    after (then it is kept)."""
    from game.tui.app import SCREENS_CSS
    from game.tui.screens.game import GameScreen

    monkeypatch.setattr(GameScreen, "preload_ending", lambda self: None)
    app = make_app(direct=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await game_screen(pilot)
        app.action_toggle_contrast()  # before screens.tcss is read
        await settle(pilot)
        assert app.theme != "textual-dark"
        assert not app.stylesheet.has_source(str(SCREENS_CSS))
        await pilot.press("l")
        await settle(pilot)
        panel = app.screen.query_one(".panel")
        assert panel.styles.max_width is not None and panel.styles.max_width.value == 110
        await pilot.press("escape")
        app.action_toggle_contrast()  # after: the source is kept, the panel still styled
        await settle(pilot)
        assert app.stylesheet.has_source(str(SCREENS_CSS))
        await pilot.press("l")
        await settle(pilot)
        panel = app.screen.query_one(".panel")
        assert panel.styles.max_width is not None and panel.styles.max_width.value == 110
