"""YAML with line numbers, read with PyYAML's safe loader (the C one when present).

Mappings become :class:`LineDict` and sequences :class:`LineList`; both remember the line
of themselves and of each key or item, so that any later error can name its line.
Duplicate keys, which plain ``yaml.safe_load`` silently accepts, are reported.
"""

from __future__ import annotations

import re
import threading
from typing import Any

# A structure with aliases can be tiny on disk and enormous when walked ("billion laughs").
MAX_NODES = 3_000_000


class LineDict(dict):
    line: int
    key_lines: dict[Any, int]
    literal_lines: dict[Any, int]


class LineList(list):
    line: int
    item_lines: list[int]


class YamlProblem(Exception):
    def __init__(self, code: str, message: str, line: int | None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line


# The precise loader is made the first time it is needed: importing PyYAML and
# setting up its resolvers costs about 25 ms, which a scenario read by the fast
# parser (below) never needs.
_loader_class: type | None = None


def _loader() -> type:
    global _loader_class
    if _loader_class is None:
        _loader_class = _make_loader()
    return _loader_class


def _make_loader() -> type:
    import yaml

    try:  # the C loader is several times faster on big scenarios
        base: type = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - PyYAML built without libyaml
        base = yaml.SafeLoader

    class _Loader(base):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.duplicates: list[tuple[Any, int]] = []

    # YAML 1.2 core schema, not PyYAML's YAML 1.1 default: only true/false are booleans
    # (so `country: NO` or `vote: yes` stay text), `010` is ten, and dates stay text. The
    # fast loader (yaml-rs) reads YAML 1.2 too, so both paths agree.
    _Loader.yaml_implicit_resolvers = {}
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
    )
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
        list("-+0123456789"),
    )
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+.0123456789"),
    )

    def _construct_int(loader: Any, node: Any) -> int:
        v = loader.construct_scalar(node)
        if v.startswith("0o"):
            return int(v[2:], 8)
        if v.startswith("0x"):
            return int(v[2:], 16)
        return int(v)

    def _construct_bool(loader: Any, node: Any) -> bool:
        return loader.construct_scalar(node).lower() == "true"

    scalar_node = yaml.ScalarNode

    def _construct_map(loader: Any, node: Any) -> LineDict:
        loader.flatten_mapping(node)
        d = LineDict()
        d.line = node.start_mark.line + 1
        d.key_lines = {}
        d.literal_lines = {}
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
            if isinstance(value_node, scalar_node) and value_node.style == "|":
                # the text starts below the '|'
                d.literal_lines[key] = value_node.start_mark.line + 2

        return d

    def _construct_seq(loader: Any, node: Any) -> LineList:
        out = LineList()
        out.line = node.start_mark.line + 1
        out.item_lines = []
        for child in node.value:
            out.append(loader.construct_object(child, deep=True))
            out.item_lines.append(child.start_mark.line + 1)
        return out

    _Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
    _Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    _Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
    return _Loader


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


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")  # what YAML counts as a line break


