"""Saves in the TUI (issue 5) and the name/class prompt (issue 6): autosave, save
(ctrl+s), load (ctrl+o), delete, Continue, undo, the replay viewer, branching, failed
loads, transcripts and the shared-folder mode of ``negotiator serve``.

Every test uses its own saves folder under tmp_path, never the repository's saves/.
"""

from __future__ import annotations

import json
import time

import pytest
from savehelp import PATH, class_folder, make_save, record_notes
from tuihelp import make_app, screen_text, settle

from game.saves.session import SaveSession
from game.saves.store import SaveStore, load_save
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.ending import EndingScreen
from game.tui.screens.game import GameScreen
from game.tui.screens.load import SavesScreen
from game.tui.screens.new_game import NewGameScreen
from game.tui.screens.replay import ReplayScreen
from game.tui.screens.save_dialog import PlayerDialog, SaveDialog
from game.tui.screens.title import TitleScreen
from game.tui.screens.why import WhyScreen


def flat(text: str) -> str:
    return " ".join(text.split())


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".json")


@pytest.fixture
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def choose(pilot, *choice_ids: str) -> None:
    """Make choices by their number on screen, as a player would."""
    for cid in choice_ids:
        session = pilot.app.screen.session
        number = next(o.number for o in session.options() if o.id == cid)
        await pilot.press(str(number))
        await settle(pilot, 2)


async def open_list(pilot, key: str = "ctrl+o") -> SavesScreen:
    await pilot.press(key)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SavesScreen), type(screen)
    return screen


async def select(pilot, screen: SavesScreen, name: str) -> None:
    """Move the list's cursor to the save called ``name`` with the arrow keys."""
    names = list(screen.infos)
    await pilot.press("home")
    for _ in range(names.index(name)):
        await pilot.press("down")
    await pilot.pause()
    assert screen.selected_name() == name


# -- autosave -----------------------------------------------------------------------------
async def test_every_new_game_is_autosaved_from_turn_0_with_name_and_class(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path, player="Ana", class_code="7B")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session = app.screen.session
        [name] = files(tmp_path)
        assert name.startswith("auto-tutorial-Ana-")
        save = load_save(tmp_path / name)
        assert (save.player, save.class_code, save.seed, save.turns) == ("Ana", "7B", 7, [])
        await choose(pilot, *PATH[:2])
        save = load_save(tmp_path / name)
        assert save.choices == PATH[:2] == [t.choice for t in session.turns]
        assert save.autosave and save.summary.turns == 2
    # Quitting in the middle loses nothing: the file has every turn.
    assert load_save(tmp_path / name).choices == PATH[:2]


async def test_save_name_from_the_command_line_is_the_first_games_slot(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path, save="ana's game")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose(pilot, PATH[0])
        assert files(tmp_path) == ["ana-s-game.json"]
        assert load_save(tmp_path / "ana-s-game.json").choices == PATH[:1]


async def test_new_game_dialog_records_name_and_class_code(tmp_path):
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewGameScreen)
        dialog.query_one("#player").value = "Chen"
        dialog.query_one("#class-code").value = "9C"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        [name] = files(tmp_path)
        save = load_save(tmp_path / name)
        assert (save.player, save.class_code) == ("Chen", "9C")


async def test_a_failed_autosave_is_shown_and_the_game_goes_on(tmp_path):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    app = make_app(direct=True, saves_dir=blocked)
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert any(t == "This game is not being saved" for t, _, _ in notes)
        await choose(pilot, PATH[0])
        assert len(app.screen.session.turns) == 1
        assert any(t == "Autosave failed" and s == "error" for t, _, s in notes)


# -- a new game left before its first choice leaves no save ----------------------------------
async def test_a_game_quit_before_its_first_choice_leaves_no_save(tmp_path):
    # Older saves: a real game, and a turn-0 save that another run left (never touched).
    real = make_save(tmp_path, "ana-tutorial", PATH[:2], player="Ana")
    empty = make_save(tmp_path, "old-turn-0", [])
    before = {p.name: p.read_bytes() for p in (real, empty)}
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        new = app.screen.session.save_session.path
        assert new.exists()  # saved from turn 0 while it is played
        assert len(files(tmp_path)) == 3
    assert not new.exists()
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.json")} == before


