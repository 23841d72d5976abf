"""Keys handled in the order they were typed, however fast."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object  # a mixin, listed before the widget class it joins (Textual merges a widget's styles
    # and component classes along its widget bases only)


class KeysInOrder(_Base):
    """Textual queues each key at the widget that had the focus when the key arrived, and runs its binding
    later, at the app. A key that opens the prompt or a dialog (`/`, `a`) or closes one (enter, ctrl+s)
    moves the focus while the keys typed behind it still wait in the old widget's queue: they would land
    in the wrong place or be taken as commands ("/flood" paging down on its "f", a fast "ctrl+s j j"
    saving "jj" into the note). So a widget with this mixin runs each key's binding as the key arrives, and
    hands the keys queued behind a change of focus on to where the focus went."""

    TAKES_TEXT: ClassVar[bool] = False  # printable keys are the widget's own text, not bindings

    async def _on_key(self, event: events.Key) -> None:
        app, screen = self.app, self.screen
        if app.screen is screen and screen.focused is self:  # `has_focus` waits for the Focus event
            if not (self.TAKES_TEXT and event.is_printable):  # a text box's own handler, next, types text
                await run_binding_now(event, self)
            return
        # A dialog opening above this screen takes its keys at its screen (it may have no focus yet); once
        # this widget's own dialog has closed, they go to the focus of the screen below.
        # Straight to the focused widget where there is one: a key that bubbled up through the app on its way
        # could be overtaken by the next key typed, which goes to that widget directly.
        target = (app.screen.focused or app.screen) if screen in app.screen_stack else app.focused
        forward(event, target, self)


async def run_binding_now(event: events.Key, widget: Widget) -> bool:
    """Run the binding of this key now, ahead of the keys queued behind it, and consume the key if there was
    one. (No public call does this; the app would run the same binding a moment later.)"""
    if not await widget.app._check_bindings(event.key):
        return False
    event.stop()
    event.prevent_default()
    return True


def forward(event: events.Key, target: Widget | None, sender: Widget) -> None:
    """Hand a key queued at `sender` on to `target`, where the focus has gone since it was typed."""
    if target is None or target is sender:
        return
    event.stop()
    event.prevent_default()
    target.post_message(events.Key(event.key, event.character))


class OrderedInput(KeysInOrder, Input):
    TAKES_TEXT = True


class OrderedTextArea(KeysInOrder, TextArea):
    TAKES_TEXT = True
