"""Web middleware: domain errors that escape a view become a Vietnamese error page with the right status (never a
traceback; a busy database is 503 "try again"), and a one-time password sends its holder to the password change page."""

import json
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from loa.core.busy import RETRY_AFTER_SECONDS, busy_message, is_busy
from loa.core.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        if is_busy(exception):
            # The write was rolled back whole; the page says to try again, and the browser's Back keeps the form.
            response = render(request, "web/error.html", {"message": busy_message()}, status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return response
        if isinstance(exception, DomainError):
            return render(request, "web/error.html", {"message": exception.message}, status=exception.status)
        return None


class OneTimePasswordMiddleware:
    """Someone signed in with a one-time password (new account, reset) is sent to the password change page until
    they choose their own. Signing out, switching language and static files stay open; so does the API, which
    answers programs (bearer keys) and is not a page to be sent elsewhere. A fragment the password page itself asks
    for by htmx (the menu's to-do count) gets an empty answer: redirected, htmx would follow and nest the whole
    password page inside the menu, whose own count request would nest it again, without end."""

    OPEN_PREFIXES = ("/api/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            # The service worker and the manifest are files every page asks for, not pages to be sent elsewhere.
            open_paths = {
                reverse("password_change"),
                reverse("password_change_done"),
                reverse("logout"),
                reverse("service_worker"),
                reverse("manifest"),
            }
            path = request.path
            if path not in open_paths and not path.startswith((*self.OPEN_PREFIXES, settings.STATIC_URL or "/static/")):
                if request.headers.get("HX-Request"):
                    # A fragment asked for by a page (the menu's count): the page itself was already sent to the
                    # password change; a redirect here would put that whole page inside the fragment.
                    return HttpResponse(status=204)
                messages.warning(request, _("Bạn đang dùng mật khẩu dùng một lần: hãy đặt mật khẩu mới để tiếp tục."))
                return redirect("password_change")
        return self.get_response(request)


class NulCharacterMiddleware:
    """A NUL character anywhere in what a request sends (its query string, a form field, a JSON value or key) is
    refused with a 400 before any view reads it. Nobody types one, and PostgreSQL refuses it in any text it stores
    or compares: pages that read a field straight from the request (`?unit=%00`, a unit code posted to the
    commendations form) answered 500. A body that cannot be read at all is left to Django's own 400 (raised here
    or in the view, whichever reads it first)."""

    FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request.GET) or self._body_has_nul(request):
            message = _("Dữ liệu gửi lên hoặc địa chỉ trang chứa ký tự không hợp lệ (ký tự NUL); hãy kiểm tra lại.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "code": "bad_request", "errors": []}, status=400)
            return render(request, "web/error.html", {"message": message}, status=400)
        return self.get_response(request)

    def _body_has_nul(self, request: HttpRequest) -> bool:
        content_type = request.content_type or ""
        if request.method == "POST" and content_type in self.FORMS:
            return _has_nul(request.POST)  # a body Django cannot split raises its 400 here
        if content_type == "application/json" and request.method in {"POST", "PUT", "PATCH", "DELETE"}:
            try:
                document = json.loads(request.body)
            except (ValueError, RecursionError):
                return False  # the API refuses what it cannot parse, in its own words
            return _json_has_nul(document)
        return False


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def _json_has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any("\x00" in key or _json_has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_json_has_nul(item) for item in value)
    return False