async def test_a_game_left_for_another_or_the_title_before_a_choice_leaves_no_save(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(files(tmp_path)) == 1
        app.action_title()  # (the palette's "Title screen")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert files(tmp_path) == []
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert len(files(tmp_path)) == 1
        second = app.screen.session
        # Play again from the start: the game before had no choice either. (The new slot
        # may have the same name: names are to the second, and the old one is gone.)
        app.show_session(second.restart())
        await settle(pilot)
        assert app.screen.session is not second
        [third] = files(tmp_path)
        await choose(pilot, PATH[0])
    assert files(tmp_path) == [third]
    assert load_save(tmp_path / third).choices == PATH[:1]


async def test_a_slot_named_with_save_is_kept_though_left_before_a_choice(tmp_path):
    # The player asked for that name: the slot stays, empty, to be played later.
    app = make_app(direct=True, saves_dir=tmp_path, save="first")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert files(tmp_path) == ["first.json"]
        app.action_title()
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
    assert files(tmp_path) == ["first.json"]


async def test_a_game_with_a_choice_undone_is_kept(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose(pilot, PATH[0])
        await pilot.press("u")
        await settle(pilot)
        assert app.screen.session.turns == []
    [name] = files(tmp_path)
    save = load_save(tmp_path / name)
    assert save.choices == [] and save.undos == 1


async def test_continue_skips_the_game_just_started_and_loading_it_keeps_it_while_shown(tmp_path):
    real = make_save(tmp_path, "ana-tutorial", PATH[:2], player="Ana")
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        new = app.screen.session.save_session.path
        # Load the game being played (turn 0) from the list: its file stays while shown.
        screen = await open_list(pilot)
        await select(pilot, screen, new.stem)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.save_session.path == new and new.exists()
        # Continue (the palette's) goes on with the real game, not the empty one.
        app.saves.continue_latest(app)
        await settle(pilot)
        assert app.screen.session.save_session.path == real
        assert [t.choice for t in app.screen.session.turns] == PATH[:2]
        assert files(tmp_path) == ["ana-tutorial.json"]


async def test_a_turn_0_save_replaced_by_another_game_is_not_deleted(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        path = app.screen.session.save_session.path
        # Something else writes a real game in that file meanwhile.
        other = make_save(tmp_path, "elsewhere", PATH[:1])
        path.write_bytes(other.read_bytes())
    assert load_save(path).choices == PATH[:1]


# -- save (ctrl+s) ----------------------------------------------------------------------------
async def test_ctrl_s_saves_a_named_copy_and_asks_before_overwriting(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path, player="Ana")
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose(pilot, PATH[0])
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SaveDialog)
        field = app.screen.query_one("#name")
        assert field.value == "Ana-turn-1"
        field.value = "my copy"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        copy = tmp_path / "my-copy.json"
        assert load_save(copy).choices == PATH[:1]
        assert not load_save(copy).autosave
        assert any("Saved a copy as 'my-copy'" in m for _, m, _ in notes)

        # The same name again: asked first; "no" keeps the old copy.
        await choose(pilot, PATH[1])
        for answer, expected in (("n", PATH[:1]), ("y", PATH[:2])):
            await pilot.press("ctrl+s")
            await settle(pilot)
            app.screen.query_one("#name").value = "my copy"
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ConfirmDialog)
            assert "exists already" in flat(screen_text(app))
            await pilot.press(answer)
            await settle(pilot)
            assert isinstance(app.screen, GameScreen)
            assert load_save(copy).choices == expected
        # The game's own slot goes on as before.
        [auto] = [n for n in files(tmp_path) if n.startswith("auto-")]
        assert load_save(tmp_path / auto).choices == PATH[:2]


# -- load (ctrl+o) and delete -------------------------------------------------------------------
async def test_load_list_shows_each_save_and_loads_one(tmp_path, utc):
    saved = class_folder(tmp_path)
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_list(pilot)
        playing, *others = list(screen.infos)
        assert playing == app.session.save_session.name  # the game just started: newest
        assert others == ["ana-tutorial", "ben-tutorial", "ana-finished", "before-the-vote"]
        text = screen_text(app)
        for expected in (
            "Ana tutorial Trainee envoy 2 2025-03-04 10:00 in progress",
            "Ben tutorial Trainee envoy 1 2025-03-04 09:50 in progress",
            "Ana tutorial Trainee envoy 4 2025-03-04 09:40 ended: A statement",
        ):
            assert expected in flat(text), expected
        await select(pilot, screen, "ana-finished")
        details = flat(screen_text(app))
        assert (
            "ana-finished.json" in details
            and "class 7B" in details
            and "Ended: A statement everyone signs" in details
        )
        await select(pilot, screen, "ana-tutorial")
        await pilot.press("enter")
        await settle(pilot)
        game = app.screen
        assert isinstance(game, GameScreen)
        assert [t.choice for t in game.session.turns] == PATH[:2]
        assert game.session.settings.player == "Ana"
        # Playing on saves to the same file.
        before = saved["ana"].read_bytes()
        await choose(pilot, PATH[2])
        assert saved["ana"].read_bytes() != before
        assert load_save(saved["ana"]).choices == PATH[:3]


async def test_loading_a_named_copy_keeps_the_copy(tmp_path):
    saved = class_folder(tmp_path)
    before = saved["copy"].read_bytes()
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_list(pilot, "o")
        await select(pilot, screen, "before-the-vote")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        await choose(pilot, PATH[3])
        assert saved["copy"].read_bytes() == before
        new = [n for n in files(tmp_path) if n.startswith("auto-")]
        assert len(new) == 1 and load_save(tmp_path / new[0]).choices == PATH


async def test_delete_asks_first(tmp_path):
    saved = class_folder(tmp_path)
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = await open_list(pilot, "o")
        await select(pilot, screen, "ben-tutorial")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete this save?" in screen_text(app)
        await pilot.press("escape")  # no
        await settle(pilot)
        assert app.screen is screen and saved["ben"].exists()
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert not saved["ben"].exists()
        assert "ben-tutorial" not in screen.infos
        assert len(screen.infos) == 3


# -- Continue ----------------------------------------------------------------------------------
async def test_continue_loads_the_latest_unfinished_autosave(tmp_path):
    class_folder(tmp_path)
    make_save(tmp_path, "newest-but-finished", PATH, player="Dee", minutes=90)
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        game = app.screen
        assert isinstance(game, GameScreen)
        assert game.session.settings.player == "Ana"
        assert [t.choice for t in game.session.turns] == PATH[:2]
        assert game.session.save_session.name == "ana-tutorial"


async def test_continue_with_nothing_to_continue_says_so(tmp_path):
    app = make_app(saves_dir=tmp_path)
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)
        assert any("no unfinished game to continue" in m for _, m, _ in notes)


