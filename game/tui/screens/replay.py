"""The replay viewer: a saved game turn by turn (← →, Home, End), with the scene, the
choice made, each leader's response and the meters as they stood after that turn; Why?
at every step; auto-play at an adjustable speed; and "play from here", which starts a
new game (a new save) at the step shown.

Each step is shown through a read-only :class:`PlaySession` of the game replayed to that
step, so the status line, the leaders' cards and the Why? panel are the game screen's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from game.tui import view
from game.tui.screens.base import BaseScreen
from game.tui.session import NewGameSettings, PlaySession
from game.tui.widgets.footer import Footer
from game.tui.widgets.leader_card import LeaderCard
from game.tui.widgets.situation import SituationCard, has_situation
from game.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from game.saves.replay import Rebuilt


def settings_of(rebuilt: Rebuilt) -> NewGameSettings:
    s = rebuilt.save
    return NewGameSettings(
        s.scenario.source or s.scenario.id, s.role, s.seed, s.player, s.class_code
    )


class ReplayScreen(BaseScreen[None]):
    STEP = Binding.Group("Step", compact=True)
    SPEED = Binding.Group("Speed", compact=True)
    # Priority: the scrolling story would take the arrows and Home/End for itself.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Back", key_display="←", priority=True, group=STEP),
        Binding("right", "step(1)", "Next", key_display="→", priority=True, group=STEP),
        Binding("home", "go('first')", "First", show=False, priority=True),
        Binding("end", "go('last')", "Last", show=False, priority=True),
        Binding("w", "why", "Why?"),
        Binding("space,p", "play", "Play", key_display="space"),
        Binding("plus,equals_sign", "speed(1)", "Faster", key_display="+", group=SPEED),
        Binding("minus", "speed(-1)", "Slower", key_display="-", group=SPEED),
        Binding("b", "branch", "Play from here"),
        Binding("x", "export", "Export", show=False),
        Binding("escape,q", "close", "Close"),
    ]
    # Seconds per step for auto-play, slowest first.
    SPEEDS: ClassVar[tuple[float, ...]] = (4.0, 2.0, 1.0, 0.5)
    DEFAULT_SPEED = 1

    def __init__(self, rebuilt: Rebuilt, path: Path | None = None, start: int = 0) -> None:
        super().__init__()
        self.rebuilt = rebuilt
        self.path = path
        self.settings = settings_of(rebuilt)
        self.last = len(rebuilt.steps)
        self.k = max(0, min(start, self.last))
        self.speed = self.DEFAULT_SPEED
        self.playing = False
        self.timer: Timer | None = None
        self.views: dict[int, PlaySession] = {}
        self.view = self.view_at(self.k)

    # -- the game at a step ----------------------------------------------------------------
    def view_at(self, k: int) -> PlaySession:
        """The game as it stood after step ``k`` (0 = the start), read-only."""
        if k not in self.views:
            r = self.rebuilt
            turns = [s.turn for s in r.steps[:k] if s.turn is not None]
            game = r.game if k == self.last else r.game_at(k)
            self.views[k] = PlaySession(r.scenario, game, self.settings, turns)
        return self.views[k]

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar(self.view, id="status-bar")
        yield Static(id="replay-bar")
        with Horizontal(id="main"):
            with Vertical(id="play"):
                yield Static(id="replay-heading")
                with VerticalScroll(id="replay-story"):
                    yield Static(id="replay-scene", markup=False)
                    yield Vertical(id="replay-turn")
            with VerticalScroll(id="leaders", can_focus=False):
                if has_situation(self.view):
                    yield SituationCard(self.view)
                for leader in self.rebuilt.scenario.leaders:
                    yield LeaderCard(self.view, leader)
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.k)
        self.query_one("#replay-story", VerticalScroll).focus()

    def on_unmount(self) -> None:
        self.stop()

    def show(self, k: int) -> None:
        """Show step ``k``: what the player saw, what was chosen, what followed."""
        self.k = max(0, min(k, self.last))
        self.view = v = self.view_at(self.k)
        r = self.rebuilt
        status = self.query_one("#status-bar", StatusBar)
        status.session = v
        status.refresh_status()
        for card in self.query(LeaderCard).results():
            card.session = v
            card.refresh_card()
        for card in self.query(SituationCard).results():
            card.session = v
            card.refresh_card()
        self.show_bar()
        heading = self.query_one("#replay-heading", Static)
        scene = self.query_one("#replay-scene", Static)
        if self.k == 0:
            heading.update(
                Content.assemble(
                    (" START ", "bold reverse"), "  ", (r.opening_title, "bold $text-accent")
                )
            )
            scene.update(view.reflow(r.opening_text))
            self.show_turn(
                [Static(Content.styled("Press → to see the first choice.", "italic $text-muted"))]
            )
        else:
            step = r.steps[self.k - 1]
            label = f" TURN {step.turn.number} " if step.turn is not None else " EVENT "
            heading.update(
                Content.assemble(
                    (label, "bold reverse"), "  ", (step.scene_title, "bold $text-accent")
                )
            )
            scene.update(view.reflow(step.scene_text))
            self.show_turn(self.turn_widgets(step))
        self.query_one("#replay-story", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()

    def show_bar(self) -> None:
        r = self.rebuilt
        s = r.save
        who = f"{s.player}, " if s.player else ""
        where = "the start" if self.k == 0 else f"step {self.k} of {self.last}"
        if self.last == 0:
            where = "no turns were played"
        state = (
            (f" ▶ auto-play, {self.SPEEDS[self.speed]:g} s a step ", "bold reverse $text-accent")
            if self.playing
            else (f"  auto-play {self.SPEEDS[self.speed]:g} s a step (space)", "$text-muted")
        )
        self.query_one("#replay-bar", Static).update(
            Content.assemble(
                (" REPLAY ", "bold reverse"),
                " ",
                (f"{who}{r.game.role.name} · seed {s.seed}", ""),
                ("  ·  ", "$text-muted"),
                (where, "bold"),
                "  ",
                state,
            )
        )

    def turn_widgets(self, step: object) -> list[Static]:
        turn = getattr(step, "turn", None)
        event = getattr(step, "event", None)
        out: list[Static] = []
        if event is not None:
            out.append(
                Static(
                    view.event_content(event.title, event.text, "injected by the facilitator"),
                    classes="event",
                )
            )
            return out
        if turn is None:
            return out
        out.append(
            Static(
                Content.assemble(("Chosen: ", "bold"), (turn.choice_text, "bold italic")),
                classes="replay-choice",
            )
        )
        out += [
            Static(view.response_content(r.name, r.text), classes="replay-response")
            for r in turn.responses
        ]
        out += [
            Static(view.event_content(ev.title, ev.text), classes="event") for ev in turn.events
        ]
        if turn.ending is not None:
            out.append(
                Static(
                    Content.assemble(
                        ("THE END  ", "bold reverse"),
                        " ",
                        (turn.ending.title, "bold $text-accent"),
                        "\n",
                        view.reflow(turn.ending.text),
                    ),
                    classes="replay-ending",
                )
            )
        return out

    def show_turn(self, widgets: list[Static]) -> None:
        box = self.query_one("#replay-turn", Vertical)
        box.remove_children()
        box.mount_all(widgets)

    # -- stepping --------------------------------------------------------------------------
    def action_step(self, delta: int) -> None:
        target = self.k + delta
        if not 0 <= target <= self.last:
            self.app.bell()
            return
        self.show(target)

    def action_go(self, where: str) -> None:
        self.show(0 if where == "first" else self.last)

    # -- auto-play ---------------------------------------------------------------------------
    def action_play(self) -> None:
        if self.playing:
            self.stop()
            return
        if self.last == 0:
            self.app.bell()
            return
        if self.k >= self.last:
            self.show(0)
        self.playing = True
        self.start_timer()
        self.show_bar()

    def start_timer(self) -> None:
        if self.timer is not None:
            self.timer.stop()
        self.timer = self.set_interval(self.SPEEDS[self.speed], self.auto_step)

    def auto_step(self) -> None:
        """One tick of auto-play: the next step, stopping at the end."""
        if self.k < self.last:
            self.show(self.k + 1)
        if self.k >= self.last:
            self.stop()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if self.playing:
            self.playing = False
            if self.is_mounted:
                self.show_bar()

    def action_speed(self, delta: int) -> None:
        speed = max(0, min(len(self.SPEEDS) - 1, self.speed + delta))
        if speed == self.speed:
            self.app.bell()
            return
        self.speed = speed
        if self.playing:
            self.start_timer()
        self.show_bar()

    # -- other actions -------------------------------------------------------------------------
    def action_why(self) -> None:
        from game.tui.screens.why import WhyScreen

        if self.view.last_turn is None:
            self.notify("Nothing has been chosen yet at this step: press → first.", markup=False)
            return
        if self.k and self.rebuilt.steps[self.k - 1].turn is None:
            self.notify(
                "This step is an event the facilitator injected: no choice to explain.",
                markup=False,
            )
            return
        self.stop()
        self.app.push_screen(WhyScreen(self.view))

    def action_branch(self) -> None:
        self.stop()
        self.app.saves.play_from_here(self.app, self.rebuilt, self.k)  # type: ignore[attr-defined]

    def action_export(self) -> None:
        self.app.saves.write_transcript(self.app, self.rebuilt, self.path)  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.stop()
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.action_title()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if super().check_action(action, parameters) is False:
            return False
        saves = getattr(self.app, "saves", None)
        if action == "branch":
            return (
                saves is not None and hasattr(saves, "play_from_here") and not self.view.finished
            ) or None
        if action == "export":
            return (
                saves is not None and hasattr(saves, "write_transcript") and self.path is not None
            )
        if action == "step":
            return 0 <= self.k + int(parameters[0]) <= self.last or None  # type: ignore[call-overload]
        return True
