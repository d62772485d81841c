"""The one table that turns errors into JSON answers with a stable code.

Every answer for a failure is ``{"code": ..., "message": ..., "details": ...}``; a user
never sees a stack trace, and an unexpected error is logged here and answered with 500.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from liaison.errors import LiaisonError

log = logging.getLogger("liaison.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    """The JSON body of every error answer."""
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return body


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
    return ".".join(parts) or "(body)"


async def _liaison_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LiaisonError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    return JSONResponse(exc.to_dict(), status_code=exc.status_code, headers=headers)


async def _request_validation(_: Request, exc: Exception) -> JSONResponse:
    # FastAPI's own check of a request, or a model a route builds from the request's
    # values (pydantic's ValidationError): either way the client's input, a 422.
    assert isinstance(exc, RequestValidationError | ValidationError)
    details = []
    for error in exc.errors():
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if error.get("type") == "extra_forbidden":
            message = "unknown field"
        field = _field(tuple(error.get("loc", ())))
        if error.get("type") == "json_invalid":
            message, field = "the body is not valid JSON", "(body)"
        details.append({"field": field, "message": message})
    summary = "; ".join(f"{d['field']}: {d['message']}" for d in details[:5])
    return JSONResponse(
        error_body("validation_failed", f"invalid request: {summary}", details), status_code=422
    )


async def _data_error(_: Request, exc: Exception) -> JSONResponse:
    # The database refused a value the request carried (a number beyond its column's
    # range, say): the client's input, not a fault of the service.
    return JSONResponse(
        error_body("validation_failed", "a value in the request is out of range"), status_code=422
    )


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return JSONResponse(
        error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(
        error_body("internal_error", "an unexpected error occurred; it has been logged"),
        status_code=500,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handler table on an app."""
    app.add_exception_handler(LiaisonError, _liaison_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(ValidationError, _request_validation)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
