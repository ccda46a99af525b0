"""运行监测: centers and their desks, as the district admin watches them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import Response

from district import monitoring
from district.console.web import Page, need, render

router = APIRouter()


@router.get("/monitoring")
def monitoring_page(page: Annotated[Page, need("desks.manage")]) -> Response:
    return render(page, "monitoring.html", centers=monitoring.overview(page.database))
