"""Where content was written, and the mixin that answers for it. Pure Python (no
pydantic), shared by the content models and the records read back from the cache."""

from __future__ import annotations

from typing import Any


class Where:
    """Where a model came from: the file, the line of the mapping, and of each field.

    (A plain slotted class, not a dataclass: the loader imports it on the way to the
    game's first frame, and a dataclass costs about 1 ms to define.)"""

    __slots__ = ("fields", "file", "items", "line", "literal")
    __hash__ = None  # type: ignore[assignment]

    def __init__(
        self,
        file: str,
        line: int,
        fields: dict[str, int] | None = None,
        items: dict[str, list[int]] | None = None,
        # For text written as a '|' block: the line its first line of text is on.
        literal: dict[str, int] | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.fields: dict[str, int] = {} if fields is None else fields
        self.items: dict[str, list[int]] = {} if items is None else items
        self.literal: dict[str, int] = {} if literal is None else literal

    def _values(self) -> tuple[Any, ...]:
        return (self.file, self.line, self.fields, self.items, self.literal)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return (
            f"Where(file={self.file!r}, line={self.line!r}, fields={self.fields!r}, "
            f"items={self.items!r}, literal={self.literal!r})"
        )

    def text_line(self, name: str, offset: int) -> tuple[str, int]:
        """The line of the ``offset``-th line inside a field's text (exact for '|' blocks)."""
        if name in self.literal:
            return self.file, self.literal[name] + offset
        return self.at(name)

    def at(self, name: str | None = None, index: int | None = None) -> tuple[str, int]:
        if name is None:
            return self.file, self.line
        if index is not None:
            lines = self.items.get(name)
            if lines and 0 <= index < len(lines):
                return self.file, lines[index]
        return self.file, self.fields.get(name, self.line)


class Located:
    """``location`` and ``where()`` for anything that keeps a :class:`Where` in its
    instance ``__dict__`` under ``"_where"`` (set by the loader with object.__setattr__)."""

    __slots__ = ()

    @property
    def location(self) -> Where | None:
        return self.__dict__.get("_where")

    def where(
        self, name: str | None = None, index: int | None = None
    ) -> tuple[str | None, int | None]:
        """The file and line of this node, or of one of its fields (or list items)."""
        w = self.__dict__.get("_where")
        if w is None:
            return None, None
        return w.at(name, index)
