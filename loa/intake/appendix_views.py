"""The appendix import page of a draft plan: paste rows or choose a file, read them (a preview with errors by row and
column), then add them to the plan. Thin: `appendix` reads, `services.appendix_add` writes."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from loa.core.errors import DomainError
from loa.core.http import XLSX, attachment
from loa.core.labels import code_label, code_labels
from loa.core.numbers import parse_revision
from loa.plans.assignment import group_label
from loa.plans.catalog import Frequency
from loa.plans.models import Plan
from loa.plans.selectors import plan_for_editing
from loa.plans.tasks_input import TaskInput

from . import services
from .appendix import AppendixPreview, problem_text, read_appendix, table_from_file, table_from_text, table_text
from .appendix_template import template_xlsx
from .readers import check_size
from .task_rows import product_target


class AppendixForm(forms.Form):
    revision = forms.CharField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=gettext_lazy("Dán các dòng của phụ lục (chép từ bảng Word hoặc Excel)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "paste"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Hoặc chọn tệp (mẫu Excel .xlsx, hoặc văn bản Word .docx có bảng phụ lục)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.docx"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appendix(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_editing(request.user, pk)
    form = AppendixForm(request.POST or None, request.FILES or None, initial={"revision": plan.revision})
    preview: AppendixPreview | None = None
    if request.method == "POST" and form.is_valid():
        try:
            if "_save" in request.POST:
                added = services.appendix_add(
                    actor=request.user,
                    plan=plan,
                    text=form.cleaned_data["text"],
                    revision=parse_revision(form.cleaned_data["revision"]),
                )
                messages.success(request, _("Đã thêm %(n)s nhiệm vụ vào phụ lục.") % {"n": added})
                return redirect("plans:edit", pk=plan.pk)
            preview = _preview(request.user, plan, form)
        except DomainError as exc:
            form.add_error(None, exc.message)
            if "_save" in request.POST:
                preview = _quiet_preview(plan, form.cleaned_data["text"])
    return render(
        request,
        "intake/appendix.html",
        {"plan": plan, "form": form, "preview": preview, "shown": _shown(plan, preview) if preview else []},
    )


def _shown(plan: Plan, preview: AppendixPreview) -> list[dict[str, Any]]:
    """Each row as the preview table shows it: labels and unit names, never codes."""
    names = preview.names
    shown = []
    for row in preview.rows:
        t = row.task
        leads = [names.get(t.lead_unit, t.lead_unit)] if t.lead_unit else []
        if t.lead_group:  # as the plan will write it ("UBND các xã, phường"), or its label in another language
            vietnamese = (get_language() or "vi").startswith("vi")
            leads.append(
                group_label(plan.issuer, t.lead_group) if vietnamese else code_label("lead_group", t.lead_group)
            )
        timing = [code_label("frequency", t.frequency)] if t.frequency != Frequency.ONCE else []
        if t.deadline:
            timing.append(t.deadline.strftime("%d/%m/%Y"))
        shown.append(
            {
                "number": row.number,
                "title": t.title,
                "area": code_label("area", t.reform_area),
                "channels": code_labels("channel", [t.channel, *t.extra_channels] if t.channel else []),
                "audiences": code_labels("audience", [t.audience, *t.extra_audiences] if t.audience else []),
                "leads": [*leads, *(names.get(c, c) for c in t.co_leads)],
                "coordinating": [
                    *(names.get(c, c) for c in t.coordinating),
                    *([t.coordinating_note] * bool(t.coordinating_note)),
                ],
                "timing": ", ".join(timing),
                "product": _product(t),
                "problems": [problem_text(row.number, p) for p in row.problems],
            }
        )
    return shown


def _product(task: TaskInput) -> str:
    """The product, and the target when it was not read out of the product's own words ("12 chuyên mục")."""
    target = f"{task.quantity} {task.measure}".strip() if task.quantity is not None else ""
    said = task.quantity is not None and product_target(task.product) == (task.quantity, task.measure)
    return " · ".join(filter(None, [task.product, "" if said else target]))


def _preview(actor: Any, plan: Plan, form: AppendixForm) -> AppendixPreview:
    upload = form.cleaned_data.get("file")
    if upload is not None:
        check_size(upload.name, upload.size)
        table = table_from_file(upload.name, upload.read())
    else:
        table = table_from_text(form.cleaned_data["text"])
    preview = services.appendix_preview(actor=actor, plan=plan, table=table)
    # The text box now holds the rows read, whatever they came from: corrections are made there.
    # The form is bound to request.POST, a QueryDict.
    data = form.data.copy()  # type: ignore[attr-defined]
    data["text"] = table_text(table)
    form.data = data
    return preview


def _quiet_preview(plan: Plan, text: str) -> AppendixPreview | None:
    try:
        return read_appendix(plan, table_from_text(text))
    except DomainError:
        return None


@login_required
@require_GET
def appendix_template(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_editing(request.user, pk)
    return attachment(template_xlsx(plan), f"mau-phu-luc-nhiem-vu-{plan.year}.xlsx", XLSX)
