"""The footer (game/tui/widgets/footer.py) draws in one widget what Textual's Footer draws
with one widget per key: it must look the same, cell by cell, and work the same."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets import Static
from tuihelp import make_app, oil_loads, settle

from game.tui.app import CUSTOM_THEMES
from game.tui.widgets.footer import Footer

GROUP = Binding.Group("Step", compact=True)
LOOSE = Binding.Group("Speed")


class KeysScreen(Screen[None]):
    BINDINGS: ClassVar[list[Binding]] = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        Binding("w", "why", "Why?"),
        Binding("l", "log", "Log", tooltip="The game so far"),
        Binding("ctrl+s", "save", "Save"),
        Binding("h", "hidden", "Hidden", show=False),
        Binding("left", "step(-1)", "Back", key_display="←", group=GROUP),
        Binding("right", "step(1)", "Next", key_display="→", group=GROUP),
        Binding("plus", "speed(1)", "Faster", key_display="+", group=LOOSE),
        Binding("minus", "speed(-1)", "Slower", key_display="-", group=LOOSE),
        Binding("u", "undo", "Undo"),
    ]

    def __init__(self, footer: Any, compact: bool, disabled: set[str]) -> None:
        super().__init__()
        self.footer = footer(compact=compact)
        self.off = disabled
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield self.footer

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action in self.off else True  # None: shown, dimmed

    def action_pick(self, n: int) -> None:
        self.pressed.append(f"pick {n}")

    def action_why(self) -> None:
        self.pressed.append("why")

    def action_log(self) -> None:
        self.pressed.append("log")


class KeysApp(App[None]):
    def __init__(self, footer: Any, compact: bool, disabled: set[str], palette: bool) -> None:
        super().__init__()
        self.args = (footer, compact, disabled)
        self.ENABLE_COMMAND_PALETTE = palette
        for t in CUSTOM_THEMES:
            self.register_theme(t)

    def on_mount(self) -> None:
        self.push_screen(KeysScreen(*self.args))


def cells(app: App[Any]) -> list[tuple[str, Any, ...]]:
    """The bottom row of the screen, cell by cell: the character and how it looks (for
    a space, only what shows: its background, and reverse and underline)."""
    strip = app.screen._compositor.render_strips()[-1]
    out = []
    for seg in strip:
        s = seg.style
        look = (
            s and s.color,
            s and s.bgcolor,
            bool(s and s.bold),
            bool(s and s.dim),
            bool(s and s.italic),
            bool(s and s.reverse),
            bool(s and s.underline),
        )
        blank = (None, look[1], False, False, False, look[5], look[6])  # a space's look
        out += [(ch, *(blank if ch == " " and not look[6] else look)) for ch in seg.text]
    return out


async def bottom_row(footer: Any, size: tuple[int, int], **kw: Any) -> list[Any]:
    theme = kw.pop("theme", None)
    app = KeysApp(footer, **kw)
    async with app.run_test(size=size) as pilot:
        if theme:
            app.theme = theme
        await settle(pilot, 3)
        return cells(app)


def text(row: list[Any]) -> str:
    return "".join(c[0] for c in row)


# Where every key fits (76 columns are just enough for KeysScreen's keys and the palette's).
@pytest.mark.parametrize("width", [140, 100, 76])
@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("palette", [True, False])
@pytest.mark.parametrize("theme", [None, "textual-light", CUSTOM_THEMES[-1].name])
async def test_footer_looks_like_textuals(width, compact, palette, theme):
    kw = dict(compact=compact, disabled={"log", "speed"}, palette=palette, theme=theme)
    ours = await bottom_row(Footer, (width, 5), **kw)
    textual = await bottom_row(TextualFooter, (width, 5), **kw)
    if compact and palette:
        # Textual leaves the cell right of its palette key (a margin) unpainted: ours
        # keeps it blank.
        assert ours[-1][0] == " "
        ours, textual = ours[:-1], textual[:-1]
    assert text(ours) == text(textual)
    assert ours == textual


# Where they do not fit, Textual's footer cuts them off at the palette's key ("^q Q▏^p
# palette" at 80 columns); ours takes out space (the compact style, with a space before
# the first key and after a group's label), then the palette's key, then whole keys (a
# group's together) from the right. A blank margin at the end may go.
@pytest.mark.parametrize(
    ("width", "row"),
    [
        (75, " 1-9 Choose w Why? l Log ^s Save  ←→ Step  + - Speed u Undo    ▏^p palette "),
        (70, " 1-9 Choose w Why? l Log ^s Save  ←→ Step  + - Speed u Undo           "),
        (59, " 1-9 Choose w Why? l Log ^s Save  ←→ Step  + - Speed u Undo"),
        (50, " 1-9 Choose w Why? l Log ^s Save  ←→ Step         "),
        (40, " 1-9 Choose w Why? l Log ^s Save        "),
        (11, " 1-9 Choose"),
        (10, " " * 10),
    ],
)
async def test_a_narrow_footer_leaves_keys_out_whole(width, row):
    kw = dict(compact=False, disabled=set(), palette=True)
    assert text(await bottom_row(Footer, (width, 5), **kw)) == row
    assert text(await bottom_row(TextualFooter, (width, 5), **kw)) != row  # (cut)


@pytest.mark.parametrize("width", [75, 70, 64])
async def test_a_compact_footer_is_textuals_while_it_fits_then_leaves_keys_out(width):
    kw = dict(compact=True, disabled=set(), palette=True)
    ours = text(await bottom_row(Footer, (width, 5), **kw))
    textual = text(await bottom_row(TextualFooter, (width, 5), **kw))
    if width >= 70:
        assert ours == textual
    else:
        assert textual.endswith("Speedu ▏^p palette ")  # Undo is cut
        assert ours == " 1-9 Choose w Why? l Log ^s Save  ←→ Step  + - Speed u Undo     "


async def test_a_key_left_out_cannot_be_clicked():
    app = KeysApp(Footer, compact=False, disabled=set(), palette=False)
    async with app.run_test(size=(40, 5)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KeysScreen)
        row = text(cells(app))
        assert "Log" in row and "Undo" not in row
        await pilot.click(Footer, offset=(row.index("Log"), 0))
        await pilot.click(Footer, offset=(len(row) - 2, 0))  # blank: nothing there
        await settle(pilot)
        assert screen.pressed == ["log"]


async def test_a_click_presses_the_key_and_a_disabled_key_does_nothing():
    app = KeysApp(Footer, compact=False, disabled={"log"}, palette=False)
    async with app.run_test(size=(100, 5)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KeysScreen)
        row = "".join(c[0] for c in cells(app))
        await pilot.click(Footer, offset=(row.index("Why?"), 0))
        await pilot.click(Footer, offset=(row.index("1-9"), 0))
        await pilot.click(Footer, offset=(row.index("Log"), 0))  # disabled
        await settle(pilot)
        assert screen.pressed == ["why", "pick 1"]


async def test_hover_highlights_one_key_and_shows_its_tooltip():
    app = KeysApp(Footer, compact=False, disabled=set(), palette=False)
    async with app.run_test(size=(100, 5)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(Footer)
        row = cells(app)
        text = "".join(c[0] for c in row)
        await pilot.hover(Footer, offset=(text.index("Log"), 0))
        await settle(pilot)
        hovered = cells(app)
        changed = [i for i, (a, b) in enumerate(zip(row, hovered, strict=True)) if a != b]
        assert changed and text[changed[0] : changed[-1] + 1] == " l Log "
        assert footer.tooltip == "The game so far"


async def test_the_footer_follows_the_bindings():
    app = KeysApp(Footer, compact=False, disabled=set(), palette=False)
    async with app.run_test(size=(100, 5)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, KeysScreen)
        before = cells(app)
        text = "".join(c[0] for c in before)
        key = text.index("w Why?")
        screen.off.add("why")
        screen.refresh_bindings()
        await settle(pilot, 2)
        after = cells(app)
        assert "".join(c[0] for c in after) == text
        changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
        assert changed and key <= changed[0] and changed[-1] < key + len("w Why?")


@pytest.mark.skipif(not oil_loads(), reason="oil-2017 does not load")
@pytest.mark.parametrize(
    ("scenario", "presses"),
    [("oil-2017", ()), ("tutorial", ()), ("tutorial", ("2", "1", "1", "1"))],
    ids=["oil-game", "tutorial-game", "tutorial-ending"],
)
async def test_every_key_of_the_games_footer_is_whole_at_80_columns(tmp_path, scenario, presses):
    app = make_app(scenario=scenario, direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in presses:
            await pilot.press(key)
            await settle(pilot, 2)
        row = text(cells(app))
        bindings = app.screen.query_one(Footer).shown_keys()[0]
        hints = {f"{display} {b.description}" for _, b, display, _, _ in bindings if b.show}
        assert "^q Quit" in hints and "? Help" in hints
        for hint in hints:
            assert hint in row, (hint, row)
        assert "▏^p palette" in row or "^p" not in row
