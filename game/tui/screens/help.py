"""Help (? or F1): the keys, the player's role and objectives, the leaders, the glossary."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.tui import view
from game.tui.screens.panel import PanelScreen
from game.tui.widgets.hanging import HangingRows, Row

if TYPE_CHECKING:
    from game.tui.session import PlaySession

KEYS = [
    ("1-9", "make a choice"),
    ("↑ ↓  Enter", "move through the choices and pick one (or click it)"),
    ("PgUp PgDn", "scroll the scene's text"),
    ("w", "Why? what drove the last turn"),
    ("l", "the log of every turn"),
    ("? or F1", "this help"),
    ("ctrl+p", "command palette: new game, theme, help, log"),
    ("Escape", "close a window"),
    ("ctrl+q", "quit"),
]
KEYS_LATER = [("ctrl+s  ctrl+o  u", "save, load and undo (coming with saves)")]
KEYS_SAVES = [
    ("u or ctrl+z", "undo: take back the last choice (as often as you like)"),
    ("ctrl+s", "save a named copy (every turn is saved anyway)"),
    ("ctrl+o", "load a saved game"),
]


def key_rows(rows: list[tuple[str, str]], classes: str) -> HangingRows:
    """Keys and what they do, in two columns: a description that wraps goes on under
    itself, not under the keys."""
    width = max(len(k) for k, _ in rows)
    return HangingRows(
        (
            Row(Content.assemble((k.ljust(width), "bold $text-accent"), "  "), Content(d))
            for k, d in rows
        ),
        classes=classes,
    )


class HelpScreen(PanelScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "close", "Close", show=False)
    ]
    panel_id = "help"
    panel_title = "Help"

    def __init__(self, session: PlaySession | None) -> None:
        super().__init__()
        self.session = session

    def body(self) -> Iterable[Widget]:
        yield Static(Content.styled("Keys", "bold underline"), classes="section")
        saves = getattr(self.app, "saves", None)
        rows = KEYS + (KEYS_SAVES if saves is not None else KEYS_LATER)
        yield key_rows(rows, classes="help-keys")
        session = self.session
        if session is None:
            yield Static(
                Content.styled(
                    "Start a game to see your role, your objectives and the glossary here.",
                    "italic $text-muted",
                )
            )
            return
        cs = session.scenario
        role = session.game.role
        s = session.settings
        yield Static(Content.styled("Your role", "bold underline"), classes="section")
        parts: list[tuple[str, str] | str] = [(role.name, "bold")]
        if s.player:
            parts += [("  played by ", "$text-muted"), (s.player, "bold")]
        parts += ["\n", view.reflow(role.briefing)]
        yield Static(Content.assemble(*parts), classes="help-role")
        if role.objectives:
            yield Static(Content.styled("Your objectives", "bold underline"), classes="section")
            yield HangingRows(
                (Row(Content.styled("• ", "bold"), Content(o)) for o in role.objectives),
                classes="help-objectives",
            )
        if cs.leaders:
            yield Static(Content.styled("The leaders", "bold underline"), classes="section")
            yield HangingRows(
                (
                    Row(
                        Content(""),
                        Content.assemble(
                            (info.name, "bold"),
                            (f", {info.title}" if info.title else "", "$text-muted"),
                            "\n",
                            info.summary,
                        ),
                        2,
                    )
                    for info in cs.leaders.values()
                ),
                classes="help-leaders",
            )
        glossary = cs.model.debrief.glossary
        if glossary:
            yield Static(Content.styled("Glossary", "bold underline"), classes="section")
            yield HangingRows(
                (
                    Row(Content.assemble((g.term, "bold"), ": "), Content(g.definition), 2)
                    for g in glossary
                ),
                classes="help-glossary",
            )
        yield Static(
            Content.styled(f"{cs.title} · version {cs.version} · seed {s.seed}", "$text-muted"),
            classes="help-game",
        )
