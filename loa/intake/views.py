"""Import pages: upload a document, review what was read beside the text, save it as a draft plan.

Thin: `services` read and write, `selectors` read; a DomainError becomes a message on the same page.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from loa.core.catalogs import Audience, Channel, Index, ReformArea
from loa.core.errors import DomainError
from loa.core.text import normalize
from loa.org.models import OrgUnit
from loa.plans.catalog import PlanStatus
from loa.plans.selectors import draftable_issuers, require_drafter

from . import services
from .drafts import NOT_CARRIED, symbol_of, year_of
from .extract import citations_in_bases
from .forms import ReviewForm, UploadForm
from .highlight import KINDS, segments
from .issuer import IssuerCheck, check_issuer
from .models import DocumentImport, ImportStatus
from .readers import max_bytes
from .selectors import import_get, recent_imports

CATALOGS = (
    ("reform_areas", gettext_lazy("Lĩnh vực CCHC"), ReformArea),
    ("indices", gettext_lazy("Chỉ số"), Index),
    ("channels", gettext_lazy("Hình thức"), Channel),
    ("audiences", pgettext_lazy("plan section", "Đối tượng"), Audience),
)
SECTION_LABELS = {
    "purposes": gettext_lazy("Mục đích"),
    "requirements": gettext_lazy("Yêu cầu"),
    "audiences": pgettext_lazy("plan section", "Đối tượng"),
    "contents": gettext_lazy("Nội dung tuyên truyền"),
    "forms": gettext_lazy("Hình thức tuyên truyền"),
    "objectives": gettext_lazy("Chỉ tiêu"),
    "responsibilities": gettext_lazy("Tổ chức thực hiện"),
    "funding": gettext_lazy("Kinh phí"),
    "solutions": gettext_lazy("Giải pháp"),
    "results": gettext_lazy("Kết quả thực hiện"),
    "advantages": gettext_lazy("Thuận lợi"),
    "difficulties": gettext_lazy("Khó khăn, hạn chế"),
    "next_tasks": gettext_lazy("Phương hướng, nhiệm vụ"),
    "proposals": gettext_lazy("Đề xuất, kiến nghị"),
    "appendix": gettext_lazy("Phụ lục"),
}


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_drafter(user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        units=draftable_issuers(user).order_by("path"),
        initial={"unit": user.unit_id},
    )
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            services.check_size(upload_file.name, upload_file.size)
            record = services.import_start(
                actor=user, unit=form.cleaned_data["unit"], name=upload_file.name, data=upload_file.read()
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("intake:review", pk=record.pk)
    recent = recent_imports(user)
    return render(request, "intake/upload.html", {"form": form, "max_mb": max_bytes() // 2**20, "recent": recent})


def _initial(record: DocumentImport) -> dict[str, Any]:
    result = record.result
    signer = result.get("signer") or {}
    return {
        "year": year_of(result),
        "title": result.get("title", ""),
        "place": result.get("place", ""),
        "symbol": symbol_of(result),
        "bases": result.get("bases_text", ""),
        "recipients": "\n".join(result.get("recipients") or []),
        "authority": signer.get("authority", ""),
        "for_title": signer.get("for_title", ""),
        "signer_title": signer.get("title", ""),
        "signer_name": signer.get("name", ""),
    }


def _reviewed(record: DocumentImport, data: dict[str, Any]) -> dict[str, Any]:
    """The extraction with the officer's corrections."""
    result = dict(record.result)
    numbered, others = citations_in_bases(data["bases"])
    lines = [normalize(line).lstrip("-+• ").rstrip(";. ") for line in data["recipients"].splitlines()]
    result.update(
        year=data["year"],
        title=normalize(data["title"]),
        place=normalize(data["place"]),
        symbol=normalize(data["symbol"]),
        bases_text=data["bases"],
        legal_bases=numbered,
        other_bases=others,
        recipients=[line for line in lines if line],
        signer={
            "authority": normalize(data["authority"]),
            "for_title": normalize(data["for_title"]),
            "title": normalize(data["signer_title"]),
            "name": normalize(data["signer_name"]),
        },
    )
    return result


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    record = import_get(actor=request.user, pk=pk)
    saved = record.status == ImportStatus.SAVED
    issuer = None if saved else check_issuer(request.user, record.unit, record.result.get("issuer") or "")
    choices = _draft_units(issuer, record.unit) if issuer else None
    form = ReviewForm(request.POST or None, initial=_initial(record), draft_units=choices)
    if request.method == "POST" and not saved and form.is_valid():
        unit = next((u for u in choices or [] if u.pk == form.cleaned_data.get("unit")), None)
        try:
            plan = services.import_save(
                actor=request.user, record=record, result=_reviewed(record, form.cleaned_data), unit=unit
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã lưu dự thảo kế hoạch từ tệp «%(name)s». Hãy rà soát nội dung và phụ lục nhiệm vụ.")
                % {"name": record.filename},
            )
            return redirect("plans:edit", pk=plan.pk)
    result = record.result
    return render(
        request,
        "intake/review.html",
        {
            "record": record,
            "form": form,
            "result": result,
            "lines": segments(record.text, result),
            "kinds": KINDS,
            "plan_like": services.is_plan_like(result),
            "saved": saved,
            "confidence": {k: round(v * 100) for k, v in (result.get("confidence") or {}).items()},
            "sections": [(SECTION_LABELS.get(k, k), len(v)) for k, v in (result.get("sections") or {}).items()],
            "not_carried": [
                (SECTION_LABELS.get(k, k), v)
                for k, v in (result.get("sections") or {}).items()
                if k in NOT_CARRIED and v
            ],
            "catalogs": [
                (label, [str(choices(code).label) for code in result.get(key) or [] if code in choices.values])
                for key, label, choices in CATALOGS
            ],
            "source_date": date.fromisoformat(result["date"]) if result.get("date") else None,
            "draft_status": PlanStatus.DRAFT,
            "issuer_check": issuer,
        },
    )


def _draft_units(check: IssuerCheck, chosen: OrgUnit) -> list[OrgUnit]:
    """The proposals first (the successor, or the unit the document names), then the unit chosen at upload."""
    return [*check.proposals, *([chosen] if chosen not in check.proposals else [])]
