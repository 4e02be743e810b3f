"""Fuzzing the loader: damaged scenario files give diagnostics, never an exception.

Valid files (the tutorial's and the corpus's minimal scenario) are damaged at random:
lines deleted, duplicated or swapped, characters flipped, garbage bytes inserted, the file
cut short, a quoted value replaced by random text. ``check()`` must return diagnostics
(with real codes and lines inside the file) and never raise. When a damaged scenario
still compiles, a short game on it may only raise EngineError.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import ChoiceNotAvailable, EngineError, Game
from game.loader import check
from game.model.diagnostics import CODES

HERE = Path(__file__).resolve().parent
TUTORIAL = HERE.parents[1] / "content" / "tutorial"
MINIMAL = HERE / "minimal"
SOURCES = {
    "tutorial": {p.name: p.read_bytes() for p in sorted(TUTORIAL.glob("*.yaml"))},
    "minimal": {p.name: p.read_bytes() for p in sorted(MINIMAL.glob("*.yaml"))},
}
FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GARBAGE = [b"\x00", b"\xff\xfe", b"\t", b":", b": :", b"- ", b"{", b"}", b"[", b"]", b"&a ", b"*a", b"!!python/name:os.system ",
           b"'", b'"', b"#", b"|", b">", b"? ", b"---\n", b"\r", b"\xe2\x80\xa8", b"%YAML 1.1\n", b"<<: *a\n", b"~", b"yes", b"1e9999"]  # fmt: skip
SOUP = ["x", "tension", "north.trust", "turn", "council.passes", "and", "or", "not", "==", "<", "=", "+=", "(", ")",
        "'firm'", "'nope'", "chance(50)", "visited('vote')", "visited('attic')", "{", "}", "{tension}", "{nope}", "1", "/ 0", ";"]  # fmt: skip


def mutate(data: bytes, op: tuple, rnd: random.Random) -> bytes:
    kind = op[0]
    lines = data.split(b"\n")
    n = len(lines)
    if kind == "delete" and n:
        del lines[rnd.randrange(n)]
    elif kind == "duplicate" and n:
        i = rnd.randrange(n)
        lines.insert(i, lines[i])
    elif kind == "swap" and n > 1:
        i, j = rnd.randrange(n), rnd.randrange(n)
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent" and n:
        i = rnd.randrange(n)
        lines[i] = (
            (b" " * rnd.randint(1, 3) + lines[i]) if rnd.random() < 0.5 else lines[i].lstrip(b" ")
        )
    elif kind == "flip" and data:
        i = rnd.randrange(len(data))
        return data[:i] + bytes([rnd.randrange(256)]) + data[i + 1 :]
    elif kind == "insert":
        i = rnd.randrange(len(data) + 1)
        return data[:i] + rnd.choice(GARBAGE) + data[i:]
    elif kind == "truncate":
        return data[: rnd.randrange(len(data) + 1)]
    elif kind == "requote":
        # replace one "quoted value" with random expression-ish text, still valid YAML
        starts = [i for i, ch in enumerate(data) if ch == ord('"')]
        if len(starts) >= 2:
            k = rnd.randrange(len(starts) - 1)
            a, b = starts[k], starts[k + 1]
            text = " ".join(rnd.choice(SOUP) for _ in range(rnd.randint(0, 8)))
            return data[:a] + json.dumps(text).encode() + data[b + 1 :]
    return b"\n".join(lines)


ops = st.lists(
    st.tuples(
        st.sampled_from(
            ["delete", "duplicate", "swap", "indent", "flip", "insert", "truncate", "requote"]
        )
    ),
    min_size=1,
    max_size=4,
)


def _lines(data: bytes) -> int:
    """Lines as YAML counts them: CR, LF, CRLF, NEL, LS and PS each end a line."""
    text = data.decode("utf-8", errors="replace")
    return len(re.split("\r\n|[\n\r\x85\u2028\u2029]", text))


def run_check(files: dict[str, bytes]):
    folder = Path(tempfile.mkdtemp(prefix="fuzz-scenario-"))
    try:
        for name, data in files.items():
            (folder / name).write_bytes(data)
        t0 = time.perf_counter()
        result, cs = check(folder)  # must not raise
        elapsed = time.perf_counter() - t0
        shown = {str(folder / name): data for name, data in files.items()}
        for d in result.diagnostics:
            assert d.code in CODES, d
            assert d.message, d
            if d.file is not None:
                path = os.path.abspath(d.file)
                assert path in shown or path == str(folder), d
                if d.line is not None and path in shown:
                    assert 1 <= d.line <= _lines(shown[path]), d
        return result, cs, elapsed
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def short_game(cs, seed: int) -> None:
    rnd = random.Random(seed)
    try:
        g = Game(cs, seed=seed)
    except EngineError:
        return
    for _ in range(30):
        if g.finished:
            return
        opts = g.options()
        if not opts:
            return
        with contextlib.suppress(EngineError, ChoiceNotAvailable):
            g.choose(rnd.choice(opts).id)


@FUZZ
@given(
    source=st.sampled_from(sorted(SOURCES)),
    data=st.data(),
    mutations=ops,
    seed=st.integers(0, 2**32 - 1),
)
def test_mutated_scenarios_give_diagnostics_not_exceptions(source, data, mutations, seed):
    files = dict(SOURCES[source])
    rnd = random.Random(seed)
    for op in mutations:
        name = data.draw(st.sampled_from(sorted(files)))
        files[name] = mutate(files[name], op, rnd)
    result, cs, elapsed = run_check(files)
    assert elapsed < 5
    if cs is None:
        assert result.errors, "no scenario but no error either"
    else:
        assert not result.errors
        short_game(cs, seed)


def test_the_unmutated_sources_are_valid():
    for files in SOURCES.values():
        result, cs, _ = run_check(files)
        assert cs is not None and not result.errors


# -- huge and hostile inputs -----------------------------------------------------------


def _minimal(name: str) -> str:
    return SOURCES["minimal"][name].decode()


def _timed(files: dict[str, str | bytes]):
    raw = {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}
    t0 = time.perf_counter()
    result, cs, _ = run_check(raw)
    return result, cs, time.perf_counter() - t0


def test_a_5mb_string_value():
    big = "a" * (5 * 1024 * 1024)
    scenario = _minimal("scenario.yaml").replace(
        'title: "Mini"', f'title: "Mini"\nsummary: "{big}"'
    )
    result, _cs, seconds = _timed(
        {"scenario.yaml": scenario, "chapter.yaml": _minimal("chapter.yaml")}
    )
    assert seconds < 10
    assert [(d.code, d.line) for d in result.diagnostics] == [("E112", 5)]
    assert "20000" in result.diagnostics[0].message
    assert len(result.diagnostics[0].message) < 300  # the value is not echoed back whole


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "1" + "}" * 10_000,
        "".join(f"{'  ' * i}- \n" for i in range(3000)),  # deep block sequences
        "".join(f"{'  ' * i}k{i}:\n" for i in range(3000))
        + "  " * 3000
        + "x",  # deep block mappings
    ],
    ids=["flow-list", "flow-map", "block-list", "block-map"],
)
def test_deep_nesting(nested):
    scenario = _minimal("scenario.yaml").replace('title: "Mini"', "title: " + nested, 1)
    if not nested.startswith(("[", "{")):
        scenario = (
            _minimal("scenario.yaml")
            + "extra:\n"
            + "".join("  " + line + "\n" for line in nested.splitlines())
        )
    for files in (
        {"scenario.yaml": scenario, "chapter.yaml": _minimal("chapter.yaml")},
        {"scenario.yaml": _minimal("scenario.yaml"), "chapter.yaml": nested},
    ):
        result, cs, seconds = _timed(files)
        assert cs is None and result.errors
        assert seconds < 10
        assert {d.code for d in result.errors} <= {"E102", "E103", "E110", "E112"}


def _billion_laughs() -> str:
    out = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    prev = "a"
    for name in "bcdefghij":
        out += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
        prev = name
    return out


@pytest.mark.parametrize("where", ["chapter", "scenario", "inside-a-field"])
def test_alias_bomb(where):
    bomb = _billion_laughs()  # 10**10 strings once expanded
    scenario, chapter = _minimal("scenario.yaml"), _minimal("chapter.yaml")
    if where == "chapter":
        chapter = bomb
    elif where == "scenario":
        scenario = scenario + bomb.replace("a: &a", "x_a: &a")
    else:
        body = "".join("  " + line + "\n" for line in bomb.splitlines())
        scenario = scenario.replace(
            "leaders:\n",
            "leaders:\n  bomb:\n    name: &n x\n    variables:\n" + body.replace("  ", "      ", 1),
        )
    result, cs, seconds = _timed({"scenario.yaml": scenario, "chapter.yaml": chapter})
    assert cs is None and result.errors
    assert seconds < 10
    assert any(d.code in ("E102", "E110", "E112") for d in result.errors)


def test_many_small_aliases_are_fine():
    """Aliases themselves are allowed: only an explosion is refused."""
    chapter = (
        _minimal("chapter.yaml")
        .replace('title: "A storm"', 'title: &t "A storm"')
        .replace('title: "A deal"', "title: *t")
    )
    result, cs, _ = _timed({"scenario.yaml": _minimal("scenario.yaml"), "chapter.yaml": chapter})
    assert cs is not None and result.diagnostics == []
    assert cs.endings["deal"].title == "A storm"


def test_a_directory_named_like_a_yaml_file_and_a_symlink_loop():
    folder = Path(tempfile.mkdtemp(prefix="fuzz-scenario-"))
    try:
        for name, data in SOURCES["minimal"].items():
            (folder / name).write_bytes(data)
        (folder / "dir.yaml").mkdir()
        (folder / "sub").mkdir()
        with contextlib.suppress(OSError):
            (folder / "sub" / "loop").symlink_to(folder / "sub", target_is_directory=True)
        result, cs = check(folder)
        assert cs is not None and result.diagnostics == []
    finally:
        shutil.rmtree(folder, ignore_errors=True)
