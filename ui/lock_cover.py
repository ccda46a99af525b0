"""Dialogs open when the desk locks itself: covered, unreadable and deaf to input.

A dialog (the resident form, an outcome, a message box …) is its own window over the main
window, so the lock page alone would leave it readable. At the idle lock each dialog the
window owns gets a :class:`DialogCover` over its whole face, its title is replaced, its
widgets and shortcuts are switched off, and Esc or the window's close button do nothing.
The dialog itself stays open (one run by ``exec()`` keeps its loop), so:

* the same staff member signs back in: covers come off and the dialog is as it was left,
  with what was typed and where the cursor was;
* anyone else signs in: every covered dialog is closed as if cancelled, nothing it held is
  shown again. Signing out, or a sign-in found ended (the account switched off), closes
  every dialog over the window the same way.

The cover has the sign-in button too: a dialog may block the main window under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.i18n import Translator


class DialogCover(QFrame):
    """An opaque face over a dialog while the desk is locked."""

    def __init__(self, dialog: QDialog, tr: Translator, on_sign_in: Callable[[], None]) -> None:
        super().__init__(dialog)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(tr("ui.lock.covered"))
        title.setObjectName("lockTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        layout.addWidget(title)
        self.button = QPushButton(tr("ui.lock.hint"))
        self.button.setObjectName("lockButton")
        self.button.clicked.connect(on_sign_in)
        layout.addWidget(self.button, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.setGeometry(dialog.rect())
        self.raise_()
        self.show()
        self.button.setFocus()


@dataclass
class Covered:
    """A dialog under the lock and what is needed to give it back as it was."""

    dialog: QDialog
    cover: DialogCover
    title: str
    focus: QWidget | None
    switched_off: list[QWidget] = field(default_factory=list)
    silenced: list[QShortcut] = field(default_factory=list)


def owned_dialogs(owner: QWidget, *, besides: QWidget | None = None) -> list[QDialog]:
    """The visible dialogs over ``owner`` (and over its dialogs), parents first."""
    found: list[tuple[int, QDialog]] = []
    for widget in QApplication.topLevelWidgets():
        if not isinstance(widget, QDialog) or widget is besides or not widget.isVisible():
            continue
        depth, parent = 0, widget.parentWidget()
        while parent is not None and parent is not owner:
            depth, parent = depth + 1, parent.parentWidget()
        if parent is owner:
            found.append((depth, widget))
    return [dialog for _, dialog in sorted(found, key=lambda pair: pair[0])]


class DialogLock(QObject):
    """Covers a window's dialogs at the idle lock; gives them back or closes them."""

    def __init__(self, tr: Translator, on_sign_in: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.texts = tr
        self.on_sign_in = on_sign_in
        self.covered: list[Covered] = []

    def cover(self, dialogs: list[QDialog]) -> None:
        for dialog in dialogs:
            focus = dialog.focusWidget()
            cover = DialogCover(dialog, self.texts, self.on_sign_in)
            held = Covered(dialog, cover, dialog.windowTitle(), focus)
            for child in dialog.children():
                if (
                    isinstance(child, QWidget)
                    and child is not cover
                    and not child.isWindow()
                    and not child.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
                ):
                    child.setEnabled(False)
                    held.switched_off.append(child)
            for shortcut in dialog.findChildren(QShortcut):
                if shortcut.isEnabled():
                    shortcut.setEnabled(False)
                    held.silenced.append(shortcut)
            dialog.setWindowTitle(self.texts("ui.lock.covered"))
            dialog.installEventFilter(self)
            self.covered.append(held)

    def give_back(self) -> None:
        """The same staff member is back: every dialog as it was left."""
        for held in self._take():
            for child in held.switched_off:
                child.setEnabled(True)
            for shortcut in held.silenced:
                shortcut.setEnabled(True)
            held.dialog.setWindowTitle(held.title)
            if held.focus is not None:
                held.focus.setFocus()

    def close_all(self, owner: QWidget | None = None, *, besides: QWidget | None = None) -> None:
        """Someone else signed in, or the sign-in ended: the covered dialogs, and with
        ``owner`` every other dialog open over it too, go as if cancelled (children
        first), so none stays readable over the lock."""
        for held in reversed(self._take()):
            held.dialog.reject()
        if owner is not None:
            for dialog in reversed(owned_dialogs(owner, besides=besides)):
                dialog.reject()

    def _take(self) -> list[Covered]:
        taken, self.covered = self.covered, []
        for held in taken:
            held.dialog.removeEventFilter(self)
            held.cover.hide()
            held.cover.deleteLater()
        return taken

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        held = next((h for h in self.covered if h.dialog is watched), None)
        if held is None:
            return False
        kind = event.type()
        if kind == QEvent.Type.Resize:
            held.cover.setGeometry(held.dialog.rect())
        elif kind == QEvent.Type.Close:
            event.ignore()  # the window's close button would cancel what is under the cover
            return True
        elif kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            return True
        return False
