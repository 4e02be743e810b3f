"""Facilitator mode, driven with Pilot: a class plays the tutorial to its ending with
votes typed and entered with + and -, a tie the facilitator settles, an injected event
and a pause; then the save is read back and must hold every tally.

No test depends on time: the live clock is off and the countdown is ticked by hand.
"""

from __future__ import annotations

import pytest
from tuihelp import screen_text, settle, widget_text

from game.saves.session import SaveSession
from game.saves.store import SaveStore, load_save
from game.tui.classroom.app import ClassroomApp
from game.tui.classroom.screens import DebriefScreen, FacilitatorScreen, InjectDialog, SettleDialog
from game.tui.classroom.session import ClassSession, ClassSettings
from game.tui.classroom.widgets import CountInput, VoteBoard
from game.tui.screens.why import WhyScreen

SEED = 7


def new_session(tmp_path, *, timer: int | None = 60, code: str = "9B") -> ClassSession:
    return ClassSession.start(
        ClassSettings("tutorial", code, timer, None, SEED, None, str(tmp_path))
    )


def make_app(session: ClassSession) -> ClassroomApp:
    return ClassroomApp(session, cursor_blink=False, live_clock=False)


def text(app) -> str:
    return " ".join(screen_text(app).split())


def counts(screen: FacilitatorScreen) -> dict[str, int]:
    return screen.decision.vote.tally()


def field(screen: FacilitatorScreen, number: int) -> CountInput:
    return screen.query_one(f"#count-{number}", CountInput)


