"""A base for small immutable value classes, cheap to define.

``@dataclass(frozen=True, slots=True)`` writes each class's ``__init__``, ``__eq__``,
``__hash__``, ``__repr__`` and ``__setattr__`` as source text and compiles it, then
builds the class a second time for its slots: about 1 ms per class, and the expression
language's classes are imported on the way to the game's first frame.

A subclass of :class:`Frozen` names its fields, in order, in ``_fields`` (which is also
its ``__slots__``) and writes a plain ``__init__`` that sets them with ``_set``. It gets
the equality, hash, repr and immutability the dataclass gave it, and copies and pickles
like one.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar

_set = object.__setattr__


class Frozen:
    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _get: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        get = attrgetter(*cls._fields)  # a C function: the fields' values, as a tuple
        cls._get = staticmethod(get if len(cls._fields) > 1 else lambda o: (get(o),))  # type: ignore[assignment]

    def _values(self) -> tuple[Any, ...]:
        return self._get(self)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field '{name}' ({type(self).__name__} is frozen)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field '{name}' ({type(self).__name__} is frozen)")

    def __reduce__(self) -> tuple[Any, ...]:  # copy and pickle: rebuilt through __init__
        return (type(self), self._values())


class Plain:
    """A base for small mutable classes with slots, as ``@dataclass(slots=True)`` made
    them (and as cheap to define as :class:`Frozen`): equality and repr from ``_fields``,
    and, like such a dataclass, not hashable."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._fields)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({fields})"
