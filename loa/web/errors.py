"""Vietnamese error pages; the 500 page renders without context processors so it cannot fail twice."""

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from loa.core.http import unreadable_body


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refused before any view (a multipart body without boundary read by the CSRF check, a body
    over Django's limits): the API answers in its JSON shape, pages in Vietnamese; nothing was changed."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        message = _("Dữ liệu gửi lên quá lớn hoặc có quá nhiều trường, quá nhiều tệp. Không có gì được thay đổi.")
    else:
        message = unreadable_body()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "bad_request", "errors": []}, status=400)
    return render(request, "web/error.html", {"message": message}, status=400)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"message": _("Không tìm thấy trang hoặc đối tượng được yêu cầu, hoặc bạn không có quyền xem.")},
        status=404,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"message": _("Bạn không có quyền thực hiện thao tác này.")}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (cookies blocked, a page kept open for days): say what to do, in
    Vietnamese, and on the public pages in their own look. Nothing was changed."""
    message = _(
        "Trang đã hết hạn hoặc trình duyệt chặn cookie nên chưa gửi được. Hãy tải lại trang rồi gửi lại; "
        "không có gì được thay đổi."
    )
    public = request.path.startswith(("/khao-sat/", "/phan-anh/"))
    template = "surveys/public_error.html" if public else "web/error.html"
    return render(request, template, {"message": message}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    body = loader.get_template("web/500.html").render()
    return HttpResponse(body, status=500)
