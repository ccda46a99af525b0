"""月度工作报表: an A4 PDF with the month's figures, charts, top items and overdue referrals,
typeset with the embedded slip font; rendered with pdftoppm and read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from desktop.context import DeskContext, StaffIdentity
from desktop.statistics.figures import center_figures
from desktop.statistics.monthly_report import overdue_referrals, prepare_monthly_report
from tests.unit.figure_rows import FigureRows, write_desk

DAY = dt.date(2026, 11, 10)


def test_monthly_report_pdf(
    bare_ctx: DeskContext, bare_staff: StaffIdentity, tmp_path: Path
) -> None:
    write_desk(bare_ctx, FigureRows.sample(bare_ctx.center_id, bare_staff.id, DAY))
    bare_ctx.clock = lambda: dt.datetime(2026, 12, 2, 4, tzinfo=dt.UTC)
    slip = prepare_monthly_report(bare_ctx, bare_staff, DAY)
    assert slip.kind == "monthly_report" and slip.paper == "A4" and slip.number.startswith("M")
    assert slip.pdf_path.read_bytes() == slip.pdf
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(slip.pdf)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "WenQuanYi" in fonts.stdout and " yes " in fonts.stdout  # embedded
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89" in info  # A4
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    figures = center_figures(bare_ctx, bare_staff, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    late = overdue_referrals(bare_ctx, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert "月度工作报表" in text and "2026 年 11 月" in text
    assert f"来访人次：{figures.figures.visits}" in text
    assert (
        f"超期未办结转办事项（{len(late)} 件）" in text
        and len(late) == figures.figures.referrals.overdue
    )
    assert figures.items[0].name in text
    out = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out)], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 2
    assert all(page.stat().st_size > 10_000 for page in pages)  # drawn, not blank