def _last_line(text: str) -> int:
    """The number of the file's last line. A problem found at the end of the stream
    (an unclosed bracket) is marked one line further, past the end of the file."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return max(1, len(lines))


def parse_yaml(text: str) -> tuple[Any, list[tuple[Any, int]]]:
    """Parse one YAML document. Returns the data and the duplicate keys found.

    Raises :class:`YamlProblem` with a line number for anything malformed.
    """
    import yaml

    loader = _loader()(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = min(mark.line + 1, _last_line(text)) if mark is not None else None
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


# A native YAML 1.2 parser: ~20x faster than PyYAML, but it gives no line numbers.
# yaml-rs 0.1.6 crashes the process (SIGSEGV) if it is first imported in a thread that
# later exits and is then used again, so it is only ever imported on the main thread; a
# process that first loads content from a worker thread simply reads YAML the slower way.
_yaml_rs = None
if threading.current_thread() is threading.main_thread():
    try:
        import yaml_rs as _yaml_rs
    except ImportError:  # pragma: no cover - optional
        _yaml_rs = None

FAST_AVAILABLE = _yaml_rs is not None


# Text where the two parsers are known to read things differently: tags (!x, !!binary),
# numbers with underscores (1_000) or 0b, merge keys (<<:), control characters and
# unusual line breaks. Such files skip the fast parser, so that the precise one alone
# decides what they mean. A false alarm (say " !x" inside quotes) only costs speed.
# Written as C-speed scans (bytes.find/translate, literal-first regexes) plus a check of
# each hit's context, because a single regex with lookbehinds took seconds on 15 MB.
_SCALAR_START = frozenset(b" \t\n[{,")
_ALLOWED_BYTES = bytes(range(32, 127)) + b"\t\n\r" + bytes(range(128, 256))
_MERGE_KEY = re.compile(rb"<<[ \t]*:")
# The text as _risky first looks at it, in one C-speed pass (bytes.translate): digits
# and signs deleted, control characters made NUL, the bytes that can start a scalar a
# space, "_" and "<" kept and every other byte an "x".
_VIEW = bytes(
    0
    if c not in _ALLOWED_BYTES
    else 32
    if c in _SCALAR_START
    else c
    if c in (60, 95)  # "<", "_"
    else 120
    for c in range(256)
)


def _starts_scalar(b: bytes, i: int) -> bool:
    """Is position i the start of a plain scalar (after space, '[', '{', ',' or a line break)?"""
    return i == 0 or b[i - 1] in _SCALAR_START


def _risky(text: str) -> bool:
    if not text.isascii() and ("\x85" in text or "\u2028" in text or "\u2029" in text):
        return True
    b = text.encode("utf-8", "surrogatepass")
    x = b.translate(_VIEW, b"0123456789+-")  # see _VIEW
    if b"\x00" in x:
        return True  # control characters
    # Two "<" side by side in the text are side by side in the view too, which is
    # shorter; conditions such as "x < 3" or "y <= 0" have none.
    if b"<<" in x and _MERGE_KEY.search(b):
        return True
    i = b.find(b"!")
    while i != -1:
        if _starts_scalar(b, i) and b[i + 1 : i + 2] not in (b"=", b" ", b"\t", b"\n", b"\r", b""):
            return True
        i = b.find(b"!", i + 1)
    i = b.find(b"0b")
    while i != -1:
        j = i - 1 if i > 0 and b[i - 1] in b"+-" else i
        if _starts_scalar(b, j) and b[i + 2 : i + 3] in (b"0", b"1"):
            return True
        i = b.find(b"0b", i + 1)
    # A number with underscores: digits (maybe signed) from the start of a scalar up to
    # an '_'. First a C-speed look for any at all: in _VIEW such a number reads " _" (or
    # starts the text with "_"). Most scenarios have none, while ids like s12_c0 have
    # thousands of '_' after a digit.
    if b" _" not in x and not x.startswith(b"_"):
        return False
    # Then, to be exact, from each '_' (bytes.find is a C scan; a regex for "[0-9]_"
    # took 0.17 s on 15 MB).
    i = b.find(b"_")
    while i != -1:
        if i > 0 and 48 <= b[i - 1] <= 57:
            j = i - 1
            while j > 0 and 48 <= b[j - 1] <= 57:
                j -= 1
            if j > 0 and b[j - 1] in b"+-":
                j -= 1
            if _starts_scalar(b, j):
                return True
        i = b.find(b"_", i + 1)
    return False


def parse_yaml_fast(text: str) -> Any:
    """Parse without line numbers. Raises ValueError for anything the fast parser does
    not accept, or might read differently from the precise one (the caller then falls
    back to :func:`parse_yaml`, which says where)."""
    if _yaml_rs is None:
        raise ValueError("no fast parser")
    if _risky(text):
        raise ValueError("text the fast parser might read differently")
    try:
        return _yaml_rs.loads(text)
    except Exception as e:  # yaml-rs raises its own error types; any of them means "fall back"
        raise ValueError(str(e)) from None
