"""Read-only views of the engine's data for the screens: lookups and text, no rules.

Everything here reads a :class:`~game.tui.session.PlaySession`, a ``Turn`` or the
compiled scenario and turns it into Textual ``Content``. Content from the scenario is
always inserted as plain text (never parsed as markup), so ``[brackets]`` show as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from rich.cells import cell_len
from textual.content import Content

if TYPE_CHECKING:
    from game.engine import CouncilTally, LeaderResponse, Turn
    from game.engine.runtime import CompiledScenario, VarInfo
    from game.tui.session import PlaySession


def plain(text: Any) -> Content:
    """Scenario text as literal Content (no markup)."""
    return Content(str(text))


_LIST_MARK = ("- ", "* ", "• ")


def reflow(text: str) -> str:
    """Join the lines of each paragraph, so that text written in a YAML block wraps to
    the terminal's width. Blank lines (paragraphs) and list items are kept."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines()]
        out: list[str] = []
        for line in lines:
            if out and line and not line.startswith(_LIST_MARK) and not out[-1].endswith(":"):
                out[-1] = f"{out[-1]} {line}"
            else:
                out.append(line)
        paragraphs.append("\n".join(out))
    return "\n\n".join(p for p in paragraphs if p)


def render_field(session: PlaySession, value: Any) -> str | None:
    """A scene field that may be a template (a callable) or a plain string."""
    if value is None:
        return None
    if callable(value):
        return session.game.render(value)
    return str(value)


# -- variables ------------------------------------------------------------------------
def global_vars(cs: CompiledScenario, show: str) -> list[VarInfo]:
    return [v for v in cs.variables if v.leader is None and v.show == show]


def leader_vars(cs: CompiledScenario, leader: str, show: str) -> list[VarInfo]:
    return [v for v in cs.leaders[leader].variables if v.show == show]


def last_delta(turn: Turn | None, name: str) -> int | None:
    """How much the variable changed in the last turn (None if it did not, or is not a number)."""
    if turn is None:
        return None
    for change in turn.changes:
        if change.name == name:
            return change.delta
    return None


def changed(turn: Turn | None, name: str) -> bool:
    return turn is not None and any(c.name == name for c in turn.changes)


def latest_response(turns: list[Turn], leader: str) -> tuple[LeaderResponse | None, bool]:
    """The leader's most recent response, and whether it was in the last turn."""
    for i in range(len(turns) - 1, -1, -1):
        for r in turns[i].responses:
            if r.leader == leader:
                return r, i == len(turns) - 1
    return None, False


def delta_run(delta: int | None) -> tuple[str, str]:
    if not delta:
        return ("", "")
    if delta > 0:
        return (f" ▲{delta}", "bold $text-accent")
    return (f" ▼{-delta}", "bold $text-accent")


# -- the status line ----------------------------------------------------------------------
SEP = "  │  "
NARROW_SEP = " │ "
CUT_TO = 12  # a long value is cut short to no fewer cells than this (with the "…")


class VarShown(NamedTuple):
    """One variable as shown: ``label: value`` and its change in the last turn."""

    label: str
    value: str
    change: tuple[str, str]  # (" ▲2", style), (" ◆", style) or ("", "")

    def content(self, value_width: int | None = None) -> Content:
        """``label: value`` and the change mark, the value cut to ``value_width`` cells."""
        value = self.value
        if value_width is not None and cell_len(value) > value_width:
            value = _cut(value, value_width)
        return Content.assemble((f"{self.label}: ", "$text-muted"), (value, "bold"), self.change)


def _cut(value: str, cells: int) -> str:
    """``value`` cut short, with "…", to at most ``cells`` terminal cells (a wide
    character takes two): at a word's end, unless that leaves fewer than CUT_TO."""
    kept = 0
    used = 1  # the "…"
    for ch in value:
        used += cell_len(ch)
        if used > cells:
            break
        kept += 1
    cut = value[:kept]
    if value[kept] != " " and " " in cut:
        word = cut[: cut.rindex(" ")].rstrip(" ,;:")
        if cell_len(word) + 1 >= min(CUT_TO, cells):
            cut = word  # cut at a word's end
    return cut.rstrip(" ,;:") + "…"


def var_shown(session: PlaySession, v: VarInfo, *, with_max: bool = False) -> VarShown:
    value = session.game.value(v.name)
    shown = v.format(value)
    if with_max and v.kind == "int" and v.hi is not None:
        shown = f"{shown}/{v.hi}"
    turn = session.last_turn
    d = last_delta(turn, v.name)
    if d:
        change = delta_run(d)
    elif changed(turn, v.name):
        change = (" ◆", "bold $text-accent")  # a changed enum or flag
    else:
        change = ("", "")
    return VarShown(v.short_label or v.label, shown, change)


def var_content(session: PlaySession, v: VarInfo, *, with_max: bool = False) -> Content:
    """``Label: value ▲2`` for one variable, with its change in the last turn."""
    return var_shown(session, v, with_max=with_max).content()


def status_vars(session: PlaySession) -> tuple[VarShown, ...]:
    """The variables the scenario puts on the status line (``show: status``)."""
    return tuple(var_shown(session, v) for v in global_vars(session.scenario, "status"))


