"""月度工作报表: a month's figures as an A4 PDF, typeset like the slips (embedded font).

Key figures, visits per day, shares by category, outcomes, satisfaction (desk and
callback), Saturday use, the top service items and the referrals overdue. The charts are
the layouts of :mod:`desktop.statistics.charts` drawn with reportlab. Prepared as a slip of
kind ``monthly_report`` so it is numbered, kept, previewed and printed like the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import func, select

from db.figures import overdue
from db.models import ServiceItem, ServiceRequest, Visit, WorkOrderStatus
from desktop import access
from desktop.context import DeskContext, StaffIdentity
from desktop.i18n import Translator
from desktop.slips.blocks import Block, Graphic, Row, Rule, Space, Text
from desktop.slips.content import CenterHeader, SlipMeta
from desktop.slips.fonts import FONT_NAME
from desktop.slips.paper import Paper
from desktop.slips.render import render_pdf
from desktop.slips.service import PreparedSlip, prepare_document
from desktop.statistics.charts import GRADE_COLOURS, PALETTE, bar_layout, percent, pie_layout
from desktop.statistics.figures import CenterFigures, center_figures
from desktop.statistics.periods import period_of
from protocol.figures import CATEGORY_KEYS, GRADES, OUTCOME_KEYS

OVERDUE_SHOWN = 30


@dataclass(frozen=True)
class OverdueReferral:
    visit_date: dt.date
    queue_number: str
    service_item: str
    referred_to: str
    due_date: dt.date
    days_over: int


def overdue_referrals(
    ctx: DeskContext, day_from: dt.date, day_to: dt.date
) -> list[OverdueReferral]:
    """Referrals of the period overdue today (the definition :mod:`db.figures` counts)."""
    today = ctx.today()
    due = func.coalesce(WorkOrderStatus.due_date, ServiceRequest.due_date)
    query = (
        select(
            Visit.visit_date, Visit.queue_number, ServiceItem.name, ServiceRequest.referred_to, due
        )
        .join(Visit, Visit.id == ServiceRequest.visit_id)
        .join(ServiceItem, ServiceItem.id == ServiceRequest.service_item_id)
        .outerjoin(WorkOrderStatus, WorkOrderStatus.request_id == ServiceRequest.id)
        .where(
            Visit.center_id == ctx.center_id,
            Visit.visit_date.between(day_from, day_to),
            Visit.deleted_at.is_(None),
            ServiceRequest.deleted_at.is_(None),
            ServiceRequest.outcome == "referred",
            overdue(WorkOrderStatus.status, due, today),
        )
        .order_by(due, Visit.visit_date)
    )
    with ctx.db.read() as session:
        return [
            OverdueReferral(day, number, item, to, due_day, (today - due_day).days)
            for day, number, item, to, due_day in session.execute(query)
        ]


def _bars(values: list[float], labels: list[str], colours: list[str], height: float) -> Graphic:
    def draw(canvas: Canvas, x: float, top: float, width: float) -> None:
        layout = bar_layout(values, labels, width, height, label_width=14)
        canvas.saveState()
        canvas.setFont(FONT_NAME, 6.5)
        for y, text in layout.ticks:
            canvas.setStrokeColor(HexColor("#d0d0d0"))
            canvas.setLineWidth(0.3)
            canvas.line(x + layout.plot.x, top - y, x + layout.plot.x + layout.plot.width, top - y)
            canvas.setFillColor(HexColor("#333333"))
            canvas.drawRightString(x + layout.plot.x - 3, top - y - 2, text)
        for bar in layout.bars:
            box = bar.box
            canvas.setFillColor(HexColor(colours[bar.index % len(colours)]))
            canvas.rect(
                x + box.x, top - box.y - box.height, box.width, box.height, fill=1, stroke=0
            )
            canvas.setFillColor(HexColor("#333333"))
            centre = x + box.x + box.width / 2
            if layout.bar_values and bar.value:
                canvas.drawCentredString(centre, top - box.y + 2, f"{bar.value:g}")
            if bar.show_label:
                canvas.drawCentredString(
                    centre, top - layout.plot.y - layout.plot.height - 9, bar.label
                )
        canvas.restoreState()

    return Graphic(height, draw)


def _pie(parts: list[tuple[str, float]], height: float) -> Graphic:
    def draw(canvas: Canvas, x: float, top: float, width: float) -> None:
        side = height - 8
        canvas.saveState()
        slices = pie_layout(parts)
        for piece in slices:
            if piece.value:
                canvas.setFillColor(HexColor(piece.colour))
                canvas.setStrokeColor(HexColor("#ffffff"))
                canvas.wedge(
                    x,
                    top - 4 - side,
                    x + side,
                    top - 4,
                    piece.start_degrees,
                    piece.span_degrees,
                    fill=1,
                    stroke=1,
                )
        canvas.setFont(FONT_NAME, 9)
        for i, piece in enumerate(slices):
            y = top - 14 - i * 16
            canvas.setFillColor(HexColor(piece.colour))
            canvas.rect(x + side + 16, y - 1, 9, 9, fill=1, stroke=0)
            canvas.setFillColor(HexColor("#222222"))
            canvas.drawString(
                x + side + 30, y, f"{piece.label}　{piece.value:g}（{percent(piece.share)}）"
            )
        canvas.restoreState()

    return Graphic(height, draw)


def _table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: tuple[float, ...]
) -> list[Block]:
    blocks: list[Block] = [Row(header, widths, bold=True, line_below=True)]
    blocks += [Row(row, widths, scale=0.95) for row in rows]
    return blocks


def report_blocks(
    tr: Translator,
    center: CenterHeader,
    seen: CenterFigures,
    late: list[OverdueReferral],
    meta: SlipMeta,
) -> list[Block]:
    f = seen.figures
    month = f.period_from
    ref = f.referrals
    heading = tr("report.heading", year=month.year, month=month.month)
    blocks: list[Block] = [
        Text(center.name, scale=1.1, align="center"),
        Text(tr("report.title"), scale=1.7, bold=True, align="center"),
        Text(
            heading
            + tr(
                "report.range",
                day_from=f"{f.period_from:%Y-%m-%d}",
                day_to=f"{f.period_to:%Y-%m-%d}",
            ),
            align="center",
        ),
        Text(
            tr(
                "report.made",
                number=meta.number,
                at=f"{meta.printed_at:%Y-%m-%d %H:%M}",
                today=f"{f.today:%Y-%m-%d}",
            ),
            scale=0.8,
            align="center",
        ),
        Rule(dashed=False),
        Text(tr("report.section.key"), scale=1.2, bold=True),
    ]
    key = [
        (tr("report.key.visits"), f"{f.visits}"),
        (tr("report.key.requests"), f"{f.requests}"),
        (tr("report.key.referrals"), f"{ref.total}"),
        (tr("report.key.open"), f"{ref.open}"),
        (tr("report.key.overdue"), f"{ref.overdue}"),
        (tr("report.key.on_time"), percent(ref.on_time_rate)),
        (tr("report.key.satisfaction"), _avg(f.satisfaction.average)),
        (tr("report.key.callback"), _avg(f.callback_satisfaction.average)),
        (
            tr("report.key.saturday"),
            tr(
                "report.saturday_line",
                offered=f.saturday.offered,
                booked=f.saturday.booked,
                checked_in=f.saturday.checked_in,
                no_show=f.saturday.no_show,
            ),
        ),
    ]
    for start in range(0, len(key), 3):
        part = key[start : start + 3]
        blocks.append(
            Row(tuple(f"{label}：{value}" for label, value in part), (1, 1, 1.4)[: len(part)])
        )
    days = [
        f.period_from + dt.timedelta(days=i) for i in range((f.period_to - f.period_from).days + 1)
    ]
    blocks += [
        Space(0.6),
        Text(tr("report.section.by_day"), scale=1.2, bold=True),
        _bars(
            [f.visits_by_day.get(d, 0) for d in days], [f"{d.day}" for d in days], [PALETTE[0]], 150
        ),
        Space(0.4),
        Text(tr("report.section.categories"), scale=1.2, bold=True),
        _pie(
            [(tr(f"ui.category.{c}"), f.requests_by_category.get(c, 0)) for c in CATEGORY_KEYS], 96
        ),
        Space(0.3),
    ]
    blocks += _table(
        (tr("report.col.outcome"), tr("report.col.count"), tr("report.col.share")),
        [
            (
                tr(f"ui.outcome.{'none' if o == 'open' else o}"),
                f"{f.outcomes.get(o, 0)}",
                percent(f.outcomes.get(o, 0) / f.requests if f.requests else None),
            )
            for o in OUTCOME_KEYS
        ],
        (2, 1, 1),
    )
    blocks += [Space(0.6), Text(tr("report.section.satisfaction"), scale=1.2, bold=True)]
    blocks.append(
        _bars(
            [f.satisfaction.grades.get(g, 0) for g in GRADES],
            [tr(f"ui.satisfaction.{g}") for g in GRADES],
            [GRADE_COLOURS[g] for g in GRADES],
            110,
        )
    )
    blocks += _table(
        (tr("report.col.grade"), tr("report.col.desk"), tr("report.col.callback")),
        [
            (
                tr(f"ui.satisfaction.{g}"),
                f"{f.satisfaction.grades.get(g, 0)}",
                f"{f.callback_satisfaction.grades.get(g, 0)}",
            )
            for g in reversed(GRADES)
        ]
        + [
            (
                tr("ledger.average"),
                _avg(f.satisfaction.average),
                _avg(f.callback_satisfaction.average),
            )
        ],
        (2, 1, 1),
    )
    blocks += [Space(0.6), Text(tr("report.section.top_items"), scale=1.2, bold=True)]
    blocks += _table(
        (tr("report.col.rank"), tr("report.col.item"), tr("report.col.count")),
        [(f"{i}", item.name, f"{item.requests}") for i, item in enumerate(seen.top_items, start=1)],
        (0.6, 4, 1),
    )
    blocks += [
        Space(0.6),
        Text(tr("report.section.overdue", count=len(late)), scale=1.2, bold=True),
    ]
    if not late:
        blocks.append(Text(tr("report.no_overdue")))
    blocks += (
        _table(
            (
                tr("ledger.col.date"),
                tr("ledger.col.queue_number"),
                tr("ledger.col.service_item"),
                tr("ledger.col.referred_to"),
                tr("ledger.col.due_date"),
                tr("report.col.days_over"),
            ),
            [
                (
                    f"{r.visit_date:%m-%d}",
                    r.queue_number,
                    r.service_item,
                    r.referred_to,
                    f"{r.due_date:%Y-%m-%d}",
                    f"{r.days_over}",
                )
                for r in late[:OVERDUE_SHOWN]
            ],
            (1, 1, 2.4, 1.6, 1.3, 0.8),
        )
        if late
        else []
    )
    if len(late) > OVERDUE_SHOWN:
        blocks.append(Text(tr("report.more_overdue", count=len(late) - OVERDUE_SHOWN), scale=0.9))
    return blocks


def _avg(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def render_report(
    tr: Translator,
    center: CenterHeader,
    seen: CenterFigures,
    late: list[OverdueReferral],
    meta: SlipMeta,
    paper: Paper,
) -> bytes:
    footer = tr("slip.page", page="{page}", pages="{pages}")
    return render_pdf(report_blocks(tr, center, seen, late, meta), paper, meta.number, footer)


@access.guarded("statistics.read")
def prepare_monthly_report(
    ctx: DeskContext, staff: StaffIdentity, month: dt.date, language: str = "zh_CN"
) -> PreparedSlip:
    """The month holding ``month`` as a numbered, kept A4 PDF ready to preview or print."""
    access.check(ctx, staff, "statistics.read")
    period = period_of("month", month)
    seen = center_figures(ctx, staff, period.day_from, period.day_to)
    late = overdue_referrals(ctx, period.day_from, period.day_to)
    tr = Translator(language)

    def render(center: CenterHeader, meta: SlipMeta, paper: Paper, unmask: bool) -> bytes:
        return render_report(tr, center, seen, late, meta, paper)

    subject = f"{period.day_from:%Y-%m}"
    return prepare_document(ctx, "monthly_report", "month", subject, render)
