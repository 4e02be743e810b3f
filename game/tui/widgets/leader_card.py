"""A leader's card: name, title, meters with their change, and the latest response.

Each card is one widget that draws its lines itself (it used to be a container of a
dozen widgets: every turn restyled, laid out and drew each of them). The looks stay in
the stylesheet: the card's border and padding are its own styles, and the name, title
and response lines take theirs from the component classes ``card--name``,
``card--title`` and ``card--response`` (including ``display`` and, for the response,
``max-height``); a response given in the last turn takes its colours and text style from
``card--fresh-response`` instead.

A card's classes change only where the card's own looks do (``-present``: its border and
name): a class change restyles the card and draws all of it again, while a change of its
lines draws only the lines that changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from game.tui import view
from game.tui.quick_class import QuickClass
from game.tui.widgets.lines import draw_line, drawable
from game.tui.widgets.meter import meter_content

if TYPE_CHECKING:
    from game.engine.runtime import VarInfo
    from game.tui.session import PlaySession


def is_bar(v: VarInfo) -> bool:
    return v.kind == "int" and v.lo is not None and v.hi is not None


class MeterRow(NamedTuple):
    name: str
    label: str
    value: int
    lo: int
    hi: int
    delta: int | None


class Card(QuickClass, Widget):
    """A card drawn as lines: the name, an optional title, one row per variable (a meter
    or ``Label: value``), and an optional response. ``refresh_card`` reads the session;
    the card redraws only when what it shows has changed."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "card--name",
        "card--title",
        "card--response",
        "card--fresh-response",
    }

    def __init__(self, session: PlaySession, *, id: str, classes: str) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        self.name_content = Content("")
        self.title_content: Content | None = None
        self.rows: list[MeterRow | Content] = []
        self.response_content: Content | None = None
        self.response_fresh = False  # given in the last turn
        self._shown: tuple[object, ...] | None = None
        self._lines_cache: tuple[object, list[Content]] | None = None
        self._styles_key: tuple[int, ...] | None = None  # the component styles drawn with
        # The lines last laid out or drawn, at their width (kept across restyles): a
        # change that keeps the number of lines redraws only the lines that changed.
        self._drawn: tuple[int, list[Content]] | None = None
        # Each content line's strip, by line number: (line, key, strip).
        self._strips: dict[int, tuple[Content, object, Strip]] = {}

    def on_mount(self) -> None:
        self.refresh_card()

    def refresh_card(self) -> None:
        raise NotImplementedError

    def meters(self) -> dict[str, MeterRow]:
        """The meters as drawn, by variable name."""
        return {row.name: row for row in self.rows if isinstance(row, MeterRow)}

    def show(
        self,
        name: Content,
        title: Content | None,
        rows: list[MeterRow | Content],
        response: Content | None,
        *,
        fresh: bool = False,
    ) -> None:
        """Set what the card shows; redraw (and lay out again) only if it changed.
        ``fresh``: the response was given in the last turn."""

        def key(c: Content | None) -> object:
            return None if c is None else (c.plain, tuple(c.spans))

        shown = (
            key(name),
            key(title),
            tuple(r if isinstance(r, MeterRow) else key(r) for r in rows),
            key(response),
            fresh,
        )
        if shown == self._shown:
            return
        self._shown = shown
        self.name_content, self.title_content = name, title
        self.rows, self.response_content = rows, response
        self.response_fresh = fresh
        self._lines_cache = None
        drawn = self._drawn
        width = self.size.width
        if drawn is None or not self.is_mounted or drawn[0] != width or not width:
            self.refresh(layout=True)
            return
        old = drawn[1]
        new = self.lines(width)
        if len(new) != len(old):
            self.refresh(layout=True)
            return
        # Same height: no layout, and only the lines that changed are drawn again.
        changed = [
            Region(0, y, width, 1)
            for y, (a, b) in enumerate(zip(old, new, strict=True))
            if not a.is_same(b)
        ]
        if changed:
            self.refresh(*changed)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines_cache = None
        self._strips.clear()  # the theme's colours may have changed

    # -- drawing ------------------------------------------------------------------------
    def _shows(self, component: str) -> bool:
        return self.get_component_styles(component).display != "none"

    def lines(self, width: int) -> list[Content]:
        """The card's lines at ``width`` cells, wrapped the way a Static would wrap them."""
        # Each restyle of the card gives it new component styles. Textual's cache of
        # visual styles is not cleared when only the component styles change (a class
        # toggle that leaves the card's own rules alone), so clear it here.
        styles_key = tuple(
            id(self._component_styles.get(c)) for c in sorted(self.COMPONENT_CLASSES)
        )
        key = (width, styles_key)
        if self._lines_cache is not None and self._lines_cache[0] == key:
            return self._lines_cache[1]
        if styles_key != self._styles_key:
            self._styles_key = styles_key
            self._visual_style_cache.clear()
        width = max(1, width)
        out: list[Content] = []
        name_style = self.get_visual_style("card--name")
        for line in self.name_content.wrap(width):
            pad = width - line.cell_length
            out.append((line.pad_right(pad) if pad > 0 else line).stylize_before(name_style))
        if self.title_content is not None and self._shows("card--title"):
            style = self.get_visual_style("card--title")
            out += [line.stylize_before(style) for line in self.title_content.wrap(width)]
        for row in self.rows:
            if isinstance(row, MeterRow):
                out.append(meter_content(row.label, row.value, row.lo, row.hi, row.delta, width))
            else:
                out += row.wrap(width)
        if self.response_content is not None and self._shows("card--response"):
            styles = self.get_component_styles("card--response")
            style = self.get_visual_style(
                "card--fresh-response" if self.response_fresh else "card--response"
            )
            wrapped = self.response_content.wrap(width)
            if styles.max_height is not None:
                wrapped = wrapped[: max(0, int(styles.max_height.value))]
            out += [line.stylize_before(style) for line in wrapped]
        self._lines_cache = (key, out)
        self._drawn = (width, out)
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))

    def render_line(self, y: int) -> Strip:
        """One line, drawn exactly as Textual draws line ``y`` of ``render()``, but from
        that line alone (and kept until it changes): a card whose meters moved draws
        those lines only, instead of every line of the card."""
        width, height = self.size
        lines = self.lines(width)
        if (
            y >= min(height, len(lines))
            or self.text_selection is not None
            or self.styles.content_align != ("left", "top")
            or not self._drawable(lines, width)
        ):
            return super().render_line(y)
        line = lines[y]
        key = (width, self.visual_style)
        cached = self._strips.get(y)
        if cached is not None and cached[1] == key and cached[0].is_same(line):
            return cached[2]
        strip = draw_line(line, width, y, key[1], self._get_style)
        self._strips[y] = (line, key, strip)
        return strip

    _drawable_lines: tuple[list[Content], bool] | None = None

    def _drawable(self, lines: list[Content], width: int) -> bool:
        # Asked for every line: the answer holds as long as the lines do (a restyle or
        # another width makes new lines).
        known = self._drawable_lines
        if known is None or known[0] is not lines:
            known = self._drawable_lines = (lines, drawable(lines, width, self.styles))
        return known[1]


