"""The thin Qt layer over ``desktop.sync``: background rounds and the status bar."""
