"""The scene graph as mermaid or DOT text."""

from __future__ import annotations

import re

from game.engine.runtime import CompiledScenario


def _edges(cs: CompiledScenario) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for s in cs.scenes.values():
        for c in s.choices:
            for cond, target in c.routes:
                out.append((s.id, target, c.id + (" (if)" if cond is not None else "")))
        for cond, target in s.routes:
            out.append((s.id, target, "(if)" if cond is not None else ""))
    for ev in cs.events:
        if ev.goto:
            sources = sorted(ev.scenes) if ev.scenes is not None else ["*"]
            for src in sources:
                out.append((src, ev.goto, f"event {ev.id}"))
    return out


def _mid(name: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", name)


def _label(text: str) -> str:
    return text.replace('"', "'")


def to_mermaid(cs: CompiledScenario) -> str:
    lines = ["flowchart TD"]
    for s in cs.scenes.values():
        lines.append(f'    {_mid(s.id)}["{_label(s.title)}<br/><small>{s.id}</small>"]')
    for e in cs.endings.values():
        lines.append(f'    {_mid(e.id)}(["{_label(e.title)}<br/><small>{e.id}</small>"])')
    if any(src == "*" for src, _, _ in _edges(cs)):
        lines.append('    n__any{{"any scene"}}')
    for src, dst, label in _edges(cs):
        a = "n__any" if src == "*" else _mid(src)
        lines.append(
            f'    {a} -->|"{_label(label)}"| {_mid(dst)}' if label else f"    {a} --> {_mid(dst)}"
        )
    lines.append(f"    class {','.join(_mid(e) for e in cs.endings)} ending" if cs.endings else "")
    lines.append("    classDef ending stroke-width:3px")
    return "\n".join(x for x in lines if x) + "\n"


def _dq(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(cs: CompiledScenario) -> str:
    lines = [f"digraph {_dq(cs.id)} {{", "    rankdir=TB;", "    node [shape=box];"]
    for s in cs.scenes.values():
        lines.append(f"    {_dq(s.id)} [label={_dq(s.title + chr(10) + s.id)}];")
    for e in cs.endings.values():
        lines.append(
            f"    {_dq(e.id)} [label={_dq(e.title + chr(10) + e.id)}, shape=doubleoctagon];"
        )
    for src, dst, label in _edges(cs):
        a = '"*"' if src == "*" else _dq(src)
        lines.append(f"    {a} -> {_dq(dst)}" + (f" [label={_dq(label)}];" if label else ";"))
    lines.append("}")
    return "\n".join(lines) + "\n"
