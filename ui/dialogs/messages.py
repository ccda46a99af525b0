"""Message boxes for errors people can act on, never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import UserError
from desktop.i18n import Translator

log = logging.getLogger(__name__)


def show_user_error(parent: QWidget | None, tr: Translator, error: UserError) -> None:
    QMessageBox.warning(parent, tr("ui.app.problem"), tr.message(error.message))


def show_info(parent: QWidget | None, tr: Translator, code: str) -> None:
    QMessageBox.information(parent, tr("ui.app.title"), tr(code))


def show_unexpected(parent: QWidget | None, tr: Translator) -> None:
    QMessageBox.critical(parent, tr("ui.app.problem"), tr("ui.app.unexpected"))
