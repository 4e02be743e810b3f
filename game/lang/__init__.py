"""The expression language used by conditions and effects in content files.

Expressions are parsed into a small AST, type-checked against the scenario's variables,
and compiled into small Python functions built from ``ast`` nodes (``game.lang.codegen``).
No content text is ever given to Python's parser, and nothing is passed to ``eval`` or
``exec``.
"""

from game.lang.ast import Assign, Binary, Bool, Call, Expr, Name, Num, Str, Unary
from game.lang.errors import LangError
from game.lang.parser import parse_effects, parse_expr

__all__ = [
    "Assign",
    "Binary",
    "Bool",
    "Call",
    "Expr",
    "LangError",
    "Name",
    "Num",
    "Str",
    "Unary",
    "parse_effects",
    "parse_expr",
]
