"""The district's 统计 page in a real browser: the month at a glance and the ranking match
the shared figures, a table downloads as .xlsx, a dispatcher sees only its street, a
handler is refused, a reversed range is said in words."""

from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from district import tables
from district.figures import district_figures
from district.working_days import district_today
from tests.browser.console_world import People, shot, sign_in
from tests.integration.district_server import District
from tests.unit.figure_rows import FigureRows, write_district

AROUND = dt.date(2026, 11, 10)


def _this_month() -> tuple[dt.date, dt.date]:
    today = district_today()
    first = today.replace(day=1)
    return first, today.replace(day=calendar.monthrange(today.year, today.month)[1])


RANGE = "from=2026-11-01&to=2026-11-30"


def test_statistics_pages(
    browser: Any, console_district: District, people: People, screenshots: Path, tmp_path: Path
) -> None:
    database = console_district.database
    rows = FigureRows.sample(people.center, "staff", AROUND, visits=300, seed=3)
    this_month = FigureRows.sample(
        people.center, "staff", _this_month()[0] + dt.timedelta(days=30), visits=40, seed=4
    )
    with database.write() as conn:
        write_district(conn, rows, tables, with_center=False)
        write_district(conn, this_month, tables, with_center=False)
    view = district_figures(database, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    mine = next(c for c in view.centers if c.center_id == people.center)
    assert mine.figures.visits == rows.expected_visits(dt.date(2026, 11, 1), dt.date(2026, 11, 30))

    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    base = console_district.base_url
    sign_in(page, base, people.accounts["admin"])
    page.click("nav >> text=统计")
    page.wait_for_url(f"{base}/statistics")
    page.goto(f"{base}/statistics?{RANGE}")
    assert page.inner_text("#fig-visits") == f"{view.total.visits}"
    assert page.inner_text("#fig-requests") == f"{view.total.requests}"
    assert page.inner_text("#fig-overdue") == f"{view.total.referrals.overdue}"
    ranking = page.inner_text("#ranking-table")
    assert "幸福里党群服务中心" in ranking
    shot(page, screenshots, "console-statistics")

    with page.expect_download() as download:
        page.click("#ranking >> text=下载 .xlsx")
    saved = tmp_path / "centers.xlsx"
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).active
    assert "各服务中心统计" in sheet["A1"].value and sheet.freeze_panes == "A3"
    by_name = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert by_name[mine.name][2] == mine.figures.visits  # a number, not text

    page.goto(f"{base}/")  # the front page: this month at a glance, each tile leads to 统计
    month = district_figures(database, *_this_month())
    assert page.inner_text("#month") == f"本月概况（{_this_month()[0]:%Y-%m}）"
    assert page.inner_text("#fig-visits") == f"{month.total.visits}" != "0"
    assert page.inner_text("#fig-overdue") == f"{month.total.referrals.overdue}"
    shot(page, screenshots, "console-home-month")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the tiles wrap, no scroll
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, screenshots, "console-home-month-phone")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click("#fig-requests")
    page.wait_for_url(f"{base}/statistics")

    page.goto(f"{base}/statistics?from=2026-11-30&to=2026-11-01")
    assert "早于开始日期" in page.inner_text("[role=alert]")
    context.close()

    other = browser.new_context()
    dispatcher = other.new_page()
    sign_in(dispatcher, base, people.accounts["other_dispatcher"])
    dispatcher.goto(f"{base}/statistics?{RANGE}")
    assert mine.name not in dispatcher.inner_text("#ranking-table")
    other.close()

    third = browser.new_context()
    handler = third.new_page()
    sign_in(handler, base, people.accounts["handler"])
    answer = handler.goto(f"{base}/statistics?{RANGE}")
    assert answer is not None and answer.status == 403
    handler.goto(f"{base}/")
    assert handler.locator("#month").count() == 0
    third.close()
