"""Pages: check the signatures of a PDF; the roots the system trusts (kept by the system administrator). Thin."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from loa.core.errors import DomainError, NotFound
from loa.core.http import too_large
from loa.org.scope import Perm, scope_prefix

from . import selectors, services
from .models import TrustedRoot


class PdfForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp PDF cần kiểm tra"))


class RootForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Tên"), max_length=200, required=False)
    file = forms.FileField(label=gettext_lazy("Tệp chứng thư gốc (PEM hoặc DER)"))


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    form = PdfForm(request.POST or None, request.FILES or None)
    result, error, status = None, "", 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.LOA_EVIDENCE_MAX_BYTES
        try:
            if upload.size > limit:
                raise DomainError(too_large(limit))
            result = selectors.verification(upload.read())
        except DomainError as exc:
            error, status = exc.message, exc.status
    context = {"form": form, "result": result, "error": error, "roots": selectors.roots_list().count()}
    return render(request, "signing/verify.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def roots(request: HttpRequest) -> HttpResponse:
    keeper = scope_prefix(request.user, Perm.MANAGE_USERS) == ""
    form = RootForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not keeper:
            return render(request, "signing/roots.html", _roots_context(form, keeper), status=403)
        if form.is_valid():
            try:
                root = services.root_add(
                    actor=request.user, name=form.cleaned_data["name"], blob=form.cleaned_data["file"].read(1 << 20)
                )
            except DomainError as exc:
                form.add_error("file", exc.message)
                status = exc.status
            else:
                messages.success(request, _("Đã thêm chứng thư gốc «%(name)s».") % {"name": root.name})
                return redirect("signing:roots")
    return render(request, "signing/roots.html", _roots_context(form, keeper), status=status)


def _roots_context(form: RootForm, keeper: bool) -> dict[str, object]:
    return {"form": form, "keeper": keeper, "roots": list(selectors.roots_list())}


@login_required
@require_POST
def root_delete(request: HttpRequest, pk: int) -> HttpResponse:
    root = TrustedRoot.objects.filter(pk=pk).first()
    if root is None:
        raise NotFound(_("Không tìm thấy chứng thư gốc này."))
    services.root_remove(actor=request.user, root=root)
    messages.success(request, _("Đã bỏ chứng thư gốc «%(name)s» khỏi danh sách tin cậy.") % {"name": root.name})
    return redirect("signing:roots")
