"""Transcripts of a replayed game, for a teacher to read, print and grade.

Both formats hold the same things: a header (player, class, role, seed, scenario and
its version), every turn (the scene, the choice, each leader's response with its
``because``, events and the changes to the variables) and the ending with its outcome
scores. The HTML is one self-contained file: inline CSS (with print rules), no
scripts, no fonts or images from the network, and every piece of content escaped.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from game.engine import Change
from game.saves.replay import Rebuilt, Step

# -- shared pieces ---------------------------------------------------------------------


def _when(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M UTC") if t.tzinfo else t.strftime("%Y-%m-%d %H:%M")


def _header_rows(r: Rebuilt) -> list[tuple[str, str]]:
    s, cs, g = r.save, r.scenario, r.game
    rows = [
        ("Player", s.player or "(not given)"),
        ("Class", s.class_code or "(not given)"),
        ("Role", f"{g.role.name} ({g.role.id})"),
        ("Seed", str(s.seed)),
        ("Scenario", f"{cs.title} ({cs.id}), version {s.scenario.version}"),
        (
            "Content",
            s.scenario.content_hash[:12]
            + (
                ""
                if not r.content_changed
                else f" (now {cs.content_hash[:12]}, version {cs.version})"
            ),
        ),
        ("Started", _when(s.created)),
        ("Last saved", _when(s.updated)),
    ]
    if s.start:
        rows.append(("Started from scene", s.start))
    if s.values:
        rows.append(("Starting values", ", ".join(f"{k} = {v}" for k, v in s.values.items())))
    undone = f" ({s.undos} taken back with undo)" if s.undos else ""
    rows.append(("Turns", f"{g.turn_number}{undone}"))
    e = g.ending() if g.finished else None
    rows.append(
        (
            "Result",
            f"Finished: {e.title}" if e else f"Not finished (now in scene '{g.scene.title}')",
        )
    )
    return rows


def _notices(r: Rebuilt) -> list[str]:
    out = list(r.warnings)
    if r.inconsistencies:
        out.append(
            "This save is inconsistent: its stored summary disagrees with the replay "
            "(the file was edited or damaged). The transcript shows the replay: "
            + "; ".join(r.inconsistencies)
        )
    return out


def _var_label(r: Rebuilt, c: Change) -> str:
    if c.leader:
        return f"{r.scenario.leaders[c.leader].name}: {c.label}"
    return c.label


def _fmt(r: Rebuilt, c: Change, v: Any) -> str:
    info = r.scenario.var_by_name.get(c.name)
    return info.format(v) if info else str(v)


def _delta(c: Change) -> str:
    return f"{c.delta:+d}" if c.delta is not None else ""


def _votes(step: Step) -> str | None:
    v = step.record.votes
    if not v:
        return None
    return ", ".join(f"{k}: {n}" for k, n in sorted(v.items(), key=lambda kv: -kv[1]))


def _paras(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]


# -- Markdown ----------------------------------------------------------------------------


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def to_markdown(rebuilt: Rebuilt) -> str:
    """The transcript as Markdown."""
    r = rebuilt
    g = r.game
    out: list[str] = [f"# Transcript: {r.scenario.title}", ""]
    out += ["| | |", "|---|---|"]
    out += [f"| {k} | {_cell(v)} |" for k, v in _header_rows(r)]
    out.append("")
    for n in _notices(r):
        out += [f"> **Note:** {_cell(n)}", ""]
    if g.role.objectives:
        out += ["**Objectives:**", ""]
        out += [f"- {_cell(o)}" for o in g.role.objectives]
        out.append("")
    for step in r.steps:
        rec = step.record
        if step.event is not None:
            out += [f"## Event (injected by the facilitator): {step.event.title}", ""]
            out += [f"*{_when(rec.at)}, during scene '{_cell(step.scene_title)}'*", ""]
            out += [*_paras(step.event.text), ""]
            continue
        t = step.turn
        assert t is not None
        out += [f"## Turn {t.number}: {step.scene_title}", ""]
        out.append("\n>\n".join(f"> {para}" for para in _paras(step.scene_text)))
        out += ["", f"**Choice:** {t.choice_text} (`{t.choice}`), {_when(rec.at)}", ""]
        votes = _votes(step)
        if votes:
            out += [f"**Class vote:** {votes}", ""]
        if t.responses:
            out += ["**Responses:**", ""]
            for resp in t.responses:
                out.append(f"- **{resp.name}:** {' '.join(resp.text.split())}")
                out.append(
                    f"  - *Because:* {' '.join((resp.because or '(no reason given)').split())}"
                )
            out.append("")
        for ev in t.events:
            out += [f"**Event: {ev.title}.** {' '.join(ev.text.split())}", ""]
        if t.changes:
            out += ["| Changed | Before | After | Change |", "|---|---|---|---|"]
            for c in t.changes:
                out.append(
                    f"| {_cell(_var_label(r, c))} | {_cell(_fmt(r, c, c.before))} | {_cell(_fmt(r, c, c.after))} | {_delta(c)} |"
                )
            out.append("")
    e = g.ending() if g.finished else None
    if e is None:
        out += [
            "## Not finished",
            "",
            f"The game stops in scene '{g.scene.title}' after {g.turn_number} turns.",
            "",
        ]
    else:
        out += [f"## Ending: {e.title}", "", *_paras(e.text), ""]
        if e.scores:
            out += ["### Outcome scores", "", "| Dimension | Score | Range |", "|---|---|---|"]
            for s in e.scores:
                note = " (lower is better)" if s.higher_is == "worse" else ""
                out.append(f"| {_cell(s.label)} | {s.value} | {s.lo} to {s.hi}{note} |")
            out.append("")
        if e.debrief:
            out += ["### Debrief", "", *_paras(e.debrief), ""]
    return "\n".join(out).rstrip() + "\n"


# -- HTML --------------------------------------------------------------------------------

CSS = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #c9c9c9; --accent: #1f4e79; --soft: #f3f5f8; }
* { box-sizing: border-box; }
body { font: 15px/1.5 Georgia, "Times New Roman", serif; color: var(--ink); background: #fff;
       max-width: 52rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .75rem; color: var(--accent); }
h2 { font-size: 1.15rem; margin: 0 0 .4rem; color: var(--accent); }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 .6rem; font-size: .92rem; }
th, td { text-align: left; padding: .2rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; }
th { font-weight: 600; }
table.header th { width: 11rem; color: var(--muted); font-weight: normal; }
.note { border-left: 4px solid #b35900; background: #fff4e5; padding: .5rem .75rem; margin: .75rem 0; }
section.turn, section.ending { border-top: 2px solid var(--rule); padding: .8rem 0 .4rem; }
.scene { color: var(--muted); font-style: italic; margin: .2rem 0 .5rem 0; }
.scene p { margin: .2rem 0; }
.choice { background: var(--soft); padding: .4rem .6rem; margin: .4rem 0; border-radius: 3px; }
.choice .id, .when { color: var(--muted); font-size: .85rem; }
ul.responses { list-style: none; padding: 0; margin: .4rem 0; }
ul.responses li { margin: 0 0 .45rem; }
.because { display: block; color: var(--muted); font-size: .9rem; margin-left: 1rem; }
.event { border-left: 3px solid var(--accent); padding-left: .6rem; margin: .4rem 0; }
table.changes { table-layout: fixed; }
table.changes th:first-child { width: 46%; }
td.num { font-variant-numeric: tabular-nums; }
.bar { display: inline-block; width: 8rem; height: .6rem; border: 1px solid var(--muted); vertical-align: middle; margin-left: .4rem; }
.bar span { display: block; height: 100%; background: var(--accent); }
footer { color: var(--muted); font-size: .8rem; margin-top: 1.5rem; border-top: 1px solid var(--rule); padding-top: .4rem; }
@page { margin: 1.6cm 1.4cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h1, h2 { color: #000; }
  section.turn, section.ending, table, .note { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .choice { background: none; border: 1px solid var(--rule); }
  .bar, .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _html_paras(text: str) -> str:
    return "".join(f"<p>{_e(p)}</p>" for p in _paras(text))


def to_html(rebuilt: Rebuilt) -> str:
    """The transcript as one self-contained HTML page that prints cleanly."""
    r = rebuilt
    g = r.game
    who = r.save.player or "a player"
    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(r.scenario.title)}: transcript for {_e(who)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{_e(r.scenario.title)}: transcript</h1>",
        '<table class="header">',
    ]
    h += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in _header_rows(r)]
    h.append("</table>")
    for n in _notices(r):
        h.append(f'<div class="note"><strong>Note:</strong> {_e(n)}</div>')
    if g.role.objectives:
        h.append(
            "<h3>Objectives</h3><ul>"
            + "".join(f"<li>{_e(o)}</li>" for o in g.role.objectives)
            + "</ul>"
        )
    for step in r.steps:
        rec = step.record
        if step.event is not None:
            h.append('<section class="turn">')
            h.append(f"<h2>Event (injected by the facilitator): {_e(step.event.title)}</h2>")
            h.append(
                f'<div class="when">{_e(_when(rec.at))}, during scene “{_e(step.scene_title)}”</div>'
            )
            h.append(f'<div class="event">{_html_paras(step.event.text)}</div></section>')
            continue
        t = step.turn
        assert t is not None
        h.append('<section class="turn">')
        h.append(f"<h2>Turn {t.number}: {_e(step.scene_title)}</h2>")
        h.append(f'<div class="scene">{_html_paras(step.scene_text)}</div>')
        h.append(
            f'<div class="choice"><strong>Choice:</strong> {_e(t.choice_text)} '
            f'<span class="id">({_e(t.choice)}, {_e(_when(rec.at))})</span></div>'
        )
        votes = _votes(step)
        if votes:
            h.append(f"<p><strong>Class vote:</strong> {_e(votes)}</p>")
        if t.responses:
            h.append('<ul class="responses">')
            for resp in t.responses:
                because = resp.because or "(no reason given)"
                h.append(
                    f"<li><strong>{_e(resp.name)}:</strong> {_e(' '.join(resp.text.split()))}"
                    f'<span class="because">Because: {_e(" ".join(because.split()))}</span></li>'
                )
            h.append("</ul>")
        for ev in t.events:
            h.append(
                f'<div class="event"><strong>Event: {_e(ev.title)}.</strong> {_e(" ".join(ev.text.split()))}</div>'
            )
        if t.changes:
            h.append(
                '<table class="changes"><tr><th>Changed</th><th>Before</th><th>After</th><th>Change</th></tr>'
            )
            for c in t.changes:
                # No red or green: whether a change is good depends on the variable.
                h.append(
                    f"<tr><td>{_e(_var_label(r, c))}</td><td>{_e(_fmt(r, c, c.before))}</td>"
                    f'<td>{_e(_fmt(r, c, c.after))}</td><td class="num">{_e(_delta(c))}</td></tr>'
                )
            h.append("</table>")
        h.append("</section>")
    e = g.ending() if g.finished else None
    h.append('<section class="ending">')
    if e is None:
        h.append(
            f"<h2>Not finished</h2><p>The game stops in scene “{_e(g.scene.title)}” after {g.turn_number} turns.</p>"
        )
    else:
        h.append(f"<h2>Ending: {_e(e.title)}</h2>{_html_paras(e.text)}")
        if e.scores:
            h.append(
                "<h3>Outcome scores</h3><table><tr><th>Dimension</th><th>Score</th><th>Range</th></tr>"
            )
            for s in e.scores:
                span = (s.hi - s.lo) or 1
                pct = max(0, min(100, round(100 * (s.value - s.lo) / span)))
                note = " (lower is better)" if s.higher_is == "worse" else ""
                h.append(
                    f"<tr><td>{_e(s.label)}</td><td>{s.value}"
                    f'<span class="bar"><span style="width:{pct}%"></span></span></td>'
                    f"<td>{s.lo} to {s.hi}{_e(note)}</td></tr>"
                )
            h.append("</table>")
        if e.debrief:
            h.append(f"<h3>Debrief</h3>{_html_paras(e.debrief)}")
    h.append("</section>")
    h.append(
        f"<footer>negotiator transcript, replayed from the save log ({_e(r.save.scenario.id)} {_e(r.save.scenario.version)}, seed {r.save.seed}).</footer>"
    )
    h.append("</body></html>")
    return "\n".join(h) + "\n"
