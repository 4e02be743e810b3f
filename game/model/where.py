"""Where content was written, and the mixin that answers for it. Pure Python (no
pydantic), shared by the content models and the records read back from the cache."""

from __future__ import annotations

from game.lang.frozen import Plain


class Where(Plain):
    """Where a model came from: the file, the line of the mapping, and of each field.

    (A :class:`~game.lang.frozen.Plain` class, not a dataclass: the loader imports it on
    the way to the game's first frame, and a dataclass costs about 1 ms to define.)"""

    _fields = ("file", "line", "fields", "items", "literal")
    __slots__ = _fields

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
