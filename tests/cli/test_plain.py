"""Plain line mode, driven through the real CLI with piped input."""

from __future__ import annotations


def test_plain_game_plays_to_an_ending(run_cli):
    # welcome -> ask mentor -> thank -> promise firm -> offer soft -> call the vote
    r = run_cli("play", "tutorial", "--plain", "--seed", "3", input="1\n1\n1\n1\n1\n")
    assert r.returncode == 0, r.stderr
    assert "Ending: " in r.stdout
    assert "Outcome scores:" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    ending = [ln for ln in r.stdout.splitlines() if ln.startswith("Ending: ")]
    assert len(ending) == 1


def test_plain_bad_input_gets_a_message_and_the_prompt_again(run_cli):
    r = run_cli("play", "tutorial", "--plain", "--seed", "1", input="abc\n\n0\n99\n-1\n")
    assert r.returncode == 0
    out = r.stdout
    assert "'abc' is not a choice" in out
    assert "Please type a number from 1 to 2." in out
    assert "There is no choice 0." in out
    assert "There is no choice 99." in out
    assert "'-1' is not a choice" in out
    assert "End of input" in out
    assert "Traceback" not in out + r.stderr


def test_plain_locked_choice_cannot_be_chosen(run_cli):
    # skip the mentor: at Northland, choice 3 is locked ("Ask your mentor how votes work first.")
    r = run_cli("play", "tutorial", "--plain", "--seed", "1", input="2\n3\n")
    assert "(locked)" in r.stdout
    assert "Choice 3 is locked: Ask your mentor how votes work first." in r.stdout
    assert "Ending:" not in r.stdout


def test_plain_same_seed_same_choices_same_output(run_cli):
    keys = "1\n2\n1\n1\n1\n"
    a = run_cli("play", "tutorial", "--plain", "--seed", "11", input=keys)
    b = run_cli("play", "tutorial", "--plain", "--seed", "11", input=keys)
    assert a.stdout == b.stdout


def test_plain_from_scene_and_set_values(run_cli):
    r = run_cli(
        "play",
        "tutorial",
        "--plain",
        "--seed",
        "1",
        "--from",
        "corridor",
        "--set",
        "tension=77",
        "--set",
        "statement=firm",
        input="s\n",
    )
    assert r.returncode == 0, r.stderr
    assert "== The corridor ==" in r.stdout
    assert "Tension: 77" in r.stdout
    assert "A firm statement" in r.stdout


def test_plain_bad_set_and_from_are_usage_errors(run_cli):
    for args, msg in [
        (["--set", "tension=500"], "between 0 and 100"),
        (["--set", "nope=1"], "no variable 'nope'"),
        (["--set", "tension"], "NAME=VALUE"),
        (["--from", "nowhere"], "no scene 'nowhere'"),
        (["--role", "king"], "no role 'king'"),
    ]:
        r = run_cli("play", "tutorial", "--plain", *args, input="")
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert msg in r.stderr
        assert "Traceback" not in r.stderr


def test_play_without_tty_falls_back_to_plain(run_cli):
    r = run_cli("play", "tutorial", "--seed", "2", input="")
    assert r.returncode == 0
    assert "== Welcome ==" in r.stdout


def test_plain_lines_fit_the_width(run_cli):
    """Status lines, changes and leaders' values wrap within 78 columns (they ran past a
    terminal's edge and broke in the middle of words, found in a new-user walkthrough);
    a wrapped item's later lines are indented under it."""
    r = run_cli("play", "oil-2017", "--plain", "--seed", "1", input="2\n1\ns\nw\nq\n")
    assert r.returncode == 0, r.stderr
    # (a line after a prompt starts on the prompt's line: the input is piped, not echoed)
    lines = [ln.split("(? for help): ")[-1] for ln in r.stdout.splitlines()]
    assert [ln for ln in lines if len(ln) > 78 and " " in ln.strip()] == []
    status = next(i for i, ln in enumerate(lines) if ln.startswith("Status: "))
    assert lines[status + 1].startswith("  ") and "Kim asset freeze" in " ".join(
        lines[status : status + 3]
    )
    assert "  What changed:" in lines
