"""The ``service-center`` entry point: start-up, first run or demo, then the desk's window.

At a usual start (a set-up desk whose database is at the current schema,
:mod:`desktop.first_look`) the main window with its lock page and the sign-in dialog paint
first, from three facts read with ``sqlite3``; the rest of the start-up (database engine,
ORM, vault, status bar) follows right after the first paint, while the person reads the
screen or types (keys typed meanwhile are kept by Qt's queue). Any other start (first run,
a migration, a restore, a database newer than the app) runs the full start-up first, as
before. ``--quit-after-start`` and ``--screenshot`` run without dialogs, for installer
tests, benchmarks and documentation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from desktop.log_privacy import configure_logging
from desktop.paths import DataPaths
from desktop.startup_steps import step

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.bootstrap import Startup
    from desktop.context import DeskContext
    from ui.main_window import MainWindow

log = logging.getLogger("ui.app")
EXIT_START_FAILED = 2
QUIT_WAIT_MS = 15_000
"""How long quitting waits for background work (a sync round, a backup) to end."""
PROCESS_STARTED = dt.datetime.now(dt.UTC)
"""When this desk process started: sign-ins older than every running desk process are ones
a crash left open (:mod:`desktop.running_desks`)."""
FIRST_PAINT_LISTENERS: list[Callable[[], None]] = []
"""Called once the first window of a start has painted (the cold-start benchmark)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="service-center", description="Front desk of a Party-mass service center"
    )
    parser.add_argument("--data-dir", type=Path, help="keep every file of the desk under PATH")
    parser.add_argument("--demo", action="store_true", help="open a demo center with fake data")
    parser.add_argument("--lang", choices=LANGUAGES, help="UI language (default: from settings)")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--screenshot", type=Path, metavar="PATH", help="save the window as PNG")
    parser.add_argument(
        "--quit-after-start", action="store_true", help="exit once the main window is shown"
    )
    parser.add_argument(
        "--export", type=Path, metavar="PATH", help="write the desk (database, settings) to PATH"
    )
    parser.add_argument(
        "--import",
        dest="import_from",
        type=Path,
        metavar="PATH",
        help="set this data folder up from a file made by --export (or any backup)",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="start, migrate, render and print a sample slip to PDF in the data folder, exit",
    )
    return parser


def version() -> str:
    from desktop.app_version import app_version  # package metadata: not before the first paint

    return app_version()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if os.name != "nt":
        os.umask(0o077)  # every file the desk makes (database, WAL, logs, PDFs) owner-only
    if args.version:
        print(version())
        return 0
    paths = DataPaths(args.data_dir.resolve()) if args.data_dir else DataPaths.default()
    tr = Translator(args.lang or DEFAULT_LANGUAGE)
    if args.export or args.import_from:
        from desktop.backup.transfer import run_transfer

        return run_transfer(paths, tr, args.export, args.import_from)
    step("Starting the desk …")
    from ui.app_shell import create_application

    app = create_application()
    interactive = not (args.quit_after_start or args.screenshot or args.self_check)
    try:
        paths.ensure()
        configure_logging(paths.logs / "desk.log")
    except OSError:
        return _fail(app, tr, interactive, "db.unreadable")
    from ui import ops
    from ui.backup.restart import EXIT_RESTART, finish_restart

    while True:
        existed = paths.database.exists()
        early = None if args.self_check else _first_paint(app, args, paths, interactive)
        log.info("desk %s starting", version())
        step("Checking the database …" if existed else "Creating the database …")
        startup = _start(app, paths, tr, interactive)
        if startup is None:
            _close(early)
            return EXIT_START_FAILED
        try:
            code = _run(app, args, startup, interactive, early)
            if code == EXIT_RESTART:
                finish_restart(app)  # background work ends before the database closes
        finally:
            ops.wait_for_all(QUIT_WAIT_MS)  # a round still running must not lose its database
            startup.db.dispose()
        if code != EXIT_RESTART:
            return code
        log.info("desk restarting to apply a restore")


