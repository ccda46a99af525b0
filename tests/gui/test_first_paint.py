"""A usual start paints the window and the sign-in before the database, the ORM, the vault
or the status bar are loaded; what is typed meanwhile counts once they are."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop import bootstrap, setup
from desktop.paths import DataPaths
from tests.gui.conftest import ADMIN, SHOTS
from ui import app
from ui.backup.status_widget import BackupButton
from ui.dialogs.sign_in import SignInDialog
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "sqlalchemy",
    "alembic",
    "db.models",
    "db.engine",
    "desktop.context",
    "desktop.settings",
    "desktop.auth",
    "keyring",
    "pydantic",
    "cryptography",
    "argon2",
    "httpx",
)

PAINT_PROBE = """
import sys
import ui.app
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow

def probe():
    loaded = [name for name in sys.argv[2:] if name in sys.modules]
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    shown = [w.isVisible() and not w.desk.ready for w in windows]
    print("loaded at first paint:", loaded, "window shown, desk starting:", shown, flush=True)

ui.app.FIRST_PAINT_LISTENERS.append(probe)
sys.exit(ui.app.main(["--data-dir", sys.argv[1], "--quit-after-start"]))
"""


@pytest.fixture(autouse=True)
def keep_process_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """main() installs an excepthook and a log handler; put both back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def set_up(data_paths: DataPaths) -> None:
    startup = bootstrap.start(data_paths)
    setup.set_up_center(
        startup,
        setup.CenterSetup(
            "幸福里党群服务中心", "幸福路 8 号", "023-12345678", ADMIN[0], "王小红", ADMIN[1], 2
        ),
    )
    startup.db.dispose()


def test_the_first_paint_loads_nothing_of_the_database(
    data_paths: DataPaths, fast_passwords: None
) -> None:
    set_up(data_paths)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", PAINT_PROBE, str(data_paths.root), *HEAVY],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "loaded at first paint: [] window shown, desk starting: [True]" in done.stdout


def test_sign_in_shows_first_and_what_is_typed_meanwhile_counts(
    qapp: QApplication, data_paths: DataPaths, fast_passwords: None
) -> None:
    set_up(data_paths)
    seen: dict[str, object] = {}

    def first_paint() -> None:
        window = next(w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow))
        dialog = window.sign_in_dialog
        assert isinstance(dialog, SignInDialog)
        seen["painted"] = (dialog.isVisible(), window.desk.ready, window.windowTitle())
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / "first_paint_window.png"))
        dialog.grab().save(str(SHOTS / "first_paint_sign_in.png"))
        QTest.keyClicks(dialog.username, ADMIN[0])  # typed before the database is open
        QTimer.singleShot(0, lambda: carry_on(window, dialog))

    def carry_on(window: MainWindow, dialog: SignInDialog) -> None:
        seen["ready"] = (window.desk.ready, len(window.findChildren(BackupButton)))
        QTest.keyClicks(dialog.password, ADMIN[1])
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)
        seen["signed in"] = window.current_page_key()
        for button in window.findChildren(BackupButton):
            button.exit_done = True  # closing without the exit backup's box
        qapp.exit(0)

    app.FIRST_PAINT_LISTENERS.append(first_paint)
    assert app.main(["--data-dir", str(data_paths.root), "--lang", "zh_CN"]) == 0
    assert seen["painted"] == (True, False, "党群服务中心前台 · 幸福里党群服务中心")
    assert seen["ready"] == (True, 1)
    assert seen["signed in"] == "register"
