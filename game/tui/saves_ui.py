"""Saves in the TUI: the object behind ``app.saves`` (see ``SaveHooks`` in session.py).

Every game started in the TUI is autosaved to its own slot from turn 0, and after every
turn; a new game left before its first choice (quitting, another game, the title screen)
takes its slot away again (:meth:`SavesUI.leave`). ctrl+s writes a named copy; ctrl+o lists the saves; "Continue" loads the latest
unfinished autosave; undo takes back one turn at a time (the autosave records it); the
replay viewer steps through a save and can branch; the ending screen exports a
transcript next to the save.

Two records of one game: the TUI's :class:`PlaySession` plays the Game the screens show,
and the saves layer's ``SaveSession`` keeps the log and writes the file. After each turn
:meth:`SavesUI.autosave` replays the new choices into the ``SaveSession`` (the engine is
deterministic, so both stay the same game). Undo, loading and "play from here" go the
other way: the ``SaveSession`` is rebuilt and a new PlaySession is made from it.

Loading a save can load its scenario, so it runs in the app's loader thread; the rest is
quick and runs on the UI thread. Nothing here imports the saves layer until it is used.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from game.tui.session import NewGameSettings, PlaySession

if TYPE_CHECKING:
    from game.saves.replay import Rebuilt, ReplayDivergence
    from game.saves.session import SaveSession
    from game.saves.store import SaveInfo, SaveStore


def settings_of(ss: SaveSession) -> NewGameSettings:
    s = ss.save
    return NewGameSettings(
        s.scenario.source or s.scenario.id, s.role, s.seed, s.player, s.class_code
    )


def play_session(ss: SaveSession, settings: NewGameSettings | None = None) -> PlaySession:
    """A PlaySession for the game a SaveSession holds, playing its own copy of the Game
    (rebuilt from the log, so injected events are kept too)."""
    from game.saves.replay import rebuild

    r = rebuild(ss.save, ss.scenario)
    session = PlaySession(
        r.scenario, r.game, settings or settings_of(ss), list(r.turns), seed_given=False
    )
    session.save_session = ss
    return session


def same_player(a: str | None, b: str | None) -> bool:
    return bool(a and b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()  # type: ignore[union-attr]


class SavesUI:
    """Implements the TUI's save hooks over a :class:`~game.saves.store.SaveStore`.

    ``shared`` is the browser mode (``negotiator serve``): many students, one folder. A
    new game then needs a player's name, Continue/Load/Replay list only the saves of the
    name the student types, nobody's save can be overwritten by someone else, and
    nothing can be deleted.
    """

    def __init__(
        self,
        saves_dir: str | os.PathLike[str] | None = None,
        *,
        shared: bool = False,
        save_name: str | None = None,
        load: str | None = None,
        replay: str | os.PathLike[str] | None = None,
    ) -> None:
        self.saves_dir = saves_dir
        self.shared = shared
        self.pending_name = save_name  # --save NAME: the slot of the first new game
        self.pending_load = load  # --load SAVE
        self.pending_replay = replay  # negotiator replay SAVE
        self.player_name: str | None = None  # shared mode: the name last typed here
        self._store: SaveStore | None = None
        # The slots of new games this run made (path -> when it was made, and its undo
        # count then): while such a game has no choice in it, leaving it removes its slot.
        self._new_slots: dict[Path, tuple[Any, int]] = {}

    @property
    def store(self) -> SaveStore:
        if self._store is None:
            from game.saves.store import SaveStore, resolve_saves_dir

            self._store = SaveStore(resolve_saves_dir(self.saves_dir))
        return self._store

    @property
    def require_player(self) -> bool:
        return self.shared

    @property
    def can_delete(self) -> bool:
        return not self.shared

    # -- keeping a game saved ------------------------------------------------------------
    def attach(self, app: Any, session: PlaySession) -> None:
        """A game is shown: a new one gets its own save slot now (turn 0)."""
        if self.shared and session.settings.player:
            self.player_name = session.settings.player
        if session.save_session is not None:
            return
        try:
            self.start_record(session)
        except Exception as e:
            app.notify(
                f"{e}. The game goes on, and saving is tried again after every turn.",
                title="This game is not being saved",
                severity="error",
                timeout=20,
                markup=False,
            )

    def start_record(self, session: PlaySession) -> SaveSession:
        from game.saves.session import SaveSession

        s = session.settings
        g = session.game
        name, self.pending_name = self.pending_name, None
        ss = SaveSession.new(
            session.scenario,
            g.role.id,
            g.seed,
            store=self.store,
            player=s.player,
            class_code=s.class_code,
            name=name,
            start=g.start_scene,
            values=g.start_values or None,
            source=s.scenario,
        )
        session.save_session = ss
        if name is None:  # a slot the player named (--save NAME) stays, even empty
            self.remember_new_slot(ss)
        self.sync(session)
        return ss

    def remember_new_slot(self, ss: SaveSession) -> None:
        # Shared mode deletes no save (see can_delete): not even an empty one of its own.
        if ss.path is not None and not ss.save.turns and self.can_delete:
            self._new_slots[ss.path] = (ss.save.created, ss.save.undos)

    def leave(self, app: Any, session: PlaySession | None) -> None:
        """A game is no longer shown (another game or a loaded one is, the title screen
        is, or the app quits). A new game of this run left before its first choice takes
        its slot with it: a game with nothing in it is not worth keeping, and Continue
        and the list of saves would offer it ("Turn 0") before the player's real games.

        Only that slot, and only as it was written at turn 0: a save loaded from it and
        still shown keeps it; a game with a choice in it, or one undone back to its start,
        is kept; a file that is no longer that save (another took its place) is left
        alone. Nor are touched: a save made by another run, a slot the player named
        (--save NAME), and, in shared mode, anything. (A game made at turn 0 by a run that
        was killed stays: it can be loaded or deleted like any other.)"""
        from game.saves.store import SaveError, load_save

        ss = getattr(session, "save_session", None)
        if ss is None or ss.path is None or ss.path not in self._new_slots:
            return
        if ss.save.turns or session.turns or ss.path == self.current_path(app):  # type: ignore[union-attr]
            return
        made = self._new_slots.pop(ss.path)
        try:
            on_disk = load_save(ss.path)
        except SaveError:
            return
        name = self.store.name_of(ss.path)
        if name is None or on_disk.turns or (on_disk.created, on_disk.undos) != made:
            return
        with contextlib.suppress(SaveError):
            self.store.delete(name)

    def autosave(self, session: PlaySession) -> None:
        """After every turn: the new choices go into the save, which is written. Raises
        (and the game screen shows it) when the file could not be written; the turn
        stands either way."""
        from game.saves.store import SaveError

        ss = session.save_session
        if ss is None:
            ss = self.start_record(session)  # it failed before: try again
        else:
            self.sync(session)
        if ss.last_save_error:
            raise SaveError(ss.last_save_error)

    def sync(self, session: PlaySession) -> None:
        """Replay into the SaveSession the choices made since it last heard (autosaved)."""
        ss = session.save_session
        done = len(ss.turns)
        if len(session.turns) <= done:
            return
        self.fork_copy(ss)
        for turn in session.turns[done:]:
            ss.choose(turn.choice)

    def fork_copy(self, ss: SaveSession) -> None:
        """A named copy that was loaded stays as it was saved: before its game changes,
        it goes on in a new autosave slot."""
        if ss.save.autosave or ss.store is None:
            return
        ss.save_as(self.store.unique_name(self.auto_name(ss)), switch=True)

    def auto_name(self, ss: SaveSession) -> str:
        from game.saves.model import now
        from game.saves.store import sanitise_name

        s = ss.save
        who = (
            sanitise_name(s.player) if s.player and any(ch.isalnum() for ch in s.player) else s.role
        )
        return f"auto-{s.scenario.id}-{who}-{now().strftime('%Y%m%d-%H%M%S')}"

    def current_path(self, app: Any) -> Path | None:
        session = getattr(app, "session", None)
        ss = getattr(session, "save_session", None)
        return getattr(ss, "path", None)

    def record_of(self, app: Any, session: PlaySession) -> SaveSession | None:
        """The SaveSession of a game, up to date; None (with a message) if it has none."""
        try:
            if session.save_session is None:
                self.start_record(session)
            else:
                self.sync(session)
        except Exception as e:
            app.notify(str(e), title="This game is not being saved", severity="error", markup=False)
            return None
        return session.save_session

    # -- ctrl+s: a named copy --------------------------------------------------------------
    def save(self, app: Any, session: PlaySession) -> None:
        from game.tui.screens.save_dialog import SaveDialog

        ss = self.record_of(app, session)
        if ss is None:
            return
        s = session.settings
        suggestion = f"{s.player or session.game.role.id}-turn-{len(session.turns)}"

        def named(name: str | None) -> None:
            if name:
                self.save_as(app, session, name)

        app.push_screen(SaveDialog(suggestion, ss.name), named)

    def save_as(self, app: Any, session: PlaySession, name: str, overwrite: bool = False) -> None:
        from game.saves.store import SaveError, SaveExists, load_save
        from game.tui.screens.confirm import ConfirmDialog

        ss = session.save_session
        try:
            path = ss.save_as(name, overwrite=overwrite)
        except SaveExists:
            target = self.store.path_for(name)
            other = None
            with contextlib.suppress(SaveError):
                other = load_save(target)
            if self.shared and not (
                other is not None and same_player(other.player, session.settings.player)
            ):
                app.notify(
                    f"A save named '{target.stem}' exists already. Please choose another name.",
                    title="Not saved",
                    severity="warning",
                    markup=False,
                )
                return
            what = ""
            if other is not None:
                what = f" ({other.player or 'no name'}, {other.summary.scenario_title or other.scenario.id}, turn {other.summary.turns})"

            def answered(yes: bool | None) -> None:
                if yes:
                    self.save_as(app, session, name, overwrite=True)

            app.push_screen(
                ConfirmDialog(
                    "Replace that save?",
                    f"A save named '{target.stem}'{what} exists already. Replace it with this game?",
                    yes="Replace",
                    danger=True,
                ),
                answered,
            )
            return
        except (SaveError, OSError) as e:
            app.notify(str(e), title="Not saved", severity="error", markup=False)
            return
        app.notify(f"Saved a copy as '{path.stem}' in {path.parent}/.", title="Saved", markup=False)

    # -- loading ---------------------------------------------------------------------------
    def list_saves(self, player: str | None = None) -> list[SaveInfo]:
        infos = self.store.list()
        if self.shared:
            return [i for i in infos if i.save is not None and same_player(i.save.player, player)]
        return infos

    def delete_save(self, name: str) -> None:
        if not self.can_delete:
            raise PermissionError("saves cannot be deleted here")
        self.store.delete(name)

    def ask_player(self, app: Any, then: Any) -> None:
        """Shared mode: ask who is playing, then call ``then(name)``."""
        from game.tui.screens.save_dialog import PlayerDialog

        def answered(name: str | None) -> None:
            if name:
                self.player_name = name
                then(name)

        app.push_screen(PlayerDialog(self.player_name or ""), answered)

    def open_saves(self, app: Any, purpose: str) -> None:
        from game.tui.screens.load import SavesScreen

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is None:
                return
            action, path = result
            if action == "replay":
                self.replay(app, path)
            else:
                self.load(app, path)

        if self.shared:
            self.ask_player(
                app, lambda name: app.push_screen(SavesScreen(self, purpose, name), chosen)
            )
        else:
            app.push_screen(SavesScreen(self, purpose), chosen)

    def open_load_screen(self, app: Any) -> None:
        self.open_saves(app, "load")

    def open_replay_screen(self, app: Any) -> None:
        self.open_saves(app, "replay")

    async def _open(
        self, app: Any, path: str | os.PathLike[str], opener: Any, verb: str, at_start: bool
    ) -> Any:
        """Run ``opener(app, path)`` in the loader thread. A save that cannot be used
        becomes a message (a notification, or the start-up error screen), a diverged one
        the "continue from turn k-1" offer; either way None is returned and nothing changes."""
        from game.saves.replay import ReplayDivergence
        from game.saves.store import SaveError

        shown = Path(path).stem
        try:
            result = await app.in_loader(opener, app, path)
            app.clear_notifications()  # what was said about the last save is old news
            return result
        except ReplayDivergence as e:
            app.clear_notifications()
            if at_start:
                app.action_title()
            self.diverged(app, e)
        except SaveError as e:
            app.clear_notifications()
            self._cannot(
                app,
                f"Cannot {verb} the save '{shown}'",
                f"Cannot {verb} '{shown}'",
                str(e),
                at_start,
            )
        except Exception as e:  # never a traceback on screen
            self._cannot(
                app,
                f"Cannot {verb} the save '{shown}'",
                f"Cannot {verb} '{shown}'",
                f"Unexpected error: {e!r}",
                at_start,
            )
        return None

    @staticmethod
    def _cannot(app: Any, long: str, title: str, message: str, at_start: bool) -> None:
        if at_start:
            app.show_start_error(f"{long}: {message}")
        else:
            app.notify(message, title=title, severity="error", timeout=15, markup=False)

    def load(self, app: Any, path: str | os.PathLike[str]) -> None:
        """Load a save and play on. A save that cannot be used gives a notification and
        changes nothing (the file is only read); the game being played goes on."""
        app.run_worker(self.load_worker(app, path), group="saves", exclusive=True)

    async def load_worker(
        self, app: Any, path: str | os.PathLike[str], *, at_start: bool = False
    ) -> None:

        result = await self._open(app, path, self.resume, "load", at_start)
        if result is None:
            return
        ss, session = result
        if at_start and self.pending_name:
            name, self.pending_name = self.pending_name, None
            try:
                ss.save_as(name, switch=True)
            except Exception as e:
                app.notify(f"{e}", title=f"Not saved as '{name}'", severity="error", markup=False)
        self.show_loaded(app, ss, session)

    def resume(self, app: Any, path: str | os.PathLike[str]) -> tuple[SaveSession, PlaySession]:
        """Runs in the loader thread."""
        from game.saves.session import SaveSession

        ss = SaveSession.resume(path, self.store, self.cached_scenario(app, path))
        self.remember_scenario(app, ss)
        return ss, play_session(ss)

    def cached_scenario(self, app: Any, path: str | os.PathLike[str]) -> Any:
        """The save's scenario if this run has loaded it already (loading takes a moment)."""
        from game.saves.store import SaveError, load_save

        scenarios = getattr(app, "scenarios", {})
        try:
            ref = load_save(self.store.locate(path)).scenario
        except SaveError:
            return None
        cs = scenarios.get(ref.source or ref.id)
        return cs if cs is not None and cs.id == ref.id else None

    def remember_scenario(self, app: Any, ss: SaveSession) -> None:
        scenarios = getattr(app, "scenarios", None)
        if isinstance(scenarios, dict):
            ref = ss.save.scenario
            scenarios.setdefault(ref.source or ref.id, ss.scenario)

    def show_loaded(self, app: Any, ss: SaveSession, session: PlaySession, note: str = "") -> None:
        app.show_session(session)
        for w in ss.warnings:
            app.notify(w, title="Note", severity="warning", timeout=15, markup=False)
        if ss.inconsistencies:
            more = len(ss.inconsistencies) - 1
            app.notify(
                "Its stored summary disagrees with the replay, so the file was edited or damaged. "
                f"The game shown is the replay. ({ss.inconsistencies[0]}"
                + (f", and {more} more difference{'s' if more > 1 else ''})" if more else ")"),
                title="Inconsistent save",
                severity="warning",
                timeout=20,
                markup=False,
            )
        copy = (
            "" if ss.save.autosave else " Playing on saves to a new slot: the copy stays as it is."
        )
        turns = len(ss.turns)
        app.notify(
            note or f"Turn {turns}, from '{ss.name}'.{copy}",
            title="Game loaded",
            markup=False,
        )

    def diverged(self, app: Any, e: ReplayDivergence) -> None:
        """A recorded choice no longer exists or is not available at turn k: say exactly
        that, and offer to go on from turn k-1 in a new save (the file is left alone)."""
        from game.tui.screens.confirm import ConfirmDialog

        k = e.turn - 1
        app.notify(
            str(e),
            title="This save cannot be loaded as it is",
            severity="error",
            timeout=10,
            markup=False,
        )
        offer = (
            f"The first {k} turn{'s' if k != 1 else ''} still replay. Continue from turn {k} in a new save?"
            if k
            else "Start this game again from the beginning, in a new save?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.branch(app, e.rebuilt_so_far, None, f"Continuing from turn {k} in a new save")

        app.push_screen(
            ConfirmDialog(
                "This save cannot be loaded as it is",
                f"{e}\n\nThe file has not been changed. {offer}",
                yes=f"Continue from turn {k}" if k else "Start again",
                focus_yes=True,
            ),
            answered,
        )

    # -- Continue ----------------------------------------------------------------------------
    def continue_latest(self, app: Any) -> None:
        if self.shared:
            self.ask_player(app, lambda name: self.continue_for(app, name))
        else:
            self.continue_for(app, None)

    def continue_for(self, app: Any, player: str | None) -> None:
        info = self.latest(player)
        if info is None:
            whose = f" for '{player}'" if player else ""
            app.notify(
                f"There is no unfinished game to continue{whose}. Start a new game with n.",
                markup=False,
            )
            return
        self.load(app, info.path)

    def latest(self, player: str | None) -> SaveInfo | None:
        for info in self.store.list():
            s = info.save
            if s is None or not s.autosave or s.summary.finished:
                continue
            if info.path in self._new_slots and not s.turns:
                continue  # the new game just started here: there is nothing to continue
            if self.shared and not same_player(s.player, player):
                continue
            return info
        return None

    # -- undo --------------------------------------------------------------------------------
    def undo(self, app: Any, session: PlaySession) -> None:
        """Back one turn, by replaying the log to turn n-1; the autosave records it."""
        ss = self.record_of(app, session)
        if ss is None:
            return
        if not ss.can_undo:
            app.notify("Nothing to undo: this is the start of the game.", markup=False)
            return
        number = len(ss.turns)
        try:
            self.fork_copy(ss)
            ss.undo()
            again = play_session(ss, session.settings)
        except Exception as e:
            app.notify(str(e), title="Cannot undo", severity="error", markup=False)
            return
        again.seed_given = session.seed_given
        app.show_session(again)
        if ss.last_save_error:
            app.notify(ss.last_save_error, title="Autosave failed", severity="error", markup=False)
        app.notify(f"Took back turn {number}.", title="Undo", timeout=3, markup=False)

    # -- replay -------------------------------------------------------------------------------
    def replay(self, app: Any, path: str | os.PathLike[str], *, at_start: bool = False) -> None:
        app.run_worker(
            self.replay_worker(app, path, at_start=at_start), group="saves", exclusive=True
        )

    async def replay_worker(
        self, app: Any, path: str | os.PathLike[str], *, at_start: bool = False
    ) -> None:
        from game.tui.screens.replay import ReplayScreen

        result = await self._open(app, path, self.open_replay, "replay", at_start)
        if result is None:
            return
        rebuilt, located = result
        screen = ReplayScreen(rebuilt, located)
        if at_start:
            app.replace_screens(screen)
        else:
            app.push_screen(screen)
        for w in rebuilt.warnings:
            app.notify(w, title="Note", severity="warning", timeout=15, markup=False)

    def open_replay(self, app: Any, path: str | os.PathLike[str]) -> tuple[Rebuilt, Path]:
        """Runs in the loader thread."""
        from game.saves.replay import rebuild
        from game.saves.store import load_save

        located = self.store.locate(path)
        rebuilt = rebuild(load_save(located), self.cached_scenario(app, located))
        scenarios = getattr(app, "scenarios", None)
        if isinstance(scenarios, dict):
            ref = rebuilt.save.scenario
            scenarios.setdefault(ref.source or ref.id, rebuilt.scenario)
        return rebuilt, located

    def play_from_here(self, app: Any, rebuilt: Rebuilt, k: int) -> None:
        """A new game (a new save) that starts as the replay stood after step ``k``."""
        self.branch(
            app, rebuilt, k, f"A new game from step {k}" if k else "A new game from the start"
        )

    def branch(self, app: Any, rebuilt: Rebuilt, upto: int | None, what: str) -> None:
        from game.saves.session import SaveSession

        try:
            ss = SaveSession.from_rebuilt(rebuilt, self.store, upto=upto)
            self.remember_new_slot(ss)  # (from the start: a new game, kept once played)
            session = play_session(ss)
        except Exception as e:
            app.notify(str(e), title="Cannot start from here", severity="error", markup=False)
            return
        self.show_loaded(
            app, ss, session, note=f"{what} ('{ss.name}'). The original save is unchanged."
        )

    # -- transcripts -----------------------------------------------------------------------------
    def export_transcript(self, app: Any, session: PlaySession) -> None:
        from game.saves.replay import rebuild

        ss = self.record_of(app, session)
        if ss is None:
            return
        if ss.path is None:
            app.notify(
                "This game has no save file to write the transcript next to.",
                severity="error",
                markup=False,
            )
            return
        self.write_transcript(app, rebuild(ss.save, ss.scenario), ss.path)

    def write_transcript(self, app: Any, rebuilt: Rebuilt, save_path: Path | None) -> Path | None:
        """Write ``NAME.html`` and ``NAME.md`` next to the save, and say where."""
        from game.saves.store import atomic_write
        from game.saves.transcript import to_html, to_markdown

        if save_path is None:
            return None
        html_path = save_path.with_suffix(".html")
        try:
            atomic_write(html_path, to_html(rebuilt).encode("utf-8"))
            atomic_write(save_path.with_suffix(".md"), to_markdown(rebuilt).encode("utf-8"))
        except OSError as e:
            app.notify(
                f"Cannot write the transcript: {e.strerror or e}", severity="error", markup=False
            )
            return None
        app.notify(
            f"{html_path.resolve()}\n(and the same as .md). Open it in a browser to read or print it.",
            title="Transcript written",
            timeout=20,
            markup=False,
        )
        return html_path

    # -- start-up -------------------------------------------------------------------------------
    def first_screen(self, app: Any) -> bool:
        """``negotiator play --load SAVE`` and ``negotiator replay SAVE`` start here."""
        if self.pending_replay is None and self.pending_load is None:
            return False  # a new game: the loading screen's module is not needed
        from game.tui.screens.loading import LoadingScreen

        if self.pending_replay is not None:
            path, self.pending_replay = self.pending_replay, None
            app.push_screen(LoadingScreen(Path(path).stem))
            self.replay(app, path, at_start=True)
            return True
        if self.pending_load is not None:
            name, self.pending_load = self.pending_load, None
            app.push_screen(LoadingScreen(Path(name).stem))
            app.run_worker(
                self.load_worker(app, name, at_start=True), group="saves", exclusive=True
            )
            return True
        return False
