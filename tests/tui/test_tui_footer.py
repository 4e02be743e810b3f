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
from tuihelp import settle

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


@pytest.mark.parametrize("width", [140, 100, 60, 30])
@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("palette", [True, False])
@pytest.mark.parametrize("theme", [None, "textual-light", CUSTOM_THEMES[-1].name])
async def test_footer_looks_like_textuals(width, compact, palette, theme):
    kw = dict(compact=compact, disabled={"log", "speed"}, palette=palette, theme=theme)
    ours = await bottom_row(Footer, (width, 5), **kw)
    textual = await bottom_row(TextualFooter, (width, 5), **kw)
    if compact and palette:
        # Textual leaves the cell right of its palette key (a margin) unpainted, so the
        # keys on the left show through when they overflow: ours keeps it blank.
        assert ours[-1][0] == " "
        ours, textual = ours[:-1], textual[:-1]
    assert "".join(c[0] for c in ours) == "".join(c[0] for c in textual)
    assert ours == textual


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
