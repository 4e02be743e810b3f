"""A hand-written tokenizer and precedence-climbing parser.

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

How it is made fast (a scenario's start-up parses a few hundred texts; see
``tests/engine/test_parser_frozen.py`` for the proof that it parses as the plain
recursive-descent version did, error for error):

- The whole text is cut into tokens by one ``findall`` (each match is a token and the
  spaces after it), and the tokens' columns are summed from the matches' lengths, all in
  C; no per-token Python code runs. The tokens are plain strings: an operator or keyword
  *is* its kind, a name, number or string is told by its first character, and the end
  is ``""``. A text with a character that no token matches is cut again by the original
  one-token-at-a-time loop (:func:`_tokenize_slowly`), which raises the error.
- One function (:meth:`_Parser.climb`) parses every binary level by precedence
  climbing instead of one function per level, with the common atoms inline.
- Nesting depth travels as an argument (no counter to restore), and the tree-depth walk
  is skipped when the text has too few tokens for the tree to be too deep.
"""

from __future__ import annotations

import functools
import re
from itertools import accumulate

from game.lang.ast import Assign, Binary, Bool, Call, Expr, Name, Num, Str, Unary
from game.lang.errors import LangError

MAX_LENGTH = 2000
MAX_DEPTH = 40
# A long chain such as ``1 + 1 + ... + 1`` is not nested in the text but is deep as a
# tree, and compiling or running a tree recurses once per level.
MAX_TREE_DEPTH = 100
MAX_NUMBER = 1_000_000_000

# The tokens, one at a time: the definition of the language's tokens. Only the slow path
# (a text with a character that is not part of any token) uses it, so it is compiled
# then (compiling it cost every start of the game about 1M instructions).
_TOKEN = (
    r"""
    (?P<ws>\s+)
  | (?P<num>\d+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<str>'[^'\n]*'|"[^"\n]*")
  | (?P<op>==|!=|<=|>=|\+=|-=|[-+*/%<>=(),;])
    """,
    re.VERBOSE,
)


@functools.cache
def _token_re() -> re.Pattern[str]:
    return re.compile(*_TOKEN)


# The same tokens for ``findall``: each match is one token and the spaces after it. The
# alternatives start with different characters, so their order does not matter; the
# possessive ``*+`` / ``++`` never give back what they took, which could not have
# mattered either (nothing after them could then match), and saves the engine the work.
_SCAN = re.compile(
    r"""
    (?: [A-Za-z_][A-Za-z0-9_]*+(?:\.[A-Za-z_][A-Za-z0-9_]*+)*+
      | [=!<>+\-]= | [-+*/%<>=(),;]
      | \d++
      | '[^'\n]*+' | "[^"\n]*+"
    )
    \s*+
    """,
    re.VERBOSE,
)

KEYWORDS = {"and", "or", "not", "true", "false"}

_END = ""  # the token after the last one (its column is the text's length)

