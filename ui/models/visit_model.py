"""Visits as a table: today's list and a resident's history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.context import DeskContext
from desktop.i18n import Translator
from desktop.visits import RequestSummary, VisitSummary

Index = QModelIndex | QPersistentModelIndex
TODAY_COLUMNS = (
    "number",
    "time",
    "resident",
    "phone",
    "requests",
    "status",
    "handler",
    "satisfaction",
    "sync",
)
HISTORY_COLUMNS = ("date", "number", "requests", "status", "handler", "satisfaction")


class VisitTableModel(QAbstractTableModel):
    def __init__(
        self, ctx: DeskContext, tr: Translator, columns: tuple[str, ...] = TODAY_COLUMNS
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.texts = tr
        self.columns = columns
        self.visits: list[VisitSummary] = []
        self.marks: Mapping[str, str] = {}

    def set_visits(
        self, visits: list[VisitSummary], marks: Mapping[str, str] | None = None
    ) -> None:
        """``marks``: visit id → sent / waiting / refused (whether it reached the district)."""
        self.beginResetModel()
        self.visits = visits
        self.marks = marks or {}
        self.endResetModel()

    def visit(self, row: int) -> VisitSummary | None:
        return self.visits[row] if 0 <= row < len(self.visits) else None

    def row_of(self, visit_id: str) -> int:
        return next((i for i, v in enumerate(self.visits) if v.id == visit_id), -1)

    def request_text(self, request: RequestSummary) -> str:
        name = (
            request.service_item_name
            if self.texts.language == "zh_CN"
            else (request.service_item_name_en or request.service_item_name)
        )
        outcome = self.texts(f"ui.outcome.{request.outcome or 'none'}")
        if request.referral_status:
            outcome += f" · {self.texts(f'referral.{request.referral_status}')}"
            if request.referral_note:
                outcome += f"：{request.referral_note}"
        return f"{name}（{self.texts(f'ui.category.{request.category}')}，{outcome}）"

    def _cell(self, visit: VisitSummary, column: str) -> str:
        tr = self.texts
        if column == "number" and visit.booking_number:  # booked: served before walk-ins
            return tr("saturday.visit_booked", number=visit.queue_number)
        if column == "number":
            return visit.queue_number
        if column == "time":
            return self.ctx.to_local(visit.arrived_at).strftime("%H:%M")
        if column == "date":
            return visit.visit_date.isoformat()
        if column == "resident":
            return visit.resident_name
        if column == "phone":
            return visit.resident_phone_masked
        if column == "requests":
            return "；".join(self.request_text(r) for r in visit.requests)
        if column == "status":
            return tr(f"ui.status.{visit.status}")
        if column == "handler":
            return visit.handler_name
        if column == "satisfaction":
            return tr(f"ui.satisfaction.{visit.satisfaction}") if visit.satisfaction else ""
        if column == "sync" and visit.id in self.marks:
            return tr(f"ui.sync.mark.{self.marks[visit.id]}")
        return ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.visits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        visit = self.visits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cell(visit, self.columns[index.column()])
        if role == Qt.ItemDataRole.ToolTipRole:
            if self.columns[index.column()] == "requests":
                return "\n".join(self.request_text(r) for r in visit.requests)
            return self._cell(visit, self.columns[index.column()])  # an elided cell in full
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        column = self.columns[section]
        code = "ui.history.col.date" if column == "date" else f"ui.today.col.{column}"
        return self.texts(code)
