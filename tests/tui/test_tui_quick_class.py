"""QuickClass sets a widget class up exactly as Textual does (game/tui/quick_class.py)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.widget import BadWidgetName, Widget

import game.tui
from game.tui.quick_class import QuickClass

_SET_UP = (
    "_reactives",
    "_inherit_css",
    "_inherit_bindings",
    "_inherit_component_classes",
    "_css_type_name",
    "_css_type_names",
    "_computes",
    "can_focus",
    "can_focus_children",
)


def set_up(cls: type) -> dict[str, Any]:
    out = {name: cls.__dict__.get(name, "(inherited)") for name in _SET_UP}
    out["__parameters__"] = cls.__dict__.get("__parameters__", "(none)")
    out["_reactives"] = list(cls.__dict__["_reactives"].items())  # in order
    out["_merged_bindings"] = cls.__dict__["_merged_bindings"].key_to_bindings
    return out


def textual_set_up(cls: type, **kwargs: Any) -> dict[str, Any]:
    """What the set-up QuickClass stands in for makes of ``cls``: the __init_subclass__
    next in line after QuickClass (typing.Generic's for a screen, which then calls
    Widget's), run again on it. Compare with ``set_up(cls)`` taken before."""
    super(QuickClass, cls).__init_subclass__(**kwargs)  # type: ignore[misc]
    return set_up(cls)


def game_classes() -> list[type]:
    for info in pkgutil.walk_packages(game.tui.__path__, "game.tui."):
        importlib.import_module(info.name)
    found, todo = [], [QuickClass]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if issubclass(sub, DOMNode):
                found.append(sub)
    return found


def test_every_game_class_is_set_up_as_textual_sets_it_up():
    classes = game_classes()
    names = {c.__name__ for c in classes}
    # The ones the game screen's first frame makes, at least.
    assert {"GameScreen", "DefaultScreen", "LeaderCard", "Footer", "ChoiceList"} <= names
    for cls in classes:
        kwargs = {}
        if cls.__name__ == "Footer":
            kwargs = {"can_focus": False, "can_focus_children": False}
        ours = set_up(cls)
        assert ours == textual_set_up(cls, **kwargs), cls


def test_new_reactives_computes_and_bindings_are_found():
    class Base(QuickClass, Widget):
        BINDINGS = [("a", "one", "One")]  # noqa: RUF012
        count = reactive(0)

        def _compute_double(self) -> int:
            return 2

    class Child(Base, can_focus=True):
        BINDINGS = [("b", "two", "Two")]  # noqa: RUF012
        count = reactive(5)
        label = reactive("x")

        def compute_label(self) -> str:
            return "y"

    for cls, kwargs in ((Base, {}), (Child, {"can_focus": True})):
        ours = set_up(cls)
        assert ours == textual_set_up(cls, **kwargs)
    assert [n for n, _ in set_up(Child)["_reactives"]][-2:] == ["count", "label"]
    assert {"double", "label"} <= Child._computes
    assert Child.can_focus is True and Base.can_focus is False
    assert set(Child._merged_bindings.key_to_bindings) >= {"a", "b"}


def test_generic_screens_get_their_type_parameters():
    from typing import TypeVar

    from textual.screen import Screen

    from game.tui.screens.base import BaseScreen, FirstFrame

    t = TypeVar("t")

    class Open(FirstFrame, Screen[t]):
        pass

    class Closed(Open[int]):
        pass

    class Plain(BaseScreen):  # not subscripted
        pass

    assert Open.__parameters__ == (t,) and Closed.__parameters__ == ()
    assert BaseScreen.__parameters__ != () and Plain.__parameters__ == ()
    for cls in (Open, Closed, Plain):
        ours = set_up(cls)
        assert ours == textual_set_up(cls)


def test_a_mixin_with_its_own_subclass_hook_still_has_it_run():
    made: list[str] = []

    class Registry:
        def __init_subclass__(cls, **kwargs: Any) -> None:
            super().__init_subclass__(**kwargs)
            made.append(cls.__name__)

    class Registered(QuickClass, Registry, Widget):
        pass

    class Again(Registered):
        pass

    assert made == ["Registered", "Again"]
    assert set_up(Again) == textual_set_up(Again)


def test_a_badly_named_widget_class_is_refused_as_textual_refuses_it():
    with pytest.raises(BadWidgetName):

        class lower(QuickClass, Widget):
            pass
