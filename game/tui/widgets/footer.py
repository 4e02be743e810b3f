"""Textual's Footer, without its two needless costs (it looks and works the same).

- Textual's Footer rebuilds all its keys (a recompose: ~10 widgets unmounted, mounted and
  styled, ~30 ms) every time a screen asks for its bindings to be refreshed: on focus
  changes, on scrolling, on every turn. This one rebuilds only when what it shows has
  changed, and at most once per refresh.
- It is not rebuilt while an opaque screen covers its own (the ending over the game).
- It shows the keys from its first frame, instead of after the screen's first refresh.
- A new ``FooterKey`` starts with ``compact=True`` and the Footer then binds it to its own
  ``compact`` (False): two class changes, each restyling the key, for every key of every
  rebuild. Here the keys start with the value they end up with.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget


class Footer(TextualFooter):
    _shown: tuple[object, ...] | None = None
    _pending = False

    def shown_keys(self) -> tuple[object, ...]:
        """Everything Textual's ``Footer.compose`` reads to draw the keys."""
        app = self.app
        keys = tuple(
            (key, binding, app.get_key_display(binding), enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING
        )
        return (
            keys,
            self.compact,
            self.show_command_palette,
            app.ENABLE_COMMAND_PALETTE,
            app.COMMAND_PALETTE_BINDING,
        )

    def compose(self) -> Iterator[Widget]:  # type: ignore[override]
        if not self._bindings_ready and self.is_attached:
            # Textual's Footer shows no keys until the screen first refreshes its
            # bindings, then rebuilds: show them from the first frame instead (if the
            # screen cannot answer yet, wait for it as Textual does).
            try:
                self._shown = self.shown_keys()
            except Exception:
                self._shown = None
            else:
                self.set_reactive(TextualFooter._bindings_ready, True)
        else:
            self._shown = self.shown_keys() if self._bindings_ready else None
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # A bound key ends up with the footer's value; the command palette's key
                # is not bound and keeps the default (True).
                bound = "compact" in (widget._reactive_connect or {})
                compact = self.compact if bound else True
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._pending:
            self._pending = True
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if self.is_attached and not self._covered() and self.shown_keys() != self._shown:
            await self.recompose()

    def _covered(self) -> bool:
        """Whether a screen with an opaque background is above this footer's screen (the
        game screen under the ending): the footer is not seen, and is rebuilt only when
        its screen is shown again (which refreshes the screen's bindings)."""
        stack = self.app.screen_stack
        screen = self.screen
        if screen not in stack:
            return False
        return any(above.styles.background.a == 1 for above in stack[stack.index(screen) + 1 :])
