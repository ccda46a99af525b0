"""The four 台账 as .xlsx: opened with openpyxl, cells, types, masking, safe saving."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from db.models import AuditEvent, Staff
from desktop.context import DeskContext, StaffIdentity
from desktop.errors import UserError
from desktop.statistics import export
from desktop.statistics.export import export_ledger
from desktop.statistics.figures import center_figures
from tests.unit.figure_rows import FigureRows, write_desk

DAY = dt.date(2026, 11, 10)
NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


@pytest.fixture
def center(bare_ctx: DeskContext, bare_staff: StaffIdentity) -> FigureRows:
    rows = FigureRows.sample(bare_ctx.center_id, bare_staff.id, DAY)
    write_desk(bare_ctx, rows)
    bare_ctx.clock = lambda: dt.datetime(2026, 11, 20, 4, tzinfo=dt.UTC)
    return rows


def _open(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(path)
    return book.active


def _header(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[str]:
    return [c.value for c in sheet[2]]


def _data(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(min_row=3, values_only=True))


def test_visit_ledger(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, center: FigureRows, tmp_path: Path
) -> None:
    done = export_ledger(bare_ctx, bare_staff, "visits", *NOV, tmp_path / "来访")
    assert done.path == tmp_path / "来访.xlsx" and not done.unmasked
    sheet = _open(done.path)
    assert sheet["A1"].value == "测试党群服务中心　来访登记台账（2026-11-01 至 2026-11-30）"
    assert _header(sheet) == [
        "日期",
        "时间",
        "排队号",
        "居民",
        "联系电话",
        "身份证号",
        "网格",
        "诉求",
        "类别",
        "服务事项",
        "办理结果",
        "经办人",
        "满意度",
    ]
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:M{sheet.max_row}"
    rows = _data(sheet)
    figures = center_figures(bare_ctx, bare_staff, *NOV).figures
    assert len(rows) == figures.visits == done.rows
    first = rows[0]
    assert isinstance(first[0], dt.datetime) and first[0].date() >= NOV[0]  # a real date
    assert sheet["A3"].number_format == "yyyy-mm-dd"
    assert isinstance(first[1], dt.time) and first[1] == dt.time(9, 30)  # local time
    assert all(r[4].startswith("138****") and r[5].startswith("500****") for r in rows)
    grades = [r[12] for r in rows if r[12] is not None]
    assert grades and all(isinstance(g, int) for g in grades)
    assert sum(1 for g in grades) == figures.satisfaction.graded
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["B"].width  # fitted


def test_request_ledger(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, center: FigureRows, tmp_path: Path
) -> None:
    done = export_ledger(bare_ctx, bare_staff, "requests", *NOV, tmp_path / "诉求.xlsx")
    sheet = _open(done.path)
    header = _header(sheet)
    rows = _data(sheet)
    figures = center_figures(bare_ctx, bare_staff, *NOV).figures
    assert len(rows) == figures.requests
    timeliness = [r[header.index("是否按期")] for r in rows]
    assert timeliness.count("已超期") == figures.referrals.overdue
    assert timeliness.count("按期") == figures.referrals.closed_on_time
    due = [r[header.index("办理时限")] for r in rows if r[header.index("办理结果")] == "转办"]
    assert due and all(isinstance(d, dt.datetime) for d in due)
    closed = [r[header.index("办结时间")] for r in rows if r[header.index("办结时间")]]
    assert closed and all(isinstance(c, dt.datetime) for c in closed)
    callbacks = [r[header.index("回访满意度")] for r in rows if r[header.index("回访满意度")]]
    assert len(callbacks) == figures.callback_satisfaction.graded


def test_saturday_and_satisfaction_ledgers(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, center: FigureRows, tmp_path: Path
) -> None:
    figures = center_figures(bare_ctx, bare_staff, *NOV).figures
    saturday = _open(export_ledger(bare_ctx, bare_staff, "saturday", *NOV, tmp_path / "s").path)
    header = _header(saturday)
    rows = _data(saturday)
    assert [r[header.index("爽约")] for r in rows].count("是") == figures.saturday.no_show
    assert [r[header.index("已签到")] for r in rows].count("是") == figures.saturday.checked_in
    assert {r[header.index("预约渠道")] for r in rows} == {"前台"}
    grades = _open(export_ledger(bare_ctx, bare_staff, "satisfaction", *NOV, tmp_path / "m").path)
    table = _data(grades)
    assert table[0][0] == "5 非常满意" and table[0][1] == figures.satisfaction.grades.get(5, 0)
    assert table[5][0] == "合计" and table[5][1] == figures.satisfaction.graded
    assert table[6][1] == pytest.approx(figures.satisfaction.average)
    assert grades["C3"].number_format == "0.0%" and isinstance(table[0][2], float)


def test_unmasked_ledger_is_an_audited_admin_action(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, center: FigureRows, tmp_path: Path
) -> None:
    done = export_ledger(bare_ctx, bare_staff, "visits", *NOV, tmp_path / "full", unmasked=True)
    sheet = _open(done.path)
    assert "含完整个人信息" in sheet["A1"].value
    phones = {r[4] for r in _data(sheet)}
    assert all(p.startswith("1380000") and "*" not in p for p in phones)
    assert oct(done.path.stat().st_mode & 0o777) == oct(0o600)
    with bare_ctx.db.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "ledger_unmasked")
        ).one()
    assert event.staff_id == bare_staff.id and event.entity_id == "visits"
    with bare_ctx.db.write() as session:
        session.get_one(Staff, bare_staff.id).role = "front_desk"
    with pytest.raises(UserError) as refused:
        export_ledger(bare_ctx, bare_staff, "visits", *NOV, tmp_path / "f2", unmasked=True)
    assert refused.value.message.code == "access.not_allowed"
    assert not (tmp_path / "f2.xlsx").exists()


def test_saving_problems_leave_nothing_behind(
    bare_ctx: DeskContext,
    bare_staff: StaffIdentity,
    center: FigureRows,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UserError) as no_folder:
        export_ledger(bare_ctx, bare_staff, "visits", *NOV, blocker / "台账.xlsx")
    assert no_folder.value.message.code == "export.folder_missing"
    assert no_folder.value.message.params["suggestion"].endswith("台账.xlsx")

    target = tmp_path / "台账.xlsx"
    target.write_bytes(b"the earlier ledger")

    def locked(src: object, dst: object) -> None:  # what Windows answers for a file Excel holds
        raise PermissionError(errno.EACCES, "used by another process")

    monkeypatch.setattr(export.os, "replace", locked)
    with pytest.raises(UserError) as held:
        export_ledger(bare_ctx, bare_staff, "visits", *NOV, target)
    assert held.value.message.code == "export.file_locked"
    assert held.value.message.params["suggestion"] == str(tmp_path / "台账 (2).xlsx")
    assert target.read_bytes() == b"the earlier ledger"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "台账.xlsx"]  # no temp left
    monkeypatch.undo()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(export, "write_table", full)
    with pytest.raises(UserError) as disk:
        export_ledger(bare_ctx, bare_staff, "visits", *NOV, target)
    assert disk.value.message.code == "export.disk_full"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "台账.xlsx"]


def test_a_reversed_range_writes_nothing(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, tmp_path: Path
) -> None:
    with pytest.raises(UserError) as refused:
        export_ledger(bare_ctx, bare_staff, "visits", NOV[1], NOV[0], tmp_path / "x")
    assert refused.value.message.code == "figures.range_reversed"
    assert not (tmp_path / "x.xlsx").exists()
