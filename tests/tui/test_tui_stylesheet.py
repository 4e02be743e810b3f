"""The app's stylesheet parses a widget class's default styles once, and its rules are
exactly those Textual's own parse gives (game/tui/stylesheet.py)."""

from __future__ import annotations

from textual.color import Color
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet
from tuihelp import make_app, settle

from game.tui.stylesheet import ReusingStylesheet, retie


def described(rules: list[RuleSet]) -> list[tuple[object, ...]]:
    return [
        (
            r.selectors,
            [s.specificity for s in r.selector_set],
            r.tie_breaker,
            r.is_default_rules,
            sorted(r.selector_names),
            sorted(r.pseudo_classes),
            {k: repr(v) for k, v in r.styles.get_rules().items()},
            r.errors,
        )
        for r in rules
    ]


async def test_every_source_parses_as_textual_parses_it():
    app = make_app(direct=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.load_screen_styles()  # the other screens' sources too
        sheet = app.stylesheet
        assert isinstance(sheet, ReusingStylesheet)
        reused = 0
        for where, (css, default, tie, scope) in sheet.source.items():
            ours = sheet._parse_rules(css, where, default, tie, scope)
            theirs = Stylesheet(variables=sheet._variables)._parse_rules(
                css, where, default, tie, scope
            )
            assert described(ours) == described(theirs), where
            known = sheet._parsed.get((css, where, default, scope))
            reused += known is not None and known[0] != tie
        # Widget's default styles (at least) were added with more than one tie breaker.
        assert reused >= 1


def test_nested_rules_keep_their_multiple_of_the_tie_breaker():
    css = "Screen { color: red; &:inline { height: auto; } }"
    base = Stylesheet()
    first = base._parse_rules(css, ("x", "X.DEFAULT_CSS"), True, -1, "")
    assert sorted(r.tie_breaker for r in first) == [-2, -1]  # nested: counted twice
    again = retie(first, -1, -3)
    assert again is not None
    want = Stylesheet()._parse_rules(css, ("x", "X.DEFAULT_CSS"), True, -3, "")
    assert described(again) == described(want)


def test_a_parse_that_cannot_be_rescaled_is_parsed_again():
    sheet = ReusingStylesheet()
    css = "Widget { color: red; }"
    where = ("x", "Widget.DEFAULT_CSS")
    zero = sheet._parse_rules(css, where, True, 0, "")
    assert retie(zero, 0, -2) is None  # no multiple of 0 to scale
    lower = sheet._parse_rules(css, where, True, -2, "")
    assert [r.tie_breaker for r in lower] == [-2]
    # ... and the parse kept for later is then one that can be scaled.
    assert sheet._parsed[(css, where, True, "")][0] == -2
    assert [r.tie_breaker for r in sheet._parse_rules(css, where, True, -4, "")] == [-4]


def test_new_variables_drop_what_was_parsed():
    sheet = ReusingStylesheet(variables={"c": "red"})
    css = "Widget { color: $c; }"
    where = ("x", "Widget.DEFAULT_CSS")
    sheet._parse_rules(css, where, True, -1, "")
    sheet.set_variables({"c": "blue"})
    rules = sheet._parse_rules(css, where, True, -2, "")
    assert rules[0].styles.get_rules()["color"] == Color.parse("blue")
