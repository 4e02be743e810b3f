"""Facilitator mode, the rules without the screen: a class votes on each decision.

One game is projected; at each decision the facilitator counts hands, enters the votes
per option, and reveals. The option with the most votes is played; a tie, or a vote in
which nobody voted, is settled by the facilitator. An optional countdown runs while the
class discusses, and the facilitator can pause everything.

No Textual, no clock: :class:`Countdown` is driven by :meth:`Countdown.tick` with the
seconds that passed, so tests need no real time.

    decision = Decision.for_options(game.options(), timer=60)
    decision.countdown.start()
    decision.add("promise_firm", 12)
    decision.set("stay_open", 12)
    outcome = decision.reveal()          # Outcome(kind="tie", tied=(...))
    choice = decision.resolve(outcome, chosen="stay_open")
    session.choose(choice, votes=outcome.votes)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

MAX_VOTES = 999  # per option: no class is that large, and it keeps the counts 3 digits
MAX_TIMER = 60 * 60  # an hour
MIN_TIMER = 1


class FacilitatorError(Exception):
    """Something the facilitator asked for cannot be done; the message says why."""


class OptionLocked(FacilitatorError):
    """A locked option cannot get votes, and cannot be played."""


class UnknownOption(FacilitatorError):
    """The option is not one of this decision's options."""


class DecisionPaused(FacilitatorError):
    """Votes cannot change, and the vote cannot be revealed, while the game is paused."""


# -- options and the vote ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class VoteOption:
    """An option as the class sees it: the engine's ``Option`` (id, number, text,
    available, reason); locked options are shown but cannot get votes."""

    id: str
    number: int
    text: str
    available: bool = True
    reason: str | None = None

    @classmethod
    def of(cls, option: Any) -> VoteOption:
        return cls(option.id, option.number, option.text, option.available, option.reason)


OutcomeKind = Literal["winner", "tie", "no_votes"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a reveal found.

    - ``winner``: one option has the most votes (``winner`` is its id).
    - ``tie``: two or more share the most votes (``tied``, in option order); the
      facilitator picks one of them.
    - ``no_votes``: nobody voted; the facilitator picks any available option
      (``tied`` lists them all).

    ``votes`` is the tally to record in the save (every available option, zeros too).
    """

    kind: OutcomeKind
    votes: dict[str, int]
    winner: str | None = None
    tied: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.votes.values())

    @property
    def needs_facilitator(self) -> bool:
        return self.kind != "winner"


class Vote:
    """The class's votes on one decision: a count for each available option."""

    def __init__(self, options: Iterable[Any]) -> None:
        self.options: tuple[VoteOption, ...] = tuple(
            o if isinstance(o, VoteOption) else VoteOption.of(o) for o in options
        )
        self.counts: dict[str, int] = {o.id: 0 for o in self.options if o.available}

    def option(self, option_id: str) -> VoteOption:
        for o in self.options:
            if o.id == option_id:
                return o
        raise UnknownOption(f"there is no option '{option_id}' in this decision")

    def by_number(self, number: int) -> VoteOption | None:
        return next((o for o in self.options if o.number == number), None)

    @property
    def available(self) -> tuple[VoteOption, ...]:
        return tuple(o for o in self.options if o.available)

    def count(self, option_id: str) -> int:
        self.option(option_id)
        return self.counts.get(option_id, 0)

    def set(self, option_id: str, n: int) -> int:
        """Set an option's count (kept within 0..``MAX_VOTES``); returns the count."""
        o = self.option(option_id)
        if not o.available:
            raise OptionLocked(f"option {o.number} is locked: {o.reason or 'not available'}")
        self.counts[option_id] = max(0, min(MAX_VOTES, int(n)))
        return self.counts[option_id]

    def add(self, option_id: str, delta: int = 1) -> int:
        """Add (or with a negative ``delta`` take away) votes; never below zero."""
        return self.set(option_id, self.count(option_id) + delta)

    def clear(self) -> None:
        for k in self.counts:
            self.counts[k] = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, option_id: str) -> float:
        """The option's share of all votes, 0.0 to 1.0 (0.0 when nobody has voted)."""
        total = self.total
        return self.count(option_id) / total if total else 0.0

    def tally(self) -> dict[str, int]:
        """The counts as the save records them: every available option, in order."""
        return dict(self.counts)

    def leaders(self) -> tuple[str, ...]:
        """The options with the most votes (none when nobody has voted), in order."""
        top = max(self.counts.values(), default=0)
        if top == 0:
            return ()
        return tuple(k for k, n in self.counts.items() if n == top)

    def outcome(self) -> Outcome:
        tally = self.tally()
        top = self.leaders()
        if not top:
            return Outcome("no_votes", tally, None, tuple(self.counts))
        if len(top) > 1:
            return Outcome("tie", tally, None, top)
        return Outcome("winner", tally, top[0], top)


# -- the countdown --------------------------------------------------------------------------
def parse_timer(text: str | int | None) -> int | None:
    """``--timer``: seconds (``90``) or minutes and seconds (``1:30``). ``None``, ``0``
    or an empty string mean no timer. Raises :class:`ValueError` with a message."""
    if text is None:
        return None
    if isinstance(text, int):
        seconds = text
    else:
        s = text.strip().lower().removesuffix("s")
        try:
            if ":" in s:
                m, _, sec = s.partition(":")
                if not sec.isdigit() or len(sec) != 2 or int(sec) >= 60:
                    raise ValueError
                seconds = int(m) * 60 + int(sec)
            else:
                seconds = int(s) if s else 0
        except ValueError:
            raise ValueError(
                f"--timer takes seconds (90) or minutes:seconds (1:30), not '{text}'"
            ) from None
    if seconds == 0:
        return None
    if not MIN_TIMER <= seconds <= MAX_TIMER:
        raise ValueError(
            f"--timer must be between {MIN_TIMER} second and {MAX_TIMER // 60} minutes, not {seconds}"
        )
    return seconds


