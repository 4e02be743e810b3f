#!/usr/bin/env python3
"""Run every benchmark and print one table; --out BENCHMARKS.md records it.

    python bench/run.py [--quick] [--out BENCHMARKS.md]

Each measurement runs in a fresh subprocess so that one does not warm up another.
--quick runs tiny sizes only (the test suite uses it to keep these scripts working).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
sys.path.insert(0, str(HERE))

from gen_scenario import write as write_generated  # noqa: E402


@dataclass
class Row:
    name: str
    value: str
    goal: str
    met: bool | None  # None: no goal, or not measured

    def mark(self) -> str:
        return {True: "met", False: "NOT met", None: "-"}[self.met]


# The environment of every measured process (see bench_env).
ENV: dict[str, str] = {}


def bench_env(tmp: Path) -> dict[str, str]:
    """Measure what a player or author sees from the second run on:
    - Python keeps compiled bytecode (.pyc), as it does by default. This machine sets
      PYTHONDONTWRITEBYTECODE=1, which would make every run compile the game's modules
      again (about 0.1 s of start-up) while Textual's came compiled from pip. The .pyc
      files go to a folder of the run's own (PYTHONPYCACHEPREFIX).
    - The scenario cache (game/loader/cache.py) is in a folder of the run's own; the
      start-up rows say whether it was filled.
    """
    e = dict(os.environ)
    e.pop("NO_COLOR", None)
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    e["PYTHONPYCACHEPREFIX"] = str(tmp / "pyc")
    e["NEGOTIATOR_CACHE_DIR"] = str(tmp / "scenario-cache")
    e["NEGOTIATOR_SAVES"] = str(tmp / "tui-saves")  # the start-up harness's autosaves
    return e


def _run(code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 600) -> dict:
    """Run python code in a fresh process; it prints one JSON object on its last line."""
    e = dict(ENV or os.environ)
    e.pop("NO_COLOR", None)
    if env:
        e.update(env)
    p = subprocess.run(
        [PY, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=e, timeout=timeout
    )
    if p.returncode != 0:
        raise RuntimeError(f"benchmark failed:\n{p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# -- 2. engine throughput ----------------------------------------------------------
# One process per scenario: it loads the scenario and warms up, says "ready", then runs
# one rep (a random playtest of `runs` games) each time it reads a line, and prints it.
THROUGHPUT = r"""
import json, sys, time
from game.loader import load
from game.authoring.playtest import playtest
cs = load(sys.argv[1])
runs = int(sys.argv[2])
playtest(cs, runs=max(1, runs // 20), seed=10_000)  # warm up
print("ready", flush=True)
rep = 0
for _ in sys.stdin:
    r = playtest(cs, runs=runs, seed=rep * runs, strategy="random")
    rep += 1
    print(json.dumps({"cps": r.choices_per_second, "choices": r.choices_made, "errors": len(r.errors)}), flush=True)
"""
THROUGHPUT_REPS = 11


def _throughputs(scenarios: dict[str, str], runs: int, reps: int) -> dict[str, list[float]]:
    """For each named scenario (a bundled id or a folder): the choices per second of each
    of ``reps`` reps, in the order they ran (rep i of every scenario ran in round i).

    The scenarios take turns, rep by rep, so that a change in the VM's speed while they
    run affects them all alike: measured one process after the other, as until this
    session, the ratio of N=10,000 to N=200 moved between 0.44x and 0.82x from one run
    of this script to the next. Each scenario has a process of its own (loaded and
    warmed up before any rep is timed, so one does not warm up another); the processes
    wait on their stdin, and only one runs a rep at a time."""
    env = dict(ENV or os.environ)
    env.pop("NO_COLOR", None)
    procs: dict[str, subprocess.Popen[str]] = {}
    errs: dict[str, IO[str]] = {}  # each one's stderr, in a file (a pipe could fill up)
    with contextlib.ExitStack() as stack:
        stack.callback(_stop, procs)
        for name, scenario in scenarios.items():
            errs[name] = stack.enter_context(tempfile.TemporaryFile("w+"))
            procs[name] = subprocess.Popen(
                [PY, "-c", THROUGHPUT, scenario, str(runs)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errs[name],
                text=True,
                cwd=ROOT,
                env=env,
            )

        def failed(name: str) -> RuntimeError:
            _stop({name: procs[name]})
            errs[name].seek(0)
            return RuntimeError(f"benchmark failed:\n{errs[name].read()[-2000:]}")

        cps: dict[str, list[float]] = {}
        for name, p in procs.items():
            assert p.stdout is not None
            if p.stdout.readline().strip() != "ready":
                raise failed(name)
            cps[name] = []
        for _ in range(reps):
            for name, p in procs.items():
                assert p.stdin is not None and p.stdout is not None
                p.stdin.write("go\n")
                p.stdin.flush()
                line = p.stdout.readline()
                if not line:
                    raise failed(name)
                cps[name].append(json.loads(line)["cps"])
        return cps


def _paired(num: list[float], den: list[float]) -> float:
    """The median of the round-by-round ratios ``num[i] / den[i]``: both measurements of a
    round ran one right after the other, at about the same machine speed."""
    return statistics.median(a / b for a, b in zip(num, den, strict=True))


def _quartiles(num: list[float], den: list[float]) -> str:
    """The middle half of the round-by-round ratios, as "a-b" (with fewer than four
    rounds, as in --quick, all of them): how far one round's ratio strays on this
    machine (a single round is not a measurement)."""
    ratios = sorted(a / b for a, b in zip(num, den, strict=True))
    if len(ratios) < 4:
        return f"{ratios[0]:.2f}-{ratios[-1]:.2f}"
    q1, _, q3 = statistics.quantiles(ratios, n=4)
    return f"{q1:.2f}-{q3:.2f}"


def _stop(procs: dict[str, subprocess.Popen[str]]) -> None:
    """End the throughput processes: each ends when its stdin closes."""
    for p in procs.values():
        if p.stdin is not None and not p.stdin.closed:
            p.stdin.close()
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


# -- 3. load and validate ------------------------------------------------------------
VALIDATE = r"""
import json, resource, sys, time
t = time.perf_counter()
from game.cli import main
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):
    code = main(["validate", sys.argv[1]])
secs = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": secs, "peak_mib": peak, "exit": code}))
"""


def bench_throughput(rows: list[Row], quick: bool, gen_dir: Path) -> None:
    runs = 200 if quick else 3000
    sizes = [200] if quick else [200, 1_000, 10_000]
    scenarios = {"oil-2017": "oil-2017"}
    for n in sizes:
        scenarios[str(n)] = str(write_generated(n, gen_dir / f"gen-{n}"))
    cps = _throughputs(scenarios, runs, THROUGHPUT_REPS)
    # Speed: the best rep (this shared VM's speed varies from second to second).
    best = {name: max(v) for name, v in cps.items()}
    rows.append(
        Row(
            "engine: oil-2017 (random playtest)",
            f"{best['oil-2017']:,.0f} choices/s",
            ">= 100,000 choices/s",
            best["oil-2017"] >= 100_000,
        )
    )
    for n in sizes:
        rows.append(
            Row(
                f"engine: generated N={n:,}",
                f"{best[str(n)]:,.0f} choices/s",
                ">= 100,000 choices/s",
                best[str(n)] >= 100_000,
            )
        )
    if len(sizes) > 1:
        lo, hi = str(min(sizes)), str(max(sizes))
        # Whether speed falls as N grows: the two sizes' reps of the same round ran one
        # right after the other, so each round's ratio compares them at about the same
        # machine speed; the goal is judged on the median of those ratios. (The ratio of
        # the two best reps compares two different moments: the VM's quiet spells, which
        # make a best, come and go from second to second. Both are shown.)
        paired = _paired(cps[hi], cps[lo])
        ok = paired >= 0.8
        rows.append(
            Row(
                "engine: throughput as N grows",
                f"{paired:.2f}x from N={int(lo):,} to N={int(hi):,} "
                f"(median of {len(cps[lo])} paired reps, middle half "
                f"{_quartiles(cps[hi], cps[lo])}; best against best "
                f"{best[hi] / best[lo]:.2f}x)",
                "does not fall (>= 0.8x)",
                ok,
            )
        )


def bench_validate(rows: list[Row], quick: bool, gen_dir: Path) -> None:
    sizes = [200] if quick else [1_000, 10_000]
    for n in sizes:
        d = write_generated(n, gen_dir / f"gen-{n}")
        times = []
        peak = 0.0
        for _ in range(1 if quick else 3):
            r = _run(VALIDATE, str(d))
            times.append(r["seconds"])
            peak = max(peak, r["peak_mib"])
        secs = min(times)
        goal_ok = None
        goal = "-"
        if n == 10_000:
            goal_ok = secs < 3.0 and peak < 400
            goal = "< 3 s and < 400 MiB"
        rows.append(
            Row(f"validate: generated N={n:,}", f"{secs:.2f} s, {peak:.0f} MiB peak", goal, goal_ok)
        )


# -- 1. start-up, 5. key to screen, 7. memory (the TUI, headless) -----------------------
def _wall(args: list[str], runs: int) -> float:
    """The median wall time of ``runs`` runs of a command."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120, env=ENV)
        if p.returncode != 0:
            raise RuntimeError(p.stderr[-1500:])
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _first_frames(
    starts: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, list[float]]:
    """For each named command: the times from starting the process to its first frame
    (the harness prints the moment), run by run. The commands take turns, run by run, so that
    a change in this shared VM's speed while they run affects them all alike (run one
    after the other, the ratio to the bare app moved by a third from one run of this
    script to the next). Each has one run first that is not counted (it writes the
    .pyc files and fills the scenario cache, as a first run does)."""
    times: dict[str, list[float]] = {name: [] for name in starts}
    for i in range(runs + 1):
        for name, (args, env) in starts.items():
            t = time.time()
            p = subprocess.run(
                args, cwd=ROOT, capture_output=True, text=True, timeout=120, env={**ENV, **env}
            )
            if p.returncode != 0:
                raise RuntimeError(p.stderr[-1500:])
            if i:
                times[name].append(json.loads(p.stdout.strip().splitlines()[-1])["first_frame"] - t)
    return times


def bench_startup(rows: list[Row], quick: bool, tmp: Path) -> None:
    harness = str(HERE / "tui_harness.py")
    runs = 2 if quick else 11
    times = _first_frames(
        {
            "bare": ([PY, harness, "bare"], {}),
            "ours": ([PY, harness, "startup"], {}),
            # The first start after the scenario was edited (or ever): no cache entry, so
            # the YAML is read and checked with pydantic.
            "edited": ([PY, harness, "startup"], {"NEGOTIATOR_CACHE_DIR": "off"}),
        },
        runs,
    )
    bare, ours, edited = (statistics.median(times[k]) for k in ("bare", "ours", "edited"))
    # Judged on the median of each round's ratio: the two starts of a round ran one right
    # after the other, at about the same machine speed (see bench_throughput). The ratio
    # of the two medians is shown beside it.
    ratio = _paired(times["ours"], times["bare"])
    rows.append(Row("start-up: bare Textual app, first frame", f"{bare:.2f} s", "-", None))
    rows.append(
        Row(
            "start-up: negotiator play oil-2017, game screen's first frame",
            f"{ours:.2f} s ({ratio:.2f}x bare: median of {runs} paired runs, middle half "
            f"{_quartiles(times['ours'], times['bare'])}; median against median "
            f"{ours / bare:.2f}x)",
            "<= 1.25x bare",
            ratio <= 1.25,
        )
    )
    rows.append(
        Row(
            "start-up: the same, first start after an edit (no scenario cache)",
            f"{edited:.2f} s ({edited / bare:.2f}x bare)",
            "-",
            None,
        )
    )


def bench_keys(rows: list[Row], quick: bool, tmp: Path) -> None:
    n = 6 if quick else 60
    r = _run(
        f"import runpy, sys; sys.argv = ['tui_harness.py', 'keys', '{n}']; runpy.run_path({str(HERE / 'tui_harness.py')!r}, run_name='__main__')"
    )
    ms = sorted(t * 1000 for t in r["times"])
    med = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    rows.append(
        Row(
            f"key to screen: {len(ms)} choices in oil-2017 (120x40)",
            f"median {med:.0f} ms, p95 {p95:.0f} ms",
            "median < 50 ms, p95 < 100 ms",
            med < 50 and p95 < 100,
        )
    )


def bench_memory(rows: list[Row], quick: bool, tmp: Path) -> None:
    games = 1 if quick else 3
    # As a player's games are, from the second start on: with the scenario cache filled
    # (with it empty, the first load reads the YAML and checks it with pydantic, and the
    # peak was 82 MiB instead of 66). The start-up section fills it too, so this makes
    # `--only memory` measure what the full run does.
    _run("from game.loader import load; load('oil-2017'); print('{}')")
    r = _run(
        f"import runpy, sys; sys.argv = ['tui_harness.py', 'memory', '{games}']; runpy.run_path({str(HERE / 'tui_harness.py')!r}, run_name='__main__')"
    )
    rows.append(
        Row(
            f"memory: peak RSS, {games} whole game(s) in the TUI",
            f"{r['peak_mib']:.0f} MiB",
            "< 100 MiB",
            r["peak_mib"] < 100,
        )
    )


# -- 4. replay ------------------------------------------------------------------------------
LOOP_SCENARIO = """id: bench-loop
title: "A long game, for the replay benchmark"
version: "1"
start: hub
roles: [{id: player, name: "Player"}]
dimensions: [{id: score, label: "Score"}]
variables:
  x: {type: int, initial: 50, min: 0, max: 100, show: status}
  y: {type: bool, initial: false, show: value}
leaders:
  l0: {name: "Leader", variables: {trust: {type: int, min: -5, max: 5, show: meter}}}
scenes:
  - id: hub
    title: "The hub"
    present: [l0]
    text: "Turn {turn}. X is {x}."
    choices:
      - id: up
        text: "Up"
        requires: "x < 100"
        effects: ["x += 3", "l0.trust += 1"]
        responses: {l0: [{if: "l0.trust >= 4", text: "Fine.", because: "trust", effects: ["l0.trust -= 2"]}, {text: "Hm.", because: "caution"}]}
        next: [{if: "turn >= TURNS", to: done}, {to: side}]
      - id: down
        text: "Down"
        requires: "x > 0"
        effects: ["x -= 2", "y = not y"]
        responses: {l0: [{text: "Yes.", because: "calm"}]}
        next: [{if: "turn >= TURNS", to: done}, {to: hub}]
  - id: side
    title: "The side room"
    present: [l0]
    text: "X is {x}."
    choices:
      - id: back
        text: "Back"
        responses: {l0: [{if: "y", text: "Go on.", because: "y"}, {text: "Back, then.", because: "not y"}]}
        next: [{if: "turn >= TURNS", to: done}, {to: hub}]
      - id: stay
        text: "Stay"
        effects: ["x += 1"]
        responses: {l0: [{text: "Stay.", because: "patience"}]}
        next: [{if: "turn >= TURNS", to: done}, {to: side}]
endings:
  - {id: done, title: "Done", text: "X ended at {x}.", scores: {score: "x"}}
"""

REPLAY = r"""
import json, sys, time
from game.saves.session import SaveSession
from game.saves.store import SaveStore
store = SaveStore(sys.argv[1])
best = 1e9
for _ in range(5):
    t = time.perf_counter()
    s = SaveSession.resume(sys.argv[2], store)
    best = min(best, time.perf_counter() - t)
print(json.dumps({"seconds": best, "turns": s.game.turn_number}))
"""

MAKE_SAVES = r"""
import json, random, sys
from game.loader import load
from game.saves.session import SaveSession
from game.saves.store import SaveStore
scenario, count, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cs = load(scenario)
store = SaveStore(folder)
roles = list(cs.roles)
for i in range(count):
    pick = random.Random(i)
    s = SaveSession.new(cs, roles[i % len(roles)], i, store=store, player=f"Student {i:03d}", class_code="B1", name=f"student-{i:03d}", source=scenario)
    while not s.game.finished:
        opts = [o for o in s.game.options() if o.available]
        s.choose(pick.choice(opts).id)
print(json.dumps({"ok": True}))
"""


def bench_replay(rows: list[Row], quick: bool, tmp: Path) -> None:
    turns = 200 if quick else 2000
    d = tmp / "loop"
    d.mkdir(exist_ok=True)
    (d / "scenario.yaml").write_text(LOOP_SCENARIO.replace("TURNS", str(turns)))
    saves = tmp / "replay-saves"
    _run(MAKE_SAVES, str(d), "1", str(saves))
    r = _run(REPLAY, str(saves), "student-000")
    ok = r["seconds"] < 0.2 if not quick else None
    rows.append(
        Row(
            f"replay: load a save of {r['turns']:,} turns",
            f"{r['seconds'] * 1000:.0f} ms",
            "< 0.2 s" if not quick else "-",
            ok,
        )
    )


def bench_report(rows: list[Row], quick: bool, tmp: Path) -> None:
    count = 20 if quick else 500
    saves = tmp / "class"
    _run(MAKE_SAVES, "oil-2017", str(count), str(saves))
    secs = _wall(
        [
            PY,
            "-m",
            "game",
            "report",
            str(saves),
            "--format",
            "json",
            "--out",
            str(tmp / "report.json"),
        ],
        1 if quick else 3,
    )
    rows.append(
        Row(
            f"class report: {count} oil-2017 saves (json)",
            f"{secs:.2f} s",
            "< 5 s" if not quick else "-",
            secs < 5 if not quick else None,
        )
    )


BENCHES = {
    "startup": bench_startup,
    "throughput": bench_throughput,
    "validate": bench_validate,
    "replay": bench_replay,
    "keys": bench_keys,
    "report": bench_report,
    "memory": bench_memory,
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def table(rows: list[Row]) -> str:
    out = ["| measurement | result | goal | status |", "|---|---|---|---|"]
    out += [f"| {r.name} | {r.value} | {r.goal} | {r.mark()} |" for r in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="tiny sizes, to check the scripts work")
    ap.add_argument("--out", help="also write the table to this Markdown file")
    ap.add_argument("--only", action="append", choices=sorted(BENCHES), help="run only these")
    args = ap.parse_args(argv)
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="negotiator-bench-") as tmp:
        ENV.update(bench_env(Path(tmp)))
        for name, fn in BENCHES.items():
            if args.only and name not in args.only:
                continue
            try:
                fn(rows, args.quick, Path(tmp))
            except Exception as e:  # one broken benchmark must not hide the others
                rows.append(Row(name, f"failed: {str(e).splitlines()[0][:80]}", "-", False))
    text = table(rows)
    elapsed = time.perf_counter() - started
    print(text)
    print(f"\n({elapsed:.0f} s)")
    if args.out:
        header = (
            "# Benchmarks\n\n"
            f"Measured {dt.date.today().isoformat()} on {machine()} by `python bench/run.py`"
            f"{' --quick' if args.quick else ''} in {elapsed:.0f} s.\n\n"
        )
        Path(args.out).write_text(header + text + "\n")
    return 0 if all(r.met is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
