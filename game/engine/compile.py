"""Check a :class:`Scenario` model and compile it into a :class:`CompiledScenario`.

This is where every cross-reference and every expression is checked, once, when the
scenario loads. Problems come back as diagnostics with the file and line that the loader
recorded; nothing here raises for bad content.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from game.engine.runtime import (
    CChoice,
    CCouncil,
    CEnding,
    CEvent,
    CLeaderResponses,
    CMember,
    CompiledScenario,
    CResponse,
    CRole,
    CScene,
    DimensionInfo,
    Fn,
    LeaderInfo,
    Routes,
    VarInfo,
)
from game.lang import codegen
from game.lang.compiler import Compiled, Compiler, chance_node
from game.lang.errors import LangError
from game.lang.parser import parse_expr
from game.lang.types import BOOL, INT, STR, Env, Symbol, VarType
from game.model.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    # Type names only: a scenario read back from the cache is made of plain records
    # (game.model.record) with the same fields, and nothing here needs pydantic.
    from game.model.scenario import Node, Route, Scenario, Variable

ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ID_CHARS_RE = re.compile(r"[A-Za-z0-9_.\- ]*")  # the characters of ids, and a space


def _all_ids_ok(ids: list[str]) -> bool:
    """True when ID_RE accepts every one of ``ids`` (False: maybe not all). A few
    C-speed steps over the ids joined by spaces, instead of a regex call for each."""
    joined = " ".join(ids)
    return (
        joined.count(" ") == len(ids) - 1  # no id has a space in it
        and _ID_CHARS_RE.fullmatch(joined) is not None
        # and none is empty or starts with '.' or '-'
        and joined[:1] not in ("", " ", ".", "-")
        and "  " not in joined
        and " ." not in joined
        and " -" not in joined
        and not joined.endswith(" ")
    )


BUILTIN_NAMES = {"turn", "council", "true", "false", "and", "or", "not"}
# In a text: "{{" or "}}" (a brace), "{name}" (a placeholder: group 1 is the name), or a
# lone "{" or "}" (a mistake). Written so that every alternative starts with a brace:
# the regex engine then skips from brace to brace (a third less work than
# r"\{\{|\}\}|\{([^{}]*)\}|[{}]", which matches the same; see tests/engine).
_PLACEHOLDER = re.compile(r"\{(?:\{|([^{}]*)\}|)|\}\}?")
# In a title (which is shown as written): what would be a placeholder in a text.
_TITLE_PLACEHOLDER = re.compile(r"\{\s*[A-Za-z_][A-Za-z0-9_.]*\s*\}")
# Stands in for a condition with errors (reported; a scenario with errors never runs).
_FAILED = Compiled(codegen.const(False), BOOL)


def _yes_no(value: Any) -> str:
    """A true/false value in a text, as a player reads it (as VarInfo.format shows one)."""
    return "yes" if value else "no"


def _no_text(s: Any) -> str:
    """What a text stands in as when only checking (see _Builder.build): never shown."""
    return ""


_NO_TEXT = _no_text


class Deferred:
    """A function made the first time it is called.

    It then puts the real function in every place that holds it (an attribute of a
    runtime object, or an item of a list), so later calls go straight to the real one.
    Loading a scenario thus checks every expression but only turns into Python code what
    a game actually runs (starting the game shows its first scene sooner).

    With ``once``, the first call runs ``once`` instead (``codegen.run``: the tree walked
    once, a hundred times cheaper than making the function, with the same result), and
    the function is made on the second call: code that runs once, such as the council's
    votes for the game screen's first frame or a role's effects at the start of a game,
    is never made at all."""

    __slots__ = ("_fn", "_make", "_once", "_places")

    def __init__(
        self,
        make: Callable[[], Callable[..., Any]],
        once: Callable[..., Any] | None = None,
    ) -> None:
        self._make: Callable[[], Callable[..., Any]] | None = make
        self._once = once
        self._fn: Callable[..., Any] | None = None
        self._places: list[tuple[Any, str | int]] = []

    def put(self, holder: Any, key: str | int) -> None:
        """Note that ``holder`` (at attribute or index ``key``) holds this function."""
        if self._fn is not None:
            _place(holder, key, self._fn)
        else:
            self._places.append((holder, key))

    def resolve(self) -> Callable[..., Any]:
        fn = self._fn
        if fn is None:
            make = self._make
            if make is None:  # another thread (the TUI's loader) has just made it
                assert self._fn is not None
                return self._fn
            fn = self._fn = make()  # set before _make is cleared (see above)
            self._once = None
            places, self._places = self._places, []
            for holder, key in places:
                _place(holder, key, fn)
            self._make = None
        return fn

    def __call__(self, *args: Any) -> Any:
        if self._fn is None:
            once = self._once
            if once is not None:
                self._once = None  # first: the next call makes the function
                return once(*args)
        return self.resolve()(*args)


def _place(holder: Any, key: str | int, fn: Callable[..., Any]) -> None:
    if isinstance(key, int):
        holder[key] = fn
    else:
        setattr(holder, key, fn)


def _hold(obj: Any, *attrs: str) -> Any:
    """Tell each Deferred in ``obj``'s ``attrs`` where it is held; returns ``obj``."""
    for a in attrs:
        v = getattr(obj, a)
        if type(v) is Deferred:
            v.put(obj, a)
    return obj


def _id(name: str) -> str:
    # One string object per id: the engine's lookups (scenes by id, the sets of scenes
    # visited and choices made) then find it by identity, and it is in memory once.
    return sys.intern(name)


def _helpers(codes: Any) -> dict[str, Any]:
    """The namespace for a function joined from several conditions."""
    out: dict[str, Any] = {}
    for c in codes:
        if c is not None:
            out.update(c.helpers)
    return out


