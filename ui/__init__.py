"""The desk's PySide6 screens: layout and signal wiring only; logic lives in ``desktop``."""
