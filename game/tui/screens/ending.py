"""The ending: its title and text, the outcome dimensions as bars, and the debrief."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from game.tui import view
from game.tui.screens.base import BaseScreen
from game.tui.widgets.footer import Footer
from game.tui.widgets.meter_widget import Meter

if TYPE_CHECKING:
    from collections.abc import Iterator

    from textual.app import App
    from textual.widget import Widget

    from game.engine import EndingResult
    from game.model.scenario import Debrief
    from game.tui.session import PlaySession


def outcome_widgets(
    ending: EndingResult, debrief: Debrief, bar: type[Meter] | None = None
) -> Iterator[Widget]:
    """The scores as bars, the ending's own note and what really happened: the part of
    an ending that the player's ending screen and the class debrief show alike (the
    debrief passes its wider bar)."""
    bar = bar or ScoreBar
    if ending.scores:
        yield Static(Content.styled("How it turned out", "bold underline"), classes="section")
        for score in ending.scores:
            hint = " (lower is better)" if score.higher_is == "worse" else ""
            yield bar(f"{score.label}{hint}", score.value, score.lo, score.hi, classes="score")
    if ending.debrief:
        yield Static(view.reflow(ending.debrief), classes="ending-note", markup=False)
    if debrief.what_happened:
        yield Static(Content.styled("What really happened", "bold underline"), classes="section")
        yield Static(view.reflow(debrief.what_happened), classes="debrief-text", markup=False)


class ScoreBar(Meter):
    """An outcome dimension: label (and which way is better), bar, value."""

    MAX_BAR = 30


def preload_styles(app: App[Any]) -> None:
    """Parse the default CSS of the ending's widgets that the game screen does not use
    (buttons, score bars) ahead of time. Textual parses a widget class's CSS when its
    first instance is mounted: reaching an ending spent ~10 ms on it. The sources are
    added exactly as Textual adds them, so mounting them later changes nothing."""
    stylesheet = app.stylesheet
    for widget in (Button(), ScoreBar("", 0, 0, 1)):
        for read_from, css, tie_breaker, scope in widget._get_default_css():
            stylesheet.add_source(
                css,
                read_from=read_from,
                is_default_css=True,
                tie_breaker=tie_breaker,
                scope=scope,
            )
    stylesheet.parse()


class EndingScreen(BaseScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "again", "Play again"),
        Binding("t", "title", "Title screen"),
        Binding("x", "export", "Export"),
        Binding("ctrl+z,u", "undo", "Undo", key_display="u"),
        Binding("ctrl+o", "load", "Load", show=False),
        Binding("w", "why", "Why?"),
        Binding("l", "log", "Log"),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        cs = session.scenario
        ending = session.game.ending()
        with VerticalScroll(id="ending"), Vertical(id="ending-body"):
            if ending is None:  # cannot happen: the game screen shows this only at an end
                yield Static("The game has not ended.", markup=False)
                return
            yield Static(
                Content.assemble(("THE END  ", "bold reverse"), " ", ending.title),
                id="ending-title",
            )
            yield Static(view.reflow(ending.text), id="ending-text", markup=False)
            debrief = cs.model.debrief
            yield from outcome_widgets(ending, debrief)
            if debrief.questions:
                yield Static(
                    Content.styled("Questions to discuss", "bold underline"), classes="section"
                )
                yield Static(
                    Content("\n").join(
                        Content.assemble((f"{i}. ", "bold"), q)
                        for i, q in enumerate(debrief.questions, 1)
                    ),
                    classes="debrief-questions",
                )
            if debrief.assumptions:
                yield Static(
                    Content.styled("What the model assumes", "bold underline"), classes="section"
                )
                yield Static(view.reflow(debrief.assumptions), classes="debrief-text", markup=False)
            if debrief.sources:
                yield Static(Content.styled("Sources", "bold underline"), classes="section")
                yield Static(
                    Content("\n").join(
                        Content.assemble(
                            "• ", s.title, (f"  {s.url}" if s.url else "", "$text-muted")
                        )
                        for s in debrief.sources
                    ),
                    classes="debrief-sources",
                )
            s = session.settings
            who = f"{s.player} as " if s.player else ""
            yield Static(
                Content.styled(
                    f"{cs.title}: {who}{session.game.role.name}, {len(session.turns)} turns, seed {s.seed}",
                    "$text-muted",
                ),
                id="ending-game",
            )
        with Horizontal(id="ending-buttons", classes="dialog-buttons"):
            yield Button("Play again", id="again", variant="primary")
            yield Button("Title screen", id="title")
            yield Button(
                "Export transcript",
                id="export",
                disabled=not hasattr(self.app.saves, "export_transcript"),
            )  # type: ignore[attr-defined]
            yield Button("Quit", id="quit")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ending", VerticalScroll).focus()

    def action_again(self) -> None:
        from game.tui.session import StartError

        try:
            session = self.session.restart()
        except StartError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.app.show_session(session)  # type: ignore[attr-defined]

    def action_title(self) -> None:
        self.app.action_title()  # type: ignore[attr-defined]

    def action_export(self) -> None:
        # Issue 5: the save store writes the transcript (replay is what makes one).
        self.app.saves.export_transcript(self.app, self.session)  # type: ignore[attr-defined]

    def action_undo(self) -> None:
        # Back to the game before the last choice (issue 5).
        self.app.saves.undo(self.app, self.session)  # type: ignore[attr-defined]

    def action_load(self) -> None:
        self.app.saves.open_load_screen(self.app)  # type: ignore[attr-defined]

    def action_why(self) -> None:
        from game.tui.screens.why import WhyScreen

        self.app.push_screen(WhyScreen(self.session))

    def action_log(self) -> None:
        from game.tui.screens.log import LogScreen

        self.app.push_screen(LogScreen(self.session))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if super().check_action(action, parameters) is False:
            return False
        hook = {"export": "export_transcript", "undo": "undo", "load": "open_load_screen"}.get(
            action
        )
        if hook is not None:
            return hasattr(self.app.saves, hook)  # type: ignore[attr-defined]
        return True

    @on(Button.Pressed)
    def button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        actions = {
            "again": self.action_again,
            "title": self.action_title,
            "export": self.action_export,
            "quit": self.app.exit,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()
