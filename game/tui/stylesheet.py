"""Textual's stylesheet, parsing each widget class's default styles once.

Textual adds a widget class's ``DEFAULT_CSS`` with a *tie breaker*: minus its place in
the class's bases. So ``Widget.DEFAULT_CSS`` is added again, with a lower tie breaker,
each time a widget with a longer line of bases is first mounted, and Textual parses it
again each time (its parse cache is keyed by the tie breaker too). Starting
``negotiator play`` parsed ``Widget.DEFAULT_CSS`` three times, and ``Screen``,
``VerticalScroll`` and ``ScrollableContainer``'s twice: about 10M instructions, 0.8% of
the start (see BENCHMARKS.md).

The tie breaker changes nothing in a parse but the rules' ``tie_breaker`` fields: each
is the source's tie breaker times the rule's depth of nesting (``parse_rule_set`` adds
it once per level). So a parse made with one tie breaker is reused for another, with
those fields scaled (tests/tui/test_tui_stylesheet.py compares the rules with Textual's
own parse for every source the app uses). When that cannot be worked out (a first parse
with tie breaker 0, or a field that is not a multiple of it), Textual parses as before.

This overrides ``Stylesheet._parse_rules``, which is private: ``textual`` is pinned to
one version in pyproject.toml, and the test above fails if its parse changes. Textual's
``reparse`` (on a theme change) and ``copy`` (its CSS hot reload, for development) parse
through a plain ``Stylesheet``: correct, only without this saving.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet


class ReusingStylesheet(Stylesheet):
    """A :class:`Stylesheet` that parses a source once whatever its tie breaker."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        # (css, where from, default rules?, scope) -> (tie breaker, its rules)
        self._parsed: dict[tuple[str, CSSLocation, bool, str], tuple[int, list[RuleSet]]] = {}

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)  # clears Textual's own parse cache
        self._parsed.clear()

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (css, read_from, is_default_rules, scope)
        known = self._parsed.get(key)
        if known is not None:
            rules = retie(known[1], known[0], tie_breaker)
            if rules is not None:
                return rules
        rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
        if known is None or known[0] == 0:
            self._parsed[key] = (tie_breaker, rules)
        return rules


def retie(rules: list[RuleSet], old: int, new: int) -> list[RuleSet] | None:
    """``rules`` parsed with tie breaker ``old``, as a parse with ``new`` gives them; None
    when that cannot be told from them (``old`` is 0, or a rule's tie breaker is not a
    multiple of it)."""
    if old == new:
        return rules
    if old == 0 or any(r.tie_breaker % old for r in rules):
        return None
    out: list[Any] = []
    for r in rules:
        # A shallow copy, as Textual's parse shares a rule's styles with its nested rules.
        out.append(dataclasses.replace(r, tie_breaker=r.tie_breaker // old * new))
    return out
