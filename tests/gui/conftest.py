"""GUI test set-up: offscreen Qt, failing on Qt warnings, and a set-up desk to drive."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from desktop import auth, bootstrap, residents, setup
from desktop.bootstrap import Startup
from desktop.center_info import center_name
from desktop.context import DeskContext, StaffIdentity
from desktop.i18n import Translator
from desktop.paths import DataPaths
from desktop.residents import ResidentDraft
from tests.conftest import close_database
from tests.cups_server import CupsServer, cups_installed
from ui.app_shell import configure_application
from ui.desk_ui import DeskUi

ADMIN = ("admin", "desk-pass-2026")
SHOTS = Path("/tmp/shots")
FAILING = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
# Said by the offscreen platform plugin itself about what it cannot do; not our code.
PLATFORM_LIMITS = (
    "This plugin does not support propagateSizeHints()",
    "This plugin does not support raise()",
)


@pytest.fixture(autouse=True)
def fail_on_qt_warnings() -> Iterator[None]:
    """Any Qt warning or critical message during the test fails it."""
    problems: list[str] = []

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind == QtMsgType.QtFatalMsg:
            print("FATAL", message, file=sys.stderr)
        if kind in FAILING and message not in PLATFORM_LIMITS:
            problems.append(f"{kind.name}: {message}")

    previous = qInstallMessageHandler(handler)
    yield
    qInstallMessageHandler(previous)
    if problems:
        pytest.fail("Qt reported problems:\n" + "\n".join(problems))


@pytest.fixture(autouse=True)
def no_system_printers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine's own print service stays out of tests: CUPS clients ask a socket where
    nothing listens unless a test starts its own scheduler (``cups`` fixture)."""
    monkeypatch.setenv("CUPS_SERVER", "/nonexistent/desk-tests/cups.sock")


@pytest.fixture
def cups(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CupsServer]:
    """A real CUPS scheduler with two queues: Thermal80 (the default) and Laser."""
    if not cups_installed():
        pytest.skip("CUPS is not installed (Debian: cups cups-client)")
    server = CupsServer(tmp_path_factory.mktemp("cups"))
    server.start()
    server.add_queue("Thermal80", default=True)
    server.add_queue("Laser")
    monkeypatch.setenv("CUPS_SERVER", str(server.socket))
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def background_ops_end() -> Iterator[None]:
    """Work a screen started on a lane ends with its test, before its database closes."""
    yield
    from ui import ops

    ops.wait_for_all(30_000)


@pytest.fixture
def styled_app(qapp: QApplication) -> QApplication:
    configure_application(qapp, "zh_CN")
    return qapp


@pytest.fixture
def startup(data_paths: DataPaths, fast_passwords: None) -> Iterator[Startup]:
    started = bootstrap.start(data_paths)
    yield started
    close_database(started.db)


@pytest.fixture
def center_ctx(startup: Startup) -> DeskContext:
    """A center set up through the first-run service, with one admin account."""
    return setup.set_up_center(
        startup,
        setup.CenterSetup(
            center_name="幸福里党群服务中心",
            address="幸福路 8 号",
            hotline="023-12345678",
            admin_username=ADMIN[0],
            admin_display_name="王小红",
            admin_password=ADMIN[1],
        ),
    )


@pytest.fixture
def admin(center_ctx: DeskContext) -> StaffIdentity:
    return auth.sign_in(center_ctx, *ADMIN)


@pytest.fixture
def zhang_san(center_ctx: DeskContext, admin: StaffIdentity) -> residents.ResidentSummary:
    return residents.create_resident(
        center_ctx,
        admin,
        ResidentDraft(
            name="张三",
            phone="13812345678",
            estate="幸福里小区",
            building="3",
            unit="2",
            room="501",
            grid="幸福里一网格",
        ),
    )


@pytest.fixture
def make_desk_ui(
    styled_app: QApplication, startup: Startup, center_ctx: DeskContext
) -> Callable[..., DeskUi]:
    def make(staff: StaffIdentity | None = None, language: str = "zh_CN") -> DeskUi:
        return DeskUi(
            center_ctx, Translator(language), startup.settings, center_name(center_ctx), staff
        )

    return make


@pytest.fixture
def signed_in_ui(make_desk_ui: Callable[..., DeskUi], admin: StaffIdentity) -> DeskUi:
    return make_desk_ui(admin)


def save_shot(widget: Any, name: str) -> None:
    """Keep a picture of the screen for people to look at (not an assertion)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()  # let pending layout updates land first
    widget.grab().save(str(SHOTS / f"{name}.png"))
