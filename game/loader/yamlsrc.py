"""YAML with line numbers, read with PyYAML's safe loader (the C one when present).

Mappings become :class:`LineDict` and sequences :class:`LineList`; both remember the line
of themselves and of each key or item, so that any later error can name its line.
Duplicate keys, which plain ``yaml.safe_load`` silently accepts, are reported.
"""

from __future__ import annotations

from typing import Any

import yaml

try:  # the C loader is several times faster on big scenarios
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Base = yaml.SafeLoader

# A structure with aliases can be tiny on disk and enormous when walked ("billion laughs").
MAX_NODES = 3_000_000


class LineDict(dict):
    line: int
    key_lines: dict[Any, int]


class LineList(list):
    line: int
    item_lines: list[int]


class YamlProblem(Exception):
    def __init__(self, code: str, message: str, line: int | None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


class _Loader(_Base):  # type: ignore[misc,valid-type]
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[Any, int]] = []


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    d = LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            raise YamlProblem("E102", "a mapping key must be plain text", line) from None
        if key in d:
            loader.duplicates.append((key, line))
        d[key] = loader.construct_object(value_node, deep=True)
        d.key_lines[key] = line
    return d


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    out = LineList()
    out.line = node.start_mark.line + 1
    out.item_lines = []
    for child in node.value:
        out.append(loader.construct_object(child, deep=True))
        out.item_lines.append(child.start_mark.line + 1)
    return out


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def _count(obj: Any, budget: int) -> int:
    stack = [obj]
    while stack:
        x = stack.pop()
        budget -= 1
        if budget < 0:
            return budget
        if isinstance(x, dict):
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return budget


def parse_yaml(text: str) -> tuple[Any, list[tuple[Any, int]]]:
    """Parse one YAML document. Returns the data and the duplicate keys found.

    Raises :class:`YamlProblem` with a line number for anything malformed.
    """
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        what = e.problem or e.context or "malformed YAML"
        raise YamlProblem("E102", f"malformed YAML: {what}", line) from None
    except yaml.YAMLError as e:
        raise YamlProblem("E102", f"malformed YAML: {e}", None) from None
    except RecursionError:
        raise YamlProblem("E102", "malformed YAML: nested too deeply", None) from None
    finally:
        loader.dispose()
    if _count(data, MAX_NODES) < 0:
        raise YamlProblem("E102", "the file expands to too many values (too many aliases?)", None)
    return data, loader.duplicates
