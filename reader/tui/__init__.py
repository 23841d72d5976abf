"""The Textual app: screens, widgets, key bindings and keymaps, settings, and the pure display helpers."""
