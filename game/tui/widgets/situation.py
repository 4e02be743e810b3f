"""The shared values that are not on the status line: ``show: meter`` and ``show: value``
variables that belong to no leader (tension, a capital's patience, your leverage)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from game.tui import view
from game.tui.widgets.leader_card import Card, MeterRow, is_bar

if TYPE_CHECKING:
    from game.tui.session import PlaySession


def has_situation(session: PlaySession) -> bool:
    cs = session.scenario
    return bool(view.global_vars(cs, "meter") or view.global_vars(cs, "value"))


class SituationCard(Card):
    """A card like the leaders', headed "The situation", without a title or response."""

    def __init__(self, session: PlaySession) -> None:
        super().__init__(session, id="situation", classes="leader-card situation")

    def refresh_card(self) -> None:
        session = self.session
        cs = session.scenario
        rows: list[MeterRow | Content] = []
        for v in view.global_vars(cs, "meter"):
            if is_bar(v):
                rows.append(
                    MeterRow(
                        v.name,
                        v.short_label or v.label,
                        session.game.value(v.name),
                        v.lo or 0,
                        v.hi or 0,
                        view.last_delta(session.last_turn, v.name),
                    )
                )
            else:
                rows.append(view.var_content(session, v))
        rows += [view.var_content(session, v) for v in view.global_vars(cs, "value")]
        self.show(Content("The situation"), None, rows, None)
