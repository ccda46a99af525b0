"""Same-named accounts of the center's desks, in the staff accounts dialog: each clash in
words, and the admin's two answers (same person / different people, with a new name)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop import staff_clashes
from desktop.errors import UserError, ValidationError
from ui.desk_ui import DeskUi


class StaffClashes(QGroupBox):
    def __init__(
        self, desk: DeskUi, changed: Callable[[], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(desk.tr("ui.clash.title"), parent)
        self.setObjectName("staffClashes")
        self.desk = desk
        self.changed = changed
        self.grid = QGridLayout(self)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.names: dict[str, QLineEdit] = {}
        self.refresh()

    def refresh(self) -> None:
        tr = self.desk.tr
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.message:
                widget.deleteLater()
        self.names = {}
        clashes = staff_clashes.list_clashes(self.desk.ctx)
        for row, clash in enumerate(clashes):
            line = QLabel(
                tr(
                    "ui.clash.line",
                    username=clash.username,
                    mine=clash.mine_display,
                    mine_role=tr(f"ui.role.{clash.mine_role}"),
                    theirs=clash.theirs_display,
                    theirs_role=tr(f"ui.role.{clash.theirs_role}"),
                    held=f"{clash.username}.{clash.theirs_id[-4:]}",
                )
            )
            line.setWordWrap(True)
            same = QPushButton(tr("ui.clash.same"))
            same.setAutoDefault(False)
            same.clicked.connect(lambda _=False, mine=clash.mine_id: self.same_person(mine))
            name = QLineEdit()
            name.setPlaceholderText(tr("ui.clash.different"))
            rename = QPushButton(tr("ui.clash.rename"))
            rename.setAutoDefault(False)
            rename.clicked.connect(lambda _=False, mine=clash.mine_id: self.rename(mine))
            self.names[clash.mine_id] = name
            self.grid.addWidget(line, row * 2, 0, 1, 3)
            self.grid.addWidget(same, row * 2 + 1, 0)
            self.grid.addWidget(name, row * 2 + 1, 1)
            self.grid.addWidget(rename, row * 2 + 1, 2)
        self.grid.addWidget(self.message, len(clashes) * 2, 0, 1, 3)
        self.setVisible(bool(clashes) or bool(self.message.text()))

    def same_person(self, mine_id: str) -> None:
        tr = self.desk.tr
        try:
            username = staff_clashes.same_person(self.desk.ctx, self.desk.signed_in, mine_id)
        except UserError as error:
            self.message.setText(tr.message(error.message))
            return
        self.message.setText(tr("ui.clash.merged", username=username))
        self._done()

    def rename(self, mine_id: str) -> None:
        tr = self.desk.tr
        typed = self.names[mine_id].text()
        try:
            username = staff_clashes.different_people(
                self.desk.ctx, self.desk.signed_in, mine_id, typed
            )
        except ValidationError as error:
            self.message.setText(tr.message(error.fields["username"]))
            return
        except UserError as error:
            self.message.setText(tr.message(error.message))
            return
        self.message.setText(tr("ui.clash.renamed", username=username))
        self._done()

    def _done(self) -> None:
        self.refresh()
        self.changed()
