"""The class report: every save verified by replay, the bad ones listed apart, and the
aggregates equal to an independent count of the games as they were played."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from reporthelp import edit, play_saved

from game.classroom import build_report
from game.classroom.render import RENDERERS, render_csv, render_html, render_json, render_md
from game.cli import main
from game.saves.store import SaveStore

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report(klass):
    return build_report([klass.folder])


def _group(report, sid):
    return next(s for s in report.scenarios if s.id == sid)


# -- what is counted ------------------------------------------------------------------------


def test_counts_exactly_the_good_saves(report, klass):
    assert report.files == 30
    assert report.counted == 25
    assert report.students == 25
    assert report.finished == sum(p.finished for p in klass.good)
    counted = {Path(g.file).name for g in report.games}
    assert counted == {p.path.name for p in klass.good}


def test_lists_the_bad_saves_with_their_reasons(report, klass):
    got = {Path(p.file).name: p for p in report.problems}
    assert {k: p.kind for k, p in got.items()} == klass.bad
    assert "cut short" in got["tut-00.json"].reason
    assert "not text" in got["tut-01.json"].reason
    assert "not valid JSON" in got["tut-02.json"].reason
    [tampered] = [p for p in got.values() if p.kind == "inconsistent"]
    assert "the summary says outcome" in tampered.reason and "the replay gives" in tampered.reason
    assert tampered.player  # a readable file still names its player
    assert "'win_everything' does not exist" in got["oil-3.json"].reason
    # no reason repeats the path: the file is shown beside it
    assert all(str(klass.folder) not in p.reason for p in report.problems)


def test_skips_other_files_and_ignores_temp_files(report):
    skipped = {Path(s.file).name for s in report.skipped}
    assert skipped == {"notes.txt"}
    everything = {Path(p.file).name for p in report.problems} | {
        Path(g.file).name for g in report.games
    }
    assert not any(n.startswith(".tmp-") for n in everything)


# -- the aggregates equal an independent count ------------------------------------------------


@pytest.mark.parametrize("sid", ["tutorial", "oil-2017"])
def test_endings_and_dimension_means(report, klass, sid):
    games = [p for p in klass.good if p.scenario == sid]
    done = [p for p in games if p.finished]
    s = _group(report, sid)
    assert len(s.games) == len(games) and s.finished == len(done)
    assert {e.id: e.count for e in s.endings} == Counter(p.ending for p in done)
    assert sum(e.share for e in s.endings) == pytest.approx(1.0)
    for d in s.dimensions:
        vals = [p.scores[d.id] for p in done]
        assert d.n == len(vals)
        assert d.mean == pytest.approx(sum(vals) / len(vals))
        assert (d.min, d.max) == (min(vals), max(vals))


@pytest.mark.parametrize("sid", ["tutorial", "oil-2017"])
def test_per_option_shares(report, klass, sid, tutorial, oil):
    cs = {"tutorial": tutorial, "oil-2017": oil}[sid]
    games = [p for p in klass.good if p.scenario == sid]
    s = _group(report, sid)
    reached = {sc for p in games for sc, _ in p.moves}
    assert {d.scene for d in s.decisions} == reached
    for d in s.decisions:
        at = [p for p in games if any(sc == d.scene for sc, _ in p.moves)]
        assert d.reached == len(at)
        # every option of the scene is listed, with the scenario's own text
        assert [o.id for o in d.options] == [c.id for c in cs.scenes[d.scene].choices]
        model = {c.id: c.text for sc in cs.model.scenes for c in sc.choices}
        for o in d.options:
            players = sum(1 for p in at if (d.scene, o.id) in p.moves)
            times = sum(p.moves.count((d.scene, o.id)) for p in games)
            assert (o.players, o.chosen) == (players, times), (d.scene, o.id)
            assert o.share == pytest.approx(players / len(at))
            assert o.text == " ".join(model[o.id].split())
            assert o.historical == cs.choices[o.id].historical


def test_most_common_paths(report, klass):
    games = [p for p in klass.good if p.scenario == "tutorial"]
    paths = Counter((*(sc for sc, _ in p.moves), p.ending or "…") for p in games)
    s = _group(report, "tutorial")
    assert 1 <= len(s.scene_paths) <= 5
    top = sorted(paths.values(), reverse=True)[: len(s.scene_paths)]
    assert [p.count for p in s.scene_paths] == top
    for p in s.scene_paths:
        assert paths[p.steps] == p.count


def test_where_the_class_left_history(report, klass, oil):
    games = [p for p in klass.good if p.scenario == "oil-2017"]
    hist = {sid: {c.id for c in sc.choices if c.historical} for sid, sc in oil.scenes.items()}

    def first_departure(p):
        for k, (sc, ch) in enumerate(p.moves, 1):
            if hist[sc] and ch not in hist[sc]:
                return k
        return None

    s = _group(report, "oil-2017")
    assert s.has_history
    lines = {Path(g.file).name: g for g in s.games}
    for p in games:
        dep = lines[p.path.name].departure
        assert (dep.turn if dep else None) == first_departure(p)
    assert s.stayed_historical == sum(1 for p in games if first_departure(p) is None)
    for d in s.decisions:
        assert d.historical == tuple(c.id for c in oil.scenes[d.scene].choices if c.historical)
        if d.historical:
            at = [p for p in games if any(sc == d.scene for sc, _ in p.moves)]
            left = [p for p in at if not any((d.scene, h) in p.moves for h in d.historical)]
            assert d.left_historical == len(left)
    assert sum(x.count for x in s.departures) == len(games) - s.stayed_historical
    # the tutorial marks nothing historical
    assert not _group(report, "tutorial").has_history


def test_vote_tallies(report, klass):
    [fac] = [p for p in klass.good if p.votes]
    s = _group(report, "oil-2017")
    got = [(g.name, dict(v.tally), v.choice) for g, v in s.votes]
    assert [t for _, t, _ in got] == fac.votes
    assert [c for _, _, c in got] == [ch for _, ch in fac.moves]
    assert {n for n, _, _ in got} == {fac.name}


def test_one_line_per_student(report, klass):
    lines = {Path(g.file).name: g for g in report.games}
    for p in klass.good:
        g = lines[p.path.name]
        assert (g.name, g.class_code, g.role, g.finished, g.turns, g.ending, g.scores) == (
            p.name,
            p.class_code,
            p.role,
            p.finished,
            p.turns,
            p.ending,
            p.scores,
        )
    assert lines["tut-05.json"].name == "tut-05"  # no player name: the file's name


# -- formats ----------------------------------------------------------------------------


def test_json_shape(report):
    j = json.loads(render_json(report))
    assert j["schema"] == "negotiator.report/1"
    assert j["counts"] == {
        "files": 30,
        "counted": 25,
        "students": 25,
        "finished": report.finished,
        "not_counted": 5,
        "skipped": 1,
    }
    assert {s["id"] for s in j["scenarios"]} == {"tutorial", "oil-2017"}
    assert len(j["students"]) == 25 and len(j["not_counted"]) == 5
    tut = next(s for s in j["scenarios"] if s["id"] == "tutorial")
    assert set(tut) >= {"endings", "dimensions", "decisions", "paths", "history", "votes"}
    row = j["students"][0]
    assert set(row) >= {"file", "name", "class", "role", "ending", "scores", "turns", "finished"}


def test_json_keys_are_the_documented_ones(report):
    """The shape docs/report.md documents: a change here is a change of the schema."""
    j = json.loads(render_json(report))
    assert set(j) == {
        "schema",
        "generated",
        "inputs",
        "counts",
        "scenarios",
        "students",
        "not_counted",
        "skipped",
    }
    assert set(j["scenarios"][0]) == {
        "id", "title", "version", "saved_versions", "games", "students", "finished",
        "unfinished", "endings", "dimensions", "decisions", "paths", "history", "votes",
    }  # fmt: skip
    assert set(j["students"][0]) == {
        "file", "name", "player", "class", "scenario", "version", "role", "role_name",
        "finished", "ending", "ending_title", "scores", "turns", "left_historical",
        "scene_path", "choices", "facilitated", "undos", "warnings",
    }  # fmt: skip
    assert set(j["not_counted"][0]) == {"file", "name", "player", "class", "kind", "reason"}
    doc = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    for key in ("left_historical_share", "first_departures", "saved_versions", "not_counted"):
        assert f'"{key}"' in doc


def test_csv_one_row_per_save_one_column_per_dimension(report):
    rows = list(csv.DictReader(io.StringIO(render_csv(report))))
    assert len(rows) == 30
    counted = [r for r in rows if r["status"] == "counted"]
    assert len(counted) == 25
    assert {r["status"] for r in rows if r["status"] != "counted"} == {
        "corrupt",
        "inconsistent",
        "impossible",
    }
    for dim in ("agreement", "goodwill", "tension_left", "nonproliferation", "war_risk"):
        assert dim in rows[0]
    finished_tut = [r for r in counted if r["scenario"] == "tutorial" and r["finished"] == "yes"]
    assert all(r["agreement"].isdigit() and r["nonproliferation"] == "" for r in finished_tut)


def test_markdown_has_tables(report):
    md = render_md(report)
    assert md.startswith("# Class report")
    assert "| Ending | Id | Games | Share of finished |" in md and "|---|" in md
    assert "## Saves not counted" in md and "## Files skipped" in md


def test_html_is_self_contained(report):
    h = render_html(report)
    assert h.startswith("<!DOCTYPE html>") and h.rstrip().endswith("</html>")
    assert "<svg" in h and "@media print" in h
    low = h.lower()
    assert "<script" not in low and "http://" not in low and "https://" not in low
    assert "<link" not in low and "@import" not in low


def test_table_renders(report):
    text = RENDERERS["table"](report)
    assert "Class report" in text and "Saves not counted" in text and "Dara" in text


def test_hostile_names_are_escaped(tmp_path, tutorial):
    store = SaveStore(tmp_path)
    evil = '<script>alert("x")</script> | *bold* & [link](http://e.vil)'
    play_saved(tutorial, store, "evil", 3, player=evil, class_code="=HYPERLINK(1)")
    r = build_report([tmp_path])
    h = render_html(r)
    assert "<script" not in h.lower() and "&lt;script&gt;" in h
    md = render_md(r)
    assert "<script>" not in md and "\\|" in md and "\\*bold\\*" in md
    rows = list(csv.DictReader(io.StringIO(render_csv(r))))
    assert rows[0]["player"] == evil and rows[0]["class"] == "'=HYPERLINK(1)"
    assert json.loads(render_json(r))["students"][0]["player"] == evil
    text = RENDERERS["table"](r)  # Rich markup in a name is shown, not applied
    assert "[link](http://e.vil)" in text


# -- edge cases -------------------------------------------------------------------------------


def test_copies_of_one_game_count_once(tmp_path, tutorial):
    store = SaveStore(tmp_path)
    s, _ = play_saved(tutorial, store, "ana", 7, player="Ana", stop_after=2)
    store.write(s.save.model_copy(update={"autosave": False}), "ana-before-the-vote")
    for c in [o for o in s.game.options() if o.available][:1]:
        s.choose(c.id)
    store.write(s.save, "ana")
    r = build_report([tmp_path])
    assert r.counted == 1 and r.students == 1
    assert r.games[0].turns == 3
    [skip] = r.skipped
    assert "ana-before-the-vote" in skip.file and "same game" in skip.reason


def test_missing_scenario_and_paths_named_twice(tmp_path, tutorial):
    store = SaveStore(tmp_path)
    _, p = play_saved(tutorial, store, "ok", 1, player="Ok")
    _, q = play_saved(tutorial, store, "elsewhere", 2, player="Lost")
    edit(q.path, lambda raw: raw["scenario"].update(id="not-installed", source=None))
    r = build_report([p.path, tmp_path, p.path])
    assert r.files == 2 and r.counted == 1
    [bad] = r.problems
    assert bad.kind == "unplayable" and "not installed" in bad.reason and bad.name == "Lost"


def test_a_game_started_mid_story_is_not_counted(tmp_path, tutorial):
    store = SaveStore(tmp_path)
    play_saved(tutorial, store, "whole", 1, player="Whole")
    play_saved(tutorial, store, "from", 2, player="Shortcut", start="corridor")
    play_saved(tutorial, store, "set", 3, player="Setter", values={"tension": 0})
    r = build_report([tmp_path])
    assert r.counted == 1
    kinds = {p.name: (p.kind, p.reason) for p in r.problems}
    assert kinds["Shortcut"][0] == kinds["Setter"][0] == "partial"
    assert "'corridor'" in kinds["Shortcut"][1] and "tension = 0" in kinds["Setter"][1]


def test_content_changed_since_the_save(tmp_path, tutorial):
    """A save made with an older version of the scenario is replayed with the content
    installed now: counted, with a note, and the versions are named."""
    from game.loader import load

    folder = tmp_path / "tutorial-copy"
    shutil.copytree(ROOT / "content" / "tutorial", folder)
    old = load(folder)
    store = SaveStore(tmp_path / "saves")
    play_saved(old, store, "ana", 5, player="Ana", source=str(folder))
    yaml = folder / "scenario.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'),
        encoding="utf-8",
    )
    r = build_report([tmp_path / "saves"])
    assert r.counted == 1, r.problems
    [s] = r.scenarios
    assert s.version == "1.1" and s.saved_versions == {"1.0": 1}
    assert "has changed since this game was saved" in r.games[0].warnings[0]
    assert "replayed with 1.1" in render_md(r) and "Notes" in render_md(r)


def test_one_scenario_is_loaded_once(tmp_path, tutorial, monkeypatch):
    import game.classroom.report as rep

    calls = []
    real = rep.scenario_for
    monkeypatch.setattr(rep, "scenario_for", lambda save: calls.append(1) or real(save))
    store = SaveStore(tmp_path)
    for i in range(5):
        play_saved(tutorial, store, f"g{i}", i, player=f"P{i}")
    assert build_report([tmp_path]).counted == 5
    assert len(calls) == 1


def test_scale_smoke(tmp_path, tutorial):
    """100 saves (20 real games, each handed in under 5 names) in well under a few seconds."""
    store = SaveStore(tmp_path / "src")
    games = [play_saved(tutorial, store, f"g{i}", 1000 + i, player=f"P{i}")[1] for i in range(20)]
    out = tmp_path / "class"
    out.mkdir()
    for p in games:
        raw = json.loads(p.path.read_text(encoding="utf-8"))
        for k in range(5):
            raw["player"] = f"{p.player}-{k}"
            (out / f"{p.path.stem}-{k}.json").write_text(json.dumps(raw), encoding="utf-8")
    t = time.perf_counter()
    r = build_report([out])
    for render in RENDERERS.values():
        render(r)
    elapsed = time.perf_counter() - t
    assert r.counted == 100 and not r.problems
    assert elapsed < 5.0, elapsed


def test_report_core_does_not_import_rich():
    code = (
        "import sys, game.classroom.report as r, game.classroom.render as h;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'textual')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


# -- the command ----------------------------------------------------------------------------
# One run in a subprocess, as a teacher runs it; the rest in-process through cli.main (the
# same code, without a second of interpreter start-up each).


def _main(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:  # argparse's own usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_in_a_subprocess(run_cli, klass, tmp_path):
    out = tmp_path / "report.html"
    r = run_cli("report", str(klass.folder), "--format", "html", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    assert "25 counted" in r.stderr and "5 not counted" in r.stderr
    assert "<svg" in out.read_text(encoding="utf-8")
    r = run_cli("report", str(tmp_path / "nothing-here"))
    assert r.returncode == 2 and "there is no file or folder" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("fmt", ["md", "csv", "json", "table"])
def test_cli_writes_every_format(capsys, klass, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    code, _, err = _main(capsys, "report", str(klass.folder), "--format", fmt, "--out", str(out))
    assert code == 0, err
    assert "25 counted" in err and "5 not counted" in err
    text = out.read_text(encoding="utf-8")
    assert len(text) > 1000
    if fmt == "json":
        assert json.loads(text)["counts"]["counted"] == 25
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(text)))) == 31


def test_cli_table_to_stdout(capsys, klass):
    code, out, err = _main(capsys, "report", str(klass.folder))
    assert code == 0, err
    assert "Class report" in out and "Saves not counted" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["/no/such/folder"], "there is no file or folder"),
        (["{empty}"], "no save files"),
        (["{klass}", "--out", "/no/such/dir/r.html"], "does not exist"),
        (["{klass}", "--out", "{empty}"], "is a folder"),
        (["{klass}", "--format", "pdf"], "invalid choice"),
        ([], "PATH"),
    ],
)
def test_cli_usage_errors(capsys, klass, tmp_path, args, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    args = [a.format(empty=empty, klass=klass.folder) for a in args]
    code, _, err = _main(capsys, "report", *args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_cli_refuses_to_overwrite_a_save(capsys, tmp_path, tutorial):
    store = SaveStore(tmp_path)
    _, p = play_saved(tutorial, store, "ana", 1, player="Ana")
    before = p.path.read_bytes()
    code, _, err = _main(capsys, "report", str(tmp_path), "--format", "json", "--out", str(p.path))
    assert code == 2 and "one of the saves" in err
    assert p.path.read_bytes() == before


def test_cli_all_bad_still_reports(capsys, tmp_path):
    (tmp_path / "a.json").write_text("{", encoding="utf-8")
    shutil.copy(tmp_path / "a.json", tmp_path / "b.json")
    code, out, err = _main(capsys, "report", str(tmp_path), "--format", "md")
    assert code == 0, err
    assert "0 counted" in out and "a.json" in out and "b.json" in out
