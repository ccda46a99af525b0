"""Errors answered as :class:`protocol.ErrorBody`, never as a bare traceback."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from protocol import MAX_CHANGES_PER_PUSH, ErrorBody, Recovery, reason
from protocol.storable import UNSTORABLE_ERROR

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 413, 422, 426, 503)
}


class ApiError(Exception):
    """An answer other than success: HTTP status, reason code, optional recovery advice."""

    def __init__(
        self,
        status: int,
        code: str,
        *,
        recovery: Recovery | None = None,
        headers: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.body = ErrorBody(error=reason(code, **params), recovery=recovery)
        self.headers = headers


def error_response(
    status: int, body: ErrorBody, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _describe(error: dict[str, Any]) -> str:
    """A validation error without the offending input (it may hold personal data)."""
    loc = tuple(error.get("loc", ()))
    field = (error.get("ctx") or {}).get("field")
    if error.get("type") == UNSTORABLE_ERROR and field:
        loc = (*loc, field)
    where = ".".join(str(part) for part in loc)
    return f"{where}: {error.get('msg', 'invalid')}"


async def _on_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.body, exc.headers)


async def _on_validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if error.get("type") == "too_long" and loc[:2] == ("body", "changes"):
            count = (error.get("ctx") or {}).get("actual_length", "?")
            body = ErrorBody(
                error=reason("batch_too_large", limit=MAX_CHANGES_PER_PUSH, count=count)
            )
            return error_response(413, body)
    details = [_describe(error) for error in errors[:20]]
    body = ErrorBody(error=reason("request_invalid", detail=details[0] if details else ""))
    return error_response(422, body.model_copy(update={"details": details}))


async def _on_http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    body = ErrorBody(error=reason("not_found_resource", what=request.url.path))
    if exc.status_code != 404:
        body = ErrorBody(error=reason("request_invalid", detail=str(exc.detail)))
    return error_response(exc.status_code, body, getattr(exc, "headers", None))


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    return error_response(500, ErrorBody(error=reason("internal_error")))


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(StarletteHTTPException, _on_http)
    app.add_exception_handler(Exception, _on_unexpected)
