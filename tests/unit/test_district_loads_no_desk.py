"""The district server loads only what it uses: no desk model, service or screen."""

from __future__ import annotations

import json
import subprocess
import sys


def _modules_loaded_by(statement: str) -> list[str]:
    script = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return list(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_district_app_loads_no_desk_model() -> None:
    loaded = _modules_loaded_by("import district.app")
    desk = [
        name
        for name in loaded
        if name.startswith(("db.models", "desktop", "ui", "PySide6"))
        or name in ("db.engine", "db.changelog", "db.base")
    ]
    assert desk == []
    assert "db.sqlite_engine" in loaded  # the neutral engine set-up it shares with the desk
