"""Every user-facing key binding, by screen, each with the id a keymap uses to rebind it, and the registry
built from them (ids, descriptions, default keys, how keys read on screen).

Kept in one light module so the keymap can be checked at start-up without importing every screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import format_key

APP: list[BindingType] = [
    Binding("q", "quit", "Quit", id="quit"),
    Binding("ctrl+c", "quit", "Quit (asks about unsaved notes)", id="interrupt", show=False),
    Binding("question_mark,f1", "help", "Help", id="help"),
]

READING: list[BindingType] = [
    Binding("j,down", "move(1)", "Next ¶", id="next-paragraph", show=False),
    Binding("k,up", "move(-1)", "Prev ¶", id="prev-paragraph", show=False),
    Binding("right_square_bracket", "next_link(1)", "Next link", id="next-link"),
    Binding("left_square_bracket", "next_link(-1)", "Prev link", id="prev-link", show=False),
    Binding("right_curly_bracket", "next_unmatched(1)", "Next omission", id="next-unmatched"),
    Binding("left_curly_bracket", "next_unmatched(-1)", "Prev omission", id="prev-unmatched", show=False),
    Binding("greater_than_sign", "next_shared(1)", "Next fact all report", id="next-shared", show=False),
    Binding("less_than_sign", "next_shared(-1)", "Prev fact all report", id="prev-shared", show=False),
    Binding("tab", "switch_pane", "Other pane", id="switch-pane"),
    Binding("h,left", "focus_step(-1)", "Pane to the left", id="focus-left", show=False),
    Binding("l,right", "focus_step(1)", "Pane to the right", id="focus-right", show=False),
    Binding("r", "rotate_panes", "Show the next two of three panes", id="rotate-panes", show=False),
    Binding("space,pagedown,f,ctrl+f", "page(1)", "Page down", id="page-down", show=False),
    Binding("b,pageup,ctrl+b", "page(-1)", "Page up", id="page-up", show=False),
    Binding("g,home", "edge(-1)", "Top", id="top", show=False),
    Binding("G,end", "edge(1)", "Bottom", id="bottom", show=False),
    Binding("colon", "ask_jump", "Go to ¶", id="jump-to-paragraph", show=False),
    Binding("slash", "ask_search", "Search", id="search"),
    Binding("n", "search_step(1)", "Next match", id="search-next", show=False),
    Binding("N", "search_step(-1)", "Prev match", id="search-prev", show=False),
    Binding("s", "toggle_sync", "Sync", id="toggle-sync", show=False),
    Binding("v", "toggle_layout", "Layout", id="toggle-layout"),
    Binding("c", "show_contrasts", "Contrasts", id="show-contrasts"),
    Binding("w", "why_linked", "Why the link under the cursor was made", id="why-linked", show=False),
    # annotating
    Binding("a", "add_note", "Note", id="add-note"),
    Binding("o", "show_notes", "Notes", id="show-notes"),
    Binding("ctrl+s", "save_notes", "Save", id="save-notes", show=False),
    Binding("S", "save_notes_as", "Save as", id="save-notes-as", show=False),
    Binding("m", "select_words", "Select words", id="select-words", show=False),
    Binding("L,shift+right", "move_selection_start(1)", "Selection start →", id="selection-start-forward", show=False),
    Binding("H,shift+left", "move_selection_start(-1)", "Selection start ←", id="selection-start-back", show=False),
    Binding("right_parenthesis", "select_sentence(1)", "Select to the sentence end", id="select-sentence", show=False),
    Binding("left_parenthesis", "select_sentence(-1)", "Select a sentence less", id="unselect-sentence", show=False),
    Binding("y", "copy", "Copy the paragraph or selection", id="copy", show=False),
    Binding("p", "pin_link", "Link the cursor with the pane read before", id="pin-link", show=False),
    Binding("x", "reject_link", "Unlink", id="reject-link", show=False),
    Binding("u", "undo", "Undo a link correction or deletion", id="undo", show=False),
    Binding("R", "review_links", "Review the links one by one", id="review-links", show=False),
    Binding("enter", "review_accept", "Pin the link under review", id="review-accept", show=False),
    Binding("escape", "review_end", "End the review", id="review-end", show=False),
    # the app does it: it owns the list of stories (only when started on a folder)
    Binding("backspace", "app.back_to_stories", "Back to the stories", id="back-to-stories", show=False),
]

# Not priority bindings: keys reach the text box first, in order, so a fast ctrl+s never saves a note
# before the last letters typed are in it.
NOTE_EDITOR: list[BindingType] = [
    Binding("ctrl+s", "submit", "Save note", id="submit-note"),
    Binding("escape", "cancel", "Cancel", id="cancel-note"),
    Binding("ctrl+home", "body_edge(False)", "Start of the note", id="note-start", show=False),
    Binding("ctrl+end", "body_edge(True)", "End of the note", id="note-end", show=False),
]

# j and k in every list, as in the reading screen (the arrows are the list's own).
LISTS: list[BindingType] = [
    Binding("j", "focused.cursor_down", "Next row", id="list-down", show=False),
    Binding("k", "focused.cursor_up", "Previous row", id="list-up", show=False),
]

# A modal screen stops the app's own bindings (Textual): the lists over the reading screen name quit and help
# again, under the same ids, so that a keymap rebinds them everywhere and "everywhere" in help stays true.
OVER_READING: list[BindingType] = [
    Binding("q", "app.quit_from_list", "Quit", id="quit", show=False),
    Binding("question_mark,f1", "app.help", "Help", id="help", show=False),
]

NOTES_LIST: list[BindingType] = [
    *LISTS,
    *OVER_READING,
    Binding("escape,o", "dismiss", "Close", id="close-notes"),
    Binding("e", "choose('edit')", "Edit", id="edit-note"),
    Binding("d,delete", "choose('delete')", "Delete", id="delete-note"),
    Binding("u", "choose('undo')", "Undo the last deletion or link correction", id="undo-in-notes"),
    Binding("s", "sort", "Creation / article order", id="sort-notes"),
    Binding("t", "tag_filter(1)", "Next tag (filter)", id="filter-tag-next"),
    Binding("T", "tag_filter(-1)", "Previous tag (filter)", id="filter-tag-prev"),
]

CONTRASTS: list[BindingType] = [*LISTS, *OVER_READING, Binding("escape,c", "dismiss", "Close", id="close-contrasts")]

PICKER: list[BindingType] = [
    *LISTS,
    Binding("space", "mark", "Mark article", id="picker-mark"),
    Binding("escape,backspace", "back", "Back", id="picker-back"),
    Binding("q", "app.quit", "Quit", id="picker-quit"),
]

HELP: list[BindingType] = [
    Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close-help"),
    Binding("j", "focused.scroll_down", "Scroll down", id="help-down", show=False),
    Binding("k", "focused.scroll_up", "Scroll up", id="help-up", show=False),
]

QUESTIONS: list[BindingType] = [Binding("escape", "dismiss", "Cancel", id="cancel-question")]

EVERYWHERE = "everywhere"  # the scope of the app's own bindings, active on every screen

#: (scope shown on the help screen, bindings), in the order the help screen lists them.
SCOPES = [
    (EVERYWHERE, APP),
    ("reading", READING),
    ("note editor", NOTE_EDITOR),
    ("notes list", NOTES_LIST),
    ("contrasts", CONTRASTS),
    ("story picker", PICKER),
    ("help", HELP),
    ("questions", QUESTIONS),
]


@dataclass(frozen=True)
class BindingInfo:
    id: str
    description: str
    default_keys: str
    scope: str
    action: str


def binding_infos(scopes: Iterable[tuple[str, Iterable[Binding | tuple]]]) -> list[BindingInfo]:
    """One entry per binding id across the given (scope name, BINDINGS) groups, first definition wins."""
    out: dict[str, BindingInfo] = {}
    for scope, bindings in scopes:
        for b in bindings:
            if isinstance(b, Binding) and b.id and b.id not in out:
                out[b.id] = BindingInfo(b.id, b.description or b.action, b.key, scope, b.action)
    return list(out.values())


def display_keys(keys: str) -> str:
    """Keys as a person reads them: "question_mark,f1" -> "? f1"."""
    return "  ".join("+".join(format_key(part) for part in key.split("+")) for key in keys.split(","))