def clock_label(seconds: float) -> str:
    """``1:05`` (rounded up: the display says 0:00 only when time is really up)."""
    whole = max(0, int(-(-seconds // 1)))
    return f"{whole // 60}:{whole % 60:02d}"


@dataclass
class Countdown:
    """The discussion timer for one decision. ``seconds=None`` is no timer at all.

    States: not started, running, paused (stopped with time left), expired. Time passes
    only through :meth:`tick`.
    """

    seconds: int | None = None
    remaining: float = 0.0
    running: bool = False
    started: bool = False

    def __post_init__(self) -> None:
        if self.seconds is not None and not self.started:
            self.remaining = float(self.seconds)

    @property
    def enabled(self) -> bool:
        return self.seconds is not None

    @property
    def expired(self) -> bool:
        return self.enabled and self.started and self.remaining <= 0

    def start(self) -> None:
        """Start from the full time (again, if it ran before)."""
        if not self.enabled:
            return
        self.remaining = float(self.seconds or 0)
        self.started = True
        self.running = True

    def pause(self) -> None:
        self.running = False

    def resume(self) -> None:
        if self.started and not self.expired:
            self.running = True

    def tick(self, elapsed: float) -> bool:
        """Let ``elapsed`` seconds pass. Returns True when this tick ran the time out."""
        if not (self.running and elapsed > 0):
            return False
        self.remaining = max(0.0, self.remaining - elapsed)
        if self.remaining <= 0:
            self.running = False
            return True
        return False

    @property
    def label(self) -> str:
        if not self.enabled:
            return ""
        return clock_label(self.remaining)


# -- one decision ---------------------------------------------------------------------------
@dataclass
class Decision:
    """One decision of a facilitated game: its vote, its countdown, and whether the
    facilitator has paused. While paused the countdown stops, votes cannot change and
    the vote cannot be revealed."""

    vote: Vote
    countdown: Countdown = field(default_factory=Countdown)
    paused: bool = False
    _was_running: bool = False

    @classmethod
    def for_options(
        cls, options: Iterable[Any], timer: int | None = None, paused: bool = False
    ) -> Decision:
        d = cls(Vote(options), Countdown(timer))
        if paused:
            d.pause()
        return d

    def pause(self) -> None:
        if self.paused:
            return
        self.paused = True
        self._was_running = self.countdown.running
        self.countdown.pause()

    def resume(self) -> None:
        if not self.paused:
            return
        self.paused = False
        if self._was_running:
            self.countdown.resume()

    def toggle_pause(self) -> bool:
        """Pause or resume; returns whether the decision is now paused."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def start_timer(self) -> None:
        """(Re)start the countdown from the full time; while paused it starts on resume."""
        self.countdown.start()
        if self.paused:
            self._was_running = True
            self.countdown.pause()

    def tick(self, elapsed: float) -> bool:
        return False if self.paused else self.countdown.tick(elapsed)

    def _check(self) -> None:
        if self.paused:
            raise DecisionPaused("the game is paused: resume it first")

    def set(self, option_id: str, n: int) -> int:
        self._check()
        return self.vote.set(option_id, n)

    def add(self, option_id: str, delta: int = 1) -> int:
        self._check()
        return self.vote.add(option_id, delta)

    def reveal(self) -> Outcome:
        """The outcome of the vote as it stands. Stops the countdown."""
        self._check()
        self.countdown.pause()
        return self.vote.outcome()

    def resolve(self, outcome: Outcome, chosen: str | None = None) -> str:
        """The option to play: the winner, or (for a tie or no votes) the facilitator's
        ``chosen``, which must be one of ``outcome.tied``."""
        if outcome.kind == "winner":
            if chosen is not None and chosen != outcome.winner:
                raise FacilitatorError("the vote has a winner: the facilitator does not pick")
            return outcome.winner  # type: ignore[return-value]
        if chosen is None:
            what = "a tie" if outcome.kind == "tie" else "no votes"
            raise FacilitatorError(f"{what}: the facilitator picks the option to play")
        if chosen not in outcome.tied:
            o = self.vote.option(chosen)
            if not o.available:
                raise OptionLocked(f"option {o.number} is locked: {o.reason or 'not available'}")
            raise FacilitatorError(f"option {o.number} is not one of the tied options")
        return chosen


# -- the game around it -----------------------------------------------------------------------
def injectable_events(game: Any) -> list[Any]:
    """The scenario's events marked ``injectable`` that have not fired in this game
    (injected, or fired by themselves), in the scenario's order."""
    fired = game.state.fired
    return [e for e in game.scenario.events if e.injectable and e.id not in fired]


def class_save_name(class_code: str | None, when: datetime) -> str:
    """``classroom-9B-20250301-0915``: the slot for a facilitated game (the store makes
    it safe and unique)."""
    code = (class_code or "").strip() or "class"
    return f"classroom-{code}-{when.strftime('%Y%m%d-%H%M')}"


def vote_history(records: Sequence[Any]) -> list[tuple[int, Any]]:
    """``(turn number, record)`` for each recorded choice that has a vote tally, from a
    save's ``turns`` (injected events are not turns)."""
    out = []
    n = 0
    for rec in records:
        if rec.kind != "choice":
            continue
        n += 1
        if rec.votes is not None:
            out.append((n, rec))
    return out
