"""The new-game dialog: scenario, role, player's name and class code (optional; both
are recorded in the save, and the name is required when a class shares one saves
folder) and seed (optional).

Returns a :class:`NewGameSettings`, or None when cancelled. Scenarios are loaded in a
worker thread, so the dialog opens at once and fills in as they arrive.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from game.tui import view
from game.tui.screens.modal import BaseModal
from game.tui.session import NewGameSettings, ScenarioEntry
from game.tui.widgets.footer import Footer


class NewGameScreen(BaseModal[NewGameSettings | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+n", "start", "Start"),
    ]

    def __init__(self, defaults: NewGameSettings) -> None:
        super().__init__()
        self.defaults = defaults
        self.entries: dict[str, ScenarioEntry] = {}

    @property
    def player_required(self) -> bool:
        """A class sharing one saves folder (negotiator serve) needs to know whose game it is."""
        return bool(getattr(getattr(self.app, "saves", None), "require_player", False))

    def compose(self) -> ComposeResult:
        with Vertical(id="new-game", classes="dialog"):
            yield Static("New game", classes="dialog-title", markup=False)
            with Grid(id="new-game-form"):
                yield Label("Scenario", markup=False)
                yield Select[str]([], prompt="Loading…", id="scenario", compact=True)
                yield Label("Role", markup=False)
                yield Select[str]([], prompt="Choose a scenario first", id="role", compact=True)
                yield Label("Your name", markup=False)
                yield Input(
                    self.defaults.player or "",
                    placeholder="required: your teacher sees it"
                    if self.player_required
                    else "optional",
                    id="player",
                    max_length=40,
                    compact=True,
                )
                yield Label("Class code", markup=False)
                yield Input(
                    self.defaults.class_code or "",
                    placeholder="optional: from your teacher",
                    id="class-code",
                    max_length=40,
                    compact=True,
                )
                yield Label("Seed", markup=False)
                yield Input(
                    "" if self.defaults.seed is None else str(self.defaults.seed),
                    placeholder="blank = random",
                    id="seed",
                    type="integer",
                    max_length=9,
                    compact=True,
                )
            with VerticalScroll(id="new-game-about"):
                yield Static(id="about", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start", id="start", variant="primary", disabled=True)
                yield Button("Cancel", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query(Input).results():
            widget.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#scenario", Select).focus()
        self.load_catalogue()

    # -- loading the scenarios ---------------------------------------------------------
    @work(exclusive=True, group="catalogue")
    async def load_catalogue(self) -> None:
        app = self.app
        entries = await app.in_loader(app.catalogue, self.defaults.scenario)  # type: ignore[attr-defined]
        self.show_catalogue(entries)

    def show_catalogue(self, entries: list[ScenarioEntry]) -> None:
        from game.loader.paths import DEFAULT_SCENARIO

        self.entries = {e.name: e for e in entries}
        select = self.query_one("#scenario", Select)
        select.set_options([(Text(e.label), e.name) for e in entries])
        playable = [e.name for e in entries if e.scenario is not None]
        for choice in (self.defaults.scenario, DEFAULT_SCENARIO, *playable, *self.entries):
            if choice in self.entries and (
                self.entries[choice].scenario is not None or choice == self.defaults.scenario
            ):
                select.value = choice
                break
        self.scenario_changed()

    # -- reacting to the form -------------------------------------------------------------
    @on(Select.Changed, "#scenario")
    def scenario_changed(self) -> None:
        select = self.query_one("#scenario", Select)
        role = self.query_one("#role", Select)
        entry = self.entries.get(select.value) if isinstance(select.value, str) else None
        if entry is None or entry.scenario is None:
            role.set_options([])
            self.show_about(entry)
            self.query_one("#start", Button).disabled = True
            return
        cs = entry.scenario
        role.set_options([(Text(r.name), r.id) for r in cs.roles.values()])
        wanted = self.defaults.role if self.defaults.role in cs.roles else cs.default_role
        role.value = wanted
        self.query_one("#start", Button).disabled = False
        self.show_about(entry)

    @on(Select.Changed, "#role")
    def role_changed(self) -> None:
        select = self.query_one("#scenario", Select)
        self.show_about(self.entries.get(select.value) if isinstance(select.value, str) else None)

    def show_about(self, entry: ScenarioEntry | None) -> None:
        about = self.query_one("#about", Static)
        if entry is None:
            about.update("")
            return
        if entry.scenario is None:
            about.update(
                Content.assemble(
                    ("This scenario cannot be played:\n", "bold $text-error"), entry.error or ""
                )
            )
            return
        cs = entry.scenario
        parts: list[tuple[str, str] | str] = [
            (cs.title, "bold"),
            "\n",
            view.reflow(cs.model.summary),
        ]
        if cs.model.play_time:
            parts.append((f"\nPlaying time: {cs.model.play_time}", "$text-muted"))
        role_id = self.query_one("#role", Select).value
        role = cs.roles.get(role_id) if isinstance(role_id, str) else None
        if role is not None:
            parts += ["\n\n", (f"You play: {role.name}", "bold"), "\n", view.reflow(role.briefing)]
        about.update(Content.assemble(*parts))

    # -- results -----------------------------------------------------------------------------
    def settings(self) -> NewGameSettings | None:
        scenario = self.query_one("#scenario", Select).value
        role = self.query_one("#role", Select).value
        if not isinstance(scenario, str) or not isinstance(role, str):
            return None
        seed_text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(seed_text) if seed_text else None
        except ValueError:
            self.notify(
                "The seed must be a whole number (or blank for a random one).", severity="warning"
            )
            return None
        player = " ".join(self.query_one("#player", Input).value.split()) or None
        if player is None and self.player_required:
            self.notify(
                "Please type your name: your game is saved under it.",
                severity="warning",
                markup=False,
            )
            self.query_one("#player", Input).focus()
            return None
        class_code = self.query_one("#class-code", Input).value.strip() or None
        return NewGameSettings(
            scenario=scenario, role=role, seed=seed, player=player, class_code=class_code
        )

    def action_start(self) -> None:
        if self.query_one("#start", Button).disabled:
            return
        settings = self.settings()
        if settings is not None:
            self.dismiss(settings)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#start")
    def start_pressed(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def input_submitted(self) -> None:
        self.action_start()
