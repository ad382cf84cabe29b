"""API authentication: a personal bearer token, or the browser session (with CSRF).

The token is tried first. A browser attaches its session cookie to any request a foreign page makes it send,
so cookie requests must prove they come from Loa's own pages (Django's CSRF check). A bearer token is never
sent by the browser on its own (another site cannot set the Authorization header without CORS, which Loa does
not allow), so token requests need no CSRF token: checking the cookie first refused every token write.
"""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from loa.core.errors import DomainError
from loa.org.services import api_token_user


class CsrfFailed(DomainError):
    status = 403

    def __init__(self) -> None:
        super().__init__(
            _(
                "Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF) của phiên đăng nhập. "
                "Hãy tải lại trang, hoặc dùng khóa API (Authorization: Bearer …)."
            ),
            code="csrf_failed",
        )


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser session. Without one the request carries no session credentials at all, and gets
    the 401 of no credentials rather than a CSRF failure; with one, every unsafe method needs the CSRF token."""

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, only for a signed-in session, with a Vietnamese message

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfFailed()
        return request.user


AUTH = [BearerToken(), BrowserSession()]
