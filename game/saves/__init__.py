"""Saves: event logs of games, replayed through the deterministic engine.

- :mod:`game.saves.model`: the save file (pydantic), its format version and migrations.
- :mod:`game.saves.store`: the saves directory: safe names, atomic writes, listing.
- :mod:`game.saves.replay`: loading = replaying the log (:func:`rebuild`).
- :mod:`game.saves.session`: a live game that autosaves, with undo.
- :mod:`game.saves.transcript`: Markdown and HTML transcripts for teachers.
- :mod:`game.saves.commands`: ``negotiator saves`` and ``negotiator replay``.

No Textual or Rich here: the TUI's save screens call these.
"""

from game.saves.model import FORMAT, SaveFile, Summary, TurnRecord, migrate
from game.saves.store import (
    SaveError,
    SaveExists,
    SaveInfo,
    SaveStore,
    load_save,
    resolve_saves_dir,
)

__all__ = [
    "FORMAT",
    "SaveError",
    "SaveExists",
    "SaveFile",
    "SaveInfo",
    "SaveStore",
    "Summary",
    "TurnRecord",
    "load_save",
    "migrate",
    "resolve_saves_dir",
]
