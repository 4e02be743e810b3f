"""Diagnostics: what is wrong with a scenario, and exactly where."""

from __future__ import annotations

from enum import StrEnum

from game.lang.frozen import Frozen, _set


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Diagnostic(Frozen):
    """One finding: its code, message, file, line and severity. Immutable.

    (A :class:`~game.lang.frozen.Frozen` class, not a dataclass: the loader imports it
    on the way to the game's first frame, and a dataclass costs about 1 ms to define.)"""

    _fields = ("code", "message", "file", "line", "severity")
    __slots__ = _fields

    def __init__(
        self,
        code: str,
        message: str,
        file: str | None = None,
        line: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        _set(self, "code", code)
        _set(self, "message", message)
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "severity", severity)

    def __str__(self) -> str:
        where = self.file or "<scenario>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.severity.value} {self.code}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "severity": self.severity.value,
        }


# Every diagnostic code, with a one-line meaning. docs/authoring.md lists the same table,
# and a test checks that the two agree.
CODES: dict[str, str] = {
    "E101": "the file cannot be read (missing, not a file, not UTF-8 text, or too large)",
    "E102": "the YAML is malformed",
    "E103": "the file's top level is not a mapping of keys",
    "E104": "a key appears twice in one mapping",
    "E105": "the scenario folder has no scenario.yaml",
    "E110": "an unknown field",
    "E111": "a required field is missing",
    "E112": "a value has the wrong type or is not allowed",
    "E113": "a field that only scenario.yaml may hold, in another file",
    "E120": "a duplicate id",
    "E121": "an id is not written in the allowed form",
    "E201": "a reference to a scene, ending, role, leader, event or dimension that does not exist",
    "E202": "an expression uses an unknown name",
    "E203": "a type error in an expression",
    "E204": "a value that is not one of an enum's values",
    "E205": "an unknown function, or the wrong number or kind of arguments",
    "E206": "visited()/chosen()/fired() names an id that does not exist",
    "E207": "an effect changes a read-only name",
    "E208": "a variable's initial value does not fit its type or bounds",
    "E209": "text uses {name} for a name that does not exist, or has an unmatched brace",
    "E210": "a scene has neither choices nor next, and is not an ending",
    "E211": "a list of routes can fall through: its last route must have no 'if'",
    "E301": "an expression's syntax is wrong",
    "W401": "a scene can never be reached",
    "W402": "a dead end: a scene where no choice can ever be available",
    "W403": "a variable is never used",
    "W404": "an ending is never reached",
    "W405": "a condition can never be true",
    "W406": "a response variant can never be used, because an earlier one always holds",
    "W407": "an event can never fire",
    "W408": "a leader is present in a scene but has no response to one of its choices",
    "W409": "a title has what looks like a {placeholder}, but titles are shown as written",
}
