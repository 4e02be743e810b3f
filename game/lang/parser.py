"""A hand-written tokenizer and recursive-descent parser.

Grammar (lowest precedence first)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | cmp
    cmp     := sum (("=="|"!="|"<"|"<="|">"|">=") sum)?
    sum     := term (("+"|"-") term)*
    term    := unary (("*"|"/"|"%") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | "true" | "false" | STRING | NAME ("(" args ")")? | "(" expr ")"
    effect  := NAME ("="|"+="|"-=") expr
"""

from __future__ import annotations

import re

from game.lang.ast import Assign, Binary, Bool, Call, Expr, Name, Num, Str, Unary
from game.lang.errors import LangError

MAX_LENGTH = 2000
MAX_DEPTH = 40
# A long chain such as ``1 + 1 + ... + 1`` is not nested in the text but is deep as a
# tree, and compiling or running a tree recurses once per level.
MAX_TREE_DEPTH = 100
MAX_NUMBER = 1_000_000_000

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<num>\d+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<str>'[^'\n]*'|"[^"\n]*")
  | (?P<op>==|!=|<=|>=|\+=|-=|[-+*/%<>=(),;])
    """,
    re.VERBOSE,
)

KEYWORDS = {"and", "or", "not", "true", "false"}


class _Tokens:
    __slots__ = ("i", "items", "text")

    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise LangError(
                f"expression is too long ({len(text)} characters; the limit is {MAX_LENGTH})",
                0,
                "E301",
            )
        self.text = text
        self.items: list[tuple[str, str, int]] = []
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None:
                ch = text[pos]
                hint = ""
                if ch == "&" or ch == "|":
                    hint = " (write 'and' / 'or')"
                elif ch == "!":
                    hint = " (write 'not', or '!=')"
                elif ch in "'\"":
                    hint = " (unclosed quote)"
                raise LangError(f"unexpected character {ch!r}{hint}", pos, "E301")
            kind = m.lastgroup or ""
            if kind != "ws":
                value = m.group()
                if kind == "name" and value in KEYWORDS:
                    kind = "kw"
                self.items.append((kind, value, pos))
            pos = m.end()
        self.items.append(("end", "", len(text)))
        self.i = 0

    def peek(self) -> tuple[str, str, int]:
        return self.items[self.i]

    def next(self) -> tuple[str, str, int]:
        tok = self.items[self.i]
        if tok[0] != "end":
            self.i += 1
        return tok

    def accept(self, value: str) -> bool:
        kind, v, _ = self.items[self.i]
        if v == value and kind in ("op", "kw"):
            self.i += 1
            return True
        return False

    def expect(self, value: str) -> None:
        if not self.accept(value):
            kind, v, pos = self.peek()
            found = "the end" if kind == "end" else repr(v)
            raise LangError(f"expected {value!r} but found {found}", pos, "E301")


class _Parser:
    def __init__(self, text: str) -> None:
        self.t = _Tokens(text)
        self.depth = 0

    def _enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise LangError("expression is nested too deeply", pos, "E301")

    def expr(self) -> Expr:
        pos = self.t.peek()[2]
        self._enter(pos)
        try:
            return self.or_()
        finally:
            self.depth -= 1

    def or_(self) -> Expr:
        left = self.and_()
        while True:
            pos = self.t.peek()[2]
            if not self.t.accept("or"):
                return left
            left = Binary("or", left, self.and_(), pos)

    def and_(self) -> Expr:
        left = self.not_()
        while True:
            pos = self.t.peek()[2]
            if not self.t.accept("and"):
                return left
            left = Binary("and", left, self.not_(), pos)

    def not_(self) -> Expr:
        pos = self.t.peek()[2]
        if self.t.accept("not"):
            self._enter(pos)
            try:
                return Unary("not", self.not_(), pos)
            finally:
                self.depth -= 1
        return self.cmp()

    def cmp(self) -> Expr:
        left = self.sum()
        kind, v, pos = self.t.peek()
        if kind == "op" and v in ("==", "!=", "<", "<=", ">", ">="):
            self.t.next()
            right = self.sum()
            k2, v2, p2 = self.t.peek()
            if k2 == "op" and v2 in ("==", "!=", "<", "<=", ">", ">="):
                raise LangError("comparisons cannot be chained; join them with 'and'", p2, "E301")
            return Binary(v, left, right, pos)
        if kind == "op" and v == "=":
            raise LangError("'=' sets a value; to compare, write '=='", pos, "E301")
        return left

    def sum(self) -> Expr:
        left = self.term()
        while True:
            kind, v, pos = self.t.peek()
            if kind == "op" and v in ("+", "-"):
                self.t.next()
                left = Binary(v, left, self.term(), pos)
            else:
                return left

    def term(self) -> Expr:
        left = self.unary()
        while True:
            kind, v, pos = self.t.peek()
            if kind == "op" and v in ("*", "/", "%"):
                self.t.next()
                left = Binary(v, left, self.unary(), pos)
            else:
                return left

    def unary(self) -> Expr:
        pos = self.t.peek()[2]
        if self.t.accept("-"):
            self._enter(pos)
            try:
                operand = self.unary()
            finally:
                self.depth -= 1
            if isinstance(operand, Num):
                return Num(-operand.value, pos)
            return Unary("-", operand, pos)
        return self.atom()

    def atom(self) -> Expr:
        kind, v, pos = self.t.next()
        if kind == "num":
            n = int(v)
            if n > MAX_NUMBER:
                raise LangError(f"number {v} is too large (the limit is {MAX_NUMBER})", pos, "E301")
            return Num(n, pos)
        if kind == "str":
            return Str(v[1:-1], pos)
        if kind == "kw":
            if v == "true":
                return Bool(True, pos)
            if v == "false":
                return Bool(False, pos)
            raise LangError(f"'{v}' needs something on its left", pos, "E301")
        if kind == "name":
            if self.t.accept("("):
                args: list[Expr] = []
                if not self.t.accept(")"):
                    while True:
                        args.append(self.expr())
                        if self.t.accept(")"):
                            break
                        self.t.expect(",")
                return Call(v, tuple(args), pos)
            return Name(v, pos)
        if kind == "op" and v == "(":
            inner = self.expr()
            self.t.expect(")")
            return inner
        if kind == "end":
            raise LangError("the expression ends too soon", pos, "E301")
        raise LangError(f"unexpected {v!r}", pos, "E301")

    def finish(self) -> None:
        kind, v, pos = self.t.peek()
        if kind != "end":
            if kind == "op" and v in ("=", "+=", "-="):
                raise LangError(
                    f"'{v}' sets a value and cannot be used in a condition", pos, "E301"
                )
            raise LangError(f"unexpected {v!r} after the end of the expression", pos, "E301")


def _tree_depth(e: Expr) -> int:
    deepest = 0
    stack: list[tuple[Expr, int]] = [(e, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(node, Binary):
            stack.append((node.left, d + 1))
            stack.append((node.right, d + 1))
        elif isinstance(node, Unary):
            stack.append((node.operand, d + 1))
        elif isinstance(node, Call):
            stack.extend((a, d + 1) for a in node.args)
    return deepest


def _check_tree(e: Expr) -> Expr:
    if _tree_depth(e) > MAX_TREE_DEPTH:
        raise LangError(
            f"expression is too long: more than {MAX_TREE_DEPTH} operations in a row; split it up",
            0,
            "E301",
        )
    return e


def parse_expr(text: str) -> Expr:
    """Parse a condition or value expression. Raises :class:`LangError`."""
    if not isinstance(text, str):
        raise LangError("an expression must be text", None, "E301")
    p = _Parser(text)
    if p.t.peek()[0] == "end":
        raise LangError("the expression is empty", 0, "E301")
    e = p.expr()
    p.finish()
    return _check_tree(e)


def parse_effects(text: str) -> list[Assign]:
    """Parse one or more effects separated by ``;``. Raises :class:`LangError`."""
    if not isinstance(text, str):
        raise LangError("an effect must be text", None, "E301")
    p = _Parser(text)
    out: list[Assign] = []
    while True:
        kind, v, pos = p.t.next()
        if kind == "end":
            if not out:
                raise LangError("the effect is empty", 0, "E301")
            return out
        if kind != "name":
            raise LangError(f"an effect starts with the name to change, not {v!r}", pos, "E301")
        op_kind, op, op_pos = p.t.next()
        if op_kind != "op" or op not in ("=", "+=", "-="):
            found = "the end" if op_kind == "end" else repr(op)
            raise LangError(
                f"expected '=', '+=' or '-=' after {v!r} but found {found}", op_pos, "E301"
            )
        value = _check_tree(p.expr())
        out.append(Assign(Name(v, pos), op, value, pos))
        k, sep, sp = p.t.peek()
        if k == "end":
            return out
        if not p.t.accept(";"):
            raise LangError(f"unexpected {sep!r}; separate effects with ';'", sp, "E301")
