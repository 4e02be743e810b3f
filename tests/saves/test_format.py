"""The save file format: the model, the format version and migrations, the store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.saves import model
from game.saves.model import FORMAT, SaveFile, SaveFormatError, TurnRecord, migrate
from game.saves.replay import rebuild
from game.saves.store import (
    SaveError,
    SaveExists,
    load_save,
    parse_save,
    resolve_saves_dir,
    sanitise_name,
)


def test_a_save_round_trips_through_json(finished_game):
    s = finished_game()
    text = s.path.read_text()
    again = parse_save(text.encode())
    assert again == s.save
    assert again.model_dump_json(indent=1) == text
    raw = json.loads(text)
    assert raw["format"] == FORMAT
    assert (
        raw["scenario"]["id"] == "tutorial"
        and raw["scenario"]["content_hash"] == s.scenario.content_hash
    )
    assert (
        raw["player"] == "Ana"
        and raw["class_code"] == "7B"
        and raw["role"] == "trainee"
        and raw["seed"] == 3
    )
    assert [t["choice"] for t in raw["turns"]] == s.game.history
    assert all(t["kind"] == "choice" and t["at"] and "votes" in t for t in raw["turns"])
    assert raw["summary"]["finished"] is True and raw["summary"]["ending"] == "agreed"
    assert raw["summary"]["outcome"] == {"agreement": 80, "goodwill": 50, "tension_left": 30}


def test_the_model_rejects_unknown_fields_and_mixed_entries():
    with pytest.raises(ValueError):
        TurnRecord.model_validate(
            {"scene": "a", "choice": "b", "at": "2024-01-01T00:00:00Z", "extra": 1}
        )
    with pytest.raises(ValueError, match="needs a 'choice'"):
        TurnRecord.model_validate(
            {"kind": "choice", "scene": "a", "event": "b", "at": "2024-01-01T00:00:00Z"}
        )
    with pytest.raises(ValueError, match="needs an 'event'"):
        TurnRecord.model_validate(
            {"kind": "inject", "scene": "a", "choice": "b", "at": "2024-01-01T00:00:00Z"}
        )
    rec = TurnRecord.model_validate(
        {"kind": "inject", "scene": "a", "event": "leak", "at": "2024-01-01T00:00:00Z"}
    )
    assert rec.what == "leak"


def test_migrate_refuses_missing_unknown_and_newer_formats():
    with pytest.raises(SaveFormatError, match="no 'format'"):
        migrate({})
    with pytest.raises(SaveFormatError, match="not a number"):
        migrate({"format": "1"})
    with pytest.raises(SaveFormatError, match="newer negotiator"):
        migrate({"format": FORMAT + 1})
    with pytest.raises(SaveFormatError, match="does not exist"):
        migrate({"format": 0})
    raw = {"format": FORMAT, "x": 1}
    assert migrate(raw) == raw


def test_migrate_runs_each_step_up_to_the_current_format(monkeypatch):
    # Pretend the current format is 3 and formats 1 and 2 have migrations.
    monkeypatch.setattr(model, "FORMAT", 3)
    monkeypatch.setattr(
        model,
        "MIGRATIONS",
        {1: lambda d: {**d, "format": 2, "a": 1}, 2: lambda d: {**d, "format": 3, "b": 2}},
    )
    raw = {"format": 1}
    assert model.migrate(raw) == {"format": 3, "a": 1, "b": 2}
    assert raw == {"format": 1}  # the input is not changed


# -- names and the saves directory ---------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../../x",
        "../x",
        "a/b",
        "/etc/passwd",
        "..",
        ".",
        "..\\x",
        "x/../../y",
        "saves/../../z",
        "\x00x",
    ],
)
def test_names_that_point_outside_the_directory_are_refused(store, name):
    with pytest.raises(SaveError, match="refused"):
        store.path_for(name)
    assert not store.directory.exists()  # nothing was created


@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("Ana's game!", "Ana-s-game"),
        ("ana", "ana"),
        ("ana.json", "ana"),
        ("  spaced out  ", "spaced-out"),
        ("Zoë 7B", "Zoë-7B"),
        (".hidden", "hidden"),
        ("-x-", "x"),
        ("a" * 300, "a" * 80),
    ],
)
def test_names_are_sanitised(store, name, clean):
    assert sanitise_name(name) == clean
    p = store.path_for(name)
    assert p.parent == store.directory and p.name == clean + ".json"


def test_a_name_with_nothing_usable_is_refused(store):
    for name in ["", "   ", "!!!", "..."]:
        with pytest.raises(SaveError):
            store.path_for(name)


def test_saves_dir_comes_from_the_cli_then_the_environment_then_saves(monkeypatch, tmp_path):
    monkeypatch.delenv("NEGOTIATOR_SAVES", raising=False)
    assert resolve_saves_dir(None) == Path("saves")
    monkeypatch.setenv("NEGOTIATOR_SAVES", str(tmp_path / "env"))
    assert resolve_saves_dir(None) == tmp_path / "env"
    assert resolve_saves_dir(str(tmp_path / "cli")) == tmp_path / "cli"


# -- writing, listing, deleting --------------------------------------------------------------


def test_write_is_atomic_and_leaves_no_temp_files(store, finished_game):
    s = finished_game()
    for _ in range(5):
        store.write(s.save, "copy")
    names = sorted(p.name for p in store.directory.iterdir())
    assert names == ["ana.json", "copy.json"]
    assert load_save(store.path_for("copy")) == s.save


def test_write_refuses_to_overwrite_unless_asked(store, finished_game):
    s = finished_game()
    with pytest.raises(SaveExists):
        store.write(s.save, "ana", overwrite=False)
    store.write(s.save, "ana", overwrite=True)


def test_list_reads_summaries_flags_broken_files_and_skips_temp_files(
    store, finished_game, tutorial
):
    finished_game("done")
    from game.saves.session import SaveSession

    SaveSession.new(tutorial, None, 9, store=store, name="fresh", player="Bo").choose("ask_mentor")
    (store.directory / "broken.json").write_text("{not json")
    (store.directory / ".tmp-x.json.1.abc").write_text("{")
    (store.directory / "notes.txt").write_text("hello")
    infos = {i.name: i for i in store.list()}
    assert set(infos) == {"done", "fresh", "broken"}
    assert infos["broken"].error and "not valid JSON" in infos["broken"].error
    assert infos["done"].save.summary.ending_title == "A statement everyone signs"
    assert (
        infos["fresh"].save.summary.turns == 1 and infos["fresh"].save.summary.scene == "briefing"
    )
    j = infos["done"].to_json()
    assert j["player"] == "Ana" and j["finished"] and j["ending"] == "agreed" and j["turns"] == 5
    # the newest first; Continue picks the latest unfinished autosave
    assert store.latest_autosave(unfinished_only=True).name == "fresh"


def test_delete(store, finished_game):
    finished_game("gone")
    store.delete("gone")
    assert not store.path_for("gone").exists()
    with pytest.raises(SaveError, match="no save named"):
        store.delete("gone")


def test_a_stale_temp_file_is_cleaned_up_by_the_next_write(store, finished_game):
    s = finished_game()
    stale = store.directory / ".tmp-ana.json.1.dead"
    stale.write_text("{")
    os.utime(stale, (0, 0))
    fresh = store.directory / ".tmp-ana.json.2.live"
    fresh.write_text("{")
    store.write(s.save, "ana")
    assert not stale.exists() and fresh.exists()


def test_a_save_replays_to_the_same_state(finished_game):
    s = finished_game()
    r = rebuild(load_save(s.path))
    assert r.game.snapshot() == s.game.snapshot()
    assert r.turns == s.turns
    assert not r.warnings and not r.inconsistencies


def test_save_file_schema_forbids_extra_top_level_fields(finished_game):
    s = finished_game()
    raw = json.loads(s.path.read_text())
    raw["cheat"] = True
    with pytest.raises(SaveError, match="cheat"):
        parse_save(json.dumps(raw).encode())
    assert SaveFile.model_config["extra"] == "forbid"


def test_the_saves_layer_imports_no_ui():
    import subprocess
    import sys

    code = (
        "import sys, game.saves.model, game.saves.store, game.saves.replay, game.saves.session, "
        "game.saves.transcript, game.saves.commands; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'game') and m.startswith(('textual', 'rich', 'game.tui'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
