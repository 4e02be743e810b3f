"""The facilitator's screens: the decision (vote, reveal, result), the tie dialog, the
event picker, and the debrief.

The rules (what counts as a tie, what a paused game allows, when the timer runs out)
live in :mod:`game.classroom.facilitator`; what a choice or an event does lives in the
engine. These screens show them and pass the facilitator's keys on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.classroom.facilitator import FacilitatorError, Outcome, Vote
from game.tui import view
from game.tui.classroom.widgets import CountInput, ScoreBar, TallyRow, VoteBoard
from game.tui.screens.base import BaseScreen
from game.tui.screens.ending import outcome_widgets
from game.tui.screens.modal import BaseModal
from game.tui.screens.panel import PanelScreen
from game.tui.widgets.footer import Footer
from game.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from game.engine import FiredEvent, Turn
    from game.tui.classroom.session import ClassSession

Phase = Literal["vote", "result"]


def option_text(session: ClassSession, choice_id: str) -> str:
    """A choice's text for the record of past votes (rendered now; the id if that fails)."""
    c = session.scenario.choices.get(choice_id)
    if c is None:
        return choice_id
    try:
        return c.text(session.game.state)
    except Exception:
        return choice_id


def class_history(session: ClassSession) -> Content | None:
    """Every decision the class voted on, with its tally, and the events the facilitator
    injected, in order (None when no vote was recorded)."""
    if not session.votes_by_turn():
        return None
    cs = session.scenario
    lines: list[Content] = []
    n = 0
    for step in session.save.steps:
        if step.event is not None:
            lines.append(
                Content.assemble(
                    "   ", (" CRISIS UPDATE ", "bold reverse"), " ", (step.event.title, "bold")
                )
            )
            continue
        turn, rec = step.turn, step.record
        if turn is None:
            continue
        n += 1
        votes = rec.votes
        settled = votes is not None and settled_by_facilitator(votes, turn.choice)
        lines.append(
            Content.assemble(
                (f"{n}. ", "bold"),
                (view.scene_title(cs, turn.scene), "$text-muted"),
                ": ",
                (turn.choice_text, "bold"),
                ("  (settled by the facilitator)" if settled else "", "italic"),
                ("" if votes is not None else "  (no vote recorded)", "italic"),
            )
        )
        for cid, k in (votes or {}).items():
            mark = "▸ " if cid == turn.choice else "  "
            lines.append(
                Content.assemble(f"   {mark}", (f"{k:>3}", "bold"), "  ", option_text(session, cid))
            )
    return Content("\n").join(lines)


