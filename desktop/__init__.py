"""The desk's application core in plain Python (no Qt widgets outside ``desktop.app``)."""
