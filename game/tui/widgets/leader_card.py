"""A leader's card: name, title, meters with their change, and the latest response."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.tui import view
from game.tui.widgets.meter import Meter

if TYPE_CHECKING:
    from game.engine.runtime import VarInfo
    from game.tui.session import PlaySession


def is_bar(v: VarInfo) -> bool:
    return v.kind == "int" and v.lo is not None and v.hi is not None


def widget_id(v: VarInfo) -> str:
    return v.name.replace(".", "-")


class LeaderCard(Vertical):
    """One leader. ``-present`` when he is in the scene; ``-spoke`` when he answered in
    the last turn. Where the layout is compact the stylesheet hides the response (the
    story shows the last turn's answers instead)."""

    def __init__(self, session: PlaySession, leader: str) -> None:
        super().__init__(id=f"leader-{leader}", classes="leader-card")
        self.session = session
        self.leader = leader
        self.info = session.scenario.leaders[leader]

    def shown_vars(self) -> list[VarInfo]:
        cs = self.session.scenario
        return [
            *view.leader_vars(cs, self.leader, "meter"),
            *view.leader_vars(cs, self.leader, "value"),
        ]

    def compose(self) -> ComposeResult:
        yield Static(classes="card-name", markup=False)
        title = " · ".join(x for x in (self.info.title, self.info.country) if x)
        yield Static(view.plain(title), classes="card-title", markup=False)
        for v in self.shown_vars():
            if v.show == "meter" and is_bar(v):
                yield Meter(
                    v.short_label or v.label, 0, v.lo or 0, v.hi or 0, id=f"meter-{widget_id(v)}"
                )
            else:
                yield Static(classes="card-value", markup=False, id=f"value-{widget_id(v)}")
        yield Static(classes="card-response", markup=False)

    def on_mount(self) -> None:
        self.refresh_card()

    def refresh_card(self) -> None:
        session = self.session
        game = session.game
        turn = session.last_turn
        present = not game.finished and self.leader in game.scene.present
        self.set_class(present, "-present")
        marker = ("● ", "bold $text-accent") if present else ("", "")
        self.query_one(".card-name", Static).update(
            Content.assemble(marker, (self.info.name, "bold"))
        )
        for v in self.shown_vars():
            for meter in self.query(f"#meter-{widget_id(v)}").results(Meter):
                meter.set_value(game.value(v.name), view.last_delta(turn, v.name))
            for box in self.query(f"#value-{widget_id(v)}").results(Static):
                box.update(view.var_content(session, v))
        response, fresh = view.latest_response(session.turns, self.leader)
        self.set_class(fresh, "-spoke")
        self.set_class(response is None, "-silent")
        box = self.query_one(".card-response", Static)
        if response is not None:
            box.update(
                Content.assemble(("▸ " if fresh else "", "bold"), view.reflow(response.text))
            )
