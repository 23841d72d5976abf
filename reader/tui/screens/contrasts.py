"""The contrasts table: people, groups and things both articles mention, with each side's descriptors (paragraph
and whose words), and the loaded words."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from reader.analysis.comparison import Comparison
from reader.analysis.descriptors import Descriptor
from reader.text.corpus import outlet_names
from reader.tui import bindings


@dataclass(frozen=True)
class Jump:
    """Where to put both panes: a paragraph on each side (None leaves that side where it is)."""

    left: int | None
    right: int | None


def _cell(items: tuple[Descriptor, ...]) -> Text:
    """Descriptors one per line, then the name as the article writes it, dimmed. Never markup."""
    described = [d for d in items if d.kind != "name"]
    named = [d.text for d in items if d.kind == "name"]
    cell = Text()
    for k, d in enumerate(described):
        if k:
            cell.append("\n")
        cell.append(f"“{d.text}”")
        cell.append(f" ¶{d.paragraph}" + (" quoted" if d.voice != "own" else " own"), style="dim")
    if not described:
        cell.append("—")
    if named:
        cell.append(f"\n{named[0]}", style="dim italic")
    return cell


def _first(items: tuple[Descriptor, ...], mentions: tuple[int, ...]) -> int | None:
    described = [d.paragraph for d in items if d.kind != "name"]
    return described[0] if described else (mentions[0] if mentions else None)


class ContrastsScreen(ModalScreen[Jump | None]):
    """Pick a row to jump both panes to where the entity is described; escape closes."""

    BINDINGS = bindings.CONTRASTS

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        c = self.comparison
        with Vertical(id="contrasts-box"):
            yield Static(
                Content(f"Descriptor contrasts ({len(c.contrasts)}): enter jumps both panes there, esc closes"),
                classes="box-title",
            )
            if not c.contrasts:
                yield Static(Content("No contrasts found."), id="no-contrasts")
            table: DataTable = DataTable(id="contrasts-table", cursor_type="row", zebra_stripes=True)
            side = max(20, (self.app.size.width - 48) // 2)
            names = outlet_names((c.left, c.right))
            table.add_column(Text("referent"), width=20)
            table.add_column(Text("kind"), width=6)
            table.add_column(Text(names[0]), width=side)
            table.add_column(Text(names[1]), width=side)
            for contrast in c.contrasts:
                table.add_row(
                    Text(contrast.entity), Text(contrast.kind), _cell(contrast.left), _cell(contrast.right), height=None
                )
            yield table
            yield Static(Content(f"Loaded words ({len(c.loaded)}): used by one side only"), classes="box-title")
            loaded: DataTable = DataTable(id="loaded-table", cursor_type="row", zebra_stripes=True)
            loaded.add_columns(*(Text(h) for h in ("word", "side", "¶", "about")))
            for w in c.loaded:
                loaded.add_row(Text(w.word), Text(w.side), Text(str(w.paragraph)), Text(w.subject))
            yield loaded

    def on_mount(self) -> None:
        self.query_one("#contrasts-table", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = event.cursor_row
        if event.data_table.id == "contrasts-table":
            contrast = self.comparison.contrasts[row]
            self.dismiss(
                Jump(_first(contrast.left, contrast.left_mentions), _first(contrast.right, contrast.right_mentions))
            )
        else:
            word = self.comparison.loaded[row]
            self.dismiss(Jump(word.paragraph, None) if word.side == "left" else Jump(None, word.paragraph))
