"""The help screen: every binding with the keys the live keymap gives it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.text.sanitise import shown
from reader.tui import bindings
from reader.tui.bindings import BindingInfo, display_keys


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings.HELP

    def __init__(self, bindings: list[BindingInfo], keymap: dict[str, str], notes: list[str]) -> None:
        super().__init__()
        self.bindings_info = bindings
        self.keymap = keymap
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Content("diptych keys  (esc closes; change them in keymap.yaml)"), id="help-title")
            table: DataTable = DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            table.add_columns(*(Text(h) for h in ("keys", "action", "where", "binding id")))
            for info in self.bindings_info:
                keys = display_keys(self.keymap.get(info.id, info.default_keys))
                table.add_row(Text(keys), Text(info.description), Text(info.scope), Text(info.id))
            yield table
            for line in self.notes:
                yield Static(Content(shown(line)), classes="help-note")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