# What a token is, from its first character (a token is never empty, but the end is).
_NAME, _NUM, _STR, _OPEN, _MINUS, _OTHER, _NO_MORE = range(7)
_FIRST: dict[str, int] = {c: _OTHER for c in "=!<>+*/%(),;"}
_FIRST.update(dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_", _NAME))
_FIRST.update(dict.fromkeys("0123456789", _NUM))
_FIRST.update({"'": _STR, '"': _STR, "(": _OPEN, "-": _MINUS, _END: _NO_MORE})  # "-" or "-="
# Any other first character is a non-ASCII decimal digit (``\d`` matches those too).

# Binding powers: the levels of the grammar, loosest first. Nothing binds at _NOT: it is
# the level of the operand of "not" (which may itself start with "not").
_OR, _AND, _NOT, _CMP, _SUM, _TERM, _UNARY = 1, 2, 3, 4, 5, 6, 7
_INFIX: dict[str, int] = {
    "or": _OR,
    "and": _AND,
    **dict.fromkeys(("==", "!=", "<", "<=", ">", ">="), _CMP),
    "+": _SUM,
    "-": _SUM,
    "*": _TERM,
    "/": _TERM,
    "%": _TERM,
}
_COMPARISONS = frozenset(("==", "!=", "<", "<=", ">", ">="))
_ASSIGNMENTS = ("=", "+=", "-=")

_rstrip = str.rstrip


def _tokenize_slowly(text: str) -> tuple[list[str], list[int]]:
    """The tokens and columns of :class:`_Parser`, one token at a time as the language's
    definition (:data:`_TOKEN`) has them, with the error for a bad character."""
    tokens: list[str] = []
    cols: list[int] = []
    pos = 0
    while pos < len(text):
        m = _token_re().match(text, pos)
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
        if m.lastgroup != "ws":
            tokens.append(m.group())
            cols.append(pos)
        pos = m.end()
    tokens.append(_END)
    cols.append(len(text))
    return tokens, cols


def _is_name(token: str) -> bool:
    return _FIRST.get(token[:1]) == _NAME and token not in KEYWORDS


def _found(token: str) -> str:
    return "the end" if token == _END else repr(token)


class _Parser:
    """Parses ``tokens`` from ``i`` on; ``cols[k]`` is the column of ``tokens[k]``."""

    __slots__ = ("cols", "i", "tokens")

    def __init__(self, text: str) -> None:
        """Cuts ``text`` into tokens (ending with :data:`_END`) and their columns (one
        more: the end's). Raises :class:`LangError` for a text that is too long or has a
        character that starts no token."""
        if len(text) > MAX_LENGTH:
            raise LangError(
                f"expression is too long ({len(text)} characters; the limit is {MAX_LENGTH})",
                0,
                "E301",
            )
        start = len(text) - len(text.lstrip())  # str.strip and \s agree on what a space is
        parts = _SCAN.findall(text, start)
        if start == 0:  # (the usual case; a keyword argument costs a little)
            cols = [0, *accumulate(map(len, parts))]
        else:
            cols = list(accumulate(map(len, parts), initial=start))
        if cols[-1] == len(text):
            tokens = list(map(_rstrip, parts))  # a token never ends with a space; a match may
            tokens.append(_END)
        else:  # findall skipped a character that starts no token
            tokens, cols = _tokenize_slowly(text)
        self.tokens = tokens
        self.cols = cols
        self.i = 0

    def expr(self, depth: int) -> Expr:
        """A whole expression (an ``or``), one level deeper than ``depth``."""
        depth += 1
        if depth > MAX_DEPTH:
            raise LangError("expression is nested too deeply", self.cols[self.i], "E301")
        return self.climb(_OR, depth)

    def climb(self, level: int, depth: int) -> Expr:
        """The longest expression at ``level`` or tighter: an operand, then any binary
        operators binding at least as tightly as ``level``, each with its right operand
        one level tighter (all of them associate to the left)."""
        tokens = self.tokens
        i = self.i
        token = tokens[i]
        col = self.cols[i]
        # -- the operand. The common atoms are parsed here rather than in calls.
        # ``cmp_start`` says whether a comparison begins here, so that '=' after its
        # left side is the '==' mistake (after "not x" the operand of not was checked).
        cmp_start = True
        try:
            first = _FIRST[token[:1]]
        except KeyError:  # a non-ASCII first character: a digit (\d matches those)
            first = _NUM
        if first == _NAME:
            self.i = i + 1
            if token in KEYWORDS:
                if token == "true":
                    left: Expr = Bool(True, col)
                elif token == "false":
                    left = Bool(False, col)
                elif token == "not" and level <= _NOT:
                    depth_not = depth + 1
                    if depth_not > MAX_DEPTH:
                        raise LangError("expression is nested too deeply", col, "E301")
                    left = Unary("not", self.climb(_NOT, depth_not), col)
                    cmp_start = False
                else:
                    raise LangError(f"'{token}' needs something on its left", col, "E301")
            elif tokens[i + 1] == "(":
                left = self.call(token, col, depth)
            else:
                left = Name(token, col)
        elif first == _NUM:
            self.i = i + 1
            n = int(token)
            if n > MAX_NUMBER:
                raise LangError(
                    f"number {token} is too large (the limit is {MAX_NUMBER})", col, "E301"
                )
            left = Num(n, col)
        elif first == _STR:
            self.i = i + 1
            left = Str(token[1:-1], col)
        elif first == _MINUS and token == "-":  # (not "-=")
            self.i = i + 1
            depth_minus = depth + 1
            if depth_minus > MAX_DEPTH:
                raise LangError("expression is nested too deeply", col, "E301")
            operand = self.climb(_UNARY, depth_minus)
            # a negative number is a number
            left = Num(-operand.value, col) if type(operand) is Num else Unary("-", operand, col)
        elif first == _OPEN:
            self.i = i + 1
            left = self.expr(depth)
            self.expect(")")
        elif first == _NO_MORE:
            raise LangError("the expression ends too soon", col, "E301")
        else:
            self.i = i + 1
            raise LangError(f"unexpected {token!r}", col, "E301")
        # -- the binary operators. (At _UNARY no operator binds: this returns at once.)
        while True:
            i = self.i
            token = tokens[i]
            # (``in`` and ``[]`` are cheaper than calling ``dict.get``)
            if token not in _INFIX or (power := _INFIX[token]) < level:
                if token == "=" and cmp_start and level <= _CMP:
                    raise LangError(
                        "'=' sets a value; to compare, write '=='", self.cols[i], "E301"
                    )
                return left
            self.i = i + 1
            right = self.climb(power + 1, depth)
            left = Binary(token, left, right, self.cols[i])
            if power <= _CMP:
                cmp_start = False
                if power == _CMP:
                    k = self.i
                    if tokens[k] in _COMPARISONS:
                        raise LangError(
                            "comparisons cannot be chained; join them with 'and'",
                            self.cols[k],
                            "E301",
                        )

    def call(self, func: str, col: int, depth: int) -> Call:
        """``func(args)``; the current token is the '('."""
        tokens = self.tokens
        self.i += 1
        args: list[Expr] = []
        if tokens[self.i] == ")":
            self.i += 1
        else:
            while True:
                args.append(self.expr(depth))
                token = tokens[self.i]
                if token == ")":
                    self.i += 1
                    break
                if token != ",":
                    raise LangError(
                        f"expected ',' but found {_found(token)}", self.cols[self.i], "E301"
                    )
                self.i += 1
        return Call(func, tuple(args), col)

    def expect(self, value: str) -> None:
        token = self.tokens[self.i]
        if token != value:
            raise LangError(
                f"expected {value!r} but found {_found(token)}", self.cols[self.i], "E301"
            )
        self.i += 1

    def finish(self) -> None:
        token = self.tokens[self.i]
        if token != _END:
            col = self.cols[self.i]
            if token in _ASSIGNMENTS:
                raise LangError(
                    f"'{token}' sets a value and cannot be used in a condition", col, "E301"
                )
            raise LangError(f"unexpected {token!r} after the end of the expression", col, "E301")


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


# Every node of a tree stands for a token of its own (an operator, a name, a number...;
# "-5" makes one node of two), so a tree from at most this many tokens (the end
# included) cannot be more than MAX_TREE_DEPTH deep, and need not be walked.
_SHALLOW = MAX_TREE_DEPTH + 1


def parse_expr(text: str) -> Expr:
    """Parse a condition or value expression. Raises :class:`LangError`."""
    if not isinstance(text, str):
        raise LangError("an expression must be text", None, "E301")
    p = _Parser(text)
    tokens = p.tokens
    if tokens[0] == _END:
        raise LangError("the expression is empty", 0, "E301")
    e = p.expr(0)
    p.finish()
    if len(tokens) > _SHALLOW:
        _check_tree(e)
    return e


def parse_effects(text: str) -> list[Assign]:
    """Parse one or more effects separated by ``;``. Raises :class:`LangError`."""
    if not isinstance(text, str):
        raise LangError("an effect must be text", None, "E301")
    p = _Parser(text)
    tokens = p.tokens
    cols = p.cols
    deep = len(tokens) > _SHALLOW
    out: list[Assign] = []
    while True:
        i = p.i
        target = tokens[i]
        col = cols[i]
        if target == _END:
            if not out:
                raise LangError("the effect is empty", 0, "E301")
            return out
        if not _is_name(target):
            raise LangError(
                f"an effect starts with the name to change, not {target!r}", col, "E301"
            )
        op = tokens[i + 1]
        if op not in _ASSIGNMENTS:
            raise LangError(
                f"expected '=', '+=' or '-=' after {target!r} but found {_found(op)}",
                cols[i + 1],
                "E301",
            )
        p.i = i + 2
        value = p.expr(0)
        if deep:
            _check_tree(value)
        out.append(Assign(Name(target, col), op, value, col))
        i = p.i
        separator = tokens[i]
        if separator == _END:
            return out
        if separator != ";":
            raise LangError(f"unexpected {separator!r}; separate effects with ';'", cols[i], "E301")
        p.i = i + 1
