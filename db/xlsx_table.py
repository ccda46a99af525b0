"""A table as an .xlsx sheet: the desk's 台账 and the district's downloads write through this.

One sheet: a title row (merged across the table), the header row frozen under it with an
autofilter, real dates, times and numbers (never numbers as text), columns as wide as
their widest cell (a Chinese character counts two). Written with XlsxWriter, row by row
(``constant_memory``) when the target is a file, so a year's ledger needs little memory.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter

KINDS = ("text", "date", "time", "datetime", "int", "number", "percent")
FORMATS = {
    "date": "yyyy-mm-dd",
    "time": "hh:mm",
    "datetime": "yyyy-mm-dd hh:mm",
    "int": "0",
    "percent": "0.0%",
}
WIDTHS = {"date": 11, "time": 6, "datetime": 17, "percent": 8}
MAX_WIDTH = 60


@dataclass(frozen=True)
class TableColumn:
    header: str
    kind: str = "text"


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_table(
    target: Path | BinaryIO,
    title: str,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "Sheet1",
) -> int:
    """Write the table to ``target`` (a path or a binary stream); returns the rows written."""
    in_file = isinstance(target, Path)
    options = {"constant_memory": True} if in_file else {"in_memory": True}
    workbook = xlsxwriter.Workbook(str(target) if in_file else target, options)
    try:
        return _write_sheet(workbook, title, columns, rows, sheet_name[:31])
    finally:
        workbook.close()


def _write_sheet(
    workbook: Any,
    title: str,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    sheet_name: str,
) -> int:
    sheet = workbook.add_worksheet(sheet_name)
    title_format = workbook.add_format({"bold": True, "font_size": 14})
    header_format = workbook.add_format(
        {"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": False}
    )
    formats = [
        workbook.add_format({"num_format": FORMATS[c.kind]}) if c.kind in FORMATS else None
        for c in columns
    ]
    last_col = len(columns) - 1
    if last_col > 0:
        sheet.merge_range(0, 0, 0, last_col, title, title_format)
    else:
        sheet.write_string(0, 0, title, title_format)
    widths = [max(text_width(c.header) + 2, WIDTHS.get(c.kind, 4)) for c in columns]
    for col, column in enumerate(columns):
        sheet.write_string(1, col, column.header, header_format)
    texts = [i for i, c in enumerate(columns) if c.kind == "text"]
    numbers = [i for i, c in enumerate(columns) if c.kind in ("int", "number", "percent")]
    moments = [i for i, c in enumerate(columns) if c.kind in ("date", "time", "datetime")]
    row_index = 1
    for row_index, row in enumerate(rows, start=2):
        for col in texts:
            value = row[col]
            if value:
                text = str(value)
                sheet.write_string(row_index, col, text)
                width = text_width(text) + 1
                if width > widths[col]:
                    widths[col] = width
        for col in numbers:
            value = row[col]
            if value is not None:
                sheet.write_number(row_index, col, value, formats[col])
                width = len(str(value)) + 2
                if width > widths[col]:
                    widths[col] = width
        for col in moments:
            value = row[col]
            if value is not None:
                sheet.write_datetime(row_index, col, _moment(value), formats[col])
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(row_index, 1), last_col)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, MAX_WIDTH))
    sheet.set_row(0, 22)
    return row_index - 1


def _moment(value: dt.date | dt.time | dt.datetime) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value
