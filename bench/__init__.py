"""Benchmarks: ``python -m bench [NAME …]``; each module ``bench/<name>.py`` has ``run()``."""
