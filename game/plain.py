"""Plain line mode: the game as numbered text on stdin/stdout.

For screen readers, scripting and tests. No colour, no boxes, no cursor movement: every
line is plain text that a screen reader reads in order.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from game.engine.game import ChoiceNotAvailable, EngineError, Game, Turn
from game.engine.runtime import CompiledScenario

if TYPE_CHECKING:
    from game.saves.session import SaveSession

HELP = """Commands:
  a number   make that choice
  w          why? the interests behind the last responses, and what changed
  s          status: every value you can see, and the council count
  o          your role's objectives
  u          undo: take back your last choice
  ?          this help
  q          quit (also end of input)"""


class PlainUI:
    def __init__(
        self,
        game: Game,
        out: IO[str],
        inp: IO[str],
        width: int = 78,
        on_turn: Callable[[Turn], None] | None = None,
        session: SaveSession | None = None,
        resumed: bool = False,
    ) -> None:
        if session is None:
            from game.saves.session import SaveSession

            # Not written anywhere, but undo works the same way: by replaying the log.
            session = SaveSession.from_game(game)
        self.session = session
        self.resumed = resumed
        self.game = session.game
        self.cs: CompiledScenario = game.scenario
        self.out = out
        self.inp = inp
        self.width = width
        self.last: Turn | None = session.turns[-1] if session.turns else None
        self.on_turn = on_turn

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def line(self, text: str, indent: str = "") -> None:
        """One item (a status, a change) on as many lines as it needs, each within the
        width, the rest indented two more than the first: a long one no longer runs past
        the terminal's edge and breaks there in the middle of a word."""
        self.say(
            textwrap.fill(
                text,
                self.width,
                initial_indent=indent,
                subsequent_indent=indent + "  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        )

    def para(self, text: str, indent: str = "") -> None:
        """Reflow text: single line breaks join, blank lines separate paragraphs."""
        paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n")]
        for i, p in enumerate(paragraphs):
            if i:
                self.say()
            # A bullet ("  - ") starts only the first line; the rest line up under its text,
            # so a screen reader hears one item, not one per wrapped line.
            rest = " " * len(indent)
            self.say(textwrap.fill(p, self.width, initial_indent=indent, subsequent_indent=rest))

    # -- pieces ------------------------------------------------------------------
    def intro(self) -> None:
        g = self.game
        self.say(f"{self.cs.title} (version {self.cs.version})")
        self.say(f"Role: {g.role.name}. Seed: {g.seed}.")
        if self.resumed:
            self.so_far()
            return
        if g.role.briefing:
            self.say()
            self.para(g.role.briefing)
        self.objectives()
        self.say("Type ? for help.")

    def saving(self) -> None:
        sess = self.session
        if sess.path is None:
            self.say("This game is not saved (start it with --save NAME to keep it).")
        else:
            self.say(f"Saved after every turn as '{sess.name}' ({sess.path}).")

    def so_far(self) -> None:
        """A resumed game: who is playing, and the choices made so far, one line each."""
        sess = self.session
        s = sess.save
        who = ", ".join(x for x in (s.player, s.class_code and f"class {s.class_code}") if x)
        self.say(
            f"Continuing the saved game '{sess.name}'"
            + (f" ({who})" if who else "")
            + f": {len(sess.turns)} turn{'s' * (len(sess.turns) != 1)} so far."
        )
        for w in sess.warnings:
            self.para(f"Note: {w}")
        if sess.inconsistencies:
            self.para(
                "Note: this save is inconsistent: its summary disagrees with the replay, so the replay is used."
            )
        for st in sess.steps:
            if st.turn is not None:
                self.para(f"{st.turn.number}. {st.scene_title}: {st.turn.choice_text}", "  ")
            elif st.event is not None:
                self.para(f"(event) {st.event.title}", "  ")

    def undo(self) -> bool:
        """Take back the last choice. True if the game changed."""
        from game.saves.store import SaveError

        sess = self.session
        if not sess.can_undo:
            self.say("There is nothing to undo.")
            return False
        gone = sess.steps[-1]
        try:
            self.game = sess.undo()
        except SaveError as e:
            self.say(f"Cannot undo: {e}")
            return False
        self.last = sess.turns[-1] if sess.turns else None
        what = gone.turn.choice_text if gone.turn else (gone.event.title if gone.event else "")
        self.say(f"Undone: {what}")
        self._warn_unsaved()
        return True

    def _warn_unsaved(self) -> None:
        if self.session.last_save_error:
            self.say(
                f"Warning: {self.session.last_save_error}. The game goes on, but is not saved."
            )

    def objectives(self) -> None:
        if self.game.role.objectives:
            self.say()
            self.say("Your objectives:")
            for o in self.game.role.objectives:
                self.para(o, "  - ")

    def scene(self) -> None:
        g = self.game
        sc = g.scene
        self.say()
        self.say(f"== {sc.title} ==")
        where = ", ".join(
            x
            for x in (g.render(sc.date) if sc.date else "", g.render(sc.place) if sc.place else "")
            if x
        )
        if where:
            self.say(where)
        if sc.present:
            self.say("Present: " + ", ".join(self.cs.leaders[x].name for x in sc.present))
        self.say()
        self.para(g.scene_text())

    def turn(self, t: Turn) -> None:
        for r in t.responses:
            self.say()
            self.para(f"{r.name}: {r.text}")
        for ev in t.events:
            self.say()
            self.say(f"EVENT: {ev.title}")
            if ev.text:
                self.para(ev.text, "  ")
        shown = [c for c in t.changes if self.cs.var_by_name[c.name].show != "hidden"]
        if shown:
            self.say()
            self.line("Changes: " + "; ".join(self._change(c) for c in shown))

    def _change(self, c: Any) -> str:
        info = self.cs.var_by_name[c.name]
        who = f"{self.cs.leaders[c.leader].short_name} " if c.leader else ""
        if c.delta is not None:
            return f"{who}{info.label} {c.after} ({c.delta:+d})"
        return f"{who}{info.label}: {info.format(c.before)} -> {info.format(c.after)}"

    def status(self, full: bool = False) -> None:
        g = self.game
        parts = []
        for info in self.cs.variables:
            if info.leader is None and (info.show == "status" or (full and info.show != "hidden")):
                parts.append(f"{info.label}: {info.format(g.state.v[info.slot])}")
        if self.cs.council is not None:
            t = g.council()
            veto = f", veto by {', '.join(t.vetoes)}" if t.vetoes else ""
            parts.append(f"{t.name}: {t.yes} yes, {t.no} no, {t.abstain} abstain{veto}")
        if parts:
            self.say()
            self.line("Status: " + " | ".join(parts))
        if full:
            for leader in self.cs.leaders.values():
                vals = [
                    f"{v.label} {v.format(g.state.v[v.slot])}"
                    for v in leader.variables
                    if v.show != "hidden"
                ]
                if vals:
                    self.line(f"{leader.name}: " + ", ".join(vals), "  ")

    def why(self) -> None:
        t = self.last
        if t is None:
            self.say("Nothing has happened yet.")
            return
        self.say(f"Why? (turn {t.number}: {t.choice_text})")
        if not t.responses:
            self.say("  No leader responded.")
        for r in t.responses:
            self.para(f"{r.name}: {r.because or '(no reason given)'}", "  ")
        if t.changes:
            self.say("  What changed:")
            for c in t.changes:
                self.line(self._change(c), "    ")

    def options(self) -> list[Any]:
        opts = self.game.options()
        self.say()
        for o in opts:
            if o.available:
                self.para(f"{o.number}. {o.text}", "")
            else:
                self.para(f"{o.number}. (locked) {o.text} - {o.reason}", "")
        return opts

    def ending(self) -> None:
        e = self.game.ending()
        assert e is not None
        self.say()
        self.say(f"Ending: {e.title}")
        self.say()
        self.para(e.text)
        self.say()
        self.say("Outcome scores:")
        for s in e.scores:
            note = " (lower is better)" if s.higher_is == "worse" else ""
            self.say(f"  {s.label}: {s.value} of {s.hi}{note}")
        d = self.cs.model.debrief
        if e.debrief:
            self.say()
            self.para(e.debrief)
        if d.what_happened:
            self.say()
            self.say("What actually happened:")
            self.para(d.what_happened, "  ")
        if d.questions:
            self.say()
            self.say("Questions to discuss:")
            for q in d.questions:
                self.para(q, "  - ")
        if d.glossary:
            self.say()
            self.say("Glossary:")
            for g in d.glossary:
                self.para(f"{g.term}: {g.definition}", "  - ")
        if d.assumptions:
            self.say()
            self.say("What the model assumes:")
            self.para(d.assumptions, "  ")
        if d.sources:
            self.say()
            self.say("Sources:")
            for src in d.sources:
                self.para(src.title + (f" ({src.url})" if src.url else ""), "  - ")

    # -- the loop ----------------------------------------------------------------
    def run(self) -> int:
        """Play until an ending (exit 0), end of input (0) or 'q' (0)."""
        self.intro()
        self.saving()
        if self.game.finished:
            self.ending()
            return 0
        self.status()
        self.scene()
        while not self.game.finished:
            opts = self.options()
            n = len(opts)
            while True:
                self.out.write(f"Choose 1-{n} (? for help): ")
                self.out.flush()
                line = self.inp.readline()
                if not line:
                    self.say()
                    self.say("End of input: leaving the game.")
                    return 0
                cmd = line.strip().lower()
                if cmd in ("q", "quit", "exit"):
                    self.say("Leaving the game.")
                    return 0
                if cmd in ("?", "h", "help"):
                    self.say(HELP)
                    continue
                if cmd == "w":
                    self.why()
                    continue
                if cmd == "s":
                    self.status(full=True)
                    continue
                if cmd == "o":
                    self.objectives()
                    continue
                if cmd in ("u", "undo"):
                    if self.undo():
                        self.status()
                        self.scene()
                        opts = self.options()
                        n = len(opts)
                    continue
                if not cmd:
                    self.say(f"Please type a number from 1 to {n}.")
                    continue
                if not cmd.isdigit():
                    self.say(
                        f"'{line.strip()[:20]}' is not a choice. Type a number from 1 to {n}, or ? for help."
                    )
                    continue
                k = int(cmd)
                if not 1 <= k <= n:
                    self.say(f"There is no choice {k}. Type a number from 1 to {n}.")
                    continue
                opt = opts[k - 1]
                if not opt.available:
                    self.say(f"Choice {k} is locked: {opt.reason}")
                    continue
                break
            try:
                t = self.session.choose(opt.id)
            except ChoiceNotAvailable as e:
                self.say(f"That choice is not available: {e}")
                continue
            except EngineError as e:
                self.say(f"The scenario has a fault and cannot go on from here: {e}")
                self.say("Your game so far is kept; the choice was not made.")
                continue
            self.last = t
            self._warn_unsaved()
            if self.on_turn is not None:
                self.on_turn(t)
            self.turn(t)
            if self.game.finished:
                break
            self.status()
            self.scene()
        self.ending()
        return 0
