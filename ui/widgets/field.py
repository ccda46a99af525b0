"""A form field: its editor with the error shown right under it, in the user's language."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.errors import Message
from desktop.i18n import Translator


class FormField(QWidget):
    """Wraps an editor; :meth:`set_error` shows a message below it and marks it."""

    def __init__(self, editor: QWidget, name: str) -> None:
        super().__init__()
        self.name = name
        self.editor = editor
        self.error_label = QLabel()
        self.error_label.setObjectName("fieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error_label)

    def set_error(self, text: str | None) -> None:
        self.error_label.setText(text or "")
        self.error_label.setVisible(bool(text))
        self.editor.setProperty("invalid", bool(text))
        style = self.editor.style()
        style.unpolish(self.editor)
        style.polish(self.editor)

    @property
    def error(self) -> str:
        return "" if self.error_label.isHidden() else self.error_label.text()


class FieldSet:
    """Named fields of one form, laid out in a :class:`QFormLayout`."""

    def __init__(self, tr: Translator, form: QFormLayout) -> None:
        self.tr = tr
        self.form = form
        self.fields: dict[str, FormField] = {}

    def add_line(self, name: str, label_code: str, *, password: bool = False) -> QLineEdit:
        editor = QLineEdit()
        editor.setObjectName(name)
        if password:
            editor.setEchoMode(QLineEdit.EchoMode.Password)
        self.add(name, label_code, editor)
        return editor

    def add(self, name: str, label_code: str, editor: QWidget) -> FormField:
        field = FormField(editor, name)
        self.fields[name] = field
        self.form.addRow(self.tr(label_code), field)
        return field

    def text(self, name: str) -> str:
        editor = self.fields[name].editor
        return editor.text() if isinstance(editor, QLineEdit) else ""

    def show_errors(self, errors: Mapping[str, Message]) -> list[str]:
        """Show each message next to its field; returns the names that have no field."""
        self.clear_errors()
        orphans = []
        for name, message in errors.items():
            field = self.fields.get(name)
            if field is None:
                orphans.append(name)
            else:
                field.set_error(self.tr.message(message))
        first = next((self.fields[n] for n in self.fields if n in errors), None)
        if first is not None:
            first.editor.setFocus()
            window = first.window()
            if isinstance(window, QDialog):
                window.adjustSize()  # room for the messages, so none overlaps a field
        return orphans

    def clear_errors(self) -> None:
        for field in self.fields.values():
            field.set_error(None)
