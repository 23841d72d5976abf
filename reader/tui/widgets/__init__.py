"""Textual widgets that render the core's data."""