class _TrackingCompiler(Compiler):
    """A compiler that remembers which variables are read (for 'unused variable')."""

    def __init__(self, env: Env, reads: set[str] | None = None, pure: str | None = None) -> None:
        super().__init__(env, pure)
        self.reads: set[str] = set() if reads is None else reads
        # The conditions checked so far, by text (see Compiler.condition): the builder
        # looks there first, inline, in its loops over every choice and route.
        self.known: dict[str, Compiled] = self._conditions

    def name(self, e: Any) -> Compiled:
        self.reads.add(e.name)
        return super().name(e)


class _Builder:
    def __init__(self, model: Scenario, content_hash: str, build: bool = True) -> None:
        self.m = model
        self.hash = content_hash
        # Without ``build``, only the checks run (see compile_scenario): every diagnostic
        # is found, in the same order, but the scenes, choices and responses the engine
        # would run, and the functions that would pick among them, are not made.
        self.compiling = build
        self.diags: list[Diagnostic] = []
        self._deferred: dict[tuple[Any, ...], Deferred] = {}
        self._const_texts: dict[str, Callable[[Any], str]] = {}
        self._shown: dict[str, tuple[Callable[[Any], Any], Callable[[Any], str]]] = {}
        # (condition info, node, field, index, what) for the "never true" analysis
        self.conditions: list[tuple[Compiled, Node, str, int | None, str]] = []
        # Facts for the warnings, gathered while building (see analyse):
        self._edges: dict[str, list[str]] = {}  # scene id -> where it can lead
        self._dead_ends: set[str] = set()  # scenes none of whose choices can be open
        self._silent: list[tuple[str, Any, Any]] = []  # (leader, scene, choice): W408
        self._always: list[tuple[str, Any, int, Any]] = []  # W406

    # -- reporting ------------------------------------------------------------------
    def report(
        self,
        code: str,
        message: str,
        node: Node | None,
        field: str | None = None,
        index: int | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        file, line = node.where(field, index) if node is not None else (None, None)
        self.diags.append(Diagnostic(code, message, file, line, severity))

    def warn(
        self,
        code: str,
        message: str,
        node: Node | None,
        field: str | None = None,
        index: int | None = None,
    ) -> None:
        self.report(code, message, node, field, index, Severity.WARNING)

    def _lang(self, e: LangError, node: Node, field: str, index: int | None, text: str) -> None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        written = "if" if field == "if_" else field  # the key as the author wrote it
        self.report(e.code, f"in {written} `{shown}`: {e}", node, field, index)

    # -- expressions ----------------------------------------------------------------
    def pure(self, where: str) -> _TrackingCompiler:
        """A compiler for expressions that must not draw random numbers (see Compiler)."""
        comp = self._pure.get(where)
        if comp is None:
            comp = self._pure[where] = _TrackingCompiler(self.env, self.comp.reads, where)
        return comp

    def cond(
        self,
        text: str | None,
        node: Node,
        field: str,
        what: str,
        index: int | None = None,
        pure: str | None = None,
    ) -> Compiled | None:
        """A condition, checked and compiled; None when there is none. A condition with
        errors is reported and stands in as 'false' (a scenario with errors never runs)."""
        if text is None:
            return None
        try:
            c = (self.pure(pure) if pure else self.comp).condition(text)
        except LangError as e:
            self._lang(e, node, field, index, text)
            return _FAILED
        if not c.can_true:  # reported as W405 once the scenario compiles
            self.conditions.append((c, node, field, index, what))
        return c

    def cond_info(self, text: str | None) -> Compiled | None:
        if text is None:
            return None
        try:
            return self.comp.condition(text)
        except LangError:
            return None

    def deferred(self, key: tuple[Any, ...], make: Callable[[], Callable[..., Any]]) -> Deferred:
        """The shared :class:`Deferred` for ``key``: the same checks in the same order
        (the same condition texts, say) make the same code, so it is made once."""
        d = self._deferred.get(key)
        if d is None:
            d = self._deferred[key] = Deferred(make)
        return d

    def effects(self, texts: list[str], node: Node, field: str) -> Deferred | None:
        """A list of effects as one function (None when there are none).

        Joining them saves the engine a call per effect; they still run in order."""
        if not texts:
            return None
        key = ("effects", *texts)
        d = self._deferred.get(key)
        if d is None:
            codes = []
            for i, text in enumerate(texts):
                try:
                    codes.append(self.comp.effect_code(text))
                except LangError as e:
                    self._lang(e, node, field, i, text)
            if not any(codes):
                return None
            helpers = self.comp.helpers

            def body() -> list[ast.stmt]:
                return [st for code in codes for stmts, _ in code for st in stmts]

            def make() -> Fn:
                return codegen.function(body(), helpers, "effects")

            def once(*args: Any) -> Any:
                return codegen.run(body(), helpers, ("s",), args)

            d = self._deferred[key] = Deferred(make, once)
        return d

    def first_index(
        self, kind: str, conds: list[Compiled | None], texts: list[str | None]
    ) -> Deferred | None:
        """``f(s)``: the index of the first condition that holds (None: always), or -1.
        None when the first has no condition (the answer is always 0)."""
        if not conds or conds[0] is None:
            return None
        key = (kind, *texts)
        return self._deferred.get(key) or self._first_index(key, conds)

    def _first_index(self, key: tuple[Any, ...], conds: list[Compiled | None]) -> Deferred:
        """The :class:`Deferred` for ``first_index``, made for a new ``key``."""
        kind = key[0]

        def make() -> Fn:
            node = codegen.first_match(((c and c.node, i) for i, c in enumerate(conds)), -1)
            return codegen.returning(node, _helpers(conds), kind)

        d = self._deferred[key] = Deferred(make)
        return d

    def open_choices(
        self, requires: list[Compiled | None], texts: list[str | None]
    ) -> tuple[Deferred | None, Deferred | None]:
        """For a scene: which choices are available now (a tuple of true/false), and
        whether any is (checked in order, stopping at the first that is). None when no
        check is needed."""
        opens = None
        for c in requires:
            if c is not None:
                key = ("open", *texts)
                opens = self._deferred.get(key)
                if opens is None:

                    def make_open() -> Fn:
                        node = codegen.tuple_(
                            codegen.const(True) if c is None else c.node for c in requires
                        )
                        return codegen.returning(node, _helpers(requires), "open choices")

                    opens = self._deferred[key] = Deferred(make_open)
                break
        any_open = None
        if requires and requires[0] is not None:
            key = ("any open", *texts)
            any_open = self._deferred.get(key)
            if any_open is None:

                def make_any() -> Fn:
                    terms: list[ast.expr] = []
                    for c in requires:
                        terms.append(codegen.const(True) if c is None else c.node)
                        if c is None:
                            break
                    return codegen.returning(
                        codegen.junction("or", terms), _helpers(requires), "any open choice"
                    )

                any_open = self._deferred[key] = Deferred(make_any)
        return opens, any_open

    def template(self, text: str, node: Node, field: str) -> Callable[[Any], str]:
        fn = self._const_texts.get(text)
        if fn is not None:
            return fn
        if "{" not in text and "}" not in text:
            fn = self._const_texts[text] = _const_text(text) if self.compiling else _NO_TEXT
            return fn
        if not self.compiling:
            # Checking only: when every token is a placeholder naming a variable (no
            # braces, no mistakes), noting the names read is all there is to do.
            names = _PLACEHOLDER.findall(text)  # "" for a token that is no placeholder
            if "" not in names:
                names = [n.strip() for n in names]
                symbols = self.symbols
                if all(n in symbols for n in names):
                    self.comp.reads.update(names)
                    return _NO_TEXT
        parts: list[Any] = []  # text, and a (getter, format) pair for each placeholder
        pos = 0
        ok = True
        shows = False  # whether any placeholder was put in parts
        for m in _PLACEHOLDER.finditer(text):
            parts.append(text[pos : m.start()])
            pos = m.end()
            tok = m.group(0)
            if tok == "{{":
                parts.append("{")
            elif tok == "}}":
                parts.append("}")
            elif m.group(1) is None:
                file, line = _text_line(node, field, text, m.start())
                self.diags.append(
                    Diagnostic(
                        "E209",
                        f"unmatched '{tok}' in {field}; write '{tok * 2}' for a brace",
                        file,
                        line,
                    )
                )
                ok = False
            else:
                name = m.group(1).strip()
                sym = self.symbols.get(name)
                if sym is None:
                    file, line = _text_line(node, field, text, m.start())
                    self.diags.append(
                        Diagnostic(
                            "E209",
                            f"{field} shows {{{name}}}, but there is no variable '{name}'",
                            file,
                            line,
                        )
                    )
                    ok = False
                    continue
                self.comp.reads.add(name)
                if not self.compiling:
                    continue
                shown = self._shown.get(name)  # (getter, format), made once per name
                if shown is None:
                    info = self.var_by_name.get(name)
                    getter = (lambda s, i=sym.slot: s.v[i]) if sym.slot is not None else sym.getter
                    # A variable shows as its VarInfo says (true/false as yes/no); so
                    # does a built-in that is true or false (council.vetoed).
                    if info is not None:
                        fmt = info.format
                    else:
                        fmt = _yes_no if sym.type.kind == "bool" else str
                    shown = self._shown[name] = (getter, fmt)
                parts.append(shown)
                shows = True
        if not self.compiling:
            return _NO_TEXT
        parts.append(text[pos:])
        if not ok or not shows:
            const = "".join(p for p in parts if isinstance(p, str))
            return lambda s: const
        frozen = tuple(parts)

        def render(s: Any) -> str:
            return "".join(p if isinstance(p, str) else p[1](p[0](s)) for p in frozen)

        return render

    def routes(
        self, nxt: str | list[Route] | None, node: Node, field: str, kind: str, ident: str
    ) -> tuple[Routes, Deferred | None]:
        """The routes of the scene or choice ``ident`` (``kind``) as a list of
        (condition, target), and the function that picks one (see CChoice.route)."""
        if nxt is None:
            return (), None
        if isinstance(nxt, str):
            self.target(nxt, node, field)
            return ((None, _id(nxt)),), None
        # As in self.cond, inline (this runs for every route of every choice).
        out: list[tuple[Compiled | None, str]] = []
        texts: list[str | None] = []
        scenes, endings = self.scene_ids, self.ending_ids
        known = self.comp.known
        intern = sys.intern
        for r in nxt:
            to = r.to
            if to not in scenes and to not in endings:
                self.target(to, r, "to")
            t = r.if_
            if t is None:
                out.append((None, intern(to)))
            else:
                c = known.get(t)
                if c is None:
                    c = self.cond(t, r, "if_", f"a route of {kind} '{ident}'")
                elif not c.can_true:
                    self.conditions.append((c, r, "if_", None, f"a route of {kind} '{ident}'"))
                out.append((c, intern(to)))
            texts.append(t)
        if not nxt:
            self.report("E111", f"{kind} '{ident}' has an empty list of routes", node, field)
        elif texts[-1] is not None:
            self.report(
                "E211",
                f"the routes of {kind} '{ident}' can all fail: end the list with a route that has no 'if'",
                nxt[-1],
                "if_",
            )
        pick = None  # self.first_index("route", [c for c, _ in out], texts)
        if out and out[0][0] is not None and self.compiling:
            key = ("route", *texts)
            pick = self._deferred.get(key) or self._first_index(key, [c for c, _ in out])
        return tuple(out), pick

    def target(self, tid: str, node: Node, field: str) -> None:
        if tid not in self.scene_ids and tid not in self.ending_ids:
            self.report(
                "E201",
                f"'{tid}' is not a scene or an ending{self._suggest(tid, self.scene_ids | self.ending_ids)}",
                node,
                field,
            )

    @staticmethod
    def _suggest(name: str, known: set[str] | frozenset[str]) -> str:
        import difflib

        close = difflib.get_close_matches(name, list(known), n=1)
        return f" (did you mean '{close[0]}'?)" if close else ""

    # -- ids and variables ----------------------------------------------------------
    def check_ids(
        self, items: list[Any], kind: str, seen: dict[str, Node] | None = None
    ) -> set[str]:
        seen = {} if seen is None else seen
        # The usual case first: every id well formed and none seen before. Otherwise
        # each is checked, and reported, in turn.
        ids = [it.id for it in items]
        if _all_ids_ok(ids) and seen.keys().isdisjoint(ids):
            new = dict(zip(ids, items, strict=True))
            if len(new) == len(ids):  # no id twice
                seen.update(new)
                return set(seen)
        match = ID_RE.match
        for it in items:
            i = it.id
            if not match(i):
                self.report(
                    "E121",
                    f"{kind} id '{i}' may only use letters, digits, '_', '-' and '.'",
                    it,
                    "id",
                )
            first = seen.get(i)
            if first is not None:
                f, ln = first.where("id")
                self.report("E120", f"duplicate id '{i}' (first defined at {f}:{ln})", it, "id")
            else:
                seen[i] = it
        return set(seen)

    def variable(self, name: str, v: Variable, leader: str | None, owner: Node) -> VarInfo | None:
        full = f"{leader}.{name}" if leader else name
        if not NAME_RE.match(name):
            self.report(
                "E121",
                f"variable name '{name}' must start with a letter and use only letters, digits and '_'",
                owner,
                "variables",
            )
            return None
        if leader is None and (name in BUILTIN_NAMES or name in self.m.leaders):
            self.report(
                "E121", f"variable name '{name}' is reserved (a built-in name or a leader id)", v
            )
            return None
        init = v.initial
        lo = hi = None
        values: tuple[str, ...] = ()
        if v.type == "int":
            # After an error, the variable is still declared (with a stand-in value), so
            # that each use of it does not add an "unknown name" error; the build fails.
            if v.min is None or v.max is None:
                self.report("E111", f"the number variable '{full}' needs both min and max", v)
            elif v.min > v.max:
                self.report("E208", f"'{full}' has min {v.min} greater than max {v.max}", v, "min")
            else:
                lo, hi = v.min, v.max
            if init is None:
                init = 0 if lo is None or hi is None else max(lo, min(hi, 0))
            if isinstance(init, bool) or not isinstance(init, int):
                self.report(
                    "E208", f"'{full}' is a number, but its initial value is {init!r}", v, "initial"
                )
                init = 0
            elif lo is not None and hi is not None and not lo <= init <= hi:
                self.report(
                    "E208",
                    f"'{full}' starts at {init}, outside its bounds {lo}..{hi}",
                    v,
                    "initial",
                )
        elif v.type == "bool":
            if init is None:
                init = False
            if not isinstance(init, bool):
                self.report(
                    "E208",
                    f"'{full}' is true/false, but its initial value is {init!r}",
                    v,
                    "initial",
                )
                init = False
        else:
            if not v.values:
                self.report("E111", f"the enum variable '{full}' needs a list of values", v)
                return None
            values = tuple(str(x) for x in v.values)
            if len(set(values)) != len(values):
                self.report("E120", f"'{full}' lists a value twice", v, "values")
            if init is None:
                init = values[0]
            if init not in values:
                self.report(
                    "E204",
                    f"'{full}' starts at {init!r}, which is not one of its values",
                    v,
                    "initial",
                )
                init = values[0]
            for k in v.value_labels:
                if k not in values:
                    self.report(
                        "E204",
                        f"value_labels of '{full}' names '{k}', which is not one of its values",
                        v,
                        "value_labels",
                    )
        if v.type != "int" and (v.min is not None or v.max is not None):
            self.report(
                "E112", f"min and max only apply to number variables ('{full}' is {v.type})", v
            )
        if v.type != "enum" and v.values:
            self.report(
                "E112", f"values only apply to enum variables ('{full}' is {v.type})", v, "values"
            )
        info = VarInfo(
            name=full,
            slot=len(self.variables),
            kind=v.type,
            label=v.label or name.replace("_", " ").capitalize(),
            initial=init,
            lo=lo,
            hi=hi,
            values=values,
            value_labels=dict(v.value_labels),
            show=v.show,
            leader=leader,
            description=v.description,
            short_label=v.short_label or v.label or name.replace("_", " ").capitalize(),
        )
        self.variables.append(info)
        self.var_by_name[full] = info
        self.var_nodes[full] = v
        self.symbols[full] = Symbol(full, VarType(v.type, lo, hi, values), info.slot)
        return info

    # -- the whole scenario --------------------------------------------------------
    def build(self) -> CompiledScenario | None:
        m = self.m
        self.variables: list[VarInfo] = []
        self.var_by_name: dict[str, VarInfo] = {}
        self.var_nodes: dict[str, Variable] = {}
        self.symbols: dict[str, Symbol] = {}

        if not ID_RE.match(m.id):
            self.report(
                "E121",
                f"scenario id '{m.id}' may only use letters, digits, '_', '-' and '.'",
                m,
                "id",
            )
        places: dict[str, Node] = {}
        self.scene_ids = self.check_ids(m.scenes, "scene", places)
        self.ending_ids = self.check_ids(m.endings, "ending", places) - self.scene_ids
        self.ending_ids = {e.id for e in m.endings} - self.scene_ids
        choices_all = [c for s in m.scenes for c in s.choices]
        choice_ids = self.check_ids(choices_all, "choice")
        event_ids = self.check_ids(m.events, "event")
        self.check_ids(m.roles, "role")
        self.check_ids(m.dimensions, "dimension")
        if m.council:
            self.check_ids(m.council.members, "council member")

        for name, v in m.variables.items():
            self.variable(name, v, None, m)
        leaders: dict[str, LeaderInfo] = {}
        for lid, ld in m.leaders.items():
            if not NAME_RE.match(lid):
                self.report(
                    "E121",
                    f"leader id '{lid}' must start with a letter and use only letters, digits and '_'",
                    ld,
                )
                continue
            lvars = [
                x
                for n, v in ld.variables.items()
                if (x := self.variable(n, v, lid, ld)) is not None
            ]
            short = ld.short_name or ld.name.split()[-1]
            leaders[lid] = LeaderInfo(lid, ld.name, short, ld.title, ld.country, ld.summary, lvars)

        self.symbols["turn"] = Symbol("turn", VarType("int", 0, None), None, lambda s: s.turn)
        self.env = Env(
            self.symbols, frozenset(self.scene_ids), frozenset(choice_ids), frozenset(event_ids)
        )
        self.comp = _TrackingCompiler(self.env)
        self._pure: dict[str, _TrackingCompiler] = {}

        council = None
        if m.council:
            # Council votes cannot depend on the council itself: compile them first.
            members = []
            votes: list[ast.expr] = []
            vote_helpers: dict[str, Any] = {}
            for mem in m.council.members:
                if isinstance(mem.vote, str):
                    rules: list[tuple[Compiled | None, str]] = [(None, mem.vote)]
                    votes.append(codegen.const(mem.vote))
                else:
                    rules = [
                        (
                            self.cond(
                                r.if_, r, "if_", f"a vote rule of {mem.id}", pure="a council vote"
                            ),
                            r.then,
                        )
                        for r in mem.vote
                    ]
                    votes.append(
                        codegen.first_match(((c and c.node, v) for c, v in rules), "abstain")
                    )
                    vote_helpers.update(_helpers(c for c, _ in rules))
                    if not mem.vote or mem.vote[-1].if_ is not None:
                        self.report(
                            "E211",
                            f"the vote rules of '{mem.id}' can all fail: end with a rule that has no 'if'",
                            mem,
                            "vote",
                        )
                members.append(CMember(mem.id, mem.name, mem.permanent, rules))
            # Every member's vote in one call: a tuple of "yes" / "no" / "abstain".
            cast = codegen.tuple_(votes)
            d = Deferred(
                lambda: codegen.returning(cast, vote_helpers, "council votes"),
                lambda *args: codegen.run([ast.Return(cast)], vote_helpers, ("s",), args),
            )
            council = CCouncil(m.council.name, m.council.needed, members, d)
            d.put(council, "votes")
            if m.council.needed > len(members):
                self.report(
                    "E112",
                    f"the council needs {m.council.needed} yes votes but has only {len(members)} members",
                    m.council,
                    "needed",
                )
            for key, kind in (
                ("yes", INT),
                ("no", INT),
                ("abstain", INT),
                ("vetoed", BOOL),
                ("passes", BOOL),
            ):
                t = VarType("int", 0, len(members)) if kind is INT else BOOL
                self.symbols[f"council.{key}"] = Symbol(
                    f"council.{key}", t, None, lambda s, k=key: getattr(s.tally(), k)
                )
            # For text: "China and Russia" (or "no one").
            self.symbols["council.vetoes"] = Symbol(
                "council.vetoes", STR, None, lambda s: _names(s.tally().vetoes)
            )

        roles: dict[str, CRole] = {}
        for r in m.roles:
            start = r.start or m.start
            if r.start is not None and r.start not in self.scene_ids:
                self.report(
                    "E201", f"role '{r.id}' starts at '{r.start}', which is not a scene", r, "start"
                )
            roles[r.id] = _hold(
                CRole(
                    r.id,
                    r.name,
                    r.briefing,
                    list(r.objectives),
                    start,
                    self.effects(r.effects, r, "effects"),
                ),
                "effect",
            )
        if m.start not in self.scene_ids:
            self.report(
                "E201",
                f"start: '{m.start}' is not a scene{self._suggest(m.start, self.scene_ids)}",
                m,
                "start",
            )

        dims = [
            DimensionInfo(d.id, d.label, d.min, d.max, d.higher_is, d.description)
            for d in m.dimensions
        ]
        for d in m.dimensions:
            if d.min > d.max:
                self.report("E112", f"dimension '{d.id}' has min greater than max", d, "min")
        dim_by_id = {d.id: d for d in dims}

        scenes: dict[str, CScene] = {}
        choices: dict[str, CChoice] = {}
        responses_total = 0
        # This loop runs for every scene, choice, response and route (hundreds of
        # thousands of times in a big scenario). What it uses most is looked up once
        # here, and the common case of each step is done inline: a condition, text or
        # list of effects seen before is one dict lookup (the methods it would call do
        # that first too). Messages are only put together when they are reported. Every
        # check, report and warning happens in the same order as in the methods.
        leaders_m = m.leaders
        intern = sys.intern
        known = self.comp.known  # condition text -> Compiled, for self.cond
        known_req = self.pure("requires").known  # the same, for a choice's 'requires'
        deferreds = self._deferred
        const_texts = self._const_texts
        conditions = self.conditions
        silent = self._silent
        always = self._always
        all_edges = self._edges
        build = self.compiling
        for s in m.scenes:
            sid = intern(s.id)
            present = s.present
            for i, lid in enumerate(present):
                if lid not in leaders_m:
                    self.report(
                        "E201",
                        f"scene '{sid}' has '{lid}' present, but there is no such leader",
                        s,
                        "present",
                        i,
                    )
            cchoices: list[CChoice] = []
            requires: list[Compiled | None] = []
            req_texts: list[str | None] = []
            # For the warnings (see analyse): where the scene can lead, and whether any
            # of its choices can ever be open.
            edges: list[str] = []
            can_open = False
            sc_choices = s.choices
            for c in sc_choices:
                cid = c.id
                resp: list[CLeaderResponses] = []
                c_responses = c.responses
                for k, (lid, variants) in enumerate(c_responses.items()):
                    if lid not in leaders_m:
                        self.report(
                            "E201",
                            f"choice '{cid}' has a response from '{lid}', but there is no such leader{self._suggest(lid, set(leaders_m))}",
                            c,
                            "responses",
                            k,
                        )
                        continue
                    cv: list[CResponse] = []
                    rconds: list[Compiled | None] = []
                    rtexts: list[str | None] = []
                    for i, r in enumerate(variants):
                        # self.effects, self.cond and self.template, in that order
                        effect = None
                        texts = r.effects
                        if texts:
                            effect = deferreds.get(("effects", *texts))
                            if effect is None:
                                effect = self.effects(texts, r, "effects")
                        t = r.if_
                        if t is None:
                            cond = None
                        else:
                            cond = known.get(t)
                            if cond is None:
                                cond = self.cond(t, r, "if_", f"a response of {lid} to '{cid}'")
                            elif not cond.can_true:
                                conditions.append(
                                    (cond, r, "if_", None, f"a response of {lid} to '{cid}'")
                                )
                        text = r.text
                        tfn = const_texts.get(text) or self.template(text, r, "text")
                        if build:
                            cr = CResponse(
                                lid, i, responses_total + i, r.speaker, cond, tfn, r.because, effect
                            )
                            if effect is not None:
                                effect._places.append((cr, "effect"))  # effect.put(cr, "effect")
                            cv.append(cr)
                        rconds.append(cond)
                        rtexts.append(t)
                    if not variants:
                        self.report(
                            "E111",
                            f"the response of '{lid}' to '{cid}' has no variants",
                            c,
                            "responses",
                        )
                    responses_total += len(variants)  # one CResponse each
                    # W406: variants after one that always holds are never used.
                    for i, cond in enumerate(rconds[:-1]):
                        if rtexts[i] is None or (cond is not None and not cond.can_false):
                            always.append((lid, c, i, variants[i + 1]))
                            break
                    if not build:
                        continue
                    pick = None  # self.first_index("response", rconds, rtexts)
                    if rconds and rconds[0] is not None:
                        key = ("response", *rtexts)
                        pick = deferreds.get(key) or self._first_index(key, rconds)
                    lr = CLeaderResponses(lid, tuple(cv), pick)
                    if pick is not None:
                        pick._places.append((lr, "pick"))
                    resp.append(lr)
                if c.locked is not None and c.requires is None:
                    self.warn(
                        "W405",
                        f"choice '{cid}' has 'locked' but no 'requires', so it is never locked",
                        c,
                        "locked",
                    )
                t = c.requires
                if t is None:
                    req = None
                else:
                    req = known_req.get(t)
                    if req is None:
                        req = self.cond(t, c, "requires", f"choice '{cid}'", pure="requires")
                    elif not req.can_true:
                        conditions.append((req, c, "requires", None, f"choice '{cid}'"))
                requires.append(req)
                req_texts.append(t)
                routes, route = self.routes(c.next, c, "next", "choice", cid)
                if req is None or req.can_true:
                    can_open = True
                    for cond, to in routes:
                        if cond is None or cond.can_true:
                            edges.append(to)
                for lid in present:
                    if lid not in c_responses and lid in leaders_m:
                        silent.append((lid, s, c))
                text = c.text
                tfn = const_texts.get(text) or self.template(text, c, "text")
                effect = None
                texts = c.effects
                if texts:
                    effect = deferreds.get(("effects", *texts))
                    if effect is None:
                        effect = self.effects(texts, c, "effects")
                if not build:
                    continue
                cc = CChoice(
                    intern(cid),
                    sid,
                    tfn,
                    req,
                    c.locked,
                    c.historical,
                    effect,
                    tuple(resp),
                    routes,
                    route,
                )
                if effect is not None:
                    effect._places.append((cc, "effect"))
                if route is not None:
                    route._places.append((cc, "route"))
                cchoices.append(cc)
                choices[cid] = cc
            if sc_choices and s.next is not None:
                self.report(
                    "E112",
                    f"scene '{sid}' has choices, so it cannot also have 'next' (each choice has its own)",
                    s,
                    "next",
                )
            if not sc_choices and s.next is None:
                self.report(
                    "E210",
                    f"scene '{sid}' has no choices and no 'next': the player would be stuck",
                    s,
                )
            if sc_choices:
                routes, route = (), None
            else:
                routes, route = self.routes(s.next, s, "next", "scene", sid)
                edges.extend(t for cond, t in routes if cond is None or cond.can_true)
            all_edges[sid] = edges
            if sc_choices and not can_open:
                self._dead_ends.add(sid)
            date, place = s.date, s.place
            text = s.text
            texts = s.on_enter
            date_fn = None if date is None else self.template(date, s, "date")
            place_fn = None if place is None else self.template(place, s, "place")
            text_fn = const_texts.get(text) or self.template(text, s, "text")
            on_enter = self.effects(texts, s, "on_enter") if texts else None
            if not build:
                continue
            opens, any_open = self.open_choices(requires, req_texts)
            sc = scenes[sid] = CScene(
                sid,
                s.title,
                date_fn,
                place_fn,
                list(present),
                text_fn,
                on_enter,
                tuple(cchoices),
                routes,
                route,
                opens,
                any_open,
            )
            _hold(sc, "on_enter", "route", "open_choices", "any_open")

        events: list[CEvent] = []
        triggers: dict[str, ast.expr] = {}
        for ev in m.events:
            chance: Compiled | None = None
            if ev.chance is not None:
                text = str(ev.chance)
                try:
                    pc = chance = self.comp.value(text, "int")
                    _lo, hi = pc.interval
                    if hi is not None and hi <= 0:
                        self.warn(
                            "W407",
                            f"event '{ev.id}' has a chance that is never above 0",
                            ev,
                            "chance",
                        )
                except LangError as e:
                    self._lang(e, ev, "chance", None, text)
            if ev.scenes is not None:
                for i, sid in enumerate(ev.scenes):
                    if sid not in self.scene_ids:
                        self.report(
                            "E201",
                            f"event '{ev.id}' lists '{sid}', which is not a scene",
                            ev,
                            "scenes",
                            i,
                        )
            if ev.goto is not None:
                self.target(ev.goto, ev, "goto")
            when = self.cond(ev.when, ev, "when", f"event '{ev.id}'")
            # Whether the event fires now, in one call: not yet fired (for a once-only
            # event), its condition holds, and then its chance comes up, in that order.
            tests: list[ast.expr] = []
            if ev.once:
                tests.append(
                    codegen.compare(codegen.const(ev.id), "not in", codegen.state("fired"))
                )
            if when is not None:
                tests.append(when.node)
            if chance is not None:
                tests.append(chance_node(chance))
            triggers[ev.id] = codegen.junction("and", tests) if tests else codegen.const(True)
            events.append(
                _hold(
                    CEvent(
                        ev.id,
                        ev.title,
                        self.template(ev.text, ev, "text"),
                        when,
                        chance,
                        ev.once,
                        frozenset(ev.scenes) if ev.scenes is not None else None,
                        ev.injectable,
                        self.effects(ev.effects, ev, "effects"),
                        ev.goto,
                    ),
                    "effect",
                )
            )

        # Each scene's events, and one function that finds the next to fire (scenes that
        # share a list of events share the function).
        helpers = self.comp.helpers
        for sc in scenes.values() if events else ():
            sc.events = tuple(ev for ev in events if ev.scenes is None or sc.id in ev.scenes)
            if sc.events:
                tests = [triggers[ev.id] for ev in sc.events]
                ids = tuple(ev.id for ev in sc.events)
                sc.event_scan = self.deferred(
                    ("events", *ids),
                    lambda tests=tests: codegen.first_from_grouped(tests, helpers, "events"),
                )
                sc.event_rescan = self.deferred(
                    ("events again", *ids),
                    lambda tests=tests: codegen.first_from_grouped(tests, helpers, "events", True),
                )
                _hold(sc, "event_scan", "event_rescan")

        endings: dict[str, CEnding] = {}
        for en in m.endings:
            scores: list[tuple[DimensionInfo, Compiled]] = []
            score_keys = list(en.scores)
            for k, key in enumerate(score_keys):
                if key not in dim_by_id:
                    self.report(
                        "E201",
                        f"ending '{en.id}' scores '{key}', which is not a dimension{self._suggest(key, set(dim_by_id))}",
                        en,
                        "scores",
                        k,
                    )
            for d in dims:
                if d.id not in en.scores:
                    self.report(
                        "E111",
                        f"ending '{en.id}' has no score for the dimension '{d.id}'",
                        en,
                        "scores",
                    )
                    continue
                raw = en.scores[d.id]
                try:
                    pc = self.pure("an ending's score").value(str(raw), "int")
                    scores.append((d, pc))
                except LangError as e:
                    self._lang(e, en, "scores", score_keys.index(d.id), str(raw))
            endings[en.id] = CEnding(
                en.id, en.title, self.template(en.text, en, "text"), scores, en.debrief
            )

        if any(d.severity == Severity.ERROR for d in self.diags):
            return None
        if not self.compiling:
            self.analyse(roles)
            return None
        cs = CompiledScenario(
            model=m,
            content_hash=self.hash,
            variables=self.variables,
            var_by_name=self.var_by_name,
            leaders=leaders,
            scenes=scenes,
            choices=choices,
            endings=endings,
            events=events,
            roles=roles,
            dimensions=dims,
            council=council,
            start=m.start,
            events_per_turn=m.settings.events_per_turn,
            initial=[v.initial for v in self.variables],
            responses_total=responses_total,
            asked_scenes=frozenset(self.env.asked["visited"]),
            asked_choices=frozenset(self.env.asked["chosen"]),
        )
        self.analyse(roles)
        return cs

    # -- warnings -----------------------------------------------------------------
    def analyse(self, roles: dict[str, CRole]) -> None:
        m = self.m
        never: set[int] = set()
        for c, node, field, index, what in self.conditions:
            if not c.can_true:
                never.add(id(node))
                self.warn(
                    "W405",
                    f"the condition of {what} can never be true, given the variables' bounds",
                    node,
                    field,
                    index,
                )

        memo: dict[str | None, bool] = {None: True}

        def possible(text: str | None) -> bool:
            ok = memo.get(text)
            if ok is None:
                info = self.cond_info(text)
                ok = memo[text] = info is None or info.can_true
            return ok

        event_ok: dict[str, bool] = {}
        for ev in m.events:
            ok = possible(ev.when)
            if not ok:
                self.warn(
                    "W407",
                    f"event '{ev.id}' can never fire: its 'when' can never be true",
                    ev,
                    "when",
                )
            event_ok[ev.id] = ok

        # Reachability over the scene graph, following only edges that can be taken
        # (each scene's were gathered while building it).
        edges = self._edges
        starts = {m.start, *(r.start for r in roles.values())}
        seen: set[str] = set()
        queue = deque(s for s in starts if s in edges)
        pending_events = [ev for ev in m.events if ev.goto and event_ok[ev.id]]
        while queue:
            sid = queue.popleft()
            if sid in seen:
                continue
            seen.add(sid)
            targets = edges.get(sid)
            if targets is None:
                continue  # an ending
            for t in targets:
                if t not in seen:
                    queue.append(t)
            for ev in pending_events:
                if ev.scenes is None or sid in ev.scenes:
                    goto = ev.goto or ""
                    if goto not in seen:
                        queue.append(goto)
        # (Usually every scene can be reached and none is a dead end: nothing to say.)
        for s in m.scenes if self._dead_ends or not seen.issuperset(self.scene_ids) else ():
            if s.id not in seen:
                self.warn("W401", f"scene '{s.id}' can never be reached", s, "id")
            elif s.id in self._dead_ends:
                self.warn(
                    "W402",
                    f"scene '{s.id}' is a dead end: none of its choices can ever be available",
                    s,
                    "choices",
                )
        for en in m.endings:
            if en.id not in seen:
                self.warn("W404", f"ending '{en.id}' is never reached", en, "id")

        # A leader in the room who says nothing about a choice made in front of him.
        for lid, s, c in self._silent:
            self.warn(
                "W408",
                f"{lid} is present in scene '{s.id}' but has no response to choice '{c.id}'",
                c,
                "id",
            )

        # Response variants after one that always holds are never used.
        for lid, c, i, after in self._always:
            self.warn(
                "W406",
                f"{lid}'s response variants after number {i + 1} to '{c.id}' are never used: number {i + 1} always holds",
                after,
                "if_",
            )

        for name, info in self.var_by_name.items():
            if name not in self.comp.reads and info.show == "hidden":
                self.warn(
                    "W403",
                    f"the variable '{name}' is never used (no condition, text or score reads it, and it is not shown)",
                    self.var_nodes[name],
                )

        # W409: titles are shown as written; "{day}" in one is most likely meant to show
        # a variable, as it would in a text. (Checked in both paths: see compile_scenario.)
        for kind, items in (("scene", m.scenes), ("event", m.events), ("ending", m.endings)):
            for it in items:
                title = it.title
                if "{" not in title:
                    continue
                ph = _TITLE_PLACEHOLDER.search(title)
                if ph is not None:
                    self.warn(
                        "W409",
                        f"the title of {kind} '{it.id}' shows '{ph.group(0)}' as written: "
                        "a title cannot show a variable (put it in the text)",
                        it,
                        "title",
                    )


def _text_line(node: Node, field: str, text: str, pos: int) -> tuple[str | None, int | None]:
    """The file and line of position ``pos`` in a field's text."""
    w = node.location
    if w is None:
        return None, None
    return w.text_line(field, text.count("\n", 0, pos))


def _names(names: tuple[str, ...]) -> str:
    if not names:
        return "no one"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _const_text(text: str) -> Callable[[Any], str]:
    return lambda s: text


def compile_scenario(
    model: Scenario, content_hash: str = "", *, build: bool = True
) -> tuple[CompiledScenario | None, list[Diagnostic]]:
    """Check and compile a scenario model. Returns ``(None, diagnostics)`` on errors.

    Without ``build``, the scenario is only checked: the diagnostics are the same, in
    the same order, but no compiled scenario is made (the result is always None).
    ``validate``, which only reports, does about 40% less work that way."""
    b = _Builder(model, content_hash, build)
    try:
        cs = b.build()
    except RecursionError:  # pragma: no cover - the parser bounds nesting already
        b.diags.append(Diagnostic("E301", "an expression is nested too deeply"))
        cs = None
    return cs, b.diags


def parse_value(info: VarInfo, text: str) -> Any:
    """Parse ``--set NAME=VALUE`` text for a variable. Raises ValueError with a message."""
    t = text.strip()
    if info.kind == "int":
        try:
            n = int(t)
        except ValueError:
            raise ValueError(f"'{info.name}' is a number; '{text}' is not") from None
        assert info.lo is not None and info.hi is not None
        if not info.lo <= n <= info.hi:
            raise ValueError(f"'{info.name}' must be between {info.lo} and {info.hi}")
        return n
    if info.kind == "bool":
        if t.lower() in ("true", "yes", "1", "on"):
            return True
        if t.lower() in ("false", "no", "0", "off"):
            return False
        raise ValueError(f"'{info.name}' is true or false; '{text}' is neither")
    if t.strip("'\"") in info.values:
        return t.strip("'\"")
    raise ValueError(f"'{info.name}' must be one of: {', '.join(info.values)}")


__all__ = ["compile_scenario", "parse_expr", "parse_value"]