def _first_paint(
    app: QApplication, args: argparse.Namespace, paths: DataPaths, interactive: bool
) -> MainWindow | None:
    """A usual start: the window and the sign-in paint before the database is opened."""
    from desktop.first_look import first_look

    look = first_look(paths)
    if look is None:
        return None
    language = args.lang or look.language
    from ui.app_shell import configure_application
    from ui.desk_ui import DeskUi
    from ui.main_window import MainWindow

    configure_application(app, language)
    window = MainWindow(DeskUi.starting(Translator(language), look.center_name, look.desk_slot))
    window.show()
    if interactive:
        window.request_sign_in()
    _paint()
    step("The window is shown.")
    return window


def _paint() -> None:
    """Let what is shown paint (one pass of a local event loop: the application itself is
    not told to quit), then tell the listeners of the first paint."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()
    listeners = list(FIRST_PAINT_LISTENERS)
    FIRST_PAINT_LISTENERS.clear()
    for listener in listeners:
        listener()


def _close(window: QWidget | None) -> None:
    if window is not None:
        window.close()
        window.deleteLater()


def _run(
    app: QApplication,
    args: argparse.Namespace,
    startup: Startup,
    interactive: bool,
    early: MainWindow | None = None,
) -> int:
    language = args.lang or str(startup.settings.get("language"))
    tr = Translator(language)
    if early is None or early.desk.tr.language != language:
        from ui.app_shell import configure_application

        configure_application(app, language)
    sys.excepthook = _excepthook(tr, interactive)
    from desktop import bootstrap

    try:
        set_up = bootstrap.is_set_up(startup)
        if early is not None and not set_up:  # gone since the first look: the full way
            _close(early)
            early = None
        if set_up:
            ctx = bootstrap.desk_context(startup)
        elif args.demo:
            from desktop.demo import open_demo_center

            step("Preparing the demo center's data …")
            ctx = open_demo_center(startup)
        else:
            from ui.dialogs.first_run import FirstRunDialog

            dialog = FirstRunDialog(startup, tr)
            if not interactive:
                dialog.show()
                return _finish_non_interactive(dialog, args.screenshot)
            if not dialog.exec() or dialog.ctx is None:
                return 0
            ctx = dialog.ctx
            if dialog.admin is not None:  # set up just now: the recovery sheet comes next
                from ui.backup.recovery_sheet_dialog import RecoverySheetDialog

                RecoverySheetDialog(ctx, dialog.admin, tr, None, "ui.sheet.intro_setup").exec()
                from desktop.auth import sign_out

                sign_out(ctx, dialog.admin)  # the desk's own sign-in comes next
    except UserError as error:
        _close(early)
        return _fail(app, tr, interactive, error.message.code, **error.message.params)
    if args.self_check:
        return _self_check(ctx)
    from desktop.center_info import center_name

    if early is not None:
        window = early
        window.desk.attach(ctx, startup.settings, center_name(ctx))
    else:
        from ui.desk_ui import DeskUi
        from ui.main_window import MainWindow

        step("Opening the main window …")
        window = MainWindow(DeskUi(ctx, tr, startup.settings, center_name(ctx)))
    window.warn_about_keyring = True  # no OS keyring: told to the first admin to sign in
    window.show()
    if not interactive:
        code = _finish_non_interactive(window, args.screenshot)
        step("The desk is ready; quitting as asked.")
        return code
    step("The desk is ready.")
    _end_left_open_sign_ins(window, ctx)
    from ui.backup.status_widget import start_backups

    start_backups(window)
    _purge_slips_daily(window, ctx, startup)
    if startup.notice is not None:  # a restore finished (or undone) at this start
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(window, tr("ui.app.title"), tr.message(startup.notice))
    window.request_sign_in_later()
    code = app.exec()
    from desktop.staff_sessions import CLOSED

    window.end_sign_in(CLOSED)
    window.close()
    window.deleteLater()
    from desktop.running_desks import closing

    closing()
    return code


def _end_left_open_sign_ins(window: QWidget, ctx: DeskContext) -> None:
    """On the database lane, after the window is up: end the sign-ins a crashed desk
    process left open (:func:`desktop.running_desks.end_left_open`). A failure is logged
    only: nobody waits for this."""
    from desktop.running_desks import end_left_open
    from ui.ops import run_op

    def failed(error: UserError) -> None:
        log.warning("sign-ins left open were not ended: %s", error.message.code)

    run_op(
        lambda: end_left_open(ctx, PROCESS_STARTED),
        lambda ended: None,
        failed,
        owner=window,
        what="sign-ins left open",
    )


def _purge_slips_daily(window: QWidget, ctx: DeskContext, startup: Startup) -> None:
    """Kept slips older than ``slip.keep_days`` go every day the desk stays open (and at
    start-up, in :func:`desktop.bootstrap.start`)."""
    from PySide6.QtCore import QTimer

    from desktop.file_privacy import purge_old_slips

    timer = QTimer(window)
    timer.setInterval(24 * 3600 * 1000)
    timer.timeout.connect(
        lambda: purge_old_slips(ctx.paths, ctx.now(), int(startup.settings.get("slip.keep_days")))
    )
    timer.start()


def _self_check(ctx: DeskContext) -> int:
    """Say which versions run (those the bundle was built with) and which system keyring
    serves, check Qt's locale support, render a sample slip and put it through Qt's print
    path into a PDF file. Stdout: a ``version: NAME VERSION`` line per library, a
    ``keyring: BACKEND`` line (``none`` without one), then the files made, one a line."""
    from PySide6.QtCore import qVersion

    from desktop.keyring_check import keyring_backend
    from desktop.library_versions import library_versions
    from desktop.self_check import render_sample_slip, write_sample_ledger
    from ui.locale_check import locale_problems
    from ui.printing.pdf_printer import PrintTarget, print_pdf

    for name, number in [*library_versions(), ("Qt", qVersion())]:
        print(f"version: {name} {number}")
    print(f"keyring: {keyring_backend()}")
    problems = locale_problems()
    for problem in problems:
        print(f"self-check: {problem}", file=sys.stderr)
    if problems:
        return 1
    slip = render_sample_slip(ctx)
    printed = slip.with_name("self-check-printed.pdf")
    print_pdf(slip.read_bytes(), PrintTarget(pdf_file=printed))
    print(slip)
    print(printed)
    print(write_sample_ledger(ctx))
    return 0


def _finish_non_interactive(window: QWidget, screenshot: Path | None) -> int:
    """Let the window be shown, save it as PNG if asked, and quit."""
    _paint()
    saved = True
    if screenshot is not None:
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        saved = window.grab().save(str(screenshot))
    window.close()
    window.deleteLater()
    return 0 if saved else 1


def _start(
    app: QApplication, paths: DataPaths, tr: Translator, interactive: bool
) -> Startup | None:
    from desktop import bootstrap

    try:
        return bootstrap.start(paths)
    except UserError as error:
        log.warning("start-up refused: %s", error.message.code)
        _fail(app, tr, interactive, error.message.code, **error.message.params)
    except Exception:
        log.exception("start-up failed")
        _fail(app, tr, interactive, "ui.app.unexpected")
    return None


def _fail(app: QApplication, tr: Translator, interactive: bool, code: str, **params: object) -> int:
    """Tell the person why the desk cannot start: a message box, or stderr without dialogs."""
    text = tr(code, **params)
    if not interactive:
        print(f"{tr('ui.app.start_failed')}: {text}", file=sys.stderr)
        return EXIT_START_FAILED
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, tr("ui.app.start_failed"), text)
    box.setObjectName("startFailedBox")
    box.exec()
    return EXIT_START_FAILED


def _excepthook(
    tr: Translator, interactive: bool
) -> Callable[[type[BaseException], BaseException, TracebackType | None], None]:
    """Log an unexpected error; tell the person at the desk, if there is one (a self-check
    or a scripted start has nobody to close a dialog: it fails with the log instead)."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        log.error("unexpected error", exc_info=(kind, error, trace))
        if not interactive:
            print(f"unexpected error: {kind.__name__} (see the desk log)", file=sys.stderr)
            return
        from PySide6.QtWidgets import QApplication

        from ui.dialogs.messages import show_unexpected

        if isinstance(QApplication.instance(), QApplication):
            show_unexpected(QApplication.activeWindow(), tr)

    return hook


if __name__ == "__main__":
    sys.exit(main())
