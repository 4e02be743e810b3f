"""The CLI: play --save / --load (plain), saves, replay --export, as a user runs them."""

from __future__ import annotations

import io
import json

import pytest

from game.cli import main


def test_play_quit_continue_finish_and_export(run_cli, tmp_path):
    d = str(tmp_path / "saves")
    # start a named game and leave after two choices (end of input)
    r = run_cli(
        "play",
        "tutorial",
        "--plain",
        "--seed",
        "3",
        "--save",
        "Ana's game",
        "--player",
        "Ana",
        "--class",
        "7B",
        "--saves-dir",
        d,
        input="1\n1\n",
    )
    assert r.returncode == 0, r.stderr
    assert "Saved after every turn as 'Ana-s-game'" in r.stdout and "End of input" in r.stdout
    # the listing shows it, from its summary
    r = run_cli("--saves-dir", d, "saves", "--json")
    assert r.returncode == 0, r.stderr
    [row] = json.loads(r.stdout)["saves"]
    assert (row["name"], row["player"], row["class"], row["turns"], row["finished"]) == (
        "Ana-s-game",
        "Ana",
        "7B",
        2,
        False,
    )
    # continue it (the saves folder from the environment this time) and finish
    r = run_cli(
        "play", "--plain", "--load", "Ana-s-game", input="1\n1\n1\n", env={"NEGOTIATOR_SAVES": d}
    )
    assert r.returncode == 0, r.stderr
    assert "Continuing the saved game 'Ana-s-game' (Ana, class 7B): 2 turns so far." in r.stdout
    assert "  1. Welcome: Ask your mentor how the delegations think" in r.stdout
    assert "Ending: A statement everyone signs" in r.stdout
    # export for the teacher
    out = tmp_path / "ana.html"
    r = run_cli("replay", "Ana-s-game", "--export", "html", "--out", str(out), "--saves-dir", d)
    assert r.returncode == 0, r.stderr
    page = out.read_text()
    assert (
        "<td>Ana</td>" in page
        and "<td>7B</td>" in page
        and "Ending: A statement everyone signs" in page
    )
    assert "Traceback" not in r.stderr


def test_a_bad_load_exits_2_without_a_traceback(run_cli, tmp_path):
    d = tmp_path / "saves"
    d.mkdir()
    (d / "broken.json").write_text('{"format": 1, "scenario": ')
    r = run_cli("play", "--plain", "--load", "broken", "--saves-dir", str(d))
    assert r.returncode == 2
    assert (
        r.stderr.startswith("negotiator: cannot open the save 'broken':")
        and "cut short" in r.stderr
    )
    assert "Traceback" not in r.stdout + r.stderr
    assert (d / "broken.json").read_text() == '{"format": 1, "scenario": '


@pytest.fixture
def plain(monkeypatch, capsys, tmp_path):
    """Run the CLI in this process with piped input: plain(*argv, input="") -> (code, out, err)."""

    def run(*argv: str, input: str = ""):
        monkeypatch.setattr("sys.stdin", io.StringIO(input))
        code = main(["--saves-dir", str(tmp_path / "saves"), *argv])
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def test_undo_in_plain_mode_is_saved(plain, tmp_path):
    code, out, _ = plain(
        "play", "tutorial", "--plain", "--seed", "1", "--save", "u", input="1\nu\nu\n2\n"
    )
    assert code == 0
    assert (
        "Undone: Ask your mentor how the delegations think" in out
        and "There is nothing to undo." in out
    )
    raw = json.loads((tmp_path / "saves" / "u.json").read_text())
    assert [t["choice"] for t in raw["turns"]] == ["skip_briefing"] and raw["undos"] == 1


