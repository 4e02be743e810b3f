"""The class report as text: a terminal table, Markdown, CSV, HTML or JSON.

Every renderer takes a :class:`~game.classroom.report.ClassReport` and returns a string
(the table renderer writes to a Rich console; Rich is imported only there). All text
from saves and scenarios is escaped for the format it goes into. The JSON and CSV shapes
are documented in docs/report.md; :data:`~game.classroom.report.SCHEMA` names the JSON
shape.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable
from typing import IO, Any

from game.classroom.report import (
    KINDS,
    SCHEMA,
    ClassReport,
    GameLine,
    PathStat,
    ScenarioSummary,
)

FORMATS = ("table", "md", "csv", "html", "json")

# -- shared helpers ---------------------------------------------------------------------


def pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def num(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}"


def yes_no(b: bool) -> str:
    return "yes" if b else "no"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def headline(r: ClassReport) -> str:
    """One sentence: what was read and what was counted."""
    parts = [
        f"{_plural(r.files, 'save file')} read",
        f"{r.counted} counted ({_plural(r.students, 'student')}, {r.finished} finished)",
        f"{len(r.problems)} not counted",
    ]
    if r.skipped:
        parts.append(f"{len(r.skipped)} skipped")
    return "; ".join(parts) + "."


def versions_note(s: ScenarioSummary) -> str:
    saved = ", ".join(f"{v} ({n})" for v, n in s.saved_versions.items())
    note = f"version {s.version}"
    if list(s.saved_versions) != [s.version]:
        note += f"; games saved with version {saved}, replayed with {s.version}"
    return note


def path_text(s: ScenarioSummary, p: PathStat, choices: bool = False) -> str:
    steps = [s.choice_text(x) if choices else x for x in p.steps]
    return " → ".join(steps)


def stayed_text(s: ScenarioSummary) -> str:
    n, total = s.stayed_historical, len(s.games)
    if n == 0:
        return f"Every game left the historical path at some point ({total} of {total})."
    return f"{n} of {total} games stayed on the historical path throughout."


def _departure(g: GameLine) -> str:
    if g.departure is None:
        return "-"
    return f"turn {g.departure.turn} ({g.departure.scene})"


def _history_rows(s: ScenarioSummary) -> list[tuple[str, str, str, int, int, float]]:
    """(scene, title, historical choice text, reached, left, share) per decision point."""
    return [
        (
            d.scene,
            d.title,
            " / ".join(s.choice_text(h) for h in d.historical),
            d.reached,
            d.left_historical,
            d.left_share,
        )
        for d in s.decisions
        if d.historical
    ]


# -- JSON -------------------------------------------------------------------------------


def _game_json(g: GameLine) -> dict[str, Any]:
    return {
        "file": g.file,
        "name": g.name,
        "player": g.player,
        "class": g.class_code,
        "scenario": g.scenario,
        "version": g.version,
        "role": g.role,
        "role_name": g.role_name,
        "finished": g.finished,
        "ending": g.ending,
        "ending_title": g.ending_title,
        "scores": dict(g.scores),
        "turns": g.turns,
        "left_historical": None
        if g.departure is None
        else {"turn": g.departure.turn, "scene": g.departure.scene, "choice": g.departure.choice},
        "scene_path": list(g.scene_path),
        "choices": [c for _, c in g.moves],
        "facilitated": g.facilitated,
        "undos": g.undos,
        "warnings": list(g.warnings),
    }


def _paths_json(paths: list[PathStat]) -> list[dict[str, Any]]:
    return [{"path": list(p.steps), "count": p.count, "share": round(p.share, 4)} for p in paths]


def _scenario_json(s: ScenarioSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "version": s.version,
        "saved_versions": s.saved_versions,
        "games": len(s.games),
        "students": s.students,
        "finished": s.finished,
        "unfinished": s.unfinished,
        "endings": [
            {"id": e.id, "title": e.title, "count": e.count, "share": round(e.share, 4)}
            for e in s.endings
        ],
        "dimensions": [
            {
                "id": d.id,
                "label": d.label,
                "lo": d.lo,
                "hi": d.hi,
                "higher_is": d.higher_is,
                "n": d.n,
                "mean": None if d.mean is None else round(d.mean, 2),
                "min": d.min,
                "max": d.max,
            }
            for d in s.dimensions
        ],
        "decisions": [
            {
                "scene": d.scene,
                "title": d.title,
                "reached": d.reached,
                "historical": list(d.historical),
                "left_historical": d.left_historical,
                "left_historical_share": round(d.left_share, 4),
                "options": [
                    {
                        "id": o.id,
                        "text": o.text,
                        "historical": o.historical,
                        "chosen": o.chosen,
                        "players": o.players,
                        "share": round(o.share, 4),
                    }
                    for o in d.options
                ],
            }
            for d in s.decisions
        ],
        "paths": {"scenes": _paths_json(s.scene_paths), "choices": _paths_json(s.choice_paths)},
        "history": {
            "has_historical_choices": s.has_history,
            "stayed": s.stayed_historical if s.has_history else None,
            "first_departures": [
                {"scene": d.scene, "title": d.title, "count": d.count} for d in s.departures
            ],
        },
        "votes": [
            {
                "file": g.file,
                "name": g.name,
                "turn": v.turn,
                "scene": v.scene,
                "choice": v.choice,
                "tally": dict(v.tally),
            }
            for g, v in s.votes
        ],
    }


def to_json(r: ClassReport) -> dict[str, Any]:
    """The report as plain data (the ``--format json`` shape; see docs/report.md)."""
    return {
        "schema": SCHEMA,
        "generated": r.generated.isoformat(),
        "inputs": list(r.inputs),
        "counts": {
            "files": r.files,
            "counted": r.counted,
            "students": r.students,
            "finished": r.finished,
            "not_counted": len(r.problems),
            "skipped": len(r.skipped),
        },
        "scenarios": [_scenario_json(s) for s in r.scenarios],
        "students": [_game_json(g) for g in r.games],
        "not_counted": [
            {
                "file": p.file,
                "name": p.name,
                "player": p.player,
                "class": p.class_code,
                "kind": p.kind,
                "reason": p.reason,
            }
            for p in r.problems
        ],
        "skipped": [{"file": s.file, "reason": s.reason} for s in r.skipped],
    }


def render_json(r: ClassReport) -> str:
    return json.dumps(to_json(r), indent=2, ensure_ascii=False) + "\n"


# -- CSV --------------------------------------------------------------------------------

CSV_COLUMNS = [
    "file",
    "name",
    "player",
    "class",
    "scenario",
    "version",
    "role",
    "finished",
    "ending",
    "ending_title",
    "turns",
    # ... one column per outcome dimension (its id) goes here ...
    "left_historical_turn",
    "status",
    "problem",
]


def _cell(text: str | None) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula; names come from
    # students, so such text gets a leading apostrophe (the usual guard).
    t = "" if text is None else str(text)
    return "'" + t if t[:1] in ("=", "+", "-", "@", "\t", "\r") else t


def render_csv(r: ClassReport) -> str:
    """One row per save: the counted games (status ``counted``), then the saves that were
    not counted (status = the problem's kind, with the reason), so that a gradebook sees
    every student who handed something in."""
    dims = [d for d, _ in r.dimension_columns]
    head = CSV_COLUMNS[:11] + dims + CSV_COLUMNS[11:]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(head)
    for g in r.games:
        w.writerow(
            [
                _cell(g.file),
                _cell(g.name),
                _cell(g.player),
                _cell(g.class_code),
                g.scenario,
                _cell(g.version),
                g.role,
                yes_no(g.finished),
                g.ending or "",
                _cell(g.ending_title),
                g.turns,
                *[g.scores.get(d, "") for d in dims],
                "" if g.departure is None else g.departure.turn,
                "counted",
                "",
            ]
        )
    for p in r.problems:
        blank = [""] * (len(head) - 6)
        w.writerow(
            [
                _cell(p.file),
                _cell(p.name),
                _cell(p.player),
                _cell(p.class_code),
                *blank,
                p.kind,
                _cell(p.reason),
            ]
        )
    return buf.getvalue()


# -- Markdown ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_SAFE_ID = re.compile(r"^[\w.-]+$")


def _md(text: Any) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _mdid(text: str) -> str:
    return f"`{text}`" if _SAFE_ID.match(text) else _md(text)


def _md_table(head: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    out = ["| " + " | ".join(head) + " |"]
    out.append("|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|")
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def render_md(r: ClassReport) -> str:
    """The report as GitHub-flavoured Markdown (for an LMS page or a shared document)."""
    o: list[str] = ["# Class report", ""]
    o.append(f"Generated {r.generated:%Y-%m-%d %H:%M} UTC. {_md(headline(r))}")
    o.append("")
    for s in r.scenarios:
        o += _md_scenario(s)
    if r.problems:
        o += ["## Saves not counted", ""]
        o.append("Each of these was read and replayed; it is left out of every number above.")
        o.append("")
        o += _md_table(
            ["Name", "File", "Problem", "Reason"],
            [
                [_md(p.name), _md(r.shown(p.file)), _md(KINDS.get(p.kind, p.kind)), _md(p.reason)]
                for p in r.problems
            ],
        )
    if r.skipped:
        o += ["## Files skipped", ""]
        o += _md_table(["File", "Why"], [[_md(r.shown(x.file)), _md(x.reason)] for x in r.skipped])
    return "\n".join(o).rstrip() + "\n"


def _md_scenario(s: ScenarioSummary) -> list[str]:
    o = [f"## {_md(s.title)} ({_mdid(s.id)})", ""]
    o.append(
        f"{_md(versions_note(s).capitalize())}. {_plural(len(s.games), 'game')} by "
        f"{_plural(s.students, 'student')}: {s.finished} finished, {s.unfinished} unfinished."
    )
    o.append("")
    o += ["### Endings", ""]
    if s.endings:
        rows = [[_md(e.title), _mdid(e.id), str(e.count), pct(e.share)] for e in s.endings]
        o += _md_table(["Ending", "Id", "Games", "Share of finished"], rows, {2, 3})
    else:
        o += ["No game has finished yet.", ""]
    if s.dimensions:
        o += ["### Outcome scores (finished games)", ""]
        rows = [
            [
                _md(d.label),
                num(d.mean),
                "-" if d.min is None else f"{d.min} to {d.max}",
                f"{d.lo} to {d.hi}" + (" (lower is better)" if d.higher_is == "worse" else ""),
                str(d.n),
            ]
            for d in s.dimensions
        ]
        o += _md_table(["Dimension", "Mean", "Range", "Scale", "Games"], rows, {1, 4})
    o += ["### Choices at each decision point", ""]
    o.append(
        "Share = the players who chose it, out of those who reached the scene."
        + (" (H) = what was done in history." if s.has_history else "")
    )
    o.append("")
    for d in s.decisions:
        o.append(
            f"**{_md(d.title)}** ({_mdid(d.scene)}), reached by {_plural(d.reached, 'player')}"
        )
        o.append("")
        rows = [
            [
                _md(opt.text) + (" (H)" if opt.historical else ""),
                _mdid(opt.id),
                str(opt.players),
                pct(opt.share),
            ]
            for opt in d.options
        ]
        o += _md_table(["Choice", "Id", "Players", "Share"], rows, {2, 3})
    o += ["### Most common paths", ""]
    o.append("The scenes where choices were made, in order, then the ending.")
    o.append("")
    rows = [
        [str(k), _md(path_text(s, p)), str(p.count), pct(p.share)]
        for k, p in enumerate(s.scene_paths, 1)
    ]
    o += _md_table(["#", "Path", "Games", "Share"], rows, {0, 2, 3})
    o += _md_history(s)
    if s.votes:
        o += ["### Class votes", ""]
        rows = [
            [
                _md(g.name),
                str(v.turn),
                _md(s.scene_title(v.scene)),
                _md(s.choice_text(v.choice)),
                _md(", ".join(f"{s.choice_text(c)}: {n}" for c, n in v.tally)),
            ]
            for g, v in s.votes
        ]
        o += _md_table(["Game", "Turn", "Scene", "Chosen", "Votes"], rows, {1})
    o += ["### Students", ""]
    head = [
        "Name",
        "Class",
        "Role",
        "Ending",
        *[_md(d.label) for d in s.dimensions],
        "Turns",
        "Finished",
    ]
    if s.has_history:
        head.append("Left history")
    rows = []
    for g in s.games:
        row = [
            _md(g.name),
            _md(g.class_code or "-"),
            _md(g.role_name),
            _md(g.ending_title or "-"),
            *[str(g.scores.get(d.id, "-")) for d in s.dimensions],
            str(g.turns),
            yes_no(g.finished),
        ]
        if s.has_history:
            row.append(_md(_departure(g)))
        rows.append(row)
    n = len(s.dimensions)
    o += _md_table(head, rows, {*range(4, 4 + n + 1)})
    warned = [g for g in s.games if g.warnings]
    if warned:
        o += ["Notes:", ""]
        o += [f"- {_md(g.name)}: {_md(' '.join(g.warnings))}" for g in warned]
        o.append("")
    return o


def _md_history(s: ScenarioSummary) -> list[str]:
    o = ["### Where the class parted from history", ""]
    if not s.has_history:
        return [*o, "This scenario marks no choice as historical.", ""]
    rows = [
        [f"{_md(t)} ({_mdid(sc)})", _md(h), str(reached), str(left), pct(share)]
        for sc, t, h, reached, left, share in _history_rows(s)
    ]
    if rows:
        o += _md_table(
            ["Decision point", "Historical choice", "Reached", "Did not take it", "Share"],
            rows,
            {2, 3, 4},
        )
    o.append(stayed_text(s))
    o.append("")
    if s.departures:
        rows = [[f"{_md(d.title)} ({_mdid(d.scene)})", str(d.count)] for d in s.departures]
        o += ["First departures (where each player first left it):", ""]
        o += _md_table(["Decision point", "Players"], rows, {1})
    return o


# -- HTML -------------------------------------------------------------------------------

CSS = """
:root { --ink: #1d1d1f; --muted: #5b5b66; --rule: #d4d4dc; --accent: #1f3f6e;
        --bar: #2f5d9e; --hist: #b35900; --track: #e9ecf2; --soft: #f4f5f8; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       max-width: 62rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; color: var(--accent); }
h2 { font-size: 1.3rem; margin: 2rem 0 .3rem; color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: .15rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .35rem; }
h4 { font-size: .95rem; margin: 1rem 0 .2rem; }
h4 .meta, .meta { color: var(--muted); font-weight: normal; font-size: .85rem; }
p.lead { color: var(--muted); margin: 0 0 .6rem; }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: .8rem 0 1rem; }
.card { border: 1px solid var(--rule); border-radius: 4px; padding: .4rem .8rem; min-width: 7.5rem; }
.card b { display: block; font-size: 1.45rem; color: var(--accent); }
.card.warn b { color: var(--hist); }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 .8rem; font-size: .9rem; }
th, td { text-align: left; padding: .22rem .45rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; background: var(--soft); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
table.decisions tr.scene th { background: none; padding-top: .8rem; border-bottom: 1px solid var(--ink); }
table.decisions thead th { background: var(--soft); }
table.history td:first-child { width: 30%; }
table.history td:nth-child(2) { width: 34%; }
table.votes td:nth-child(2) { width: 22%; }
table.inner { margin: 0; font-size: .85rem; }
table.inner td { border: none; padding: .05rem .3rem; }
table.inner td.bar { width: 130px; }
table.inner svg { width: 120px; }
table.students { font-size: .8rem; }
table.students th { font-size: .75rem; }
table.students .id { word-break: break-all; font-size: .72rem; }
table.students td:first-child { min-width: 6rem; }
section.scenario { margin: 0; }
td.bar { width: 170px; padding-top: .35rem; }
td.label { width: 55%; }
code, .id { font: .8rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); }
.tag { display: inline-block; font-size: .72rem; border: 1px solid var(--hist); color: var(--hist);
       border-radius: 3px; padding: 0 .25rem; margin-left: .3rem; vertical-align: 1px; }
