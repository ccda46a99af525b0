"""At start-up the desk ends, on the database lane, the sign-ins a crashed desk process left
open; the sign-in made in this process stays usable."""

from __future__ import annotations

import datetime as dt
import secrets

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from db.models import StaffSession
from desktop import access, running_desks
from ui import app
from ui.desk_ui import DeskUi


def test_start_up_ends_a_crashed_desks_sign_in_off_the_ui_thread(
    qtbot: QtBot, signed_in_ui: DeskUi
) -> None:
    ctx, staff = signed_in_ui.ctx, signed_in_ui.signed_in
    before_start = app.PROCESS_STARTED - dt.timedelta(hours=2)
    left = secrets.token_hex(32)
    with ctx.db.write() as session:
        session.add(
            StaffSession(
                secret_hash=left,
                staff_id=staff.id,
                started_at=before_start,
                last_seen_at=before_start,
            )
        )
    window = QWidget()
    qtbot.addWidget(window)
    try:
        app._end_left_open_sign_ins(window, ctx)

        def ended() -> bool:
            with ctx.db.read() as session:
                row = session.get(StaffSession, left)
                return row is not None and row.ended_why == "left_open"

        qtbot.waitUntil(ended, timeout=20_000)
        access.check(ctx, staff, "visit.register")  # this process's own sign-in: still open
    finally:
        running_desks.closing()
