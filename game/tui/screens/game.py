"""The game screen: the scene, the choices, the leaders' cards and the status line.

It shows what the engine says and asks for choices; it holds no rules of its own.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from game.tui import view
from game.tui.quick_class import QuickClass
from game.tui.screens.base import BaseScreen
from game.tui.widgets.choice_list import ChoiceList
from game.tui.widgets.footer import Footer
from game.tui.widgets.leader_card import Card, LeaderCard
from game.tui.widgets.lines import set_content
from game.tui.widgets.situation import SituationCard, has_situation
from game.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from game.engine import Turn
    from game.tui.session import PlaySession


# action -> the method of the save store (app.saves, issue 5) that it needs
class Story(QuickClass, VerticalScroll):
    """The scene's text (and what just happened). Tells the screen when its scroll state
    changes, so that the footer shows "PgDn More" only while there is more to read."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._sync()

    def watch_virtual_size(self) -> None:
        self._sync()

    def on_resize(self) -> None:
        self._sync()

    def _sync(self) -> None:
        sync = getattr(self.screen, "sync_bindings", None)
        if sync is not None:
            sync()
        else:
            self.screen.refresh_bindings()


SAVE_ACTIONS = {"save": "save", "load": "open_load_screen", "undo": "undo"}


class GameScreen(BaseScreen[None]):
    # Focus the choices from the start. Textual's default focuses the first focusable
    # widget (the story), and moving focus to the choices on mount restyled the story,
    # its children and the choices again before the first frame.
    AUTO_FOCUS = "#choices"
    LAZY_OVERLAYS = True
    # Styled by negotiator.tcss alone: the other screens' styles are read after its first
    # frame (see NegotiatorApp.load_screen_styles).
    NEEDS_SCREEN_STYLES = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "choose(1)", "Choose", key_display="1-9"),
        *(Binding(str(n), f"choose({n})", show=False) for n in range(2, 10)),
        # Priority: the focused choice list would take PgUp/PgDn for itself. "More" is
        # shown only while the story is longer than its box (see check_action).
        Binding("pageup", "scroll_story(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown", "scroll_story(1)", "More", key_display="PgDn", priority=True),
        Binding("w", "why", "Why?"),
        Binding("l", "log", "Log"),
        # Reserved for issue 5 (saves): hidden and inactive until app.saves is set.
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+o", "load", "Load"),
        Binding("ctrl+z,u", "undo", "Undo", key_display="u"),
    ]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        session = self.session
        # The widgets a turn updates, kept (a query per widget per turn costs more).
        # The story is also needed by check_action, which the footer asks before mounting.
        self.story = Story(id="story")
        self.status_bar = StatusBar(session, id="status-bar")
        self.play = Vertical(id="play")
        self.heading = Static(id="scene-heading", markup=False)
        self.recap = Vertical(id="recap")
        self.scene_text = Static(id="scene-text", markup=False)
        self.choices = ChoiceList(id="choices")
        self.cards: list[Card] = [SituationCard(session)] if has_situation(session) else []
        self.cards += [LeaderCard(session, leader) for leader in session.scenario.leaders]
        yield self.status_bar
        with Horizontal(id="main"):
            with self.play:
                yield self.heading
                with self.story:
                    yield self.recap
                    yield self.scene_text
                yield self.choices
            with VerticalScroll(id="leaders", can_focus=False):
                yield from self.cards
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_view()
        if self.session.finished:
            self.call_after_refresh(self.show_ending)
        else:
            # Once the first frame is up (and its other callbacks have run), get the
            # ending screen's styles ready, so that the key that ends the game does not
            # parse them.
            self.call_after_refresh(self.app.call_later, self.preload_ending)

    def preload_ending(self) -> None:
        from game.tui.screens.ending import preload_styles

        load_screen_styles = getattr(self.app, "load_screen_styles", None)
        if load_screen_styles is not None:
            load_screen_styles()
        preload_styles(self.app)

    def refresh_view(self) -> None:
        """Redraw everything from the session (after a choice, or a load/undo later).
        Widgets are updated in place, and only where what they show has changed: every
        change costs a restyle, a layout or a redraw."""
        session = self.session
        game = session.game
        set_content(self.heading, view.scene_heading(session))
        set_content(self.scene_text, view.plain(view.reflow(game.scene_text())))
        self.show_recap(session.last_turn)
        self.choices.set_choices(session.options())
        self.choices.focus()
        for card in self.cards:
            card.refresh_card()
        self.status_bar.refresh_status()
        self.story.scroll_home(animate=False)
        self.sync_bindings()
        self.call_after_refresh(self.fit_story)

    _bindings_key: tuple[object, ...] | None = None

    def sync_bindings(self) -> None:
        """Refresh the bindings only when what check_action answers has changed: each
        refresh asks check_action about every key and redraws the footer."""
        story = self.story
        key = (
            self.session.finished,
            story.scroll_y < story.max_scroll_y,
            self.app.saves is not None,
        )
        if key != self._bindings_key:
            self._bindings_key = key
            self.refresh_bindings()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_story)

    def fit_story(self) -> None:
        """Let the story take the room the choices leave, so that the choices sit right
        under a short text and a long text scrolls above them."""
        used = self.heading.outer_size.height + self.choices.outer_size.height
        story = self.story
        used += story.styles.margin.top + story.styles.margin.bottom
        story.styles.max_height = max(1, self.play.content_region.height - used)

    def show_recap(self, turn: Turn | None) -> None:
        """What just happened: your choice, the answers, and events as their own entries.
        The recap's Statics are reused from turn to turn (mounting new ones costs more)."""
        recap = self.recap
        if turn is None:
            recap.display = False
            for child in list(recap.children):
                child.display = False
            return
        recap.display = True
        entries: list[tuple[str, Content]] = [
            (
                "recap-choice",
                Content.assemble(("You: ", "bold"), (turn.choice_text, "italic")),
            )
        ]
        entries += [
            ("recap-response", view.response_content(r.name, r.text)) for r in turn.responses
        ]
        entries += [("event", view.event_content(ev.title, ev.text)) for ev in turn.events]
        children = list(recap.children)
        new: list[Static] = []
        for i, (classes, content) in enumerate(entries):
            if i < len(children) and isinstance(children[i], Static):
                box = children[i]
                assert isinstance(box, Static)
                if set(box.classes) != {classes}:
                    box.set_classes(classes)
                set_content(box, content)
                box.display = True
            else:
                new.append(Static(content, classes=classes))
        for child in children[len(entries) :]:
            child.display = False
        if new:
            recap.mount_all(new)

    # -- choosing ---------------------------------------------------------------------------
    def action_choose(self, number: int) -> None:
        options = self.session.options()
        option = next((o for o in options if o.number == number), None)
        if option is None:
            self.app.bell()
            return
        if not option.available:
            self.app.clear_notifications()  # pressing again should not stack copies
            self.notify(
                f"Locked: {option.reason or 'not available yet'}",
                title=f"Choice {number}",
                markup=False,
            )
            return
        self.make_choice(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.make_choice(event.option_id)

    def make_choice(self, option_id: str) -> None:
        from game.engine import ChoiceNotAvailable, EngineError
        from game.tui.screens.error import ErrorDialog

        self.hold_gc()
        session = self.session
        try:
            turn = session.choose(option_id)
        except ChoiceNotAvailable as e:
            self.notify(str(e), title="Not available", severity="warning", markup=False)
            return
        except EngineError as e:
            self.app.push_screen(ErrorDialog("The scenario has a fault", str(e)))
            return
        except Exception as e:  # never a traceback on screen: the game is unchanged
            self.app.push_screen(ErrorDialog("Something went wrong", f"{type(e).__name__}: {e}"))
            return
        for error in session.hook_errors:
            self.notify(str(error), title="Autosave failed", severity="error", markup=False)
        if turn.ending is not None:
            # The ending covers this screen at once: it is brought up to date only if it
            # is ever shown again, instead of being updated, laid out and drawn under the
            # ending while the player waits for it.
            self._stale = True
            self.show_ending()
            return
        self.refresh_view()

    _stale = False

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh_view()

    _gc_held = False

    def hold_gc(self) -> None:
        """Hold off Python's cyclic garbage collector until the turn is on screen.

        A turn allocates many short-lived objects (the engine's step, Textual's layout and
        drawing), and a collection that falls inside it delays the new scene: a full one
        takes 30-100 ms here. The collector is switched back on once the screen has been
        refreshed and its after-refresh callbacks have run, and it catches up then, while
        the player reads."""
        if self._gc_held or not gc.isenabled():
            return
        gc.disable()
        self._gc_held = True
        app = self.app
        app.call_after_refresh(lambda: app.call_later(self.release_gc))

    def release_gc(self) -> None:
        if self._gc_held:
            self._gc_held = False
            gc.enable()

    def on_unmount(self) -> None:
        self.release_gc()  # never leave the collector off

    def show_ending(self) -> None:
        from game.tui.screens.ending import EndingScreen

        self.app.push_screen(EndingScreen(self.session))

    def action_scroll_story(self, direction: int) -> None:
        story = self.story
        if direction < 0:
            story.scroll_page_up(animate=False)
        else:
            story.scroll_page_down(animate=False)

    # -- other screens ------------------------------------------------------------------------
    def action_why(self) -> None:
        from game.tui.screens.why import WhyScreen

        self.app.push_screen(WhyScreen(self.session))

    def action_log(self) -> None:
        from game.tui.screens.log import LogScreen

        self.app.push_screen(LogScreen(self.session))

    # Issue 5 hooks: the save store decides what these do.
    def action_save(self) -> None:
        self.app.saves.save(self.app, self.session)  # type: ignore[attr-defined]

    def action_load(self) -> None:
        self.app.saves.open_load_screen(self.app)  # type: ignore[attr-defined]

    def action_undo(self) -> None:
        self.app.saves.undo(self.app, self.session)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if super().check_action(action, parameters) is False:
            return False
        if action in SAVE_ACTIONS:
            saves = self.app.saves  # type: ignore[attr-defined]
            return saves is not None and hasattr(saves, SAVE_ACTIONS[action])
        if action == "choose":
            return not self.session.finished
        if action == "scroll_story" and parameters == (1,):
            return self.story.scroll_y < self.story.max_scroll_y
        return True
