"""The entry point: clear messages instead of tracebacks, and the non-interactive modes."""

from __future__ import annotations

import logging
import platform
import sqlite3
import sys
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import bootstrap, setup
from desktop.keyring_check import keyring_backend
from desktop.paths import DataPaths
from tests.gui.conftest import ADMIN, SHOTS
from ui import app

TOO_NEW = "此数据由较新版本的程序创建"


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


def newer_database(data_paths: DataPaths) -> None:
    bootstrap.start(data_paths).db.dispose()
    with sqlite3.connect(data_paths.database) as conn:
        conn.execute(
            "UPDATE alembic_version SET version_num = '9999_from_a_newer_app'"
            " WHERE version_num = (SELECT min(version_num) FROM alembic_version)"
        )


def test_newer_database_gives_a_message_box_not_a_traceback(
    qapp: QApplication, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    newer_database(data_paths)
    seen: list[str] = []

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.grab().save(str(SHOTS / "start_failed.png"))
            box.accept()
        else:
            QTimer.singleShot(20, read_and_close)

    SHOTS.mkdir(parents=True, exist_ok=True)
    QTimer.singleShot(0, read_and_close)
    code = app.main(["--data-dir", str(data_paths.root), "--lang", "zh_CN"])
    assert code == app.EXIT_START_FAILED
    assert len(seen) == 1 and TOO_NEW in seen[0]
    assert "Traceback" not in capsys.readouterr().err


def test_newer_database_without_dialogs_prints_the_message(
    qapp: QApplication, data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    newer_database(data_paths)
    code = app.main(["--data-dir", str(data_paths.root), "--quit-after-start"])
    assert code == app.EXIT_START_FAILED
    err = capsys.readouterr().err
    assert TOO_NEW in err and "Traceback" not in err


def test_quit_after_start_and_screenshot_of_a_set_up_desk(
    qapp: QApplication, data_paths: DataPaths, fast_passwords: None, tmp_path: Path
) -> None:
    startup = bootstrap.start(data_paths)
    setup.set_up_center(
        startup,
        setup.CenterSetup(
            "幸福里党群服务中心", "幸福路 8 号", "023-12345678", *ADMIN[:1], "王小红", ADMIN[1]
        ),
    )
    startup.db.dispose()
    assert app.main(["--data-dir", str(data_paths.root), "--quit-after-start"]) == 0
    shot = tmp_path / "window.png"
    assert app.main(["--data-dir", str(data_paths.root), "--screenshot", str(shot)]) == 0
    image = QImage(str(shot))
    assert image.width() > 600 and image.height() > 400
    log = (data_paths.logs / "desk.log").read_text(encoding="utf-8")
    assert "starting" in log


def test_fresh_data_folder_screenshot_shows_the_first_run_form(
    qapp: QApplication, tmp_path: Path
) -> None:
    shot = tmp_path / "first-run.png"
    code = app.main(["--data-dir", str(tmp_path / "fresh"), "--screenshot", str(shot)])
    assert code == 0 and QImage(str(shot)).width() > 300
    started = bootstrap.start(DataPaths(tmp_path / "fresh"))
    try:
        assert not bootstrap.is_set_up(started)
    finally:
        started.db.dispose()


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--version"]) == 0
    assert capsys.readouterr().out.strip()


def test_self_check_renders_and_prints_a_sample_slip(
    qapp: QApplication,
    data_paths: DataPaths,
    fast_passwords: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert app.main(["--data-dir", str(data_paths.root), "--demo", "--self-check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    versions = dict(line.split()[1:] for line in lines if line.startswith("version: "))
    assert versions["PySide6-Essentials"] == metadata.version("PySide6-Essentials")
    assert versions["keyring"] == metadata.version("keyring")
    assert versions["Qt"] and versions["Python"] == platform.python_version()
    assert "keyring: " + keyring_backend() in lines
    printed = [Path(line) for line in lines if not line.startswith(("version: ", "keyring: "))]
    assert [p.name for p in printed] == [
        "self-check.pdf",
        "self-check-printed.pdf",
        "self-check.xlsx",
    ]
    assert all(p.read_bytes().startswith(b"%PDF") for p in printed[:2])
    assert printed[2].read_bytes().startswith(b"PK")  # a zip: the .xlsx
