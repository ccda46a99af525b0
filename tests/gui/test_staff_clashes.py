"""Same-named accounts of two desks are shown to the center admin, who settles each one."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from db.ids import uuid7
from db.models import Staff
from db.types import utcnow
from desktop import auth
from tests.gui.conftest import save_shot
from ui.desk_ui import DeskUi
from ui.dialogs.staff_accounts import StaffAccountsDialog


def _pulled_account(ui: DeskUi, username: str, display_name: str, role: str) -> str:
    """An account of another desk as the pull stores it when its name is taken here."""
    new_id = uuid7()
    now = utcnow()
    with ui.ctx.db.write() as session:
        session.execute(
            insert(Staff).values(
                id=new_id,
                center_id=ui.ctx.center_id,
                username=f"{username}.{new_id[-4:]}",
                display_name=display_name,
                role=role,
                password_hash=auth.hash_password("other-desk-pass"),
                active=True,
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
    return new_id


def test_admin_settles_same_named_accounts(qtbot: QtBot, signed_in_ui: DeskUi) -> None:
    ctx = signed_in_ui.ctx
    auth.create_staff(
        ctx, signed_in_ui.signed_in, "qiantai", "前台小张", "front_desk", "pass-2026x"
    )
    theirs = _pulled_account(signed_in_ui, "qiantai", "前台小赵", "front_desk")
    dialog = StaffAccountsDialog(signed_in_ui)
    qtbot.addWidget(dialog)
    dialog.show()
    clashes = dialog.clashes
    assert clashes.isVisible()
    text = clashes.findChildren(type(clashes.message))[0].text()
    assert "qiantai" in text and "前台小张" in text and "前台小赵" in text
    save_shot(dialog, "staff_clashes")
    mine = next(iter(clashes.names))
    clashes.names[mine].setText("qiantai")  # taken: said, kept
    clashes.rename(mine)
    assert "已有人使用" in clashes.message.text() and clashes.names[mine].text() == "qiantai"
    clashes.names[mine].setText("xiaozhang")
    clashes.rename(mine)
    assert "xiaozhang" in clashes.message.text() and not clashes.names
    usernames = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert {"xiaozhang", "qiantai"} <= usernames  # the other desk's account has its name back
    assert auth.sign_in(ctx, "qiantai", "other-desk-pass").id == theirs
