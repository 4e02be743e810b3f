"""The vote board: one row per option with its count and a bar of its share of votes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from game.tui.widgets.meter import bar_cells
from game.tui.widgets.meter_widget import Meter

if TYPE_CHECKING:
    from game.classroom.facilitator import Vote, VoteOption


class ScoreBar(Meter):
    """An outcome dimension on the debrief: label, a wide bar, value."""

    MAX_BAR = 40


class VoteBar(Widget):
    """``█████░░░░░  40%``: the option's share of the votes entered so far."""

    DEFAULT_CSS = "VoteBar { height: 1; width: 1fr; }"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.count = 0
        self.total = 0

    def set_votes(self, count: int, total: int) -> None:
        if (count, total) != (self.count, self.total):
            self.count, self.total = count, total
            self.refresh()

    def render(self) -> Content:
        pct = f"{round(100 * self.count / self.total):>3}%" if self.total else "    "
        width = max(3, self.size.width - len(pct) - 1)
        return Content.assemble(
            *bar_cells(self.count, 0, max(1, self.total), width), " ", (pct, "bold")
        )


class CountInput(Input):
    """The count for one option: digits only; Enter moves on to the next option."""

    def __init__(self, option_id: str, **kwargs: object) -> None:
        super().__init__(
            value="0",
            restrict=r"[0-9]*",
            max_length=3,
            compact=True,
            select_on_focus=True,
            **kwargs,  # type: ignore[arg-type]
        )
        self.option_id = option_id

    def show_count(self, n: int) -> None:
        """Show ``n`` unless the facilitator is typing that very number (or clearing the
        field to type a new one)."""
        typed = int(self.value) if self.value.isdigit() else 0
        if typed != n or (not self.value and not self.has_focus):
            self.value = str(n)


class VoteRow(Horizontal):
    """One option: its number, its text (or why it is locked), its bar and its count."""

    def __init__(self, option: VoteOption) -> None:
        classes = "vote-row" + ("" if option.available else " -locked")
        super().__init__(id=f"row-{option.number}", classes=classes)
        self.option = option

    def compose(self) -> ComposeResult:
        o = self.option
        yield Static(Content.styled(f"{o.number}", "bold"), classes="vote-num")
        if o.available:
            yield Static(Content(o.text), classes="vote-text")
            yield VoteBar(classes="vote-bar")
            yield CountInput(o.id, classes="vote-count", id=f"count-{o.number}")
        else:
            yield Static(
                Content.assemble(
                    (o.text, "strike"),
                    "\n",
                    ("locked: ", "bold"),
                    (o.reason or "not available yet", "italic"),
                ),
                classes="vote-text",
            )
            yield Static(Content.styled("locked", "italic"), classes="vote-locked")

    def show(self, vote: Vote) -> None:
        o = self.option
        if not o.available:
            return
        n = vote.count(o.id)
        self.query_one(VoteBar).set_votes(n, vote.total)
        self.query_one(CountInput).show_count(n)


class VoteBoard(VerticalScroll):
    """The options of the decision. Focusable itself (keys 1–9 pick a row, + and −
    change its count); each count field can take the focus for typing."""

    can_focus = True

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.vote: Vote | None = None

    async def set_vote(self, vote: Vote) -> None:
        self.vote = vote
        await self.remove_children()
        await self.mount_all([VoteRow(o) for o in vote.options])

    def rows(self) -> list[VoteRow]:
        return list(self.query(VoteRow).results(VoteRow))

    def row(self, number: int) -> VoteRow | None:
        return next((r for r in self.rows() if r.option.number == number), None)

    def show(self, selected: int | None) -> None:
        if self.vote is None:
            return
        for r in self.rows():
            r.show(self.vote)
            r.set_class(r.option.number == selected, "-selected")


class TallyRow(Horizontal):
    """One option in the revealed vote: its number, text, bar and count; the option
    that was played is marked."""

    def __init__(self, option: VoteOption, count: int, total: int, chosen: bool) -> None:
        super().__init__(classes="vote-row tally-row" + (" -chosen" if chosen else ""))
        self.option = option
        self.count = count
        self.total = total
        self.chosen = chosen

    def compose(self) -> ComposeResult:
        o = self.option
        yield Static(
            Content.styled(f"{'▸' if self.chosen else ' '}{o.number}", "bold"), classes="vote-num"
        )
        yield Static(Content(o.text), classes="vote-text")
        bar = VoteBar(classes="vote-bar")
        bar.count, bar.total = self.count, self.total
        yield bar
        yield Static(Content.styled(f"{self.count:>3}", "bold"), classes="tally-count")