# -- undo ------------------------------------------------------------------------------------------
async def test_undo_twice_and_the_autosave_records_it(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose(pilot, *PATH[:3])
        [name] = files(tmp_path)
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        game = app.screen
        assert isinstance(game, GameScreen)
        session = game.session
        assert [t.choice for t in session.turns] == PATH[:1]
        assert session.game.scene.id == "meet_north"
        save = load_save(tmp_path / name)
        assert save.choices == PATH[:1] and save.undos == 2
        # Reload the file: the same game as on screen.
        again = SaveSession.resume(name, SaveStore(tmp_path))
        assert again.game.snapshot() == session.game.snapshot()
        # And play on from there: a different choice this time.
        await choose(pilot, "stay_open")
        assert load_save(tmp_path / name).choices == [PATH[0], "stay_open"]
        # Undo is bounded only by the game: back to the start, then nothing more.
        for _ in range(2):
            await pilot.press("u")
            await settle(pilot)
        assert app.screen.session.turns == []
        notes = record_notes(app)
        await pilot.press("u")
        await settle(pilot)
        assert any("Nothing to undo" in m for _, m, _ in notes)
        assert load_save(tmp_path / name).undos == 4


async def test_undo_from_the_ending(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose(pilot, *PATH[:3])
        await pilot.press("1")  # call the vote: the ending
        await settle(pilot, 2)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("u")
        await settle(pilot, 2)
        assert isinstance(app.screen, GameScreen)
        assert len(app.screen.session.turns) == 3
        assert not app.screen.session.finished


# -- the replay viewer ---------------------------------------------------------------------------
async def open_replay(pilot, name: str) -> ReplayScreen:
    screen = await open_list(pilot, "r")
    await select(pilot, screen, name)
    await pilot.press("enter")
    await settle(pilot)
    replay = pilot.app.screen
    assert isinstance(replay, ReplayScreen)
    return replay


async def test_replay_steps_with_arrows_home_and_end(tmp_path):
    class_folder(tmp_path)
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        replay = await open_replay(pilot, "ana-finished")
        assert replay.k == 0 and replay.last == 4
        assert "Welcome" in screen_text(app)
        await pilot.press("right")
        await settle(pilot)
        assert replay.k == 1
        await pilot.press("right")
        await settle(pilot)
        text = flat(screen_text(app))
        assert "TURN 2" in text and "step 2 of 4" in text
        step = replay.rebuilt.steps[1]
        assert f"Chosen: {step.turn.choice_text}" in text
        lind = step.turn.responses[0]
        assert " ".join(lind.text.split()[:4]) in text  # Lind's answer
        # The meters as they stood after turn 2.
        tension = replay.view.game.value("tension")
        assert tension == step.values["tension"]
        assert f"Tension: {tension}" in text
        await pilot.press("left")
        await settle(pilot)
        assert replay.k == 1
        await pilot.press("end")
        await settle(pilot)
        assert replay.k == 4
        assert "THE END" in screen_text(app) and "A statement everyone signs" in screen_text(app)
        await pilot.press("right")  # no further: nothing happens
        await settle(pilot)
        assert replay.k == 4
        await pilot.press("home")
        await settle(pilot)
        assert replay.k == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)


async def test_why_at_a_step_of_the_replay(tmp_path):
    class_folder(tmp_path)
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        replay = await open_replay(pilot, "ana-finished")
        await pilot.press("right", "right", "right")
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        why = app.screen
        assert isinstance(why, WhyScreen)
        turn = replay.rebuilt.steps[2].turn
        text = flat(screen_text(app))
        assert f"Why? Turn {turn.number}" in text
        assert " ".join(turn.responses[0].because.split()[:4]) in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is replay and replay.k == 3


async def test_auto_play_steps_to_the_end_and_stops(tmp_path, monkeypatch):
    class_folder(tmp_path)
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        replay = await open_replay(pilot, "ana-finished")
        # The speed keys go through the list of speeds.
        speed = replay.speed
        await pilot.press("plus")
        assert replay.speed == speed + 1
        await pilot.press("minus", "minus")
        assert replay.speed == speed - 1
        await pilot.press("space")
        await pilot.pause()
        assert replay.playing and replay.timer is not None
        assert "auto-play" in screen_text(app)
        # Drive the clock by hand: each tick is one step.
        for expected in (1, 2, 3, 4):
            replay.auto_step()
            await pilot.pause()
            assert replay.k == expected
        assert not replay.playing and replay.timer is None
        # Playing again from the end starts over; space pauses.
        await pilot.press("space")
        await pilot.pause()
        assert replay.playing and replay.k == 0
        await pilot.press("space")
        await pilot.pause()
        assert not replay.playing


async def test_auto_play_with_a_real_timer(tmp_path, monkeypatch):
    monkeypatch.setattr(ReplayScreen, "SPEEDS", (0.01, 0.01, 0.01, 0.01))
    make_save(tmp_path, "ana", PATH, player="Ana")
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        replay = await open_replay(pilot, "ana")
        await pilot.press("space")
        for _ in range(500):  # bounded: at most a few seconds
            if not replay.playing:
                break
            await pilot.pause(0.01)
        assert replay.k == replay.last and not replay.playing


async def test_play_from_here_then_a_different_choice(tmp_path):
    saved = class_folder(tmp_path)
    before = saved["ana-done"].read_bytes()
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_replay(pilot, "ana-finished")
        await pilot.press("right", "right")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        game = app.screen
        assert isinstance(game, GameScreen)
        assert [t.choice for t in game.session.turns] == PATH[:2]
        await choose(pilot, "hold_firm")  # the save had offer_soft here
        branch = game.session.save_session
        assert branch.name.startswith("branch-tutorial-")
        saved_branch = load_save(branch.path)
        assert saved_branch.choices == [*PATH[:2], "hold_firm"]
        assert saved_branch.player == "Ana" and saved_branch.class_code == "7B"
    assert saved["ana-done"].read_bytes() == before


async def test_replay_from_the_command_line_opens_the_viewer(tmp_path):
    path = make_save(tmp_path, "ana", PATH, player="Ana")
    app = make_app(saves_dir=tmp_path, replay=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen)


# -- failed loads ----------------------------------------------------------------------------------
def bad_files(folder):
    good = json.loads(make_save(folder, "good", PATH[:2]).read_text())
    newer = dict(good, format=99)
    unknown = dict(good, scenario=dict(good["scenario"], id="no-such-scenario", source=None))
    return {
        "truncated": json.dumps(good)[:200].encode(),
        "not-json": b"this is not a save\n",
        "newer-format": json.dumps(newer).encode(),
        "unknown-scenario": json.dumps(unknown).encode(),
        "huge": b" " * (6 * 1024 * 1024),
    }


EXPECTED = {
    "truncated": "cut short",
    "not-json": "not valid JSON",
    "newer-format": "newer negotiator",
    "unknown-scenario": "no-such-scenario",
    "huge": "too large",
}


async def test_failed_loads_are_a_notification_and_the_game_goes_on(tmp_path):
    folder = tmp_path / "saves"
    folder.mkdir()
    blobs = bad_files(folder)
    for name, data in blobs.items():
        (folder / f"{name}.json").write_bytes(data)
    app = make_app(direct=True, saves_dir=folder)
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        game = app.screen
        await choose(pilot, PATH[0])
        for name, data in blobs.items():
            screen = await open_list(pilot)
            await select(pilot, screen, name)
            notes.clear()
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is game, name  # still playing the same game
            assert [t.choice for t in game.session.turns] == PATH[:1]
            errors = [m for _, m, s in notes if s == "error"]
            assert errors and EXPECTED[name] in errors[0], (name, notes)
            assert (folder / f"{name}.json").read_bytes() == data, name
        await choose(pilot, PATH[1])  # the game goes on
        assert len(game.session.turns) == 2


async def test_a_diverged_save_names_turn_scene_and_choice_and_offers_turn_k_minus_1(tmp_path):
    path = make_save(tmp_path, "edited", PATH[:3], player="Ana")
    data = json.loads(path.read_text())
    data["turns"][2]["choice"] = "demand_vote_now"  # exists in that scene, not available
    path.write_text(json.dumps(data, indent=1))
    before = path.read_bytes()
    app = make_app(direct=True, saves_dir=tmp_path)
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        game = app.screen
        for answer in ("escape", "enter"):
            screen = await open_list(pilot)
            await select(pilot, screen, "edited")
            notes.clear()
            await pilot.press("enter")
            await settle(pilot)
            message = next(m for _, m, s in notes if s == "error")
            assert "turn 3" in message and "meet_south" in message and "demand_vote_now" in message
            assert isinstance(app.screen, ConfirmDialog)
            assert "Continue from turn 2" in screen_text(app)
            await pilot.press(answer)
            await settle(pilot)
            assert path.read_bytes() == before
            if answer == "escape":
                assert app.screen is game  # still playing
        resumed = app.screen
        assert isinstance(resumed, GameScreen) and resumed is not game
        assert [t.choice for t in resumed.session.turns] == PATH[:2]
        assert resumed.session.save_session.path != path


async def test_a_failed_load_from_the_command_line(tmp_path):
    (tmp_path / "broken.json").write_text("{")
    app = make_app(direct=True, saves_dir=tmp_path, load="broken")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Cannot load the save 'broken'" in flat(screen_text(app))
    assert (tmp_path / "broken.json").read_text() == "{"


async def test_load_from_the_command_line_with_a_new_name(tmp_path):
    path = make_save(tmp_path, "ana", PATH[:2], player="Ana")
    before = path.read_bytes()
    app = make_app(direct=True, saves_dir=tmp_path, load="ana", save="ana-2")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        await choose(pilot, PATH[2])
    assert load_save(tmp_path / "ana-2.json").choices == PATH[:3]
    assert path.read_bytes() == before


def test_run_tui_refuses_a_save_name_in_use(tmp_path, capsys):
    from game.tui import run_tui

    make_save(tmp_path, "ana", PATH[:1])
    assert run_tui(save="ana", saves_dir=str(tmp_path), direct=True) == 2
    assert "exists already" in capsys.readouterr().err
    assert run_tui(save="../x", saves_dir=str(tmp_path), direct=True) == 2
    assert "refused" in capsys.readouterr().err


# -- transcripts --------------------------------------------------------------------------------
async def test_export_transcript_from_the_ending(tmp_path):
    app = make_app(direct=True, saves_dir=tmp_path, player="Ana")
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await choose(pilot, *PATH[:3])
        await pilot.press("1")
        await settle(pilot, 2)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("x")
        await settle(pilot)
        [name] = files(tmp_path)
        html = (tmp_path / name).with_suffix(".html")
        md = (tmp_path / name).with_suffix(".md")
        assert "<html" in html.read_text() and "Ana" in html.read_text()
        assert "A statement everyone signs" in md.read_text()
        assert any(str(html.resolve()) in m for _, m, _ in notes)


# -- the shared folder of negotiator serve ---------------------------------------------------------
async def test_shared_folder_needs_a_name_and_shows_only_your_saves(tmp_path):
    saved = class_folder(tmp_path)
    app = make_app(saves_dir=tmp_path, shared=True)
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Load: asks who you are first, then lists only your games, with no delete.
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, PlayerDialog)
        await pilot.press(*" ben ")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SavesScreen)
        assert list(screen.infos) == ["ben-tutorial"]
        assert not screen.query("#delete")
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is screen and saved["ben"].exists()
        await pilot.press("escape")
        await settle(pilot)
        # Continue: Ana's latest unfinished game.
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, PlayerDialog)
        app.screen.query_one("#name").value = "ANA"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert app.screen.session.save_session.name == "ana-tutorial"
        # A new game needs a name.
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"new game")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, NewGameScreen)
        dialog.query_one("#player").value = ""
        notes.clear()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen is dialog
        assert any("type your name" in m for _, m, _ in notes)
        dialog.query_one("#player").value = "Dee"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert app.screen.session.save_session.save.player == "Dee"


async def test_shared_folder_never_overwrites_someone_elses_save(tmp_path):
    saved = class_folder(tmp_path)
    before = saved["ben"].read_bytes()
    app = make_app(direct=True, saves_dir=tmp_path, shared=True, player="Ana")
    notes = record_notes(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        app.screen.query_one("#name").value = "ben-tutorial"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GameScreen)
        assert any("choose another name" in m for _, m, _ in notes)
    assert saved["ben"].read_bytes() == before


# -- the command palette ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "screen_type"),
    [("save game", SaveDialog), ("load game", SavesScreen), ("replay a save", SavesScreen)],
)
async def test_palette_has_save_load_and_replay(tmp_path, query, screen_type):
    app = make_app(direct=True, saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*query)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, screen_type)


async def test_export_from_the_replay_viewer_through_the_palette(tmp_path):
    path = make_save(tmp_path, "ana", PATH, player="Ana")
    app = make_app(saves_dir=tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_replay(pilot, "ana")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
    assert "Ana" in path.with_suffix(".html").read_text()
    assert path.with_suffix(".md").exists()
