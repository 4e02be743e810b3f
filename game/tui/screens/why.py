"""Why? (w): for the last turn, which interests drove each leader's response, and which
values changed and by how much."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.tui import view
from game.tui.screens.panel import PanelScreen

if TYPE_CHECKING:
    from game.tui.session import PlaySession


class WhyScreen(PanelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("w", "close", "Close", show=False)]
    panel_id = "why"

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        turn = session.last_turn
        self.panel_title = (
            "Why? What drove the last turn" if turn is None else f"Why? Turn {turn.number}"
        )

    def body(self) -> Iterable[Widget]:
        session = self.session
        turn = session.last_turn
        if turn is None:
            yield Static(
                Content.styled(
                    "Nothing has happened yet. Make a choice, then press w to see why the leaders answered as they did.",
                    "italic",
                ),
                classes="why-empty",
            )
            return
        cs = session.scenario
        yield Static(
            Content.assemble(
                ("You chose: ", "bold"),
                (turn.choice_text, "italic"),
                ("  in " + view.scene_title(cs, turn.scene), "$text-muted"),
            ),
            classes="why-choice",
        )
        if turn.responses:
            yield Static(
                Content.styled("What drove each answer", "bold underline"), classes="section"
            )
            for r in turn.responses:
                yield Static(
                    Content.assemble(
                        (r.name, "bold"),
                        "\n",
                        view.reflow(r.text),
                        "\n",
                        ("Because: ", "bold $text-accent"),
                        (r.because or "(the scenario gives no reason)", "italic"),
                    ),
                    classes="why-response",
                )
        else:
            yield Static(
                Content.styled("No leader answered this choice directly.", "italic $text-muted")
            )
        for ev in turn.events:
            yield Static(
                Content.assemble(
                    (" EVENT ", "bold reverse"), " ", (ev.title, "bold"), "\n", view.reflow(ev.text)
                ),
                classes="event",
            )
        yield Static(Content.styled("What changed", "bold underline"), classes="section")
        if turn.changes:
            yield Static(
                Content("\n").join(view.change_line(cs, c) for c in turn.changes),
                classes="why-changes",
            )
        else:
            yield Static(Content.styled("Nothing changed.", "italic $text-muted"))
