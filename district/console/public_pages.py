"""办件进度查询: the page a receipt's QR code opens. No sign-in, no personal data,
rate-limited per address."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from district import progress
from district.console.web import Page, public_page, render

router = APIRouter()
LIMIT = progress.RateLimit()


@router.get("/p/{code}")
def progress_page(code: str, page: Annotated[Page, Depends(public_page)]) -> Response:
    if not LIMIT.allow(page.address):
        response = render(page, "progress.html", status=429, limited=True, code="")
        response.headers["Retry-After"] = "60"
        return response
    shown = code.strip().upper()[:16]
    found = progress.lookup(page.database, shown)
    return render(page, "progress.html", status=200 if found else 404, found=found, code=shown)
