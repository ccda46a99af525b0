"""New or edited resident; a duplicate shows the existing record and Enter picks it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import residents
from desktop.errors import UserError, ValidationError
from desktop.residents import DuplicateResidentError, ResidentDraft, ResidentSummary
from ui.desk_ui import DeskUi
from ui.dialogs.messages import show_user_error
from ui.widgets.field import FieldSet

FIELDS = (
    ("name", "ui.resident.name"),
    ("phone", "ui.resident.phone"),
    ("id_number", "ui.resident.id_number"),
    ("estate", "ui.resident.estate"),
    ("building", "ui.resident.building"),
    ("unit", "ui.resident.unit"),
    ("room", "ui.resident.room"),
    ("grid", "ui.resident.grid"),
    ("note", "ui.resident.note"),
)


def prefill(typed: str) -> ResidentDraft:
    """What was typed in the search box becomes the phone (digits) or the name."""
    digits = typed.replace(" ", "").replace("-", "")
    if digits.isdigit() and len(digits) >= 7:
        return ResidentDraft(phone=typed)
    if typed and not any(ch.isdigit() for ch in typed) and not typed.isascii():
        return ResidentDraft(name=typed)
    return ResidentDraft()


class ResidentFormDialog(QDialog):
    def __init__(
        self,
        desk: DeskUi,
        parent: QWidget | None = None,
        *,
        typed: str = "",
        resident_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("residentForm")
        self.desk = desk
        self.resident_id = resident_id
        self.resident: ResidentSummary | None = None
        self.matches: list[ResidentSummary] = []
        tr = desk.tr
        self.setWindowTitle(
            tr("ui.resident.edit_title" if resident_id else "ui.resident.new_title")
        )
        form = QFormLayout()
        self.fields = FieldSet(tr, form)
        for name, code in FIELDS:
            self.fields.add_line(name, code)
        draft = (
            residents.edit_draft(desk.ctx, desk.signed_in, resident_id)
            if resident_id
            else prefill(typed)
        )
        for name, _ in FIELDS:
            self.fields.fields[name].editor.setProperty("text", getattr(draft, name))

        self.duplicate_box = QWidget()
        self.duplicate_box.setObjectName("duplicateBox")
        box = QVBoxLayout(self.duplicate_box)
        warning = QLabel(tr("ui.resident.duplicate"))
        warning.setObjectName("warning")
        warning.setWordWrap(True)
        self.match_list = QListWidget()
        self.match_list.setObjectName("duplicateMatches")
        self.match_list.setMaximumHeight(96)
        self.use_button = QPushButton(tr("ui.resident.use_existing"))
        self.anyway_button = QPushButton(tr("ui.resident.create_anyway"))
        self.anyway_button.setAutoDefault(False)
        self.use_button.clicked.connect(self.use_existing)
        self.anyway_button.clicked.connect(lambda: self.save(allow_duplicate=True))
        for widget in (warning, self.match_list, self.use_button, self.anyway_button):
            box.addWidget(widget)
        self.duplicate_box.hide()

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            tr("ui.common.save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(tr("ui.common.cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.duplicate_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.use_button.setAutoDefault(False)
        self.save_button.setDefault(True)  # once the button is inside the dialog
        first_empty = next((n for n, _ in FIELDS if not self.fields.text(n)), "name")
        self.fields.fields[first_empty].editor.setFocus()

    def draft(self) -> ResidentDraft:
        return ResidentDraft(**{name: self.fields.text(name).strip() for name, _ in FIELDS})

    def save(self, allow_duplicate: bool = False) -> None:
        ctx, staff = self.desk.ctx, self.desk.signed_in
        try:
            if self.resident_id:
                self.resident = residents.update_resident(
                    ctx, staff, self.resident_id, self.draft()
                )
            else:
                self.resident = residents.create_resident(
                    ctx, staff, self.draft(), allow_duplicate=allow_duplicate
                )
        except DuplicateResidentError as duplicate:
            self.show_duplicates(duplicate.matches)
            return
        except ValidationError as error:
            self.fields.show_errors(error.fields)
            return
        except UserError as error:
            show_user_error(self, self.desk.tr, error)
            return
        self.accept()

    def show_duplicates(self, matches: list[ResidentSummary]) -> None:
        self.fields.clear_errors()
        self.matches = matches
        self.match_list.clear()
        for match in matches:
            self.match_list.addItem(
                f"{match.name}　{match.phone_masked}　{match.id_masked}　{match.address}"
            )
        self.match_list.setCurrentRow(0)
        self.duplicate_box.show()
        self.save_button.setDefault(False)
        self.use_button.setAutoDefault(True)
        self.use_button.setDefault(True)
        self.use_button.setFocus()

    def use_existing(self) -> None:
        row = max(self.match_list.currentRow(), 0)
        if self.matches:
            self.resident = self.matches[row]
            self.accept()
