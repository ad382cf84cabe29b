"""Vietnamese error pages; the 500 page renders without context processors so it cannot fail twice."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from loa.core.http import unreadable_body


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refused before any view (a multipart body without boundary read by the CSRF check): the API
    answers in its JSON shape, pages in Vietnamese; nothing was changed."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": unreadable_body(), "code": "bad_request", "errors": []}, status=400)
    return render(request, "web/error.html", {"message": unreadable_body()}, status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"message": _("Không tìm thấy trang hoặc đối tượng được yêu cầu, hoặc bạn không có quyền xem.")},
        status=404,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"message": _("Bạn không có quyền thực hiện thao tác này.")}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    body = loader.get_template("web/500.html").render()
    return HttpResponse(body, status=500)
