"""The REST API (django-ninja): one router per domain, every read and write through the scoping layer."""

from typing import Any

from django.db import DataError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from loa.activity.validation import ActivityInvalid
from loa.core.busy import RETRY_AFTER_SECONDS, busy_message, is_busy
from loa.core.errors import DomainError, ImportRejected
from loa.core.http import unreadable_body

from .auth import AUTH
from .routers import (
    activities,
    channels,
    column,
    contests,
    dashboards,
    evidence,
    feedback,
    indices,
    notifications,
    offline,
    org,
    oversight,
    plans,
    progress,
    reports,
    scoring,
    signing,
    surveys,
    users,
)

api = NinjaAPI(
    title="Loa API",
    version="1.0.0",
    description="REST API của Loa: đơn vị, người dùng, nhật ký thay đổi, kế hoạch tuyên truyền và nhiệm vụ, "
    "hoạt động và minh chứng, tiến độ nhiệm vụ, thông báo, báo cáo định kỳ, thống kê và chấm điểm. "
    "Xác thực bằng phiên đăng nhập hoặc khóa API (Authorization: Bearer …).",
    auth=AUTH,
    urls_namespace="api-1.0.0",
)
api.add_router("/", org.router)
api.add_router("/", users.router)
api.add_router("/", plans.router)
api.add_router("/", activities.router)
api.add_router("/", evidence.router)
api.add_router("/", progress.router)
api.add_router("/", notifications.router)
api.add_router("/", reports.router)
api.add_router("/", dashboards.router)
api.add_router("/", scoring.router)
api.add_router("/", indices.router)
api.add_router("/", channels.router)
api.add_router("/", surveys.router)
api.add_router("/", feedback.router)
api.add_router("/", column.router)
api.add_router("/", contests.router)
api.add_router("/", oversight.router)
api.add_router("/", offline.router)
api.add_router("/", signing.router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors: list[dict[str, Any]] = []
    if isinstance(exc, ImportRejected):
        errors = [e.as_dict() for e in exc.errors]
    elif isinstance(exc, ActivityInvalid):  # which field and why, for a form (the offline page) to mark it
        errors = [{"field": name, "message": message} for name, message in exc.errors]
    return api.create_response(request, {"detail": exc.message, "code": exc.code, "errors": errors}, status=exc.status)


@api.exception_handler(OperationalError)
def database_busy(request: HttpRequest, exc: OperationalError) -> HttpResponse:
    """A lock or a conflict the database gave up on: the write was rolled back, the client may send it again."""
    if not is_busy(exc):
        raise exc
    response = api.create_response(request, {"detail": busy_message(), "code": "busy", "errors": []}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def number_out_of_range(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A number in the request past what the database stores (SQLite raises OverflowError binding it, PostgreSQL a
    DataError): the request is wrong, nothing was written (the transaction rolled back)."""
    return api.create_response(
        request,
        {"detail": _("Dữ liệu gửi lên có số vượt quá giới hạn lưu trữ."), "code": "invalid", "errors": []},
        status=422,
    )


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors]
    return api.create_response(
        request,
        {"detail": _("Dữ liệu gửi lên không hợp lệ."), "code": "invalid", "errors": errors},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": _("Chưa đăng nhập hoặc khóa API không hợp lệ."), "code": "unauthenticated", "errors": []},
        status=401,
    )


@api.exception_handler(MultiPartParserError)
def unreadable_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A multipart body Django cannot split (no boundary): raised wherever the body is first read (the CSRF check,
    a file parameter), it reached ninja's catch-all, which answers 500 with a traceback when DEBUG is on."""
    return api.create_response(request, {"detail": unreadable_body(), "code": "bad_request", "errors": []}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals, in the API's one error shape; the body it cannot parse (its English "Cannot parse
    request body") gets Loa's Vietnamese message."""
    unparsable = exc.status_code == 400 and str(exc).startswith("Cannot parse request body")
    detail = unreadable_body() if unparsable else str(exc)
    code = "bad_request" if unparsable else "http_error"
    return api.create_response(request, {"detail": detail, "code": code, "errors": []}, status=exc.status_code)