async def press(pilot, *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await settle(pilot, 2)


async def test_a_class_plays_the_tutorial_to_the_debrief(tmp_path):
    session = new_session(tmp_path)
    app = make_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen)
        assert "decision 1" in text(app) and "class 9B" in text(app)
        assert "Time 1:00" in text(app)

        # -- decision 1 (Welcome): the timer, a pause, then counts typed in ---------------
        screen.tick(20)
        await settle(pilot)
        assert "Time 0:40" in text(app)

        await press(pilot, "p")
        assert screen.has_class("-paused") and "PAUSED" in text(app)
        screen.tick(30)  # a paused timer does not run
        await press(pilot, "+", "r", "enter")
        assert counts(screen) == {"ask_mentor": 0, "skip_briefing": 0}  # nothing changed
        assert screen.phase == "vote" and session.turns == []
        assert field(screen, 1).disabled
        await press(pilot, "p")
        assert not screen.has_class("-paused") and "PAUSED" not in text(app)
        assert screen.decision.countdown.label == "0:40"

        # Enter opens option 1's count; Enter again moves to option 2's; Escape is done.
        await press(pilot, "enter", "1", "8", "enter", "1", "2", "escape")
        assert counts(screen) == {"ask_mentor": 18, "skip_briefing": 12}
        assert isinstance(app.focused, VoteBoard)
        assert "30 votes" in text(app)
        await press(pilot, "r")
        assert screen.phase == "result"
        shown = text(app)
        assert "THE CLASS CHOSE" in shown and "Ask your mentor how the delegations think" in shown
        assert "18 of 30 votes (60%)" in shown
        await press(pilot, "enter")

        # -- decision 2 (the mentor's word): inject the leak, then a tie -------------------
        assert screen.phase == "vote" and "decision 2" in text(app)
        assert "A word from your mentor" in text(app)
        await press(pilot, "i")
        dialog = app.screen
        assert isinstance(dialog, InjectDialog)
        assert "A leak" in text(app)
        await press(pilot, "enter")
        assert app.screen is screen
        assert "CRISIS UPDATE" in text(app) and "A leak" in text(app)
        assert session.game.value("tension") == 40
        assert "Tension: 40" in text(app)
        await press(pilot, "i")  # nothing left to inject: a message, no dialog
        assert app.screen is screen

        # Votes with the keys: 1 picks a row, + and = add one, - takes one away.
        await press(pilot, "1", *["+"] * 4, "=", "2", *["+"] * 6, "minus")
        assert counts(screen) == {"thank_mentor": 5, "note_to_south": 5}
        await press(pilot, "r")
        assert isinstance(app.screen, SettleDialog)
        assert "A tie: 2 options have 5 votes each" in text(app)
        await press(pilot, "escape")  # back to the vote: nothing played
        assert app.screen is screen and len(session.turns) == 1
        await press(pilot, "r")
        assert isinstance(app.screen, SettleDialog)
        await press(pilot, "2")  # the facilitator settles it: option 2
        assert app.screen is screen and screen.phase == "result"
        assert "a tie, settled by the facilitator" in text(app)
        assert "Send Ambassador Okafor a note first" in text(app)
        assert "Ambassador Okafor" in text(app) and "Thank you for telling me first." in text(app)

        # Why? is the player's own panel.
        await press(pilot, "w")
        assert isinstance(app.screen, WhyScreen)
        assert "Southland values being consulted" in text(app)
        await press(pilot, "escape")
        await press(pilot, "enter")

        # -- decision 3 (Northland): a locked option cannot get votes ------------------------
        assert "Northland's delegation" in text(app)
        # The mentor was asked, so "call the vote now" is open; type 14 for it, 10 and 3.
        await press(
            pilot, "3", "enter", "1", "4", "escape", "1", "enter", "1", "0", "enter", "3", "escape"
        )
        assert counts(screen) == {"promise_firm": 10, "stay_open": 3, "demand_vote_now": 14}
        await press(pilot, "r")
        assert screen.phase == "result"
        assert "Next: the debrief" in text(app)
        await press(pilot, "enter")
        debrief = app.screen
        assert isinstance(debrief, DebriefScreen)
        shown = text(app)
        assert "THE END" in shown and "No statement" in shown
        assert "Questions to discuss" in shown and "Which delegation did you consult first" in shown
        await press(pilot, "end")
        shown = text(app)
        assert "How the class voted" in shown
        assert "(settled by the facilitator)" in shown
        assert "CRISIS UPDATE A leak" in shown  # the injected event, in its place
        assert "Glossary" in shown and "Veto" in shown

    # -- the save: every tally, the injected event, the ending ---------------------------
    assert session.last_save_error is None
    save = load_save(session.save.path)
    assert save.class_code == "9B"
    assert session.save.path.name.startswith("classroom-9B-")
    entries = [(t.kind, t.scene, t.what, t.votes) for t in save.turns]
    assert entries == [
        ("choice", "welcome", "ask_mentor", {"ask_mentor": 18, "skip_briefing": 12}),
        ("inject", "briefing", "leak", None),
        ("choice", "briefing", "note_to_south", {"thank_mentor": 5, "note_to_south": 5}),
        (
            "choice",
            "meet_north",
            "demand_vote_now",
            {"promise_firm": 10, "stay_open": 3, "demand_vote_now": 14},
        ),
    ]
    assert save.summary.finished and save.summary.ending == "no_agreement"
    # Loading replays it to the same ending.
    again = SaveSession.resume(session.save.path, SaveStore(tmp_path))
    assert again.game.finished and again.game.ending().id == "no_agreement"
    assert again.game.value("tension") == session.game.value("tension")


async def test_no_votes_the_facilitator_picks(tmp_path):
    session = new_session(tmp_path, timer=None)
    app = make_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "Time" not in widget_text(app, screen.query_one("#cls-top"))
        await press(pilot, "r")
        assert isinstance(app.screen, SettleDialog)
        assert "No votes were entered" in text(app)
        await press(pilot, "9")  # not an option: nothing happens
        assert isinstance(app.screen, SettleDialog)
        await press(pilot, "down", "enter")  # the list works too: option 2
        assert screen.phase == "result"
        assert "No votes were entered: the facilitator chose" in text(app)
    assert session.save.save.turns[0].choice == "skip_briefing"
    assert session.save.save.turns[0].votes == {"ask_mentor": 0, "skip_briefing": 0}


