"""Residents found by a search, as a table (masked personal data unless revealed)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.i18n import Translator
from desktop.residents import ResidentSummary

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("name", "phone", "id", "address", "grid")
MATCHED_COLUMN = {"phone": "phone", "phone_tail": "phone", "id_number": "id", "id_tail": "id"}
"""The column that holds what a typed number matched (see ``ResidentSummary.matched``)."""
_MATCH_BACKGROUND = QColor("#fff3c4")
WITH_SYNC = (*COLUMNS, "sync")
"""With a column saying whether each resident reached the district (a connected desk)."""


class ResidentTableModel(QAbstractTableModel):
    """Columns: name, phone, ID number, address, grid (``columns`` picks a subset)."""

    def __init__(self, tr: Translator, columns: tuple[str, ...] = COLUMNS) -> None:
        super().__init__()
        self.texts = tr
        self.columns = columns
        self.residents: list[ResidentSummary] = []
        self.marks: Mapping[str, str] = {}
        self._revealed: dict[tuple[str, str], str] = {}

    def set_residents(
        self, residents: list[ResidentSummary], marks: Mapping[str, str] | None = None
    ) -> None:
        """``marks``: resident id → sent / waiting / refused (whether it reached the district)."""
        self.beginResetModel()
        self.residents = residents
        self.marks = marks or {}
        self._revealed.clear()
        self.endResetModel()

    def resident(self, row: int) -> ResidentSummary | None:
        return self.residents[row] if 0 <= row < len(self.residents) else None

    def show_revealed(self, row: int, column: str, value: str) -> None:
        """Show a value the staff member explicitly revealed (until the next search)."""
        resident = self.residents[row]
        self._revealed[(resident.id, column)] = value
        index = self.index(row, self.columns.index(column))
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.residents)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        resident = self.residents[index.row()]
        column = self.columns[index.column()]
        matched = self._marked_column(resident) == column
        if role == Qt.ItemDataRole.FontRole and matched:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and matched:
            return QBrush(_MATCH_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and matched:
            # the whole cell on hover, and which field the typed number matched
            found_by = self.texts(f"ui.residents.matched.{resident.matched}")
            return f"{self._text(resident, column)}\n{found_by}"
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,  # an elided cell in full on hover
        ):
            return None
        return self._text(resident, column)

    def _marked_column(self, resident: ResidentSummary) -> str | None:
        """Where to show what a typed number matched: its own column, or the name when the
        table leaves that column out (F2 lists no ID numbers)."""
        column = MATCHED_COLUMN.get(resident.matched)
        if column is None or column in self.columns:
            return column
        return "name"

    def _text(self, resident: ResidentSummary, column: str) -> str:
        revealed = self._revealed.get((resident.id, column))
        if revealed is not None:
            return revealed
        if column == "name" and self._marked_column(resident) == "name":
            tag = self.texts(f"ui.residents.matched_tag.{resident.matched}")
            return f"{resident.name} · {tag}"
        if column == "sync":
            mark = self.marks.get(resident.id)
            return self.texts(f"ui.sync.mark.{mark}") if mark else ""
        return {
            "name": resident.name,
            "phone": resident.phone_masked,
            "id": resident.id_masked,
            "address": resident.address,
            "grid": resident.grid,
        }[column]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            column = self.columns[section]
            code = "ui.today.col.sync" if column == "sync" else f"ui.residents.col.{column}"
            return self.texts(code)
        return None