def test_undo_works_without_saving_too(plain, tmp_path):
    code, out, _ = plain("play", "tutorial", "--plain", "--seed", "1", input="1\nu\n")
    assert code == 0 and "Undone:" in out and "This game is not saved" in out
    assert not (tmp_path / "saves").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["play", "tutorial", "--plain", "--save", "../../x"], "refused"),
        (["play", "tutorial", "--plain", "--save", "/etc/x"], "refused"),
        (["play", "--plain", "--load", "nosuch"], "there is no save file"),
        (["play", "--plain", "--load", "nosuch", "--seed", "3"], "--load continues a saved game"),
        (["replay", "nosuch", "--export", "md"], "cannot open the save 'nosuch'"),
    ],
)
def test_usage_errors_exit_2(plain, tmp_path, argv, message):
    code, _, err = plain(*argv)
    assert code == 2 and message in err
    assert not (tmp_path.parent / "x").exists()


def test_a_save_name_is_never_reused_by_a_new_game(plain, tmp_path):
    assert plain("play", "tutorial", "--plain", "--save", "mine", input="1\n")[0] == 0
    before = (tmp_path / "saves" / "mine.json").read_bytes()
    code, _, err = plain("play", "tutorial", "--plain", "--save", "mine", input="1\n")
    assert code == 2 and "exists already: continue it with --load mine" in err
    assert (tmp_path / "saves" / "mine.json").read_bytes() == before


def test_load_and_save_as_a_new_name_branches(plain, tmp_path):
    plain("play", "tutorial", "--plain", "--seed", "2", "--save", "a", input="1\n")
    code, out, _ = plain("play", "--plain", "--load", "a", "--save", "b", input="1\n")
    assert code == 0 and "Saved after every turn as 'b'" in out
    a = json.loads((tmp_path / "saves" / "a.json").read_text())
    b = json.loads((tmp_path / "saves" / "b.json").read_text())
    assert len(a["turns"]) == 1 and len(b["turns"]) == 2


def test_replay_refuses_to_write_over_the_save(plain, tmp_path):
    plain("play", "tutorial", "--plain", "--save", "a", input="1\n")
    p = tmp_path / "saves" / "a.json"
    before = p.read_bytes()
    code, _, err = plain("replay", "a", "--export", "md", "--out", str(p))
    assert code == 2 and "is the save itself" in err and p.read_bytes() == before


def test_replay_without_export_prints_the_transcript_when_not_a_terminal(plain):
    plain(
        "play",
        "tutorial",
        "--plain",
        "--seed",
        "3",
        "--save",
        "a",
        "--player",
        "Bo",
        input="1\n1\n",
    )
    code, out, _ = plain("replay", "a")
    assert code == 0 and out.startswith("# Transcript: ") and "| Player | Bo |" in out


def test_saves_lists_in_text(plain):
    code, out, _ = plain("saves")
    assert code == 0 and "No saves in" in out
    plain(
        "play",
        "tutorial",
        "--plain",
        "--seed",
        "3",
        "--save",
        "a",
        "--player",
        "Bo",
        input="1\n1\n1\n1\n1\n",
    )
    code, out, _ = plain("saves")
    assert code == 0
    assert "NAME" in out and "Bo" in out and "ended: A statement everyone signs" in out


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_tui_mode_passes_save_and_load_only_if_the_tui_takes_them(monkeypatch, capsys, tmp_path):
    import game.tui

    calls = []

    def old_tui(*, scenario=None, role=None, seed=None, player=None, theme=None, direct=False):
        calls.append("old")
        return 0

    def new_tui(
        *,
        scenario=None,
        role=None,
        seed=None,
        player=None,
        theme=None,
        direct=False,
        save=None,
        load=None,
        saves_dir=None,
    ):
        calls.append((save, load, saves_dir))
        return 0

    monkeypatch.setattr("sys.stdin", _Tty())
    monkeypatch.setattr("sys.stdout", _Tty())
    monkeypatch.setattr(game.tui, "run_tui", old_tui)
    assert main(["play", "tutorial", "--save", "x"]) == 2
    assert "--save does not work in the terminal UI yet; add --plain" in capsys.readouterr().err
    assert main(["play", "tutorial"]) == 0 and calls == ["old"]
    monkeypatch.setattr(game.tui, "run_tui", new_tui)
    assert main(["--saves-dir", str(tmp_path), "play", "--load", "x"]) == 0
    assert calls[-1] == (None, "x", str(tmp_path))
