"""Plain records: a validated scenario read back without pydantic.

The cache (``game.loader.cache``) keeps a scenario that has loaded without errors as
JSON. Reading it back makes each model a :class:`Record` with the same fields as the
model it was saved from (``scene.choices``, ``route.if_``, ...), so the compiler and the
screens read either kind alike. Records carry no line numbers: a scenario comes from
the cache only once it is known to have no errors.
"""

from __future__ import annotations

from typing import Any

from game.model.where import Located

MAPPING = "@map"  # a mapping field (like variables or responses), as [key, value] pairs


class Record(Located):
    """One content model's fields, read back from the cache."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not Record:
            return NotImplemented
        return _fields(self) == _fields(other)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the models

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in _fields(self).items())
        return f"Record({inner})"


def _fields(r: Record) -> dict[str, Any]:
    return {k: v for k, v in r.__dict__.items() if k != "_where"}


def from_json_object(d: dict[str, Any]) -> Any:
    """``json.loads(..., object_hook=from_json_object)``: objects are records, except
    the ``{"@map": [[key, value], ...]}`` that stands for a mapping."""
    if len(d) == 1 and MAPPING in d:
        return dict(d[MAPPING])
    r = Record.__new__(Record)
    r.__dict__ = d
    return r
