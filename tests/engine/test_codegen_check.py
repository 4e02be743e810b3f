"""codegen._check checks a tree and fills in its locations in one pass: the locations
must be those ast.fix_missing_locations gives, and every refusal must still happen."""

from __future__ import annotations

import ast
import copy

import pytest

from game.lang import codegen


def _tree() -> ast.Module:
    body = [
        ast.If(
            codegen.compare(codegen.slot(0), ">", codegen.const(3)),
            [ast.Return(codegen.const(1))],
            [],
        ),
        ast.Return(codegen.tuple_([codegen.const("a"), codegen.not_(codegen.slot(1))])),
    ]
    fdef = ast.FunctionDef(
        name="expression",
        args=ast.arguments(
            posonlyargs=[], args=[ast.arg("s")], kwonlyargs=[], kw_defaults=[], defaults=[]
        ),
        body=body,
        decorator_list=[],
        returns=None,
    )
    return ast.Module([fdef], type_ignores=[])


def _locations(tree: ast.AST) -> list[tuple[str, tuple[object, ...]]]:
    return [
        (type(n).__name__, tuple(getattr(n, a, None) for a in codegen._LOCATION))
        for n in ast.walk(tree)
    ]


@pytest.mark.parametrize("preset", [False, True])
def test_locations_are_those_fix_missing_locations_gives(preset: bool) -> None:
    tree = _tree()
    if preset:  # a node that has a location keeps it, and its children take it
        ret = tree.body[0].body[1]
        ret.lineno, ret.col_offset, ret.end_lineno, ret.end_col_offset = 7, 2, 8, 5
    expected = ast.fix_missing_locations(copy.deepcopy(tree))
    codegen._check(tree, {})
    assert _locations(tree) == _locations(expected)
    compile(tree, "<test>", "exec")  # complete enough to compile


@pytest.mark.parametrize(
    ("node", "message"),
    [
        (ast.Lambda(args=None, body=codegen.const(1)), "may not contain Lambda"),
        (ast.Constant(value=b"x"), "may not hold bytes"),
        (ast.Name("open", ast.Load()), "may not use the name 'open'"),
        (ast.Attribute(ast.Name("s", ast.Load()), "cs", ast.Load()), "may not read .cs"),
        (ast.Call(ast.Name("s", ast.Load()), [], []), "may only call its helpers"),
    ],
)
def test_a_forbidden_node_deep_in_the_tree_is_refused(node: ast.AST, message: str) -> None:
    tree = _tree()
    tree.body[0].body[1].value = ast.Tuple([codegen.const(1), node], ast.Load())
    with pytest.raises(ValueError, match=message):
        codegen._check(tree, {})
