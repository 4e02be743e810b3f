"""Where content was written, and the mixin that answers for it. Pure Python (no
pydantic), shared by the content models and the records read back from the cache."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Where:
    """Where a model came from: the file, the line of the mapping, and of each field."""

    file: str
    line: int
    fields: dict[str, int] = field(default_factory=dict)
    items: dict[str, list[int]] = field(default_factory=dict)
    # For text written as a '|' block: the line its first line of text is on.
    literal: dict[str, int] = field(default_factory=dict)

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
