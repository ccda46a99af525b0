"""统计: the district's figures for any range — the month at a glance, a ranking of centers,
the figures per street and per center, visits per day — each table downloadable as .xlsx.

A district admin sees every street (or picks one); a dispatcher sees its own street's
centers only, whatever the address asks. Figures are :mod:`district.figures` (the same
definitions as the desk's F7)."""

from __future__ import annotations

import calendar
import datetime as dt
import io
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from db.xlsx_table import TableColumn, write_table
from district import organisation
from district.console.web import ConsoleError, Page, need, render
from district.figures import CenterFigures, DistrictFigures, StreetFigures, district_figures
from district.working_days import district_today
from protocol.figures import CATEGORY_KEYS, Figures, period_problem

router = APIRouter()
Viewer = Annotated[Page, need("statistics.view")]
TABLES = ("centers", "streets", "days")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(page: Page) -> tuple[dt.date, dt.date, str]:
    """The asked range (this month by default) and the message when it cannot be used."""
    query = page.request.query_params
    today = district_today()
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    try:
        day_from = dt.date.fromisoformat(query.get("from", "") or f"{first}")
        day_to = dt.date.fromisoformat(query.get("to", "") or f"{last}")
    except ValueError:
        return first, last, page.t("stats.bad_date")
    problem = period_problem(day_from, day_to)
    if problem is not None:
        return first, last, page.t(problem, day_from=f"{day_from}", day_to=f"{day_to}")
    return day_from, day_to, ""


def _street(page: Page) -> str | None:
    """The street whose centers the operator may see (``None``: all of them)."""
    operator = page.operator
    if operator.role == "dispatcher":
        return operator.street_id or "-"
    asked = page.request.query_params.get("street", "")[:36]
    return asked or None


def this_month(page: Page) -> DistrictFigures:
    """This month's figures over the centers the operator may see (the front page's tiles)."""
    today = district_today()
    first = today.replace(day=1)
    last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return district_figures(page.database, first, last, _street(page))


def _figures(page: Page) -> tuple[DistrictFigures, str]:
    day_from, day_to, error = _period(page)
    return district_figures(page.database, day_from, day_to, _street(page)), error


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def avg(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


@router.get("/statistics")
def statistics_page(page: Viewer) -> Response:
    view, error = _figures(page)
    ranking = sorted(view.centers, key=lambda c: (-c.figures.visits, c.name))
    days = [
        view.day_from + dt.timedelta(days=i) for i in range((view.day_to - view.day_from).days + 1)
    ]
    counts = [view.total.visits_by_day.get(day, 0) for day in days]
    top = max(counts, default=0) or 1
    bars = [(day, n, round(n * 100 / top, 1)) for day, n in zip(days, counts, strict=True)]
    streets = (
        organisation.list_streets(page.database) if page.operator.role == "district_admin" else []
    )
    return render(
        page,
        "statistics.html",
        view=view,
        ranking=ranking,
        bars=bars,
        streets=streets,
        street=page.request.query_params.get("street", ""),
        categories=CATEGORY_KEYS,
        rate=rate,
        avg=avg,
        error=error,
        query=f"from={view.day_from}&to={view.day_to}"
        + (f"&street={quote(page.request.query_params.get('street', ''))}" if streets else ""),
    )


def _figure_columns(page: Page) -> list[TableColumn]:
    codes = (
        "visits",
        "requests",
        "referrals",
        "overdue",
        "on_time_rate",
        "satisfaction",
        "callback",
        "saturday_offered",
        "saturday_booked",
        "saturday_checked_in",
        "saturday_no_show",
    )
    kinds = {"on_time_rate": "percent", "satisfaction": "number", "callback": "number"}
    return [TableColumn(page.t(f"stats.col.{c}"), kinds.get(c, "int")) for c in codes]


def _figure_cells(f: Figures) -> list[Any]:
    return [
        f.visits,
        f.requests,
        f.referrals.total,
        f.referrals.overdue,
        f.referrals.on_time_rate,
        f.satisfaction.average,
        f.callback_satisfaction.average,
        f.saturday.offered,
        f.saturday.booked,
        f.saturday.checked_in,
        f.saturday.no_show,
    ]


def _table(
    page: Page, view: DistrictFigures, table: str
) -> tuple[list[TableColumn], list[list[Any]]]:
    if table == "centers":
        columns = [TableColumn(page.t("stats.col.center")), TableColumn(page.t("stats.col.street"))]
        rows = [[c.name, c.street_name, *_figure_cells(c.figures)] for c in _ranked(view.centers)]
        return columns + _figure_columns(page), rows
    if table == "streets":
        columns = [
            TableColumn(page.t("stats.col.street")),
            TableColumn(page.t("stats.col.centers"), "int"),
        ]
        rows = [
            [s.name or page.t("center.no_street"), s.centers, *_figure_cells(s.figures)]
            for s in _streets(view.streets)
        ]
        return columns + _figure_columns(page), rows
    days = [
        view.day_from + dt.timedelta(days=i) for i in range((view.day_to - view.day_from).days + 1)
    ]
    columns = [
        TableColumn(page.t("stats.col.day"), "date"),
        TableColumn(page.t("stats.col.visits"), "int"),
    ]
    return columns, [[d, view.total.visits_by_day.get(d, 0)] for d in days]


def _ranked(centers: list[CenterFigures]) -> list[CenterFigures]:
    return sorted(centers, key=lambda c: (-c.figures.visits, c.name))


def _streets(streets: list[StreetFigures]) -> list[StreetFigures]:
    return sorted(streets, key=lambda s: (-s.figures.visits, s.name))


@router.get("/statistics/{table}.xlsx")
def statistics_download(table: str, page: Viewer) -> Response:
    if table not in TABLES:
        raise ConsoleError(404, "error.not_found")
    view, error = _figures(page)
    if error:
        raise ConsoleError(400, "stats.bad_range")
    columns, rows = _table(page, view, table)
    name = page.t(f"stats.table.{table}")
    title = page.t(
        "stats.xlsx_title", table=name, day_from=f"{view.day_from}", day_to=f"{view.day_to}"
    )
    buffer = io.BytesIO()
    write_table(buffer, title, columns, rows, f"{view.day_from:%Y%m%d}-{view.day_to:%Y%m%d}")
    filename = f"{name}_{view.day_from:%Y%m%d}-{view.day_to:%Y%m%d}.xlsx"
    return Response(
        buffer.getvalue(),
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )
