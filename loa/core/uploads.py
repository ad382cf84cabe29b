"""What every XLSX import page does around its service: the upload form, the size limit, the all-or-nothing
import (or its check-only pass), and what went wrong shown on the form, the file's errors listed by row."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from .busy import busy_as_domain_error
from .errors import DomainError, ImportRejected
from .http import too_large

ROW_ERRORS_SHOWN = 500  # a file wrong on every row would otherwise make a page of thousands of lines


class XlsxImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"))
    dry_run = forms.BooleanField(label=gettext_lazy("Chỉ kiểm tra, chưa ghi"), required=False, initial=True)


def run_import(form: XlsxImportForm, *, limit: int, run: Callable[[bytes, bool], int]) -> tuple[int | None, list[Any]]:
    """`run(content, dry_run)` imports (or checks) a valid form's file and returns how many rows it took. Returns
    that count, or None when the file was refused, with its row errors; the reason is on the form."""
    upload = form.cleaned_data["file"]
    if upload.size > limit:
        form.add_error("file", too_large(limit))
        return None, []
    try:
        with busy_as_domain_error():  # a busy database: the form comes back with the message, to send again
            return run(upload.read(), form.cleaned_data["dry_run"]), []
    except ImportRejected as exc:
        form.add_error(None, exc.message)
        return None, exc.errors[:ROW_ERRORS_SHOWN]
    except DomainError as exc:
        form.add_error("file", forms.ValidationError(exc.message, code=exc.code))
        return None, []


def import_status(form: XlsxImportForm) -> int:
    """The page's status: 503 when the database was busy (the form comes back as sent, to send again), else 200."""
    return 503 if form.has_error("file", code="busy") else 200
