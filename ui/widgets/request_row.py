"""One request row of a registration: service item, category, urgency, details."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.catalog import ServiceItemInfo
from desktop.i18n import Translator
from desktop.service_item_search import ServiceItemIndex
from desktop.visit_form import RequestRow
from protocol.vocabulary import CATEGORIES, URGENCIES
from ui.widgets.field import FormField
from ui.widgets.item_picker import ItemPicker


class RequestRowWidget(QWidget):
    """Edits one :class:`RequestRow`; reports each change so the form stays the truth."""

    itemChosen = Signal(object, object)  # (self, ServiceItemInfo | None)
    categoryChanged = Signal(object, str)
    urgencyChanged = Signal(object, str)
    descriptionChanged = Signal(object, str)
    removeRequested = Signal(object)

    def __init__(self, tr: Translator, index: ServiceItemIndex, number: int) -> None:
        super().__init__()
        self.setObjectName("requestRow")
        self.picker = ItemPicker(tr, index)
        self.item_field = FormField(self.picker, "item")
        self.category = QComboBox()
        self.category.setObjectName("category")
        for category in CATEGORIES:
            self.category.addItem(tr(f"ui.category.{category}"), category)
        self.category.setCurrentIndex(-1)
        self.urgency = QComboBox()
        self.urgency.setObjectName("urgency")
        for urgency in URGENCIES:
            self.urgency.addItem(tr(f"ui.urgency.{urgency}"), urgency)
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText(tr("ui.register.description"))
        self.remove_button = QPushButton("×")
        self.remove_button.setObjectName("removeRow")
        self.remove_button.setToolTip(tr("ui.register.remove_row"))
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.number_label = QLabel(f"{number}.")
        self.number_label.setObjectName("rowNumber")

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 4)
        for column, code in enumerate(
            ("ui.register.item", "ui.register.category", "ui.register.urgency")
        ):
            caption = QLabel(tr(code))
            caption.setObjectName("caption")
            grid.addWidget(caption, 0, column + 1)
        grid.addWidget(self.number_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.item_field, 1, 1)
        grid.addWidget(self.category, 1, 2, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.urgency, 1, 3, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.remove_button, 1, 4, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.description, 2, 1, 1, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)

        self.picker.itemChosen.connect(lambda item: self.itemChosen.emit(self, item))
        self.category.currentIndexChanged.connect(
            lambda _: self.categoryChanged.emit(self, str(self.category.currentData() or ""))
        )
        self.urgency.currentIndexChanged.connect(
            lambda _: self.urgencyChanged.emit(self, str(self.urgency.currentData()))
        )
        self.description.textChanged.connect(lambda text: self.descriptionChanged.emit(self, text))
        self.remove_button.clicked.connect(lambda: self.removeRequested.emit(self))

    def chain_after(self, previous: QWidget | None) -> None:
        """Tab goes item → category → urgency → details, following ``previous``."""
        chain = [self.picker, self.category, self.urgency, self.description]
        if previous is not None:
            chain.insert(0, previous)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_row(self, row: RequestRow) -> None:
        """Reflect the form's row (after an item choice set the default category)."""
        self.category.blockSignals(True)
        self.category.setCurrentIndex(self.category.findData(row.category))
        self.category.blockSignals(False)

    def set_number(self, number: int) -> None:
        self.number_label.setText(f"{number}.")

    def set_error(self, text: str | None) -> None:
        self.item_field.set_error(text)

    def chosen_item(self) -> ServiceItemInfo | None:
        return self.picker.item
