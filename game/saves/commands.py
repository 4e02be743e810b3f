"""``negotiator saves`` and ``negotiator replay``: thin commands over the saves layer.

Exit codes: 0 done, 2 a save or a name that cannot be used (with a message on stderr,
never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from game.saves.replay import Rebuilt, ReplayDivergence, rebuild
from game.saves.store import SaveError, SaveInfo, SaveStore, load_save, resolve_saves_dir

EXIT_OK, EXIT_FAILED = 0, 2


def _err(msg: str) -> None:
    print(f"negotiator: {msg}", file=sys.stderr)


def _store(args: argparse.Namespace) -> SaveStore:
    return SaveStore(resolve_saves_dir(getattr(args, "saves_dir", None)))


def _row(i: SaveInfo) -> list[str]:
    s = i.save
    assert s is not None
    sm = s.summary
    status = f"ended: {sm.ending_title or sm.ending}" if sm.finished else f"in {sm.scene or '?'}"
    kind = "" if s.autosave else " (copy)"
    return [
        i.name + kind,
        s.player or "-",
        s.class_code or "-",
        s.scenario.id,
        s.role,
        str(sm.turns),
        s.updated.strftime("%Y-%m-%d %H:%M"),
        status,
    ]


def cmd_saves(args: argparse.Namespace) -> int:
    """List the saves, newest first, from their summaries (no replay)."""
    store = _store(args)
    infos = store.list()
    if getattr(args, "json", False):
        print(
            json.dumps(
                {"directory": str(store.directory), "saves": [i.to_json() for i in infos]}, indent=2
            )
        )
        return EXIT_OK
    if not infos:
        print(f"No saves in {store.directory}/ (start one with: negotiator play --save NAME)")
        return EXIT_OK
    head = ["NAME", "PLAYER", "CLASS", "SCENARIO", "ROLE", "TURN", "UPDATED (UTC)", "STATUS"]
    rows = [_row(i) for i in infos if i.ok]
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head) - 1)]
    print(f"Saves in {store.directory}/, newest first:")
    for r in [head, *rows]:
        print("  " + "  ".join(x.ljust(w) for x, w in zip(r, widths, strict=False)) + "  " + r[-1])
    bad = [i for i in infos if not i.ok]
    if bad:
        print()
        print("Files that cannot be read (left as they are):")
        for i in bad:
            print(f"  {i.path.name}: {i.error}")
    print()
    print(
        "Continue one with: negotiator play --load NAME    Transcript: negotiator replay NAME --export html"
    )
    return EXIT_OK


def open_save(store: SaveStore, name_or_path: str) -> Rebuilt:
    """Find, read and replay a save for viewing. Raises SaveError / ReplayDivergence."""
    return rebuild(load_save(store.locate(name_or_path)))


def divergence_message(e: ReplayDivergence, shown_as: str) -> str:
    """The CLI's report of a log that cannot be followed, with what can be done."""
    k = e.turn - 1
    extra = (
        f"\nThe first {k} turn{'s' * (k != 1)} still replay; the game screen (TUI) can continue from there."
        if k
        else ""
    )
    return f"cannot replay the save '{shown_as}': {e}{extra}"


def cmd_replay(args: argparse.Namespace) -> int:
    """Export a saved game as a transcript, or step through it."""
    store = _store(args)
    try:
        path = store.locate(args.save)
        rebuilt = rebuild(load_save(path))
    except ReplayDivergence as e:
        _err(divergence_message(e, args.save))
        return EXIT_FAILED
    except SaveError as e:
        _err(f"cannot open the save '{args.save}': {e}")
        return EXIT_FAILED
    for w in rebuilt.warnings:
        _err(f"warning: {w}")
    if rebuilt.inconsistencies:
        _err(
            "warning: this save is inconsistent (its summary disagrees with the replay; the transcript follows the replay):"
        )
        for x in rebuilt.inconsistencies:
            _err(f"  {x}")
    export = getattr(args, "export", None)
    if export is None:
        run_replay = _tui_replay() if sys.stdin.isatty() and sys.stdout.isatty() else None
        if run_replay is not None:
            return int(run_replay(path) or 0)
        from game.saves.transcript import to_markdown

        sys.stdout.write(to_markdown(rebuilt))
        return EXIT_OK
    from game.saves.transcript import to_html, to_markdown

    text = to_html(rebuilt) if export == "html" else to_markdown(rebuilt)
    out = getattr(args, "out", None)
    if not out:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(out)
    try:
        if target.exists() and target.resolve() == path.resolve():
            _err(f"--out '{out}' is the save itself; choose another file")
            return EXIT_FAILED
        target.write_text(text, encoding="utf-8")
    except OSError as e:
        _err(f"cannot write '{out}': {e.strerror or e}")
        return EXIT_FAILED
    print(f"Wrote the transcript to {target}", file=sys.stderr)
    return EXIT_OK


def _tui_replay():  # type: ignore[no-untyped-def]
    """The TUI's replay viewer, if it has one yet (``game.tui.run_replay(path)``)."""
    try:
        import game.tui as tui
    except ImportError:
        return None
    return getattr(tui, "run_replay", None)
