"""The footer: the keys a screen offers, drawn as one line by one widget.

It looks and works like Textual's ``Footer`` (the same text, colours, spacing, groups,
compact style, command palette key on the right, dimmed disabled keys, hover, tooltips,
and a click presses the key), but Textual's builds one ``FooterKey`` widget per key,
about ten widgets per screen, each styled, laid out and drawn, and rebuilds them all
whenever the screen's bindings are refreshed (on focus changes, on scrolling, on every
turn). That cost about 45 ms of the game screen's first frame and 30 ms of a turn. This
one works out the same layout itself and redraws its one line when the keys change.

Where the keys do not fit, Textual's footer cuts them off wherever the width ends (at
80 columns the game screen's read "^q Q▏^p palette"); this one leaves out space, then
the command palette's key, then whole keys from the right (see ``_fit``).

``tests/tui/test_tui_footer.py`` compares it, cell by cell, with Textual's own footer
where the keys fit, and checks what it leaves out where they do not.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

from game.tui.quick_class import QuickClass

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen


class _Key:
    """One key as drawn: where it is, and what a click on it does."""

    __slots__ = ("enabled", "end", "key", "start", "tooltip")

    def __init__(self, start: int, end: int, key: str, enabled: bool, tooltip: str) -> None:
        self.start = start
        self.end = end
        self.key = key
        self.enabled = enabled
        self.tooltip = tooltip


# What the footer shows: pieces of text with the name of their style (see _styles); a
# key's place is marked by an empty piece that holds the key.
_Run = tuple[str, "str | _Key"]


class Footer(QuickClass, Widget, can_focus=False, can_focus_children=False):
    ALLOW_SELECT = False
    # The same theme variables as Textual's Footer and FooterKey.
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--item {
            background: $footer-item-background;
        }
        .footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer--label {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--border {
            color: $foreground 20%;
            background: $footer-item-background;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer-key--key",
        "footer-key--description",
        "footer--item",
        "footer--hover",
        "footer--label",
        "footer--border",
    }

    compact = reactive(False, toggle_class="-compact")
    """Less space around the keys (for narrow screens)."""
    show_command_palette = reactive(True)
    """Show the command palette's key on the right (when the app has one)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        show_command_palette: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(Footer.show_command_palette, show_command_palette)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self._keys: list[_Key] = []
        self._hover: int | None = None
        self._shown: tuple[Any, ...] | None = None
        self._drawn = False  # render() has run (whether or not it could list the keys)

    # -- what it shows ------------------------------------------------------------------
    def shown_keys(self) -> tuple[Any, ...]:
        """Everything the drawing depends on, besides the width and the styles."""
        app = self.app
        bindings = tuple(
            (key, binding, app.get_key_display(binding), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
        palette = self.show_command_palette and app.ENABLE_COMMAND_PALETTE
        return (bindings, self.compact, palette, app.COMMAND_PALETTE_BINDING)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # Before its first drawing the footer has nothing to compare with, and that
        # drawing reads the bindings anyway: a screen refreshes its bindings several
        # times while it starts (mount, focus, its own updates), and listing them asks
        # check_action about every key each time.
        if not self._drawn or screen is not self.screen or not self.is_attached:
            return
        try:
            shown = self.shown_keys()
        except Exception:  # the screen is going away
            return
        if shown != self._shown:  # (None: nothing could be drawn yet)
            self.refresh()

    # -- layout ---------------------------------------------------------------------------
    def _layout(
        self, shown: tuple[Any, ...], narrow: bool = False
    ) -> tuple[list[tuple[int, int, list[_Run]]], list[_Run]]:
        """The footer's children as Textual's Footer would make them: each a box (left
        margin, right margin, runs of text), with the command palette's key apart.
        ``narrow``: the compact style, but with a space before the first key and after a
        group's label (where Textual's compact footer has none: "←→ Stepw Why?")."""
        bindings, compact, palette, palette_key = shown
        compact = compact or narrow
        items: list[tuple[int, int, list[_Run]]] = []
        by_action: defaultdict[str, list[tuple[Binding, str, bool, str]]] = defaultdict(list)
        for _key, binding, display, enabled, tooltip in bindings:
            if binding.show:
                by_action[binding.action].append((binding, display, enabled, tooltip))
        for group, same_group in groupby(by_action.values(), lambda b: b[0][0].group):
            actions = list(same_group)
            if group is not None and len(actions) > 1:
                # A KeyGroup: its keys without descriptions, then the group's label.
                inner = []
                for binding, display, enabled, tooltip in (a[0] for a in actions):
                    runs = self._key_runs(binding.key, display, "", enabled, tooltip, False)
                    margin = 0 if group.compact else 1
                    inner.append((margin, margin, runs))
                pad = [(" ", "")] if group.compact else []
                items.append((0, 1 if group.compact else 0, pad + _arrange(inner)))
                label_margin = 0 if compact and not narrow else 1
                items.append((0, label_margin, [(group.description, "label")]))
            else:
                for binding, display, enabled, tooltip in (a[0] for a in actions):
                    runs = self._key_runs(
                        binding.key, display, binding.description, enabled, tooltip, compact
                    )
                    items.append((0, 1 if compact else 0, runs))
        right: list[_Run] = []
        if palette:
            for key, binding, display, enabled, _tooltip in bindings:
                if key == palette_key:
                    right = [("▏", "border")]
                    right += self._key_runs(
                        binding.key,
                        display,
                        binding.description,
                        enabled,
                        binding.tooltip or binding.description,
                        True,  # Textual never binds this key's "compact" to the footer's
                    )
                    # Textual's key has padding on its right, in the compact style a
                    # margin there instead (as every compact key has).
                    right.append((" ", "" if compact else "item"))
        if narrow and items and not items[0][2][0][0].startswith(" "):
            items[0] = (1, *items[0][1:])
        return items, right

    def _fit(self, shown: tuple[Any, ...], width: int) -> tuple[list[_Run], list[_Run]]:
        """The keys laid out to fit ``width``, never cut in the middle of a word: Textual's
        layout when it fits; else the compact one (less space around the keys); else
        that without the command palette's key (ctrl+p still works, and Help lists it);
        else that with keys left out, whole, from the right. (Textual's Footer cuts the
        keys off wherever the width ends: "^q Q▏^p palette" at 80 columns.)"""
        bindings, compact, palette, palette_key = shown
        for narrow, with_palette in ((False, palette), (True, palette), (True, False)):
            items, right = self._layout((bindings, compact, with_palette, palette_key), narrow)
            left = _arrange(items)
            if _used(left) + _width(right) <= width:
                return left, right
        # Narrow, without the palette's key, without the last keys: each time the last
        # key shown goes, with every binding of its action (or of its group).
        keys = [b for b in bindings if b[1].show]
        while keys:
            last = keys[-1][1]
            keys = [
                b
                for b in keys
                if not (b[1].group is last.group if last.group else b[1].action == last.action)
            ]
            items, right = self._layout((tuple(keys), compact, False, palette_key), True)
            left = _arrange(items)
            if _used(left) <= width:
                break
        return left, right

    def _key_runs(
        self, key: str, display: str, description: str, enabled: bool, tooltip: str, compact: bool
    ) -> list[_Run]:
        """One FooterKey's text, after the mark of its place."""
        mark = _Key(0, 0, key, enabled, tooltip)
        if not description:
            return [("", mark), (display, "key")]
        if compact:
            return [("", mark), (display, "key"), (" " + description, "description")]
        return [("", mark), (f" {display} ", "key"), (f"{description} ", "description")]

    # -- drawing ---------------------------------------------------------------------------
    def _styles(self) -> dict[str, Style]:
        get = self.get_component_rich_style
        return {
            "": Style(),
            "item": get("footer--item"),
            "hover": get("footer--hover"),
            "key": get("footer-key--key"),
            "description": get("footer-key--description"),
            "label": get("footer--label"),
            "border": get("footer--border"),
        }

    def render(self) -> Text:
        self._drawn = True
        width = self.size.width
        try:
            shown = self.shown_keys()
        except Exception:  # the screen cannot answer yet: draw the background
            self._shown = None
            self._keys = []
            return Text()
        self._shown = shown
        left, right = self._fit(shown, width)
        right_width = _width(right)
        room = max(0, width - right_width)
        styles = self._styles()
        drawn: list[tuple[str, Style | None]] = []
        keys: list[_Key] = []
        key_style = styles["item"]
        hovered = False
        x = 0
        for part, limit in ((left, room), (right, width)):
            if part is right and x < room:
                drawn.append((" " * (room - x), None))
                x = room
            for run, name in part:
                if isinstance(name, _Key):
                    k = name
                    k.start = x
                    keys.append(k)
                    hovered = self._hover is not None and self._hover == len(keys) - 1
                    key_style = styles["hover" if hovered else "item"]
                    if not k.enabled:
                        key_style = key_style + Style(dim=True)
                    continue
                if x >= limit:
                    continue
                run = run[: limit - x]
                if name in ("key", "description"):
                    style = key_style + styles[name]
                    if hovered:  # the part's colour on the hover background
                        own = styles[name]
                        style = key_style + own.without_color + Style(color=own.color)
                    if keys and keys[-1].start <= x:
                        keys[-1].end = x + len(run)
                elif name == "item":
                    style = key_style
                    keys[-1].end = x + len(run)
                else:
                    style = styles[name]
                if drawn and drawn[-1][1] == style and name != "item":
                    # One span, as Textual's compositor joins them (but a key's padding
                    # stays apart, as Textual draws it).
                    drawn[-1] = (drawn[-1][0] + run, style)
                else:
                    drawn.append((run, style))
                x += len(run)
        self._keys = keys
        text = Text(no_wrap=True, end="")
        for run, style in drawn:
            text.append(run, style)
        return text

    # -- mouse ------------------------------------------------------------------------------
    def _key_at(self, x: int) -> int | None:
        for i, k in enumerate(self._keys):
            if k.start <= x < k.end:
                return i
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        i = self._key_at(event.x)
        if i != self._hover:
            self._hover = i
            self.tooltip = self._keys[i].tooltip or None if i is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        i = self._key_at(event.x)
        if i is None:
            return
        if self._keys[i].enabled:
            self.app.simulate_key(self._keys[i].key)
        else:
            self.app.bell()


def _width(runs: list[_Run]) -> int:
    return sum(len(text) for text, _ in runs)


def _used(runs: list[_Run]) -> int:
    """The width of the runs but for the blank margin at their end (that may be cut)."""
    end = len(runs)
    while end and runs[end - 1][1] == "" and not runs[end - 1][0].strip():
        end -= 1
    return _width(runs[:end])


def _arrange(boxes: list[tuple[int, int, list[_Run]]]) -> list[_Run]:
    """Boxes side by side as Textual's horizontal layout places them: the first box's
    left margin, then between two boxes the larger of their facing margins."""
    out: list[_Run] = []
    for i, (left, _right, runs) in enumerate(boxes):
        gap = left if i == 0 else max(boxes[i - 1][1], left)
        if gap:
            out.append((" " * gap, ""))
        out.extend(runs)
    if boxes and boxes[-1][1]:
        out.append((" " * boxes[-1][1], ""))
    return out