class LeaderCard(Card):
    """One leader. ``-present`` when he is in the scene. His latest response shows as
    fresh when he gave it in the last turn, and not at all before he has answered. Where
    the layout is compact the stylesheet hides the title and the response (the story
    shows the last turn's answers instead)."""

    def __init__(self, session: PlaySession, leader: str) -> None:
        super().__init__(session, id=f"leader-{leader}", classes="leader-card")
        self.leader = leader
        self.info = session.scenario.leaders[leader]

    def shown_vars(self) -> list[VarInfo]:
        cs = self.session.scenario
        return [
            *view.leader_vars(cs, self.leader, "meter"),
            *view.leader_vars(cs, self.leader, "value"),
        ]

    def refresh_card(self) -> None:
        session = self.session
        game = session.game
        turn = session.last_turn
        present = not game.finished and self.leader in game.scene.present
        response, fresh = view.latest_response(session.turns, self.leader)
        self.set_class(present, "-present")
        marker = ("● ", "bold $text-accent") if present else ("", "")
        title = " · ".join(x for x in (self.info.title, self.info.country) if x)
        rows: list[MeterRow | Content] = []
        for v in self.shown_vars():
            if v.show == "meter" and is_bar(v):
                rows.append(
                    MeterRow(
                        v.name,
                        v.short_label or v.label,
                        game.value(v.name),
                        v.lo or 0,
                        v.hi or 0,
                        view.last_delta(turn, v.name),
                    )
                )
            else:
                rows.append(view.var_content(session, v))
        shown = None
        if response is not None:
            shown = Content.assemble(("▸ " if fresh else "", "bold"), view.reflow(response.text))
        self.show(
            Content.assemble(marker, (self.info.name, "bold")),
            view.plain(title),
            rows,
            shown,
            fresh=fresh,
        )
