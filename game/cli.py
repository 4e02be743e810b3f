"""The ``negotiator`` command: argument parsing and dispatch, and nothing else.

Every command's work lives in its own layer (authoring, plain, saves, tui); modules are
imported only by the command that needs them, so that start-up stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import Any, NoReturn

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user typed or pointed at: exit 2 with the message."""


def _add_scenario(p: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        p.add_argument(
            "scenario",
            nargs="*",
            metavar="SCENARIO",
            help="bundled scenario id or folder (default: the bundled default)",
        )
    else:
        p.add_argument(
            "scenario",
            nargs="?",
            metavar="SCENARIO",
            help="bundled scenario id or folder (default: the bundled default)",
        )


def _add_start(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--from",
        dest="from_scene",
        metavar="SCENE",
        help="start at this scene (an author's 'test from here')",
    )
    p.add_argument(
        "--set",
        dest="set_values",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="start with this value (repeatable)",
    )


# Each command's options. build_parser() puts every command under one parser (for
# --help and anything unusual); parse_args() builds only the one a command line starts
# with, as most do: building all of them was about 8 ms of every start, most of it
# making the eleven sub-parsers (`negotiator play` starts the game that much sooner).
def _play_options(p: argparse.ArgumentParser) -> None:
    _add_scenario(p)
    p.add_argument(
        "--plain",
        action="store_true",
        help="plain line mode: for screen readers, scripts and tests",
    )
    p.add_argument("--role", help="the role to play (default: the scenario's first)")
    p.add_argument(
        "--seed", type=int, help="random seed (default: a random one, shown at the start)"
    )
    p.add_argument("--player", help="your name (optional; recorded in saves)")
    p.add_argument("--class", dest="class_code", help="class code (optional; recorded in saves)")
    p.add_argument("--save", metavar="NAME", help="save the game under this name as you play")
    p.add_argument("--load", metavar="SAVE", help="continue a saved game")
    p.add_argument("--theme", dest="play_theme", help="TUI theme")
    p.add_argument("--saves-dir", dest="play_saves_dir", help=argparse.SUPPRESS)
    _add_start(p)


def _validate_options(p: argparse.ArgumentParser) -> None:
    _add_scenario(p, many=True)
    p.add_argument("--json", action="store_true", help="print JSON")


def _playtest_options(p: argparse.ArgumentParser) -> None:
    _add_scenario(p)
    p.add_argument("--runs", type=int, default=100, help="number of games (default 100)")
    p.add_argument("--seed", type=int, default=0, help="game i uses seed SEED+i (default 0)")
    p.add_argument("--strategy", choices=["random", "least-used", "exhaustive"], default="random")
    p.add_argument("--role", help="play only this role (default: the roles in turn)")
    p.add_argument(
        "--max-turns", type=int, default=500, help="give up on a game after this many choices"
    )
    p.add_argument(
        "--max-states", type=int, default=200_000, help="exhaustive: stop after this many states"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_start(p)


def _graph_options(p: argparse.ArgumentParser) -> None:
    _add_scenario(p)
    p.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")


def _schema_options(p: argparse.ArgumentParser) -> None:
    pass


def _scenarios_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")


def _saves_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true")
    p.add_argument("--saves-dir", dest="play_saves_dir", help=argparse.SUPPRESS)


def _replay_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("save", metavar="SAVE", help="a save file or name")
    p.add_argument(
        "--export", choices=["md", "html"], help="write a transcript instead of opening the viewer"
    )
    p.add_argument("--out", metavar="FILE", help="where to write the transcript (default: stdout)")
    p.add_argument("--saves-dir", dest="play_saves_dir", help=argparse.SUPPRESS)


def _report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="a save file, or a folder of saves (searched recursively)",
    )
    p.add_argument(
        "--format",
        choices=["table", "md", "csv", "html", "json"],
        default="table",
        help="table (the terminal, default), md, csv, html or json",
    )
    p.add_argument("--out", metavar="FILE", help="write the report to FILE (default: stdout)")


def _serve_options(p: argparse.ArgumentParser) -> None:
    _add_scenario(p)
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--class", dest="class_code", help="class code recorded in every save")
    p.add_argument(
        "--public-url",
        help="the address students type, e.g. http://192.168.1.20:8000 (needed with --host 0.0.0.0)",
    )
    p.add_argument("--saves-dir", dest="play_saves_dir", help=argparse.SUPPRESS)


def _classroom_options(p: argparse.ArgumentParser) -> None:
    _add_scenario(p)
    p.add_argument(
        "--class",
        dest="class_code",
        metavar="CODE",
        help="class code (recorded in the save and its name)",
    )
    p.add_argument(
        "--timer",
        metavar="SECONDS",
        help="a countdown at each decision: seconds (90) or minutes:seconds (1:30)",
    )
    p.add_argument("--role", help="the role the class plays (default: the scenario's first)")
    p.add_argument("--seed", type=int, help="random seed (default: a random one)")
    p.add_argument("--load", metavar="SAVE", help="continue a class's saved game")
    p.add_argument(
        "--theme",
        dest="play_theme",
        metavar="THEME",
        help="TUI theme (default: high-contrast, for projectors)",
    )
    p.add_argument("--saves-dir", dest="play_saves_dir", help=argparse.SUPPRESS)


COMMAND_OPTIONS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "play": (
        "start a new game (the TUI, or --plain for line mode)",
        _play_options,
    ),
    "validate": (
        "check scenarios for errors and warnings",
        _validate_options,
    ),
    "playtest": (
        "play many games automatically and report coverage",
        _playtest_options,
    ),
    "graph": (
        "print the scene graph",
        _graph_options,
    ),
    "schema": (
        "print a JSON Schema for scenario files",
        _schema_options,
    ),
    "scenarios": (
        "list the bundled scenarios",
        _scenarios_options,
    ),
    "saves": (
        "list saved games",
        _saves_options,
    ),
    "replay": (
        "step through a saved game, or export it as a transcript",
        _replay_options,
    ),
    "report": (
        "a class report from many saves: endings, scores, choices (each save verified by replay)",
        _report_options,
    ),
    "serve": (
        "let students play in a browser (textual-serve)",
        _serve_options,
    ),
    "classroom": (
        "facilitator mode: project one game, the class votes at each decision",
        _classroom_options,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the global options and every command."""
    parser = argparse.ArgumentParser(
        prog="negotiator",
        description="A text-adventure policy simulator. With no command, opens the title screen.",
    )
    from game import __version__

    parser.add_argument("--version", action="version", version=f"negotiator {__version__}")
    parser.add_argument(
        "--theme", help="TUI theme: dark, light or high-contrast (or any Textual theme name)"
    )
    parser.add_argument(
        "--saves-dir", help="where saves live (default: $NEGOTIATOR_SAVES or ./saves)"
    )
    # Used by `negotiator serve` for each browser session's title screen.
    parser.add_argument("--scenario", dest="title_scenario", help=argparse.SUPPRESS)
    parser.add_argument("--class", dest="title_class", help=argparse.SUPPRESS)
    parser.add_argument("--shared-saves", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, options) in COMMAND_OPTIONS.items():
        options(sub.add_parser(name, help=help_text))
    return parser


# What build_parser() gives the global options when a command line has none of them.
GLOBAL_DEFAULTS: dict[str, Any] = {
    "theme": None,
    "saves_dir": None,
    "title_scenario": None,
    "title_class": None,
    "shared_saves": False,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """``build_parser().parse_args(argv)``, building only the command's own parser when
    the command line starts with a command's name. The answer, the help and every error
    message are the same (tests/cli/test_cli_parse.py): the command's parser is made as
    ``add_parser`` makes it, and a command line it leaves anything of goes to the whole
    parser, which reports it as before."""
    tokens = sys.argv[1:] if argv is None else list(argv)
    if tokens and tokens[0] in COMMAND_OPTIONS:
        name = tokens[0]
        parser = argparse.ArgumentParser(prog=f"negotiator {name}")
        COMMAND_OPTIONS[name][1](parser)
        own, extra = parser.parse_known_args(tokens[1:])
        if not extra:
            args = argparse.Namespace(**GLOBAL_DEFAULTS, command=name)
            for key, value in vars(own).items():
                setattr(args, key, value)
            return args
    return build_parser().parse_args(tokens)


# -- commands ----------------------------------------------------------------------


def _load(name: str | None) -> Any:
    from game.loader import ContentError, ScenarioNotFound, load

    try:
        return load(name)
    except ScenarioNotFound as e:
        raise UsageError(str(e)) from None
    except ContentError as e:
        raise UsageError(f"{e}\n(run 'negotiator validate {name or ''}' for details)") from None


def _start_values(cs: Any, pairs: list[str]) -> dict[str, Any]:
    from game.engine import parse_value

    out: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"--set takes NAME=VALUE, not '{pair}'")
        name, value = pair.split("=", 1)
        info = cs.var_by_name.get(name.strip())
        if info is None:
            raise UsageError(f"--set: there is no variable '{name.strip()}'")
        try:
            out[info.name] = parse_value(info, value)
        except ValueError as e:
            raise UsageError(f"--set: {e}") from None
    return out


def _new_game(cs: Any, args: argparse.Namespace) -> Any:
    import random

    from game.engine import EngineError, Game

    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    if args.role is not None and args.role not in cs.roles:
        raise UsageError(f"no role '{args.role}' in this scenario (roles: {', '.join(cs.roles)})")
    start = getattr(args, "from_scene", None)
    if start is not None and start not in cs.scenes:
        raise UsageError(f"--from: there is no scene '{start}'")
    try:
        return Game(
            cs,
            args.role,
            seed,
            start=start,
            values=_start_values(cs, getattr(args, "set_values", [])),
        )
    except EngineError as e:
        raise UsageError(f"the game cannot start: {e}") from None


def cmd_play(args: argparse.Namespace) -> int:
    plain = args.plain or not (sys.stdin.isatty() and sys.stdout.isatty())
    if args.load and (
        args.scenario or args.role or args.seed is not None or args.from_scene or args.set_values
    ):
        raise UsageError(
            "--load continues a saved game: its scenario, role, seed and start come from the save"
        )
    if not plain:
        if args.from_scene or args.set_values:
            raise UsageError("--from and --set work with --plain (and playtest)")
        import inspect

        from game.tui import run_tui

        # The TUI takes the saves options once it has its save screens.
        accepted = inspect.signature(run_tui).parameters
        extra: dict[str, Any] = {}
        for key, value in (
            ("save", args.save),
            ("load", args.load),
            ("class_code", args.class_code),
            ("saves_dir", args.saves_dir),
        ):
            if value is None:
                continue
            if key in accepted:
                extra[key] = value
            elif key in ("save", "load"):
                raise UsageError(
                    f"--{key} does not work in the terminal UI yet; add --plain to use it in line mode"
                )
        return run_tui(
            scenario=args.scenario,
            role=args.role,
            seed=args.seed,
            player=args.player,
            theme=args.play_theme or args.theme,
            direct=True,
            **extra,
        )
    from game.plain import PlainUI

    if args.save or args.load:
        session = _save_session(args)
        return PlainUI(
            session.game, sys.stdout, sys.stdin, session=session, resumed=bool(args.load)
        ).run()
    cs = _load(args.scenario)
    game = _new_game(cs, args)
    return PlainUI(game, sys.stdout, sys.stdin).run()


def _save_session(args: argparse.Namespace) -> Any:
    """The saved game for ``play --save NAME`` / ``play --load SAVE`` (plain mode)."""
    from game.saves.commands import divergence_message
    from game.saves.replay import ReplayDivergence
    from game.saves.session import SaveSession
    from game.saves.store import SaveError, SaveExists, SaveStore, resolve_saves_dir

    store = SaveStore(resolve_saves_dir(args.saves_dir))
    if args.load:
        try:
            session = SaveSession.resume(args.load, store)
        except ReplayDivergence as e:
            raise UsageError(divergence_message(e, args.load)) from None
        except SaveError as e:
            raise UsageError(f"cannot open the save '{args.load}': {e}") from None
        if args.save:
            try:
                session.save_as(args.save, switch=True)
            except SaveExists:
                raise UsageError(
                    f"--save: a save named '{args.save}' exists already; choose another name"
                ) from None
            except (SaveError, OSError) as e:
                raise UsageError(f"--save: {e}") from None
        return session
    cs = _load(args.scenario)
    game = _new_game(cs, args)
    try:
        return SaveSession.new(
            cs,
            game.role.id,
            game.seed,
            store=store,
            player=args.player,
            class_code=args.class_code,
            name=args.save,
            start=game.start_scene,
            values=game.start_values or None,
            source=args.scenario,
        )
    except SaveExists:
        raise UsageError(
            f"a save named '{args.save}' exists already: continue it with --load {args.save}, or choose another name"
        ) from None
    except (SaveError, OSError) as e:
        raise UsageError(f"--save: {e}") from None


# What the last validate loaded (see cmd_validate).
_validated: list[Any] = []


def cmd_validate(args: argparse.Namespace) -> int:
    import gc

    # Everything validate makes lives until it ends, so the cyclic collector, which
    # would otherwise run some fifty times while pydantic and the compiler are
    # imported, has nothing to find.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _validate(args)
    finally:
        if was_enabled:
            gc.enable()


def _validate(args: argparse.Namespace) -> int:
    from game.loader import ScenarioNotFound, check
    from game.model.diagnostics import Severity

    names = args.scenario or [None]
    results = []
    # What was loaded is kept, not freed as this returns: the program
    # then ends without freeing it (see main and _exit_now). Only the last is kept.
    _validated.clear()
    for name in names:
        try:
            # Only checked, not compiled: validate reports, it runs nothing.
            result, cs = check(name, hashed=False, build=False)
        except ScenarioNotFound as e:
            raise UsageError(str(e)) from None
        results.append((name, result))
        _validated.append((result, cs))
    any_errors = False
    if args.json:
        out = []
        for name, r in results:
            errors = [d for d in r.diagnostics if d.severity == Severity.ERROR]
            any_errors |= bool(errors)
            out.append(
                {
                    "scenario": str(r.root) if r.root else name,
                    "ok": not errors,
                    "errors": len(errors),
                    "warnings": len(r.diagnostics) - len(errors),
                    "diagnostics": [d.to_json() for d in r.diagnostics],
                }
            )
        print(json.dumps({"scenarios": out}, indent=2))
    else:
        for name, r in results:
            errors = [d for d in r.diagnostics if d.severity == Severity.ERROR]
            any_errors |= bool(errors)
            for d in r.diagnostics:
                print(d)
            label = r.scenario.id if r.scenario else (name or str(r.root))
            w = len(r.diagnostics) - len(errors)
            print(
                f"{label}: {len(errors)} error{'s' * (len(errors) != 1)}, {w} warning{'s' * (w != 1)}"
            )
    return EXIT_PROBLEMS if any_errors else EXIT_OK


def cmd_playtest(args: argparse.Namespace) -> int:
    from game.authoring.playtest import playtest

    if args.runs < 1:
        raise UsageError("--runs must be at least 1")
    cs = _load(args.scenario)
    if args.role is not None and args.role not in cs.roles:
        raise UsageError(f"no role '{args.role}' (roles: {', '.join(cs.roles)})")
    start = args.from_scene
    if start is not None and start not in cs.scenes:
        raise UsageError(f"--from: there is no scene '{start}'")
    report = playtest(
        cs,
        runs=args.runs,
        seed=args.seed,
        strategy=args.strategy,
        role=args.role,
        start=start,
        values=_start_values(cs, args.set_values),
        max_turns=args.max_turns,
        max_states=args.max_states,
    )
    j = report.to_json()
    if args.json:
        print(json.dumps(j, indent=2))
    else:
        _print_playtest(j)
    return EXIT_PROBLEMS if report.errors else EXIT_OK


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f}%)" if b else "0/0"


def _print_playtest(j: dict[str, Any]) -> None:
    print(
        f"{j['scenario']}: {j['runs']} games ({j['strategy']}), {j['choices_made']} choices in {j['seconds']:.2f} s ({j['choices_per_second']:,} choices/s)"
    )
    if "states" in j:
        print(
            f"  states explored: {j['states']}{' (stopped at the bound)' if j['truncated'] else ''}"
        )
    print(f"  scenes visited:  {_pct(j['scenes_visited'], j['scenes_total'])}")
    print(f"  choices taken:   {_pct(j['choices_taken'], j['choices_total'])}")
    print(f"  responses used:  {_pct(j['responses_used'], j['responses_total'])}")
    print(f"  endings reached: {_pct(j['endings_reached'], j['endings_total'])}")
    total = sum(j["endings"].values()) or 1
    for eid, n in sorted(j["endings"].items(), key=lambda kv: -kv[1]):
        print(f"    {eid:<28} {n:>7}  {100 * n / total:5.1f}%")
    if j["unfinished"]:
        print(f"  unfinished games (over --max-turns): {j['unfinished']}")
    for kind in ("scenes", "choices", "responses", "endings"):
        items = j["unreached"][kind]
        if items:
            more = f" ... and {len(items) - 12} more" if len(items) > 12 else ""
            print(f"  never reached {kind}: {', '.join(items[:12])}{more}")
    if j["errors"]:
        print(f"  ERRORS: {len(j['errors'])}")
        for e in j["errors"][:10]:
            print(f"    seed {e['seed']} role {e['role']}: {e['message']}")
            print(f"      choices: {' '.join(e['choices'])}")
    else:
        print("  no errors")


def cmd_graph(args: argparse.Namespace) -> int:
    from game.authoring.graph import to_dot, to_mermaid

    cs = _load(args.scenario)
    sys.stdout.write(to_mermaid(cs) if args.format == "mermaid" else to_dot(cs))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from game.authoring.schema import scenario_schema

    print(json.dumps(scenario_schema(), indent=2))
    return EXIT_OK


def cmd_scenarios(args: argparse.Namespace) -> int:
    from game.loader import bundled_scenarios, load_scenario

    rows = []
    for sid in bundled_scenarios():
        r = load_scenario(sid)
        m = r.scenario
        rows.append(
            {
                "id": sid,
                "title": m.title if m else "(has errors: run negotiator validate)",
                "version": m.version if m else None,
                "play_time": m.play_time if m else None,
                "roles": [x.id for x in m.roles] if m else [],
            }
        )
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for row in rows:
            extra = f" ({row['play_time']})" if row["play_time"] else ""
            print(f"{row['id']:<16} {row['title']}{extra}")
            if row["roles"]:
                print(f"{'':<16} roles: {', '.join(row['roles'])}")
    return EXIT_OK


def cmd_saves(args: argparse.Namespace) -> int:
    from game.saves.commands import cmd_saves as run

    return run(args)


def cmd_replay(args: argparse.Namespace) -> int:
    from game.saves.commands import cmd_replay as run

    return run(args)


def cmd_report(args: argparse.Namespace) -> int:
    from game.classroom.commands import cmd_report as run

    return run(args)


def cmd_title(args: argparse.Namespace) -> int:
    # Under `negotiator serve`, textual-serve runs us without a terminal but with its
    # web driver named in TEXTUAL_DRIVER: the browser is the terminal then.
    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the title screen needs a terminal; use 'negotiator play --plain' for line mode"
        )
    import inspect

    from game.tui import run_tui

    accepted = inspect.signature(run_tui).parameters
    extra: dict[str, Any] = {}
    for key, value in (
        ("scenario", args.title_scenario),
        ("class_code", args.title_class),
        ("saves_dir", args.saves_dir),
        ("shared_saves", args.shared_saves or None),
    ):
        if value is not None and key in accepted:
            extra[key] = value
    return run_tui(theme=args.theme, direct=False, **extra)


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from game.classroom.serve import is_loopback, serve
    from game.loader import ScenarioNotFound, resolve_scenario_path

    if not 1 <= args.port <= 65535:
        raise UsageError("--port must be between 1 and 65535")
    if args.scenario is not None:
        try:
            resolve_scenario_path(args.scenario)
        except ScenarioNotFound as e:
            raise UsageError(str(e)) from None
    from game.saves.store import resolve_saves_dir

    saves_dir = Path(resolve_saves_dir(args.saves_dir)).resolve()
    saves_dir.mkdir(parents=True, exist_ok=True)
    if not is_loopback(args.host):
        print(
            f"WARNING: serving on {args.host}: anyone who can reach this address can play and "
            "write saves. There is no authentication. Use it only on a network you trust.",
            file=sys.stderr,
        )
    unspecified = args.host in ("0.0.0.0", "::", "")
    if unspecified and not args.public_url:
        raise UsageError(
            f"with --host {args.host or '0.0.0.0'}, also give --public-url with this computer's address on the "
            f"classroom network, e.g. --public-url http://192.168.1.20:{args.port} (browsers cannot use 0.0.0.0)"
        )
    url = args.public_url or f"http://{args.host}:{args.port}"
    print(
        f"Saves go to {saves_dir}. Students open {url}/ ; ctrl+c stops the server.", file=sys.stderr
    )
    return serve(
        args.host, args.port, saves_dir, args.scenario, args.class_code, args.theme, args.public_url
    )


def cmd_classroom(args: argparse.Namespace) -> int:
    from game.tui.classroom import run_classroom
    from game.tui.session import StartError

    try:
        return run_classroom(
            scenario=args.scenario,
            class_code=args.class_code,
            timer=args.timer,
            role=args.role,
            seed=args.seed,
            load=args.load,
            theme=args.play_theme or args.theme,
            saves_dir=args.saves_dir,
        )
    except StartError as e:
        raise UsageError(str(e)) from None


COMMANDS = {
    None: cmd_title,
    "play": cmd_play,
    "validate": cmd_validate,
    "playtest": cmd_playtest,
    "graph": cmd_graph,
    "schema": cmd_schema,
    "scenarios": cmd_scenarios,
    "saves": cmd_saves,
    "serve": cmd_serve,
    "replay": cmd_replay,
    "report": cmd_report,
    "classroom": cmd_classroom,
}


def main(argv: list[str] | None = None) -> int:
    """Run one command. ``argv`` None means this is the program itself (the console
    script, ``python -m game``), reading ``sys.argv``."""
    args = parse_args(argv)
    if getattr(args, "play_saves_dir", None):
        args.saves_dir = args.play_saves_dir
    try:
        code = COMMANDS[args.command](args)
    except UsageError as e:
        print(f"negotiator: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `negotiator graph | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    if argv is None and args.command == "validate":
        _exit_now(code)
    return code


def _exit_now(code: int) -> NoReturn:
    """End the program at once, once its output is flushed, without freeing what it
    holds. ``validate`` keeps what it loaded (see cmd_validate): a big scenario is
    millions of objects, and freeing them one by one as Python exits would keep the
    user waiting after the report is out (0.3 s at 10,000 scenes). Nothing else is
    left to do at exit: validate writes no files and starts no threads."""
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        # A reader that went away (`| head`) or a closed stream: as main does.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