tbody.decision { break-inside: avoid; page-break-inside: avoid; }
.path { font-size: .85rem; }
.path .arrow { color: var(--muted); }
.problem td:nth-child(3) { color: var(--hist); }
.problem td:nth-child(2) { word-break: break-all; }
.legend { color: var(--muted); font-size: .85rem; margin: .2rem 0 .5rem; }
.legend svg { vertical-align: -1px; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; border-top: 1px solid var(--rule); padding-top: .4rem; }
@page { margin: 1.5cm 1.3cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h1, h2 { color: #000; border-color: #000; }
  h2 { break-before: auto; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  tr, .card, tbody.decision { break-inside: avoid; page-break-inside: avoid; }
  th { background: none; }
  section.scenario + section.scenario { break-before: page; page-break-before: always; }
  table.students .id { display: none; }
  svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

BAR_W, BAR_H = 160, 12


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _bar(share: float, historical: bool = False) -> str:
    """A horizontal bar as inline SVG: the share of the width, on a light track."""
    w = max(0.0, min(1.0, share)) * BAR_W
    colour = "var(--hist)" if historical else "var(--bar)"
    return (
        f'<svg width="{BAR_W}" height="{BAR_H}" viewBox="0 0 {BAR_W} {BAR_H}" role="img" aria-label="{pct(share)}">'
        f'<rect width="{BAR_W}" height="{BAR_H}" fill="var(--track)"/>'
        f'<rect width="{w:.1f}" height="{BAR_H}" fill="{colour}"/></svg>'
    )


def _swatch(colour: str) -> str:
    return f'<svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="{colour}"/></svg>'


def _range_bar(lo: int, hi: int, mn: int | None, mx: int | None, mean: float | None) -> str:
    """The scale of a dimension, the class's range on it, and a tick at the mean."""
    span = (hi - lo) or 1

    def x(v: float) -> float:
        return max(0.0, min(1.0, (v - lo) / span)) * BAR_W

    parts = [
        f'<svg width="{BAR_W}" height="{BAR_H}" viewBox="0 0 {BAR_W} {BAR_H}" role="img" '
        f'aria-label="range {mn} to {mx}, mean {num(mean)}, on a scale of {lo} to {hi}">',
        f'<rect y="4" width="{BAR_W}" height="4" fill="var(--track)"/>',
    ]
    if mn is not None and mx is not None:
        parts.append(
            f'<rect x="{x(mn):.1f}" y="2" width="{max(2.0, x(mx) - x(mn)):.1f}" height="8" fill="var(--bar)" opacity=".45"/>'
        )
    if mean is not None:
        parts.append(
            f'<rect x="{max(0.0, x(mean) - 1.5):.1f}" y="0" width="3" height="{BAR_H}" fill="var(--accent)"/>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _h_table(head: list[tuple[str, str]], rows: list[list[tuple[str, str]]], cls: str = "") -> str:
    """A table; each cell is (css class, already-escaped html)."""
    c = f' class="{cls}"' if cls else ""
    out = [f"<table{c}><thead><tr>"]
    out += [f'<th class="{k}">{v}</th>' if k else f"<th>{v}</th>" for k, v in head]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append(
            "<tr>"
            + "".join(f'<td class="{k}">{v}</td>' if k else f"<td>{v}</td>" for k, v in row)
            + "</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def render_html(r: ClassReport) -> str:
    """The report as one self-contained HTML page: inline CSS and SVG, no scripts, no
    fonts or images from the network; it prints cleanly."""
    h = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Class report</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>Class report</h1>",
        f'<p class="lead">Generated {_e(f"{r.generated:%Y-%m-%d %H:%M}")} UTC from {_e(", ".join(r.inputs))}. '
        "Every save was replayed through the game to check it; the numbers come from the replays.</p>",
        '<div class="cards">',
        f'<div class="card"><b>{r.students}</b>{"student" if r.students == 1 else "students"}</div>',
        f'<div class="card"><b>{r.counted}</b>games counted</div>',
        f'<div class="card"><b>{r.finished}</b>finished</div>',
        f'<div class="card{" warn" if r.problems else ""}"><b>{len(r.problems)}</b>not counted</div>',
    ]
    if r.skipped:
        h.append(f'<div class="card"><b>{len(r.skipped)}</b>skipped</div>')
    h.append("</div>")
    if r.problems:
        h.append(
            f'<p>{_e(_plural(len(r.problems), "save"))} could not be counted: see <a href="#not-counted">Saves not counted</a>.</p>'
        )
    for k, s in enumerate(r.scenarios):
        h += _html_scenario(r, s, k)
    if r.problems:
        h.append('<h2 id="not-counted">Saves not counted</h2>')
        h.append(
            '<p class="lead">Each of these was read and replayed; it is left out of every number above.</p>'
        )
        rows = [
            [
                ("", _e(p.name)),
                ("", _e(r.shown(p.file))),
                ("", _e(KINDS.get(p.kind, p.kind))),
                ("", _e(p.reason)),
            ]
            for p in r.problems
        ]
        h.append(
            _h_table([("", "Name"), ("", "File"), ("", "Problem"), ("", "Reason")], rows, "problem")
        )
    if r.skipped:
        h.append("<h2>Files skipped</h2>")
        rows = [[("", _e(r.shown(x.file))), ("", _e(x.reason))] for x in r.skipped]
        h.append(_h_table([("", "File"), ("", "Why")], rows))
    h.append(f"<footer>negotiator class report ({_e(SCHEMA)}); {_e(headline(r))}</footer>")
    h.append("</body></html>")
    return "\n".join(h) + "\n"


def _html_scenario(r: ClassReport, s: ScenarioSummary, k: int) -> list[str]:
    h = [
        f'<section class="scenario" id="scenario-{k}"><h2>{_e(s.title)} <span class="meta">{_e(s.id)}, {_e(versions_note(s))}</span></h2>'
    ]
    h.append(
        f'<p class="lead">{_e(_plural(len(s.games), "game"))} by {_e(_plural(s.students, "student"))}: '
        f"{s.finished} finished, {s.unfinished} unfinished.</p>"
    )
    h.append("<h3>Endings</h3>")
    if s.endings:
        rows = [
            [
                ("label", _e(e.title) + f" <code>{_e(e.id)}</code>"),
                ("bar", _bar(e.share)),
                ("n", str(e.count)),
                ("n", pct(e.share)),
            ]
            for e in s.endings
        ]
        h.append(_h_table([("", "Ending"), ("", ""), ("n", "Games"), ("n", "Share")], rows))
        h.append('<p class="legend">Share of the finished games.</p>')
    else:
        h.append("<p>No game has finished yet.</p>")
    if s.dimensions:
        h.append('<h3>Outcome scores <span class="meta">finished games</span></h3>')
        rows = []
        for d in s.dimensions:
            worse = ' <span class="meta">(lower is better)</span>' if d.higher_is == "worse" else ""
            rows.append(
                [
                    ("label", _e(d.label) + worse),
                    ("bar", _range_bar(d.lo, d.hi, d.min, d.max, d.mean)),
                    ("n", num(d.mean)),
                    ("n", "-" if d.min is None else f"{d.min} to {d.max}"),
                    ("n", f"{d.lo} to {d.hi}"),
                ]
            )
        h.append(
            _h_table(
                [("", "Dimension"), ("", ""), ("n", "Mean"), ("n", "Range"), ("n", "Scale")], rows
            )
        )
        h.append(
            '<p class="legend">The bar is the scale; the shaded band is the class\'s range, the dark tick its mean.</p>'
        )
    h.append("<h3>Choices at each decision point</h3>")
    h.append(
        '<p class="legend">Share = the players who chose it, out of those who reached the scene. '
        f'{_swatch("var(--hist)")} <span class="tag">history</span> = what was done in history.</p>'
        if s.has_history
        else '<p class="legend">Share = the players who chose it, out of those who reached the scene.</p>'
    )
    # One table, a section per decision point, so that the bars line up down the page.
    h.append(
        '<table class="decisions"><thead><tr><th>Choice</th><th></th><th class="n">Players</th><th class="n">Share</th></tr></thead>'
    )
    for d in s.decisions:
        h.append('<tbody class="decision">')
        h.append(
            f'<tr class="scene"><th colspan="4">{_e(d.title)} '
            f'<span class="meta">{_e(d.scene)}, reached by {_e(_plural(d.reached, "player"))}</span></th></tr>'
        )
        for o in d.options:
            tag = ' <span class="tag">history</span>' if o.historical else ""
            h.append(
                f'<tr><td class="label">{_e(o.text)}{tag}</td><td class="bar">{_bar(o.share, o.historical)}</td>'
                f'<td class="n">{o.players}</td><td class="n">{pct(o.share)}</td></tr>'
            )
        h.append("</tbody>")
    h.append("</table>")
    h.append("<h3>Most common paths</h3>")
    h.append('<p class="legend">The scenes where choices were made, in order, then the ending.</p>')
    rows = [
        [
            ("n", str(i)),
            ("path", ' <span class="arrow">→</span> '.join(_e(x) for x in p.steps)),
            ("n", str(p.count)),
            ("n", pct(p.share)),
        ]
        for i, p in enumerate(s.scene_paths, 1)
    ]
    h.append(_h_table([("n", "#"), ("", "Path"), ("n", "Games"), ("n", "Share")], rows))
    h += _html_history(s)
    if s.votes:
        h.append("<h3>Class votes</h3>")
        h.append(
            '<p class="legend">The facilitator\'s games: each vote, with what was chosen (✓).</p>'
        )
        for g in dict.fromkeys(g for g, _ in s.votes):
            h.append(f'<h4>{_e(g.name)} <span class="meta">{_e(r.shown(g.file))}</span></h4>')
            rows = []
            for v in g.votes:
                total = sum(n for _, n in v.tally) or 1
                lines = "".join(
                    f'<tr><td class="label">{_e(s.choice_text(c))}{" ✓" if c == v.choice else ""}</td>'
                    f'<td class="bar">{_bar(n / total)}</td><td class="n">{n}</td></tr>'
                    for c, n in v.tally
                )
                rows.append(
                    [
                        ("n", str(v.turn)),
                        ("", _e(s.scene_title(v.scene))),
                        ("", f'<table class="inner">{lines}</table>'),
                    ]
                )
            h.append(_h_table([("n", "Turn"), ("", "Scene"), ("", "Votes")], rows, "votes"))
    h.append("<h3>Students</h3>")
    head = [("", "Name"), ("", "Class"), ("", "Role"), ("", "Ending")]
    head += [("n", _e(d.label)) for d in s.dimensions]
    head += [("n", "Turns"), ("", "Finished")]
    if s.has_history:
        head.append(("", "Left history"))
    rows = []
    for g in s.games:
        row = [
            (
                "",
                _e(g.name)
                + (
                    f'<br><span class="id">{_e(r.shown(g.file))}</span>' if g.player is None else ""
                ),
            ),
            ("", _e(g.class_code or "-")),
            ("", _e(g.role_name)),
            ("", _e(g.ending_title or "-")),
            *[("n", _e(g.scores.get(d.id, "-"))) for d in s.dimensions],
            ("n", str(g.turns)),
            ("", yes_no(g.finished)),
        ]
        if s.has_history:
            dep = g.departure
            row.append(
                (
                    "",
                    "-"
                    if dep is None
                    else f'turn {dep.turn}<br><span class="id">{_e(dep.scene)}</span>',
                )
            )
        rows.append(row)
    h.append(_h_table(head, rows, "students"))
    warned = [g for g in s.games if g.warnings]
    if warned:
        h.append("<h4>Notes</h4><ul>")
        h += [f"<li>{_e(g.name)}: {_e(' '.join(g.warnings))}</li>" for g in warned]
        h.append("</ul>")
    h.append("</section>")
    return h


def _html_history(s: ScenarioSummary) -> list[str]:
    h = ["<h3>Where the class parted from history</h3>"]
    if not s.has_history:
        return [*h, "<p>This scenario marks no choice as historical.</p>"]
    rows = [
        [
            ("", f"{_e(t)} <code>{_e(sc)}</code>"),
            ("", _e(hist)),
            ("bar", _bar(share, True)),
            ("n", f"{left} of {reached}"),
            ("n", pct(share)),
        ]
        for sc, t, hist, reached, left, share in _history_rows(s)
    ]
    if rows:
        h.append(
            _h_table(
                [
                    ("", "Decision point"),
                    ("", "Historical choice"),
                    ("", ""),
                    ("n", "Did not take it"),
                    ("n", "Share"),
                ],
                rows,
                "history",
            )
        )
    h.append(f"<p>{_e(stayed_text(s))}</p>")
    if s.departures:
        h.append("<h4>Where each player first left it</h4>")
        total = sum(d.count for d in s.departures) or 1
        rows = [
            [
                ("label", f"{_e(d.title)} <code>{_e(d.scene)}</code>"),
                ("bar", _bar(d.count / total, True)),
                ("n", str(d.count)),
            ]
            for d in s.departures
        ]
        h.append(_h_table([("", "Decision point"), ("", ""), ("n", "Players")], rows))
    return h


# -- the terminal table -----------------------------------------------------------------


def render_table(r: ClassReport, file: IO[str] | None = None, width: int | None = None) -> None:
    """The report as Rich tables, printed to ``file`` (the terminal by default)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    con = Console(file=file, width=width, highlight=False, emoji=False, markup=False)

    def T(x: Any, style: str = "") -> Text:  # every cell is plain text, never markup
        return Text(str(x), style=style)

    def table(title: str, *cols: tuple[str, str]) -> Any:
        t = Table(
            title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, expand=False
        )
        for name, justify in cols:
            # Numbers and bars never wrap; text wraps at spaces (files and paths anywhere).
            fold = name in ("File", "Path", "Reason")
            t.add_column(
                name,
                justify=justify,
                overflow="fold" if fold else "ellipsis",
                no_wrap=justify == "right" or name == "",
            )  # type: ignore[arg-type]
        return t

    def bar(share: float, width: int = 20) -> Text:
        n = round(max(0.0, min(1.0, share)) * width)
        return Text("█" * n + "·" * (width - n), style="cyan")

    con.print(T("Class report", "bold underline"))
    con.print(T(headline(r)))
    for s in r.scenarios:
        con.print()
        con.rule(Text(f"{s.title} ({s.id}), {versions_note(s)}"))
        con.print(
            T(
                f"{_plural(len(s.games), 'game')} by {_plural(s.students, 'student')}: {s.finished} finished, {s.unfinished} unfinished."
            )
        )
        t = table(
            "Endings (share of finished games)",
            ("Ending", "left"),
            ("", "left"),
            ("Games", "right"),
            ("Share", "right"),
        )
        for e in s.endings:
            t.add_row(T(e.title), bar(e.share), T(e.count), T(pct(e.share)))
        if not s.endings:
            t.add_row(T("No game has finished yet."), T(""), T(""), T(""))
        con.print(t)
        if s.dimensions:
            t = table(
                "Outcome scores (finished games)",
                ("#", "right"),
                ("Dimension", "left"),
                ("Mean", "right"),
                ("Range", "right"),
                ("Scale", "left"),
            )
            for i, d in enumerate(s.dimensions, 1):
                scale = f"{d.lo} to {d.hi}" + (
                    " (lower is better)" if d.higher_is == "worse" else ""
                )
                t.add_row(
                    T(f"#{i}"),
                    T(d.label),
                    T(num(d.mean)),
                    T("-" if d.min is None else f"{d.min} to {d.max}"),
                    T(scale),
                )
            con.print(t)
        hint = "; H = what was done in history" if s.has_history else ""
        t = table(
            f"Choices at each decision point (share of the players who reached it{hint})",
            ("Choice", "left"),
            ("", "left"),
            ("Players", "right"),
            ("Share", "right"),
        )
        for d in s.decisions:
            t.add_row(
                T(f"{d.title} ({d.scene}): reached by {d.reached}", "bold"),
                T(""),
                T(""),
                T(""),
                end_section=False,
            )
            for o in d.options:
                t.add_row(
                    T(("  H " if o.historical else "    ") + o.text),
                    bar(o.share),
                    T(o.players),
                    T(pct(o.share)),
                )
            t.add_section()
        con.print(t)
        t = table(
            "Most common paths (scenes where choices were made, then the ending)",
            ("#", "right"),
            ("Path", "left"),
            ("Games", "right"),
        )
        for i, p in enumerate(s.scene_paths, 1):
            t.add_row(T(i), T(path_text(s, p)), T(p.count))
        con.print(t)
        if s.has_history:
            t = table(
                "Where the class parted from history",
                ("Decision point", "left"),
                ("Historical choice", "left"),
                ("Did not take it", "right"),
                ("Share", "right"),
            )
            for sc, title, hist, reached, left, share in _history_rows(s):
                t.add_row(T(f"{title} ({sc})"), T(hist), T(f"{left} of {reached}"), T(pct(share)))
            con.print(t)
            con.print(
                T(
                    f"{stayed_text(s)} First departures: "
                    + (", ".join(f"{d.title} ({d.count})" for d in s.departures) or "none")
                )
            )
        if s.votes:
            t = table(
                "Class votes",
                ("Game", "left"),
                ("Turn", "right"),
                ("Chosen", "left"),
                ("Votes", "left"),
            )
            for g, v in s.votes:
                t.add_row(
                    T(g.name),
                    T(v.turn),
                    T(s.choice_text(v.choice)),
                    T(", ".join(f"{c}: {n}" for c, n in v.tally)),
                )
            con.print(t)
        # Short headers keep the students on one line each in a terminal: the role id,
        # and the dimensions numbered as in the scores table above.
        cols = [("Name", "left"), ("Class", "left"), ("Role", "left"), ("Ending", "left")]
        cols += [(f"#{i}", "right") for i, _ in enumerate(s.dimensions, 1)]
        cols += [("Turns", "right"), ("Done", "left")]
        if s.has_history:
            cols.append(("Left history", "left"))
        t = table("Students", *cols)
        for g in s.games:
            row = [T(g.name), T(g.class_code or "-"), T(g.role), T(g.ending_title or "-")]
            row += [T(g.scores.get(d.id, "-")) for d in s.dimensions]
            row += [T(g.turns), T(yes_no(g.finished))]
            if s.has_history:
                row.append(T(_departure(g)))
            t.add_row(*row)
        con.print(t)
        for g in s.games:
            for w in g.warnings:
                con.print(T(f"Note on {g.name}: {w}", "yellow"))
    if r.problems:
        con.print()
        t = table(
            "Saves not counted",
            ("Name", "left"),
            ("File", "left"),
            ("Problem", "left"),
            ("Reason", "left"),
        )
        for p in r.problems:
            t.add_row(
                T(p.name), T(r.shown(p.file)), T(KINDS.get(p.kind, p.kind), "yellow"), T(p.reason)
            )
        con.print(t)
    if r.skipped:
        t = table("Files skipped", ("File", "left"), ("Why", "left"))
        for x in r.skipped:
            t.add_row(T(r.shown(x.file)), T(x.reason))
        con.print(t)


def render_text_table(r: ClassReport, width: int = 120) -> str:
    """The terminal table as plain text (for ``--out FILE`` with ``--format table``)."""
    buf = io.StringIO()
    render_table(r, file=buf, width=width)
    return buf.getvalue()


RENDERERS: dict[str, Callable[[ClassReport], str]] = {
    "md": render_md,
    "csv": render_csv,
    "html": render_html,
    "json": render_json,
    "table": render_text_table,
}
