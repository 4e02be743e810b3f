"""``negotiator report``: the class report, as a command.

Exit codes: 0 the report was written (even when some saves were bad: they are listed in
it), 2 a usage problem (no such path, no saves found, an --out that cannot be written),
with a message on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2


def _err(msg: str) -> None:
    print(f"negotiator: {msg}", file=sys.stderr)


def _check_out(out: str) -> str | None:
    """Why ``--out`` cannot be written, or None. Checked before the work starts."""
    target = Path(out)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        return f"--out '{out}' is a folder; give a file name"
    if not parent.is_dir():
        return f"--out '{out}': the folder '{parent}' does not exist"
    if target.exists() and not os.access(target, os.W_OK):
        return f"--out '{out}' cannot be written (permission denied)"
    if not target.exists() and not os.access(parent, os.W_OK):
        return f"--out '{out}' cannot be written: the folder '{parent}' is not writable"
    return None


def cmd_report(args: argparse.Namespace) -> int:
    from game.classroom.render import RENDERERS, headline, render_table
    from game.classroom.report import ReportError, build_report, collect

    fmt = args.format or "table"
    out = args.out
    if out:
        why = _check_out(out)
        if why:
            _err(why)
            return EXIT_USAGE
        try:
            files, _ = collect(args.paths)
        except ReportError as e:
            _err(str(e))
            return EXIT_USAGE
        target = Path(out).resolve()
        if any(f.resolve() == target for f in files):
            _err(f"--out '{out}' is one of the saves being read; choose another file")
            return EXIT_USAGE
    try:
        report = build_report(args.paths)
    except ReportError as e:
        _err(str(e))
        return EXIT_USAGE
    if out is None:
        if fmt == "table":
            tty = sys.stdout.isatty()
            width = None if tty or os.environ.get("COLUMNS") else 120
            render_table(report, width=width)
            return EXIT_OK
        sys.stdout.write(RENDERERS[fmt](report))
        if not sys.stdout.isatty():
            print(headline(report), file=sys.stderr)
        return EXIT_OK
    text = RENDERERS[fmt](report)
    try:
        # csv: the module writes its own line endings; newline="" keeps them as they are.
        with open(out, "w", encoding="utf-8", newline="" if fmt == "csv" else None) as f:
            f.write(text)
    except OSError as e:
        _err(f"cannot write '{out}': {e.strerror or e}")
        return EXIT_USAGE
    print(f"Wrote the class report ({fmt}) to {out}: {headline(report)}", file=sys.stderr)
    return EXIT_OK
