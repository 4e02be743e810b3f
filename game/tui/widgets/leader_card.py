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
    from game.tui.session import PlaySession


class LeaderCard(Vertical):
    """One leader. ``-present`` when he is in the scene; ``-spoke`` when he answered in
    the last turn (his response is then shown in full, otherwise dimmed)."""

    def __init__(self, session: PlaySession, leader: str) -> None:
        super().__init__(id=f"leader-{leader}", classes="leader-card")
        self.session = session
        self.leader = leader
        self.info = session.scenario.leaders[leader]

    def compose(self) -> ComposeResult:
        cs = self.session.scenario
        yield Static(classes="card-name", markup=False)
        title = " · ".join(x for x in (self.info.title, self.info.country) if x)
        yield Static(view.plain(title), classes="card-title", markup=False)
        for v in view.leader_vars(cs, self.leader, "meter"):
            if v.kind == "int" and v.lo is not None and v.hi is not None:
                yield Meter(v.label, 0, v.lo, v.hi, id=f"meter-{self.leader}-{v.name.split('.')[-1]}")
        for v in view.leader_vars(cs, self.leader, "value"):
            yield Static(classes="card-value", markup=False, id=f"value-{self.leader}-{v.name.split('.')[-1]}")
        yield Static(classes="card-response", markup=False)

    def on_mount(self) -> None:
        self.refresh_card()

    def refresh_card(self) -> None:
        session = self.session
        cs = session.scenario
        game = session.game
        turn = session.last_turn
        present = self.leader in game.scene.present if not game.finished else False
        self.set_class(present, "-present")
        marker = ("● ", "bold $text-accent") if present else ("", "")
        self.query_one(".card-name", Static).update(Content.assemble(marker, (self.info.name, "bold")))
        for v in view.leader_vars(cs, self.leader, "meter"):
            for meter in self.query(f"#meter-{self.leader}-{v.name.split('.')[-1]}").results(Meter):
                meter.set_value(game.value(v.name), view.last_delta(turn, v.name))
        for v in view.leader_vars(cs, self.leader, "value"):
            widget = self.query_one(f"#value-{self.leader}-{v.name.split('.')[-1]}", Static)
            widget.update(
                Content.assemble(
                    (f"{v.label}: ", "$text-muted"),
                    (v.format(game.value(v.name)), "bold"),
                    view.delta_run(view.last_delta(turn, v.name)),
                )
            )
        response, fresh = view.latest_response(session.turns, self.leader)
        self.set_class(fresh, "-spoke")
        box = self.query_one(".card-response", Static)
        if response is None:
            box.update(Content.styled("No word yet.", "italic $text-muted"))
        else:
            box.update(Content.assemble(("▸ " if fresh else "", "bold"), view.reflow(response.text)))
