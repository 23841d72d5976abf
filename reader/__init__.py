"""diptych: read two accounts of one story side by side."""

__version__ = "0.1.0"
