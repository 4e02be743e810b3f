"""The shared values that are not on the status line: ``show: meter`` and ``show: value``
variables that belong to no leader (tension, a capital's patience, your leverage)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from game.tui import view
from game.tui.widgets.meter import Meter

if TYPE_CHECKING:
    from game.tui.session import PlaySession


def has_situation(session: PlaySession) -> bool:
    cs = session.scenario
    return bool(view.global_vars(cs, "meter") or view.global_vars(cs, "value"))


class SituationCard(Vertical):
    def __init__(self, session: PlaySession) -> None:
        super().__init__(id="situation", classes="leader-card situation")
        self.session = session

    def compose(self) -> ComposeResult:
        cs = self.session.scenario
        yield Static("The situation", classes="card-name", markup=False)
        for v in view.global_vars(cs, "meter"):
            if v.kind == "int" and v.lo is not None and v.hi is not None:
                yield Meter(v.short_label or v.label, 0, v.lo, v.hi, id=f"meter-{v.name}")
            else:
                yield Static(classes="card-value", markup=False, id=f"value-{v.name}")
        for v in view.global_vars(cs, "value"):
            yield Static(classes="card-value", markup=False, id=f"value-{v.name}")

    def on_mount(self) -> None:
        self.refresh_card()

    def refresh_card(self) -> None:
        session = self.session
        cs = session.scenario
        for v in (*view.global_vars(cs, "meter"), *view.global_vars(cs, "value")):
            for meter in self.query(f"#meter-{v.name}").results(Meter):
                meter.set_value(
                    session.game.value(v.name), view.last_delta(session.last_turn, v.name)
                )
            for box in self.query(f"#value-{v.name}").results(Static):
                box.update(view.var_content(session, v))
