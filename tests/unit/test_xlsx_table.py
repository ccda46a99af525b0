"""The .xlsx writer: what goes in comes out (read back with openpyxl), as text, numbers,
dates and times; characters XML cannot carry are dropped, not left to break the file."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from db.xlsx_table import TableColumn, column_letters, write_table

COLUMNS = [
    TableColumn("日期", "date"),
    TableColumn("时间", "time"),
    TableColumn("办结时间", "datetime"),
    TableColumn("居民"),
    TableColumn("件数", "int"),
    TableColumn("平均分", "number"),
    TableColumn("按期率", "percent"),
]


def test_values_come_back_with_their_types(tmp_path: Path) -> None:
    rows = [
        (
            dt.date(2026, 11, 3),
            dt.time(9, 30),
            dt.datetime(2026, 11, 4, 16, 45, tzinfo=dt.UTC),
            "𠮷田 & <张> \x07三",
            12,
            4.25,
            0.875,
        ),
        (None, None, None, "  前后有空格 ", 0, None, None),
        (dt.date(2026, 11, 5), None, None, "=SUM(A1:A2)", -3, float("nan"), 1.0),
    ]
    path = tmp_path / "表.xlsx"
    assert write_table(path, "测试中心　台账", COLUMNS, rows, "来访's 台账") == 3
    assert zipfile.ZipFile(path).testzip() is None
    book = openpyxl.load_workbook(path)
    sheet = book["来访's 台账"]
    assert sheet["A1"].value == "测试中心　台账" and "A1:G1" in sheet.merged_cells
    assert [c.value for c in sheet[2]] == [c.header for c in COLUMNS]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:G5"
    first, second, third = (tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3))
    assert first[0] == dt.datetime(2026, 11, 3) and sheet["A3"].number_format == "yyyy-mm-dd"
    assert first[1] == dt.time(9, 30) and sheet["B3"].number_format == "hh:mm"
    assert first[2] == dt.datetime(2026, 11, 4, 16, 45)
    assert first[3] == "𠮷田 & <张> 三"  # the bell character dropped, the rest kept
    assert (first[4], first[5], first[6]) == (12, 4.25, 0.875)
    assert sheet["G3"].number_format == "0.0%" and sheet["E3"].number_format == "0"
    assert second == (None, None, None, "  前后有空格 ", 0, None, None)
    assert third[3] == "=SUM(A1:A2)" and sheet["D5"].data_type == "s"  # text, never a formula
    assert third[5] is None and third[4] == -3
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["B"].width
    assert sheet["A2"].font.b and sheet["A2"].fill.fgColor.rgb == "FFDDE7F0"


def test_a_stream_an_empty_table_and_wide_tables() -> None:
    stream = io.BytesIO()
    assert write_table(stream, "空", [TableColumn("只有一列")], []) == 0
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active
    assert sheet["A1"].value == "空" and not sheet.merged_cells.ranges
    assert sheet.auto_filter.ref == "A2:A2"
    wide = [TableColumn(f"列{i}", "int") for i in range(30)]
    stream = io.BytesIO()
    write_table(stream, "宽", wide, [list(range(30))])
    sheet = openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active
    assert sheet["AD3"].value == 29 and "A1:AD1" in sheet.merged_cells


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ")])
def test_column_letters(index: int, letters: str) -> None:
    assert column_letters(index) == letters
