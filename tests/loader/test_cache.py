"""The scenario cache (game.loader.cache): a scenario that loaded cleanly is read back
without YAML or pydantic, plays exactly the same, and a stale, damaged or unusable
cache never changes what is played or stops a game."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.authoring.playtest import playtest
from game.loader import ContentError, cache, load
from game.loader.compiled import check
from game.loader.paths import bundled_content_dir, content_hash, scenario_files
from game.model.record import Record

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ["oil-2017", "tutorial"]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("NEGOTIATOR_CACHE_DIR", str(d))
    return d


def _entry(folder: Path) -> Path:
    p = cache.entry_path(content_hash(folder, scenario_files(folder)))
    assert p is not None
    return p


def _same(model, rec, path="scenario"):
    """The record has every field of the model, with equal values, all the way down."""
    fields = getattr(type(model), "model_fields", None)
    if fields is not None:
        assert type(rec) is Record, path
        assert set(rec.__dict__) == set(fields), path
        for name in fields:
            _same(getattr(model, name), getattr(rec, name), f"{path}.{name}")
    elif isinstance(model, dict):
        assert type(rec) is dict and list(rec) == list(model), path
        for k in model:
            _same(model[k], rec[k], f"{path}[{k!r}]")
    elif isinstance(model, list):
        assert type(rec) is list and len(rec) == len(model), path
        for i, (m, r) in enumerate(zip(model, rec, strict=True)):
            _same(m, r, f"{path}[{i}]")
    else:
        assert type(rec) is type(model) and rec == model, path


@pytest.mark.parametrize("name", BUNDLED)
def test_a_cached_scenario_has_every_field_of_the_model(cache_dir, name):
    load(name)
    folder = bundled_content_dir() / name
    rec = cache.read(_entry(folder))
    assert rec is not None
    result, _ = check(folder)
    _same(result.scenario, rec)


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("strategy", ["random", "least-used"])
def test_a_cached_scenario_plays_exactly_the_same(cache_dir, name, strategy):
    from_files = load(name)  # a miss: read from the files, then kept
    assert _entry(bundled_content_dir() / name).is_file()
    from_cache = load(name)
    assert type(from_cache.model) is Record  # really read back from the cache
    a = playtest(from_files, runs=40, seed=7, strategy=strategy).to_json()
    b = playtest(from_cache, runs=40, seed=7, strategy=strategy).to_json()
    for r in (a, b):
        r.pop("seconds")
        r.pop("choices_per_second")
    assert a == b
    assert a["choices_made"] > 0


def test_a_cached_start_imports_neither_yaml_nor_pydantic(cache_dir):
    code = (
        "import sys; from game.loader import load; cs = load('oil-2017'); "
        "print(cs.title, sorted(m for m in ('yaml', 'yaml_rs', 'pydantic') if m in sys.modules))"
    )
    env = {**os.environ, "NEGOTIATOR_CACHE_DIR": str(cache_dir)}
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    second = subprocess.run(run, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0 and second.returncode == 0, (first.stderr, second.stderr)
    assert "pydantic" in first.stdout  # a miss reads and validates the files
    assert second.stdout.strip().endswith("[]"), second.stdout


def _copy(tmp_path: Path, name: str = "tutorial") -> Path:
    dst = tmp_path / name
    shutil.copytree(bundled_content_dir() / name, dst)
    return dst


def test_an_edited_scenario_is_read_again(cache_dir, tmp_path):
    folder = _copy(tmp_path)
    first = load(folder)
    old_entry = _entry(folder)
    main = folder / "scenario.yaml"
    text = main.read_text()
    assert f"title: {first.title}" in text or f'title: "{first.title}"' in text
    main.write_text(text.replace(first.title, "An edited title", 1))
    second = load(folder)
    assert second.title == "An edited title"
    assert _entry(folder) != old_entry
    assert load(folder).title == "An edited title"  # and now from the cache


def test_a_change_to_the_loader_code_makes_a_new_key(cache_dir, tmp_path, monkeypatch):
    folder = _copy(tmp_path)
    before = _entry(folder)
    monkeypatch.setattr(cache, "_readers_hash", "another version of the loader")
    assert _entry(folder) != before


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[1, 2, 3]",
        b'{"id": "x"}',  # no scenes
        b'{"id": "x", "scenes": [], "variables": {"@map": 5}}',  # a malformed mapping
        # Valid JSON of the right shape whose content does not compile.
        b'{"id": "x", "scenes": [{"id": 3}], "roles": []}',
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced(cache_dir, tmp_path, damage):
    folder = _copy(tmp_path)
    good = load(folder)
    entry = _entry(folder)
    entry.write_bytes(damage)
    again = load(folder)
    assert again.title == good.title and set(again.scenes) == set(good.scenes)
    # The next load reads the files and keeps a good entry again.
    load(folder)
    assert cache.read(entry) is not None


def test_an_entry_with_a_changed_expression_is_still_checked(cache_dir, tmp_path):
    """Nothing in an entry is trusted to be code: expressions are parsed and checked on
    every load, so an entry edited to hold a bad condition is refused."""
    folder = _copy(tmp_path)
    load(folder)
    entry = _entry(folder)
    data = json.loads(entry.read_bytes())
    choice = data["scenes"][0]["choices"][0]
    choice["requires"] = "__import__('os').system('echo pwned')"
    entry.write_text(json.dumps(data))
    cs = load(folder)  # read from the files instead
    assert type(cs.model) is not Record
    kept = cache.read(entry)  # written again from the files
    assert kept is not None and kept.scenes[0].choices[0].requires != choice["requires"]


def test_a_scenario_with_errors_is_never_kept(cache_dir, tmp_path):
    folder = _copy(tmp_path)
    main = folder / "scenario.yaml"
    main.write_text(main.read_text().replace("start:", "start: no_such_scene\nold_start:", 1))
    with pytest.raises(ContentError):
        load(folder)
    assert not cache_dir.exists() or not list(cache_dir.glob("scenario-*.json"))


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("NEGOTIATOR_CACHE_DIR", "off")
    assert cache.cache_dir() is None
    folder = _copy(tmp_path)
    assert load(folder).title
    assert cache.entry_path("abc") is None


def test_the_default_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("NEGOTIATOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "negotiator"


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("NEGOTIATOR_CACHE_DIR", str(blocker))
    folder = _copy(tmp_path)
    assert load(folder).title
    assert load(folder).title
    assert blocker.read_text() == "a file where the cache folder would be"


def test_old_entries_are_pruned_and_other_files_left_alone(cache_dir, tmp_path):
    cache_dir.mkdir(parents=True)
    mine = cache_dir / "notes.json"
    mine.write_text("{}")
    folder = _copy(tmp_path)
    main = folder / "scenario.yaml"
    text = main.read_text()
    for i in range(cache.KEEP + 3):
        main.write_text(text + f"\n# edit {i}\n")
        load(folder)
    entries = list(cache_dir.glob("scenario-*.json"))
    assert len(entries) == cache.KEEP
    assert _entry(folder) in entries  # the newest is kept
    assert mine.read_text() == "{}"
