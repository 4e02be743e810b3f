"""The saved games (ctrl+o, or Load / Replay on the title screen): who played, which
scenario and role, how far, when, and how it ended. Enter loads (or replays) the
highlighted save; d deletes it after asking.

Returns ``(action, path)`` with action ``"load"`` or ``"replay"``, or None. The list is
read from the saves' summaries (no replay), so it opens at once; a file that cannot be
read is listed with the reason, and loading it only shows that reason.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from game.tui.screens.modal import BaseModal
from game.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from game.saves.store import SaveInfo

COLUMNS = ("player", "scenario", "role", "turn", "saved", "status")
HEADINGS = {
    "player": "Player",
    "scenario": "Scenario",
    "role": "Role",
    "turn": "Turn",
    "saved": "Saved",
    "status": "Status",
}
FIXED = {"turn": 4, "saved": 16}
SHARES = ("player", "scenario", "role", "status")  # as wide as their text, room allowing
ROOMY = 100  # from this width on, dates have their year  # of the room the fixed columns leave


def when(t: datetime, short: bool = False) -> str:
    """A save's time in the player's own time zone (saves store UTC)."""
    return t.astimezone().strftime("%d %b %H:%M" if short else "%Y-%m-%d %H:%M")


def cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def row_values(info: SaveInfo, long_titles: bool = True) -> dict[str, str]:
    """A save's cells as text, before they are fitted to the columns."""
    if info.save is None:
        return {
            "player": "?",
            "scenario": "",
            "role": "",
            "turn": "",
            "saved": "",
            "status": status_text(info),
        }
    s = info.save
    sm = s.summary
    return {
        "player": s.player or "(no name)",
        "scenario": (sm.scenario_title or s.scenario.id) if long_titles else s.scenario.id,
        "role": sm.role_name or s.role,
        "turn": str(sm.turns),
        "saved": "",  # filled in when the width is known
        "status": status_text(info),
    }


def fit(total: int, infos: list[SaveInfo]) -> tuple[dict[str, int], bool]:
    """Column widths for ``total`` cells (each column has a cell of padding on either
    side), and whether scenario titles fit (else their ids are shown). Each column gets
    what its longest text needs; when that is too much, the widest column gives way
    first (down to 6 cells), and Status takes any room left over."""
    fixed = dict(FIXED, saved=16 if total >= ROOMY else 12)
    room = max(30, total - 2 * len(COLUMNS) - sum(fixed.values()) - 1)
    widths: dict[str, int] = {}
    for long_titles in (True, False):
        rows = [row_values(i, long_titles) for i in infos]
        widths = {k: max([len(HEADINGS[k])] + [len(r[k]) for r in rows]) for k in SHARES}
        if sum(widths.values()) <= room:
            break
    while sum(widths.values()) > room:
        widest = max(widths, key=lambda k: widths[k])
        if widths[widest] <= 6:
            break
        widths[widest] -= 1
    widths["status"] += max(0, room - sum(widths.values()))
    return {**widths, **fixed}, long_titles


def status_text(info: SaveInfo) -> str:
    if info.save is None:
        return "cannot be read"
    sm = info.save.summary
    if sm.finished:
        return f"ended: {sm.ending_title or sm.ending}"
    return "in progress"


def row_cells(info: SaveInfo, widths: dict[str, int], long_titles: bool) -> list[Text]:
    values = row_values(info, long_titles)
    if info.save is not None:
        values["saved"] = when(info.save.updated, short=widths["saved"] < 16)
    out = []
    for key in COLUMNS:
        text = Text(cut(values[key], widths[key]))
        if key == "turn":
            text.justify = "right"
        if (
            key == "player" and info.save is not None and not info.save.player
        ) or info.save is None:
            text.stylize("italic")
        out.append(text)
    return out


def details(info: SaveInfo, current: Path | None) -> Content:
    """Everything about the highlighted save, under the list."""
    name = Content.styled(info.path.name, "bold")
    if info.save is None:
        return Content.assemble(name, (" cannot be read: ", "bold $text-error"), info.error or "")
    s = info.save
    sm = s.summary
    kind = "autosave" if s.autosave else "named copy"
    bits: list[Content | tuple[str, str] | str] = [name, (f"  ·  {kind}", "$text-muted")]
    if current is not None and info.path.resolve() == current.resolve():
        bits.append(("  ·  the game you are playing", "bold $text-accent"))
    bits += [
        "\n",
        (sm.scenario_title or s.scenario.id, "bold"),
        f", {sm.role_name or s.role}",
        (f"  ·  seed {s.seed}", "$text-muted"),
    ]
    who = [x for x in (s.player, f"class {s.class_code}" if s.class_code else None) if x]
    if who:
        bits += ["\n", ", ".join(who)]
    bits += [
        ("  ·  " if who else "\n", "$text-muted"),
        (f"started {when(s.created)}", "$text-muted"),
    ]
    if s.undos:
        bits.append((f", {s.undos} undone", "$text-muted"))
    bits.append("\n")
    if sm.finished:
        bits += [
            ("Ended: ", "bold"),
            (sm.ending_title or sm.ending or "", "bold $text-accent"),
            f" after {sm.turns} turns",
        ]
    else:
        bits.append(
            f"In progress: turn {sm.turns}" + (f", in scene '{sm.scene}'" if sm.scene else "")
        )
    return Content.assemble(*bits)


