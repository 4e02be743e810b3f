"""Making the game's Textual widget and screen classes quickly.

When a widget class is made, Textual's ``DOMNode.__init_subclass__`` works out its
reactives, bindings, CSS names and compute methods by going through every attribute of
every class it inherits from (``dir(cls)``, and the ``__dict__`` of each base: about
1,500 names for a widget). That is about 0.3 ms a class, and ``negotiator play`` makes a
dozen of its own before the game screen's first frame.

:class:`QuickClass` does the same work from the nearest base that Textual has already
set up: what that base inherits is already in its ``_reactives`` and ``_computes``, so
only the classes between it and the new one are looked at. The results are the same,
down to the order of the reactives (tests/tui/test_tui_quick_class.py compares them with
Textual's own for every class of the game). A class with no such base, or with a base
that has an ``__init_subclass__`` of its own (a mixin's), is set up by Textual as usual.

This replaces ``Widget.__init_subclass__`` and ``DOMNode.__init_subclass__`` (and, for a
screen, ``typing.Generic.__init_subclass__``, which comes before them: a screen is generic
in its result type) for the classes that have QuickClass among their bases (it must come
before the Textual class). Those are Textual's private set-up: ``textual`` is pinned to one version in
pyproject.toml, and the test above fails if the set-up changes.
"""

from __future__ import annotations

from typing import Any, Generic

from textual.dom import DOMNode
from textual.reactive import Reactive
from textual.widget import BadWidgetName, Widget

_COMPUTE = ("_compute_", "compute_")


class QuickClass:
    """Mixin for Textual widgets and screens: see the module's docstring."""

    def __init_subclass__(
        cls,
        can_focus: bool | None = None,
        can_focus_children: bool | None = None,
        inherit_css: bool = True,
        inherit_bindings: bool = True,
        **kwargs: Any,
    ) -> None:
        if not issubclass(cls, Widget):  # a mixin (FirstFrame): nothing to set up
            super().__init_subclass__(**kwargs)
            return
        mro = cls.__mro__
        anchor = _set_up_base(mro)
        parameters = _type_parameters(cls) if Generic in mro else ()
        if anchor is None or kwargs or parameters is None or _other_hooks(mro):
            # Textual's own set-up: Widget's (through the next class in line).
            super().__init_subclass__(  # type: ignore[call-arg]
                can_focus=can_focus,
                can_focus_children=can_focus_children,
                inherit_css=inherit_css,
                inherit_bindings=inherit_bindings,
                **kwargs,
            )
            return
        # Widget.__init_subclass__
        name = cls.__name__
        if not name[0].isupper() and not name.startswith("_"):
            raise BadWidgetName(
                f"Widget subclass {name!r} should be capitalized or start with '_'."
            )
        # DOMNode.__init_subclass__, from the base already set up (mro[anchor])
        newer = mro[:anchor]
        node: Any = cls
        reactives = dict(mro[anchor].__dict__["_reactives"])
        computes = set(mro[anchor].__dict__["_computes"])
        for base in reversed(newer):
            own = base.__dict__
            reactives.update({n: r for n, r in own.items() if isinstance(r, Reactive)})
            computes.update(n.lstrip("_")[8:] for n in own if n.startswith(_COMPUTE))
        node._reactives = reactives
        node._inherit_css = inherit_css
        node._inherit_bindings = inherit_bindings
        node._inherit_component_classes = True
        bases = node._css_bases(cls)
        node._css_type_name = bases[0].__name__
        node._merged_bindings = node._merge_bindings()
        node._css_type_names = frozenset(base.__name__ for base in bases)
        node._computes = frozenset(computes)
        # the rest of Widget.__init_subclass__
        node.can_focus = node.can_focus if can_focus is None else can_focus
        node.can_focus_children = (
            node.can_focus_children if can_focus_children is None else can_focus_children
        )
        if Generic in mro:
            # typing.Generic.__init_subclass__ (a screen is generic in its result type),
            # which would have run first: the class's own type parameters.
            node.__parameters__ = parameters


def _type_parameters(cls: type) -> tuple[Any, ...] | None:
    """The ``__parameters__`` that ``typing.Generic.__init_subclass__`` gives ``cls``: the
    type variables of its subscripted bases, in order (``class S(Screen[T])``: ``(T,)``;
    ``class G(S[None])``: ``()``). None where that takes more than this (``Generic``
    itself among the bases, subscripted or not): Textual and typing then set it up."""
    if Generic in cls.__bases__:
        return None
    found: list[Any] = []
    for base in cls.__dict__.get("__orig_bases__", ()):
        if isinstance(base, type):  # a plain class: typing skips it too
            continue
        if getattr(base, "__origin__", None) is Generic:
            return None
        for param in getattr(base, "__parameters__", ()):
            if param not in found:
                found.append(param)
    return tuple(found)


def _other_hooks(mro: tuple[type, ...]) -> bool:
    """Whether a class in ``mro`` has an ``__init_subclass__`` that the chain QuickClass
    stands in for would run, other than the ones it does itself (Textual's and typing's):
    a mixin's, say. The class is then set up the usual way, which runs it."""
    return any("__init_subclass__" in base.__dict__ and base not in _DONE_HERE for base in mro[1:])


def _set_up_base(mro: tuple[type, ...]) -> int | None:
    """The place in ``mro`` of the nearest base that Textual has set up and whose own line
    of bases is the rest of ``mro`` (so that it has seen every class after it)."""
    for i in range(1, len(mro)):
        base = mro[i]
        if "_computes" in base.__dict__ and "_reactives" in base.__dict__:
            if issubclass(base, DOMNode) and base.__mro__ == mro[i:]:
                return i
            return None
    return None


# The __init_subclass__ hooks whose work QuickClass does (object's does nothing).
_DONE_HERE = frozenset({QuickClass, Widget, DOMNode, Generic, object})
