"""A corpus of corrupt and hostile saves: each gets a clear error, through the API and
through the CLI, and no file is ever modified or deleted by a failed load."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from game.cli import main
from game.saves.replay import ReplayDivergence, rebuild
from game.saves.session import SaveSession
from game.saves.store import MAX_BYTES, SaveError, SaveStore, load_save

WIN = ["ask_mentor", "thank_mentor", "promise_firm", "offer_soft", "call_vote"]


def _good(tutorial) -> dict:
    s = SaveSession.new(tutorial, None, 3, store=None, player="Ana")
    for c in WIN:
        s.choose(c)
    return json.loads(s.save.model_dump_json())


def _edit(raw: dict, fn) -> bytes:
    raw = json.loads(json.dumps(raw))
    fn(raw)
    return json.dumps(raw, indent=1).encode()


def _set(path: str, value):
    def fn(raw):
        node = raw
        keys = path.split(".")
        for k in keys[:-1]:
            node = node[int(k)] if isinstance(node, list) else node[k]
        last = keys[-1]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return fn


def corpus(tutorial) -> dict[str, tuple[bytes, str]]:
    """name -> (file bytes, a fragment the error message must contain)."""
    good = _good(tutorial)
    text = json.dumps(good, indent=1).encode()
    extra_turn = dict(good["turns"][-1], scene="corridor", choice="call_vote")
    return {
        "empty": (b"", "is empty"),
        "truncated": (text[: len(text) // 2], "cut short"),
        "not-json": (b"Dear teacher, I lost my game.\n", "not valid JSON"),
        "binary": (bytes(range(256)) * 4, "not text"),
        "a-list": (b"[1, 2, 3]", "JSON list, not an object"),
        "no-format": (_edit(good, lambda r: r.pop("format")), "no 'format' field"),
        "format-99": (_edit(good, _set("format", 99)), "newer negotiator"),
        "format-string": (_edit(good, _set("format", "1")), "not a number"),
        "unknown-scenario": (
            _edit(good, _set("scenario.id", "atlantis")),
            "'atlantis', which is not installed",
        ),
        "scenario-path": (_edit(good, _set("scenario.id", "../../etc")), "not installed"),
        "scenario-source-elsewhere": (
            _edit(good, lambda r: r["scenario"].update(id="x", source="/etc")),
            "not installed",
        ),
        "impossible-choice": (
            _edit(good, _set("turns.2.choice", "launch_missiles")),
            "at turn 3, in scene 'meet_north', the choice 'launch_missiles' does not exist in this scenario",
        ),
        "locked-choice": (
            # skip the mentor, then take the choice that is locked until you ask the mentor
            _edit(
                good,
                lambda r: r.update(
                    turns=[
                        dict(r["turns"][0], choice="skip_briefing"),
                        dict(r["turns"][2], choice="demand_vote_now"),
                    ]
                ),
            ),
            "at turn 2, in scene 'meet_north', the choice 'demand_vote_now' is not available at that point (locked: Ask your mentor",
        ),
        "choice-from-another-scene": (
            _edit(good, _set("turns.0.choice", "call_vote")),
            "at turn 1, in scene 'welcome', the choice 'call_vote' is not offered in that scene",
        ),
        "turn-after-the-end": (
            _edit(good, lambda r: r["turns"].append(extra_turn)),
            "after the game had already ended",
        ),
        "unknown-role": (_edit(good, _set("role", "emperor")), "no role 'emperor'"),
        "bad-start-scene": (_edit(good, _set("start", "nowhere")), "no scene 'nowhere'"),
        "bad-start-value": (_edit(good, _set("values", {"tension": "lots"})), "not a valid value"),
        "unknown-start-variable": (_edit(good, _set("values", {"gold": 5})), "'gold'"),
        "seed-string": (_edit(good, _set("seed", "42")), "seed"),
        "seed-bool": (_edit(good, _set("seed", True)), "seed"),
        "extra-field": (_edit(good, _set("admin", True)), "admin"),
        "negative-votes": (_edit(good, _set("turns.0.votes", {"ask_mentor": -5})), "votes"),
        "bad-kind": (_edit(good, _set("turns.0.kind", "teleport")), "kind"),
        "huge-name": (_edit(good, _set("player", "A" * 1_000_000)), "player"),
        "too-many-turns": (_edit(good, lambda r: r.update(turns=r["turns"] * 2000)), "turns"),
        "megabytes": (text + b" " * (MAX_BYTES + 10), "too large"),
        "deep-nesting": (
            b'{"format": 1, "x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
            "nested too deeply",
        ),
        "nan": (text.replace(b'"seed": 3', b'"seed": NaN'), "seed"),
        "huge-number": (text.replace(b'"seed": 3', b'"seed": ' + b"9" * 5000), "not a save file"),
    }


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory, tutorial) -> tuple[Path, dict[str, tuple[bytes, str]]]:
    d = tmp_path_factory.mktemp("hostile") / "saves"
    d.mkdir()
    items = corpus(tutorial)
    for name, (data, _) in items.items():
        (d / f"{name}.json").write_bytes(data)
    return d, items


def _fingerprint(d: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(d.iterdir())}


def test_the_corpus_is_big_enough(hostile_dir):
    assert len(hostile_dir[1]) >= 12


def test_every_hostile_save_gives_a_clear_error_and_stays_unchanged(hostile_dir):
    d, items = hostile_dir
    before = _fingerprint(d)
    store = SaveStore(d)
    for name, (_, fragment) in items.items():
        with pytest.raises(SaveError) as info:
            rebuild(load_save(d / f"{name}.json"))
        msg = str(info.value)
        assert fragment in msg, f"{name}: {msg[:300]}"
        assert len(msg) < 600 and "Traceback" not in msg, name
        with pytest.raises(SaveError):
            SaveSession.resume(name, store)
    listed = {i.name: i for i in store.list()}
    assert set(listed) == set(items)  # listed, not hidden
    assert _fingerprint(d) == before  # byte for byte, and not even touched


def test_a_divergence_names_the_turn_scene_and_choice(hostile_dir):
    d, _ = hostile_dir
    with pytest.raises(ReplayDivergence) as info:
        rebuild(load_save(d / "impossible-choice.json"))
    e = info.value
    assert (e.turn, e.scene, e.choice) == (3, "meet_north", "launch_missiles")
    assert e.game_so_far.turn_number == 2 and e.rebuilt_so_far.game is e.game_so_far


@pytest.mark.parametrize("command", ["replay", "play"])
def test_the_cli_reports_each_hostile_save_with_exit_2(hostile_dir, command, capsys, monkeypatch):
    d, items = hostile_dir
    before = _fingerprint(d)
    monkeypatch.setattr("sys.stdin", io.StringIO("1\n1\n"))
    for name in items:
        argv = ["--saves-dir", str(d)]
        argv += (
            ["replay", name, "--export", "md"]
            if command == "replay"
            else ["play", "--plain", "--load", name]
        )
        assert main(argv) == 2, name
        err = capsys.readouterr().err
        assert err.startswith("negotiator: cannot") and name in err, f"{name}: {err[:300]}"
    assert _fingerprint(d) == before


def test_special_files_are_refused_without_reading_them(tmp_path):
    (tmp_path / "folder.json").mkdir()
    with pytest.raises(SaveError, match="is a folder"):
        load_save(tmp_path / "folder.json")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.json")  # opening it would block forever
        with pytest.raises(SaveError, match="not a regular file"):
            load_save(tmp_path / "fifo.json")
    with pytest.raises(SaveError, match="no save file"):
        load_save(tmp_path / "missing.json")


def test_the_cli_lists_hostile_saves_as_unreadable(hostile_dir, capsys):
    d, items = hostile_dir
    assert main(["--saves-dir", str(d), "saves"]) == 0
    out = capsys.readouterr().out
    assert "Files that cannot be read" in out and "format-99.json" in out
    assert main(["--saves-dir", str(d), "saves", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["saves"]
    assert {r["name"] for r in rows} == set(items)
    # the ones that only fail at replay still list from their summaries
    assert {r["name"] for r in rows if r["ok"]} >= {"impossible-choice", "unknown-scenario"}
