"""A table as an .xlsx sheet: the desk's 台账 and the district's downloads write through this.

One sheet: a title row (merged across the table), the header row frozen under it with an
autofilter, real dates, times and numbers (never numbers as text), columns as wide as
their widest cell (a Chinese character counts two).

The sheet's XML is written here directly, row by row, as plain strings (SpreadsheetML with
inline strings; the fixed parts are in :mod:`db.xlsx_parts`): a general spreadsheet library
spends most of a year's ledger on per-cell bookkeeping this table never needs. Rows go
to a spooled temporary file first, because the column widths, which the format puts
before the rows, are known only after the last row.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

from db import xlsx_parts as parts

KINDS = ("text", "date", "time", "datetime", "int", "number", "percent")
WIDTHS = {"date": 11, "time": 6, "datetime": 17, "percent": 8}
MAX_WIDTH = 60
MAX_TEXT = 32_767  # characters a cell holds
SPOOL_BYTES = 32 * 1024 * 1024
ZIP_LEVEL = 3
EPOCH = dt.datetime(1899, 12, 30)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot carry (control characters, lone surrogates): dropped."""


@dataclass(frozen=True)
class TableColumn:
    header: str
    kind: str = "text"


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_letters(index: int) -> str:
    """``0`` → ``A``, ``25`` → ``Z``, ``26`` → ``AA``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _xml_text(value: str) -> str:
    text = NOT_XML.sub("", value[:MAX_TEXT])
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


def _serial(value: dt.date | dt.time | dt.datetime) -> float:
    """Excel's day number (with the time of day as a fraction)."""
    if isinstance(value, dt.datetime):
        return (value.replace(tzinfo=None) - EPOCH).total_seconds() / 86_400
    if isinstance(value, dt.date):
        return float((value - EPOCH.date()).days)
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86_400


def _number(value: Any) -> str | None:
    number = float(value)
    if not math.isfinite(number):
        return None
    return str(int(value)) if isinstance(value, int) else repr(number)


def write_table(
    target: Path | BinaryIO,
    title: str,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    sheet_name: str = "Sheet1",
) -> int:
    """Write the table to ``target`` (a path or a binary stream); returns the rows written."""
    sheet_name = NOT_XML.sub("", sheet_name)[:31] or "Sheet1"
    letters = [column_letters(i) for i in range(max(len(columns), 1))]
    widths = [float(max(text_width(c.header) + 2, WIDTHS.get(c.kind, 4))) for c in columns]
    with tempfile.SpooledTemporaryFile(SPOOL_BYTES, "w+b") as spool:
        written = _rows(spool, title, columns, rows, letters, widths)
        last_row = max(written + 2, 2)
        filter_range = f"A2:{letters[-1]}{last_row}"
        title_range = f"A1:{letters[-1]}1" if len(columns) > 1 else None
        absolute = f"$A$2:${letters[-1]}${last_row}"
        spool.seek(0)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as book:
            book.writestr("[Content_Types].xml", parts.CONTENT_TYPES)
            book.writestr("_rels/.rels", parts.ROOT_RELS)
            book.writestr("xl/workbook.xml", parts.workbook(sheet_name, absolute))
            book.writestr("xl/_rels/workbook.xml.rels", parts.WORKBOOK_RELS)
            book.writestr("xl/styles.xml", parts.STYLES)
            with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
                sheet.write(parts.sheet_start([min(w, MAX_WIDTH) for w in widths]).encode())
                shutil.copyfileobj(spool, sheet, 1024 * 1024)
                sheet.write(parts.sheet_end(filter_range, title_range).encode())
    return written


def _rows(
    out: IO[bytes],
    title: str,
    columns: Sequence[TableColumn],
    rows: Iterable[Sequence[Any]],
    letters: list[str],
    widths: list[float],
) -> int:
    """The title, header and data rows into ``out``; returns the data rows written."""
    out.write(
        f'<row r="1" ht="22" customHeight="1"><c r="A1" s="{parts.STYLE_TITLE}" '
        f't="inlineStr">{_xml_text(title)}</c></row><row r="2">'.encode()
    )
    out.write(
        "".join(
            f'<c r="{letters[i]}2" s="{parts.STYLE_HEADER}" t="inlineStr">{_xml_text(c.header)}</c>'
            for i, c in enumerate(columns)
        ).encode()
        + b"</row>"
    )
    kinds = [c.kind for c in columns]
    styles = [parts.STYLE_OF_KIND.get(k, 0) for k in kinds]
    count = 0
    chunk: list[str] = []
    for count, row in enumerate(rows, start=1):
        number = count + 2
        cells = [f'<row r="{number}">']
        for i, kind in enumerate(kinds):
            value = row[i]
            if value is None or value == "":
                continue
            ref = f"{letters[i]}{number}"
            if kind == "text":
                text = str(value)
                width = text_width(text) + 1
                if width > widths[i]:
                    widths[i] = width
                cells.append(f'<c r="{ref}" t="inlineStr">{_xml_text(text)}</c>')
            elif kind in ("date", "time", "datetime"):
                cells.append(f'<c r="{ref}" s="{styles[i]}"><v>{_serial(value)!r}</v></c>')
            else:
                shown = _number(value)
                if shown is None:
                    continue
                width = len(str(value)) + 2
                if width > widths[i]:
                    widths[i] = width
                style = f' s="{styles[i]}"' if styles[i] else ""
                cells.append(f'<c r="{ref}"{style}><v>{shown}</v></c>')
        cells.append("</row>")
        chunk.append("".join(cells))
        if len(chunk) >= 500:
            out.write("".join(chunk).encode())
            chunk.clear()
    out.write("".join(chunk).encode())
    return count