def shown_path(path: Path) -> str:
    """A folder as the facilitator would type it: relative to here when it is inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


def settled_by_facilitator(votes: dict[str, int], chosen: str) -> bool:
    """Whether a recorded tally needed the facilitator: a tie at the top, or no votes."""
    top = max(votes.values(), default=0)
    return top == 0 or sum(1 for n in votes.values() if n == top) > 1


def event_block(
    ev: FiredEvent, label: str = " CRISIS UPDATE ", changes: Iterable[Any] = (), cs: Any = None
) -> Static:
    lines = [
        Content.assemble((label, "bold reverse"), " ", (ev.title, "bold")),
        Content(view.reflow(ev.text)),
    ]
    lines.extend(view.change_line(cs, c) for c in changes)
    return Static(Content("\n").join(lines), classes="event")


# -- the decision -----------------------------------------------------------------------------
class FacilitatorScreen(BaseScreen[None]):
    """One decision at a time: the scene and its options with the class's votes; after
    the reveal, what the class chose and how the leaders answered."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "select(1)", "Pick", key_display="1-9"),
        *(Binding(str(n), f"select({n})", show=False) for n in range(2, 10)),
        # Priority: these work while a count field has the focus (it takes digits only).
        Binding("plus,equals_sign", "vote(1)", "Vote", key_display="+/-", priority=True),
        Binding("minus,underscore", "vote(-1)", "-1", show=False, priority=True),
        Binding("up", "move(-1)", "Up", show=False, priority=True),
        Binding("down", "move(1)", "Down", show=False, priority=True),
        Binding("enter", "type_count", "Type"),
        Binding("escape", "board", "Done typing", show=False),
        Binding("r", "reveal", "Reveal", priority=True),
        Binding("enter,n,space", "next", "Next"),
        Binding("p", "pause", "Pause", priority=True),
        Binding("i", "inject", "Event", priority=True),
        Binding("t", "restart_timer", "Timer", priority=True),
        Binding("w", "why", "Why?", priority=True),
        Binding("l", "log", "Log", show=False, priority=True),
        Binding("question_mark", "keys", "Keys", key_display="?", priority=True),
    ]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session
        self.decision = session.new_decision()
        self.phase: Phase = "vote"
        self.paused = False
        self.selected: int | None = None
        self._last_clock: float | None = None

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled("PAUSED  ·  press p to resume", "bold"), id="cls-paused", markup=False
        )
        with Horizontal(id="cls-top"):
            yield Static(id="cls-where", markup=False)
            yield Static(id="cls-clock", markup=False)
        yield StatusBar(self.session, id="status-bar")
        yield Static(id="cls-situation", markup=False)
        with Vertical(id="cls-main"):
            with VerticalScroll(id="cls-story", can_focus=False):
                yield Static(id="cls-heading", markup=False)
                yield Static(id="cls-text", markup=False)
                yield Vertical(id="cls-events")
            yield Static(id="cls-board-title", markup=False)
            yield VoteBoard(id="cls-board")
            yield VerticalScroll(id="cls-result")
        yield Footer()

    async def on_mount(self) -> None:
        self.fit_footer()
        await self.show_decision()
        if getattr(self.app, "live_clock", True):
            self._last_clock = time.monotonic()
            self.set_interval(0.25, self._clock)

    def on_resize(self) -> None:
        self.fit_footer()

    def fit_footer(self) -> None:
        # Every key on one line below 100 columns, at the cost of some spacing.
        self.query_one(Footer).compact = self.app.size.width < 100

    # -- the decision phase ----------------------------------------------------------------
    async def show_decision(self, keep: Vote | None = None) -> None:
        """Show the current scene and a fresh vote on its options (the timer restarts).
        ``keep``: counts to carry over, for options that are still available."""
        session = self.session
        game = session.game
        self.phase = "vote"
        self.set_class(False, "-result")
        self.decision = session.new_decision(paused=self.paused)
        if keep is not None:
            for o in self.decision.vote.available:
                if o.id in keep.counts:
                    self.decision.vote.counts[o.id] = keep.counts[o.id]
        self.query_one("#cls-heading", Static).update(view.scene_heading(session))
        self.query_one("#cls-text", Static).update(view.plain(view.reflow(game.scene_text())))
        await self.show_injected()
        board = self.query_one("#cls-board", VoteBoard)
        await board.set_vote(self.decision.vote)
        available = self.decision.vote.available
        self.selected = available[0].number if available else None
        for field in board.query(CountInput).results(CountInput):
            field.disabled = self.paused
        self.decision.start_timer()
        self.query_one("#cls-story", VerticalScroll).scroll_home(animate=False)
        board.focus()
        self.refresh_all()

    async def show_injected(self) -> None:
        box = self.query_one("#cls-events", Vertical)
        await box.remove_children()
        events = self.session.injected_here()
        box.display = bool(events)
        cs = self.session.scenario
        await box.mount_all([event_block(ev, changes=ch, cs=cs) for ev, ch in events])

    def refresh_all(self) -> None:
        self.refresh_board()
        self.refresh_top()
        self.refresh_status()
        self.refresh_bindings()

    def refresh_status(self) -> None:
        """The status line (the player's own), and the shared meters (tension...) that
        the player sees on a side card: here they go on a second line."""
        session = self.session
        self.query_one("#status-bar", StatusBar).refresh_status()
        meters = view.global_vars(session.scenario, "meter")
        line = self.query_one("#cls-situation", Static)
        line.display = bool(meters)
        if meters:
            line.update(
                Content.styled(view.SEP, "$text-muted").join(
                    view.var_content(session, v, with_max=True) for v in meters
                )
            )

    def refresh_board(self) -> None:
        vote = self.decision.vote
        self.query_one("#cls-board", VoteBoard).show(self.selected)
        total = vote.total
        title = Content.assemble(
            ("What does the class do?", "bold"),
            ("   ", ""),
            (f"{total} vote{'s' * (total != 1)}", "bold $text-accent"),
        )
        self.query_one("#cls-board-title", Static).update(title)

    def refresh_top(self) -> None:
        session = self.session
        cs = session.scenario
        code = session.class_code
        bits: list[Any] = [(cs.title, "bold")]
        if code:
            bits.append(("  ·  class ", "$text-muted"))
            bits.append((code, "bold"))
        if self.phase == "vote":
            bits.append((f"  ·  decision {session.decision_number}", "$text-muted"))
        else:
            bits.append((f"  ·  result of decision {len(session.turns)}", "$text-muted"))
        self.query_one("#cls-where", Static).update(Content.assemble(*bits))
        clock = self.query_one("#cls-clock", Static)
        c = self.decision.countdown
        if self.paused:
            clock.update(Content.styled(" PAUSED ", "bold reverse"))
        elif self.phase != "vote" or not c.enabled:
            clock.update("")
        elif c.expired:
            clock.update(Content.styled(" TIME'S UP ", "bold reverse $text-error"))
        else:
            style = "bold reverse $text-warning" if c.running and c.remaining <= 10 else "bold"
            clock.update(Content.assemble(("Time ", "$text-muted"), (f" {c.label} ", style)))
        self.set_class(self.paused, "-paused")

    # -- the clock --------------------------------------------------------------------------
    def _clock(self) -> None:
        t = time.monotonic()
        elapsed = t - (self._last_clock or t)
        self._last_clock = t
        self.tick(elapsed)

    def tick(self, elapsed: float) -> None:
        """Let ``elapsed`` seconds pass on the countdown (the live clock calls this; tests
        call it directly)."""
        before = self.decision.countdown.label
        if self.decision.tick(elapsed):
            self.app.bell()
            self.notify("Time's up: count the hands and enter the votes.", title="Time")
        if self.decision.countdown.label != before or self.decision.countdown.expired:
            self.refresh_top()

    def action_restart_timer(self) -> None:
        self.decision.start_timer()
        self.refresh_top()

    # -- entering votes ----------------------------------------------------------------------
    def focused_field(self) -> CountInput | None:
        f = self.app.focused
        return f if isinstance(f, CountInput) else None

    def action_select(self, number: int) -> None:
        o = self.decision.vote.by_number(number)
        if o is None:
            self.app.bell()
            self.app.clear_notifications()
            self.notify(
                "1-9 pick an option. To type its votes press Enter first; + and - count one by one.",
                title=f"No option {number}",
                markup=False,
            )
            return
        if not o.available:
            self.app.clear_notifications()
            self.notify(
                f"Locked: {o.reason or 'not available yet'}", title=f"Option {number}", markup=False
            )
            return
        self.selected = number
        self.refresh_board()

    def action_move(self, step: int) -> None:
        numbers = [o.number for o in self.decision.vote.available]
        if not numbers:
            return
        i = numbers.index(self.selected) if self.selected in numbers else -step
        self.selected = numbers[max(0, min(len(numbers) - 1, i + step))]
        if self.focused_field() is not None:
            self.focus_field(self.selected)
        self.refresh_board()

    def action_vote(self, delta: int) -> None:
        if self.selected is None:
            self.app.bell()
            return
        o = self.decision.vote.by_number(self.selected)
        if o is None:
            return
        try:
            self.decision.add(o.id, delta)
        except FacilitatorError as e:
            self.notify(str(e), severity="warning", markup=False)
            return
        self.refresh_board()

    def focus_field(self, number: int | None) -> None:
        row = self.query_one("#cls-board", VoteBoard).row(number) if number is not None else None
        if row is None or not row.option.available:
            return
        row.query_one(CountInput).focus()

    def action_type_count(self) -> None:
        self.focus_field(self.selected)

    def action_board(self) -> None:
        self.query_one("#cls-board", VoteBoard).focus()

    @on(Input.Changed, ".vote-count")
    def count_typed(self, event: Input.Changed) -> None:
        field = event.input
        if not isinstance(field, CountInput) or self.phase != "vote" or self.paused:
            return
        n = int(field.value) if field.value.isdigit() else 0
        if n != self.decision.vote.count(field.option_id):
            try:
                self.decision.set(field.option_id, n)
            except FacilitatorError as e:
                self.notify(str(e), severity="warning", markup=False)
        self.refresh_board()

    @on(Input.Submitted, ".vote-count")
    def count_entered(self, event: Input.Submitted) -> None:
        """Enter in a count field: on to the next option's field; after the last, back
        to the board (where r reveals)."""
        event.stop()
        numbers = [o.number for o in self.decision.vote.available]
        if self.selected in numbers and numbers.index(self.selected) + 1 < len(numbers):
            self.selected = numbers[numbers.index(self.selected) + 1]
            self.focus_field(self.selected)
        else:
            self.action_board()
        self.refresh_board()

    def on_descendant_focus(self, event: Any) -> None:
        widget = event.widget if hasattr(event, "widget") else None
        if isinstance(widget, CountInput):
            o = self.decision.vote.option(widget.option_id)
            self.selected = o.number
            self.refresh_board()

    def on_descendant_blur(self, event: Any) -> None:
        if isinstance(getattr(event, "widget", None), CountInput):
            self.call_after_refresh(self.refresh_board)  # an emptied field shows 0 again

    # -- reveal -------------------------------------------------------------------------------
    def action_reveal(self) -> None:
        try:
            outcome = self.decision.reveal()
        except FacilitatorError as e:
            self.notify(str(e), severity="warning", markup=False)
            return
        self.refresh_top()
        if outcome.kind == "winner":
            self.play(outcome, outcome.winner or "")
            return

        def settled(chosen: str | None) -> None:
            if chosen is None:  # back to the vote: the timer goes on where it stopped
                self.decision.countdown.resume()
                self.refresh_top()
                return
            try:
                choice = self.decision.resolve(outcome, chosen)
            except FacilitatorError as e:
                self.notify(str(e), severity="error", markup=False)
                return
            self.play(outcome, choice)

        self.app.push_screen(SettleDialog(self.decision.vote, outcome), settled)

    def play(self, outcome: Outcome, choice_id: str) -> None:
        from game.engine import ChoiceNotAvailable, EngineError
        from game.tui.screens.error import ErrorDialog

        session = self.session
        try:
            turn = session.choose(choice_id, outcome.votes)
        except ChoiceNotAvailable as e:
            self.notify(str(e), title="Not available", severity="warning", markup=False)
            return
        except EngineError as e:
            self.app.push_screen(ErrorDialog("The scenario has a fault", str(e)))
            return
        except Exception as e:  # never a traceback on the projector: the game is unchanged
            self.app.push_screen(ErrorDialog("Something went wrong", f"{type(e).__name__}: {e}"))
            return
        if session.last_save_error:
            self.notify(
                session.last_save_error, title="Autosave failed", severity="error", markup=False
            )
        self.call_later(self.show_result, turn, outcome)

    # -- the result phase -------------------------------------------------------------------------
    async def show_result(self, turn: Turn, outcome: Outcome) -> None:
        self.phase = "result"
        self.set_class(True, "-result")
        vote = self.decision.vote
        chosen = vote.option(turn.choice)
        n = outcome.votes.get(turn.choice, 0)
        total = outcome.total
        box = self.query_one("#cls-result", VerticalScroll)
        await box.remove_children()
        widgets: list[Widget] = [
            Static(view.scene_heading(self.session, turn.scene), classes="result-scene"),
            Static(
                Content.assemble(
                    ("THE CLASS CHOSE ", "bold reverse"),
                    "  ",
                    (f"{chosen.number}  ", "bold $text-accent"),
                    (turn.choice_text, "bold"),
                ),
                id="result-choice",
            ),
        ]
        if outcome.kind == "winner":
            note = f"{n} of {total} votes ({round(100 * n / total)}%)"
        elif outcome.kind == "tie":
            note = f"{n} of {total} votes: a tie, settled by the facilitator"
        else:
            note = "No votes were entered: the facilitator chose"
        widgets.append(Static(Content.styled(note, "italic"), id="result-note"))
        tally = Vertical(
            *(
                TallyRow(o, outcome.votes.get(o.id, 0), total, o.id == turn.choice)
                for o in vote.available
            ),
            id="result-tally",
        )
        widgets.append(tally)
        for r in turn.responses:
            widgets.append(
                Static(
                    Content.assemble((r.name, "bold $text-accent"), "\n", view.reflow(r.text)),
                    classes="result-response",
                )
            )
        if not turn.responses:
            widgets.append(
                Static(Content.styled("No leader answered directly.", "italic $text-muted"))
            )
        widgets.extend(event_block(ev, " EVENT ") for ev in turn.events)
        if turn.changes:
            cs = self.session.scenario
            widgets.append(
                Static(Content.styled("What changed", "bold underline"), classes="section")
            )
            widgets.append(
                Static(
                    Content("\n").join(view.change_line(cs, c) for c in turn.changes),
                    classes="result-changes",
                )
            )
        nxt = (
            "the debrief"
            if turn.ending is not None
            else view.scene_title(self.session.scenario, turn.next_scene or "")
        )
        widgets.append(
            Static(
                Content.assemble(
                    ("Next: ", "$text-muted"), (nxt, "bold"), ("   (Enter)", "$text-muted")
                ),
                id="result-next",
            )
        )
        await box.mount_all(widgets)
        box.scroll_home(animate=False)
        box.focus()
        self.refresh_top()
        self.refresh_status()
        self.refresh_bindings()

    async def action_next(self) -> None:
        if self.session.finished:
            self.app.switch_screen(DebriefScreen(self.session))
            return
        await self.show_decision()

    # -- pause, inject, panels ------------------------------------------------------------------
    def action_pause(self) -> None:
        if self.phase == "vote":
            self.paused = self.decision.toggle_pause()
        else:
            self.paused = not self.paused
        board = self.query_one("#cls-board", VoteBoard)
        if self.paused and self.focused_field() is not None:
            board.focus()
        for field in board.query(CountInput).results(CountInput):
            field.disabled = self.paused
        self.refresh_all()

    def action_inject(self) -> None:
        events = self.session.injectable()
        if not events:
            self.notify("This scenario has no more events to inject.", title="Inject", markup=False)
            return
        self.app.push_screen(InjectDialog(self.session, events), self.injected)

    async def injected(self, event_id: str | None) -> None:
        from game.engine import ChoiceNotAvailable, EngineError
        from game.tui.screens.error import ErrorDialog

        if event_id is None:
            return
        session = self.session
        scene = session.game.state.scene
        before = [(o.id, o.available) for o in self.decision.vote.options]
        try:
            fired = session.inject(event_id)
        except (ChoiceNotAvailable, EngineError) as e:
            self.app.push_screen(ErrorDialog("The event could not be injected", str(e)))
            return
        if session.last_save_error:
            self.notify(
                session.last_save_error, title="Autosave failed", severity="error", markup=False
            )
        if session.finished:  # the event led straight to an ending
            self.app.switch_screen(DebriefScreen(self.session))
            return
        now = [(o.id, o.available) for o in session.options()]
        if session.game.state.scene != scene or now != before:
            # The event changed what can be chosen: a new vote (counts kept where they can be).
            await self.show_decision(keep=self.decision.vote)
            self.notify(
                f"{fired.title}: the options changed.", title="Event injected", markup=False
            )
        else:
            await self.show_injected()
            self.refresh_status()
            self.notify(fired.title, title="Event injected", markup=False)
        self.query_one("#cls-story", VerticalScroll).scroll_end(animate=False)

    def action_why(self) -> None:
        from game.tui.screens.why import WhyScreen

        self.app.push_screen(WhyScreen(self.session))  # type: ignore[arg-type]

    def action_log(self) -> None:
        from game.tui.screens.log import LogScreen

        self.app.push_screen(LogScreen(self.session))  # type: ignore[arg-type]

    def action_keys(self) -> None:
        self.app.push_screen(KeysScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if super().check_action(action, parameters) is False:
            return False
        voting = self.phase == "vote"
        if action in ("select", "move", "vote", "type_count"):
            return voting and not self.paused
        if action == "board":
            return voting and self.focused_field() is not None
        if action == "reveal":
            if not voting:
                return False
            return None if self.paused else True  # shown, greyed, while paused
        if action == "next":
            return not voting
        if action == "inject":
            return voting
        if action == "restart_timer":
            return voting and self.decision.countdown.enabled
        return True


# -- dialogs ---------------------------------------------------------------------------------------
class SettleDialog(BaseModal[str | None]):
    """A tie (or a vote with no votes): the facilitator picks the option to play."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back to the vote"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, vote: Vote, outcome: Outcome) -> None:
        super().__init__()
        self.vote = vote
        self.outcome = outcome
        self.candidates = [vote.option(cid) for cid in outcome.tied]

    def compose(self) -> ComposeResult:
        tie = self.outcome.kind == "tie"
        with Vertical(id="settle", classes="dialog"):
            if tie:
                top = self.outcome.votes[self.outcome.tied[0]]
                title = f"A tie: {len(self.candidates)} options have {top} votes each"
                lead = (
                    "You settle it: which option does the class play? Press its number, or Enter."
                )
            else:
                title = "No votes were entered"
                lead = "Pick the option to play (its number, or Enter), or press Escape and enter the votes."
            yield Static(title, classes="dialog-title", markup=False)
            yield Static(Content.styled(lead, "italic"), id="settle-lead")
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            (f"{o.number}  ", "bold"),
                            o.text,
                            f"   ({self.outcome.votes.get(o.id, 0)} votes)" if tie else "",
                        ),
                        id=o.id,
                    )
                    for o in self.candidates
                ),
                id="settle-options",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#settle-options", OptionList).focus()

    @on(OptionList.OptionSelected, "#settle-options")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_pick(self, number: int) -> None:
        o = next((o for o in self.candidates if o.number == number), None)
        if o is None:
            self.app.bell()
            return
        self.dismiss(o.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class InjectDialog(BaseModal[str | None]):
    """The injectable events that have not happened yet: the facilitator's "crisis update"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, session: ClassSession, events: Iterable[Any]) -> None:
        super().__init__()
        self.session = session
        self.events = list(events)

    def preview(self, ev: Any) -> str:
        try:
            text = view.reflow(self.session.game.render(ev.text))
        except Exception:
            return ""
        return text if len(text) <= 160 else text[:157].rstrip() + "…"

    def compose(self) -> ComposeResult:
        with Vertical(id="inject", classes="dialog"):
            yield Static("Inject an event", classes="dialog-title", markup=False)
            yield Static(
                Content.styled(
                    "It happens now, before the class decides, and is recorded in the save. Enter injects it.",
                    "italic",
                ),
                id="inject-lead",
            )
            options: list[Option | None] = []
            for ev in self.events:
                if options:
                    options.append(None)  # a separator line: one event, one block
                options.append(
                    Option(Content.assemble((ev.title, "bold"), "\n", self.preview(ev)), id=ev.id)
                )
            yield OptionList(*options, id="inject-events")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#inject-events", OptionList).focus()

    @on(OptionList.OptionSelected, "#inject-events")
    def picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


KEYS = [
    ("1-9  ↑ ↓", "pick an option's row"),
    ("+  -", "one vote more or less for that option"),
    ("Enter", "type the count (Enter again: the next option; Escape: done)"),
    ("r", "reveal: the option with the most votes is played"),
    ("Enter  n", "after the reveal: on to the next scene"),
    ("p", "pause or resume (the timer stops; votes and reveal wait)"),
    ("t", "start the timer again"),
    ("i", "inject an event: a crisis update"),
    ("w  l", "Why? the leaders' reasons for the last turn; the log"),
    ("ctrl+q", "quit: the game is saved; continue with --load"),
]


class KeysScreen(PanelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("question_mark", "close", "Close", show=False)]
    panel_id = "keys"
    panel_title = "Facilitator keys"

    def body(self) -> Iterable[Widget]:
        from game.tui.screens.help import key_rows

        yield key_rows(KEYS, classes="help-keys")


# -- the debrief -------------------------------------------------------------------------------------
class DebriefScreen(BaseScreen[None]):
    """The end: how it turned out, what really happened, the questions to discuss, how
    the class voted, and the glossary."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "why", "Why?"),
        Binding("l", "log", "Log"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, session: ClassSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        cs = session.scenario
        ending = session.game.ending()
        with VerticalScroll(id="debrief"):
            if ending is None:
                yield Static("The game has not ended.", markup=False)
                return
            yield Static(
                Content.assemble(("THE END", "bold reverse"), "  ", (ending.title, "bold")),
                id="debrief-title",
            )
            yield Static(view.reflow(ending.text), id="debrief-text", markup=False)
            debrief = cs.model.debrief
            yield from outcome_widgets(ending, debrief, ScoreBar)
            if debrief.questions:
                yield Static(
                    Content.styled("Questions to discuss", "bold underline"), classes="section"
                )
                yield Static(
                    Content("\n\n").join(
                        Content.assemble((f"{i}. ", "bold $text-accent"), (q, "bold"))
                        for i, q in enumerate(debrief.questions, 1)
                    ),
                    id="debrief-questions",
                )
            history = class_history(session)
            if history is not None:
                yield Static(
                    Content.styled("How the class voted", "bold underline"), classes="section"
                )
                yield Static(history, id="debrief-votes")
            if debrief.glossary:
                yield Static(Content.styled("Glossary", "bold underline"), classes="section")
                yield Static(
                    Content("\n").join(
                        Content.assemble((g.term, "bold"), ": ", g.definition)
                        for g in debrief.glossary
                    ),
                    id="debrief-glossary",
                )
            where = session.save.path
            if where is not None:
                folder = shown_path(where.parent)
                yield Static(
                    Content.styled(
                        f"Saved as '{session.name}' in {folder}. "
                        f"For the class report: negotiator report {folder}",
                        "$text-muted",
                    ),
                    id="debrief-saved",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#debrief", VerticalScroll).focus()

    def action_why(self) -> None:
        from game.tui.screens.why import WhyScreen

        self.app.push_screen(WhyScreen(self.session))  # type: ignore[arg-type]

    def action_log(self) -> None:
        from game.tui.screens.log import LogScreen

        self.app.push_screen(LogScreen(self.session))  # type: ignore[arg-type]