def status_line(shown: Sequence[VarShown], width: int | None = None) -> Content:
    """The status line. Given the ``width`` it has, a line that would wrap is made to fit:
    first the separators narrow, then the longest values are cut short ("…"), down to
    CUT_TO characters; labels and change marks are always shown whole. (At 80 columns
    oil-2017's "September: 10 ▲1  │  Draft: Crude frozen, refined products capped,
    textiles banned ◆" wrapped the ◆ to a third line of the status bar.)"""
    if not shown:
        return Content("")
    line = Content.styled(SEP, "$text-muted").join(s.content() for s in shown)
    if width is None or line.cell_length <= width:
        return line
    sep = Content.styled(NARROW_SEP, "$text-muted")
    line = sep.join(s.content() for s in shown)
    over = line.cell_length - width
    if over <= 0:
        return line
    widths = [cell_len(s.value) for s in shown]
    while over > 0:
        longest = max(range(len(widths)), key=lambda i: widths[i])
        if widths[longest] <= CUT_TO:
            return line  # too narrow even so: it wraps, with nothing cut
        widths[longest] -= 1
        over -= 1
    return sep.join(s.content(w) for s, w in zip(shown, widths, strict=True))


def status_content(session: PlaySession, width: int | None = None) -> Content:
    """The variables the scenario puts on the status line (``show: status``), made to fit
    ``width`` if given (see :func:`status_line`)."""
    return status_line(status_vars(session), width)


def council_content(tally: CouncilTally | None, compact: bool = False) -> Content:
    """The projected vote: ``UN Security Council now: 9 yes · 4 no · 2 abstain (9 needed)
    → would pass``; ``compact`` leaves out the council's name."""
    if tally is None or not tally.votes:
        return Content("")
    bits: list[tuple[str, str] | str] = [
        ("Vote now: " if compact else f"{tally.name} now: ", "$text-muted"),
        (f"{tally.yes} yes", "bold"),
        " · ",
        (f"{tally.no} no", "bold"),
        " · ",
        (f"{tally.abstain} abstain", "bold"),
        (f" ({tally.needed} needed)", "$text-muted"),
    ]
    if tally.vetoes:
        bits.append((" → VETO: " + ", ".join(tally.vetoes), "bold reverse $text-error"))
    elif tally.passes:
        bits.append((" → would pass", "bold $text-success"))
    else:
        bits.append((" → would fail", "bold $text-warning"))
    return Content.assemble(*bits)


# -- turns ------------------------------------------------------------------------------
def scene_heading(session: PlaySession, scene_id: str | None = None) -> Content:
    game = session.game
    scene = game.scene if scene_id is None else session.scenario.scenes.get(scene_id)
    if scene is None:
        return Content("")
    where = [
        x for x in (render_field(session, scene.date), render_field(session, scene.place)) if x
    ]
    bits: list[tuple[str, str] | str] = [(scene.title, "bold $text-accent")]
    if where:
        bits.append(("  " + " · ".join(where), "$text-muted"))
    return Content.assemble(*bits)


def scene_title(cs: CompiledScenario, scene_id: str) -> str:
    scene = cs.scenes.get(scene_id)
    if scene is not None:
        return scene.title
    ending = cs.endings.get(scene_id)
    return ending.title if ending is not None else scene_id


def change_line(cs: CompiledScenario, change: Any) -> Content:
    """``Lind: Trust 0 → 1 ▲1`` (values as the player reads them)."""
    info = cs.var_by_name.get(change.name)
    before = info.format(change.before) if info else str(change.before)
    after = info.format(change.after) if info else str(change.after)
    leader = cs.leaders.get(change.leader) if change.leader else None
    who = f"{getattr(leader, 'short_name', None) or leader.name}: " if leader else ""
    return Content.assemble(
        (who, "bold"),
        (change.label, ""),
        ("  ", ""),
        (before, "$text-muted"),
        (" → ", ""),
        (after, "bold"),
        delta_run(change.delta),
    )


def turn_content(
    session: PlaySession, turn: Turn, *, because: bool = True, changes: bool = True
) -> Content:
    """A whole turn as text, for the log and the Why? screen."""
    cs = session.scenario
    lines: list[Content] = [
        Content.assemble(
            (f"Turn {turn.number}", "bold reverse"),
            ("  " + scene_title(cs, turn.scene), "bold $text-accent"),
        ),
        Content.assemble(("You: ", "bold"), (turn.choice_text, "italic")),
    ]
    for r in turn.responses:
        lines.append(Content.assemble((f"{r.name}: ", "bold"), r.text))
        if because and r.because:
            lines.append(Content.assemble(("    why: ", "$text-muted"), (r.because, "italic")))
    for ev in turn.events:
        lines.append(
            Content.assemble(
                (" EVENT ", "bold reverse $text-warning"),
                (f" {ev.title}", "bold"),
                (": " + reflow(ev.text), ""),
            )
        )
    if changes and turn.changes:
        lines.append(Content.styled("Changes:", "$text-muted"))
        lines.extend(Content("  ") + change_line(cs, c) for c in turn.changes)
    if turn.ending is not None:
        lines.append(
            Content.assemble(("Ending: ", "bold"), (turn.ending.title, "bold $text-accent"))
        )
    elif turn.entered:
        lines.append(
            Content.styled(
                "→ " + " → ".join(scene_title(cs, s) for s in turn.entered), "$text-muted"
            )
        )
    return Content("\n").join(lines)


def join_blocks(blocks: Iterable[Content]) -> Content:
    return Content("\n\n").join(list(blocks))


# -- a turn's entries (the game's recap and the replay viewer show the same) ---------------
def response_content(name: str, text: str) -> Content:
    """A leader's answer: "Name: text"."""
    return Content.assemble((f"{name}: ", "bold"), reflow(text))


def event_content(title: str, text: str, note: str | None = None) -> Content:
    """An event, as its own highlighted entry."""
    head: list[tuple[str, str] | str] = [(" EVENT ", "bold reverse"), " ", (title, "bold")]
    if note:
        head.append((f"  ({note})", "$text-muted"))
    return Content.assemble(*head, "\n", reflow(text))