class SavesTable(DataTable):
    """A list of rows: Home and End go to the first and the last save."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First", show=False),
        Binding("end", "scroll_bottom", "Last", show=False),
    ]


class SavesScreen(BaseModal[tuple[str, Path] | None]):
    """The list of saves, for loading (``purpose="load"``) or replaying."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("l", "choose('load')", "Load"),
        Binding("r", "choose('replay')", "Replay"),
        Binding("d,delete", "delete", "Delete"),
    ]

    def __init__(self, saves: Any, purpose: str = "load", player: str | None = None) -> None:
        super().__init__()
        self.saves = saves  # the app's SavesUI: list_saves(), delete_save(), can_delete
        self.purpose = purpose
        self.player = player
        self.infos: dict[str, SaveInfo] = {}
        self.width = 0

    def compose(self) -> ComposeResult:
        title = "Load a saved game" if self.purpose == "load" else "Replay a saved game"
        if self.player:
            title += f": {self.player}'s games"
        with Vertical(id="saves", classes="panel"):
            yield Static(title, classes="panel-title", markup=False)
            yield SavesTable(id="saves-table", cursor_type="row", zebra_stripes=True)
            yield Static(id="save-details")
            with Horizontal(classes="dialog-buttons", id="saves-buttons"):
                main, other = ("load", "replay") if self.purpose == "load" else ("replay", "load")
                yield Button(main.capitalize(), id=main, variant="primary")
                yield Button(other.capitalize(), id=other)
                if self.saves.can_delete:
                    yield Button("Delete", id="delete", variant="error")
                yield Button("Close", id="close")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#saves-table", DataTable).focus()
        self.refresh_list()
        self.call_after_refresh(self.on_resize)  # the columns fit once the table has its size

    def on_resize(self) -> None:
        if self.table_width() != self.width:
            self.show_rows()

    def table_width(self) -> int:
        width = self.query_one("#saves-table", DataTable).content_region.width
        return width or self.app.size.width - 4

    # -- the list ----------------------------------------------------------------------
    def refresh_list(self) -> None:
        """Read the saves folder again and show it."""
        self.infos = {i.name: i for i in self.saves.list_saves(self.player)}
        self.show_rows()

    def show_rows(self) -> None:
        """Fit the rows to the table's width, keeping the highlighted save."""
        table = self.query_one("#saves-table", DataTable)
        keep = self.selected_name()
        infos = list(self.infos.values())
        self.width = self.table_width()
        widths, long_titles = fit(self.width, infos)
        table.clear(columns=True)
        for key in COLUMNS:
            heading = Text(HEADINGS[key], justify="right" if key == "turn" else "left")
            table.add_column(heading, width=widths[key], key=key)
        for info in infos:
            table.add_row(*row_cells(info, widths, long_titles), key=info.name)
        names = list(self.infos)
        if keep in self.infos:
            table.move_cursor(row=names.index(keep), animate=False)
        self.show_details()
        self.refresh_bindings()

    def selected_name(self) -> str | None:
        table = self.query_one("#saves-table", DataTable)
        if not self.infos or table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value

    def selected(self) -> SaveInfo | None:
        name = self.selected_name()
        return self.infos.get(name) if name is not None else None

    def show_details(self) -> None:
        box = self.query_one("#save-details", Static)
        info = self.selected()
        if info is not None:
            box.update(details(info, self.saves.current_path(self.app)))
        elif self.player:
            box.update(
                Content.styled(
                    f"No saved games for '{self.player}' here. Check the spelling of your name.",
                    "italic",
                )
            )
        else:
            box.update(
                Content.styled(f"No saved games in {self.saves.store.directory}/ yet.", "italic")
            )
        for button in self.query("#load, #replay, #delete").results(Button):
            button.disabled = info is None

    @on(DataTable.RowHighlighted)
    def row_highlighted(self) -> None:
        self.show_details()

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_choose(self.purpose)

    # -- actions -------------------------------------------------------------------------
    def action_choose(self, action: str) -> None:
        info = self.selected()
        if info is None:
            self.app.bell()
            return
        self.dismiss((action, info.path))

    def action_delete(self) -> None:
        from game.tui.screens.confirm import ConfirmDialog

        info = self.selected()
        if info is None or not self.saves.can_delete:
            return
        playing = self.saves.current_path(self.app)
        note = ""
        if playing is not None and info.path.resolve() == playing.resolve():
            note = (
                "\n\nThis is the game you are playing now: it is saved again after your next turn."
            )
        if info.save is not None:
            s = info.save
            what = f"{s.player or 'no name'}, {s.summary.scenario_title or s.scenario.id}, turn {s.summary.turns}, saved {when(s.updated)}"
        else:
            what = "a file that cannot be read"
        name = info.name

        def answered(yes: bool | None) -> None:
            if yes:
                try:
                    self.saves.delete_save(name)
                except Exception as e:
                    self.notify(str(e), title="Cannot delete", severity="error", markup=False)
                else:
                    self.notify(f"Deleted '{name}'.", markup=False)
                self.refresh_list()

        self.app.push_screen(
            ConfirmDialog(
                "Delete this save?",
                f"'{name}' ({what}) will be deleted for good.{note}",
                yes="Delete",
                danger=True,
            ),
            answered,
        )

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if super().check_action(action, parameters) is False:
            return False
        if action == "delete":
            return self.saves.can_delete and self.selected() is not None
        if action == "choose":
            return self.selected() is not None
        return True

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id
        if button in ("load", "replay"):
            self.action_choose(button)
        elif button == "delete":
            self.action_delete()
        elif button == "close":
            self.action_close()