async def test_locked_option_and_the_timer_running_out(tmp_path):
    session = new_session(tmp_path, timer=30)
    session.choose("skip_briefing", None)  # to Northland without the mentor: option 3 locked
    app = make_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "locked: Ask your mentor how votes work first." in text(app)
        assert len(screen.query("#count-3")) == 0  # no count field for it
        await press(pilot, "2", "3", "+")
        assert screen.selected == 2  # 3 is locked: the selection stays on 2
        assert counts(screen) == {"promise_firm": 0, "stay_open": 1}
        assert any(n.message.startswith("Locked: Ask your mentor") for n in app._notifications)
        screen.tick(29.5)
        await settle(pilot)
        assert "Time 0:01" in text(app)
        screen.tick(1)
        await settle(pilot)
        assert "TIME'S UP" in text(app)
        await press(pilot, "t")  # the facilitator starts it again
        assert "Time 0:30" in text(app)
        # Arrow keys move the row; in a count field they move between fields.
        await press(pilot, "up", "enter", "7", "down", "4", "escape")
        assert counts(screen) == {"promise_firm": 7, "stay_open": 4}


async def test_quit_mid_game_and_resume_with_load(tmp_path):
    session = new_session(tmp_path)
    app = make_app(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "2", "+", "+", "r", "enter")  # skip the briefing: Northland
        await press(pilot, "i", "enter")  # the leak
        await press(pilot, "1", "+")  # a vote entered but not revealed
        await press(pilot, "ctrl+q")
    path = session.save.path
    # The next lesson: --load picks the game up at the same decision, the event shown.
    resumed = ClassSession.start(ClassSettings(load=str(path), timer=45, saves_dir=str(tmp_path)))
    assert resumed.resumed and resumed.class_code == "9B"
    assert resumed.game.state.scene == "meet_north"
    app = make_app(resumed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FacilitatorScreen)
        shown = text(app)
        assert "Northland's delegation" in shown and "decision 2" in shown
        assert "CRISIS UPDATE" in shown and "A leak" in shown
        assert "Time 0:45" in shown
        assert counts(screen) == {
            "promise_firm": 0,
            "stay_open": 0,
        }  # unrevealed votes are not kept
        await press(pilot, "1", "+", "r")
        assert screen.phase == "result"
    save = load_save(path)
    assert [t.what for t in save.turns] == ["skip_briefing", "leak", "promise_firm"]
    assert save.turns[2].votes == {"promise_firm": 1, "stay_open": 0}


async def test_a_finished_game_opens_on_the_debrief(tmp_path):
    session = new_session(tmp_path)
    for choice in ("skip_briefing", "promise_firm", "offer_soft", "call_vote"):
        session.choose(choice, {choice: 1})
    assert session.finished
    resumed = ClassSession.start(ClassSettings(load=str(session.save.path)))
    app = make_app(resumed)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DebriefScreen)
        assert "THE END" in text(app)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["classroom", "no-such-scenario"], "no scenario 'no-such-scenario'"),
        (["classroom", "tutorial", "--role", "nobody"], "has no role 'nobody'"),
        (["classroom", "tutorial", "--timer", "soon"], "--timer takes seconds"),
        (["classroom", "tutorial", "--timer", "-5"], "--timer"),
        (["classroom", "tutorial", "--theme", "nope"], "no theme 'nope'"),
        (["classroom", "--load", "x", "--class", "9B"], "--load continues a saved game"),
        (["classroom", "--load", "missing"], "cannot open the save 'missing'"),
        (["classroom", "tutorial"], "needs a terminal"),
    ],
)
def test_cli_problems_exit_2_without_a_traceback(run_cli, tmp_path, args, message):
    out = run_cli(*args, "--saves-dir", str(tmp_path))
    assert out.returncode == 2, out
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert list(tmp_path.iterdir()) == []  # nothing was written


async def test_the_facilitator_keys_wrap_under_their_descriptions(tmp_path):
    from game.tui.widgets.hanging import HangingRows

    app = make_app(new_session(tmp_path))
    async with app.run_test(size=(60, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        keys = app.screen.query_one(".help-keys", HangingRows)
        lines = screen_text(app).splitlines()[keys.content_region.y : keys.content_region.bottom]
        lines = [line[keys.content_region.x : keys.content_region.right] for line in lines]
        column = lines[0].index("pick an option's row")
        wrapped = [line for line in lines if not line[:column].strip()]
        assert wrapped and all(line[column] != " " for line in wrapped), lines
