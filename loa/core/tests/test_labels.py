"""Labels instead of codes: every catalog is registered under a kind, every action a service writes has a label,
and the helpers read in the active language."""

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from django.db import models
from django.template import Context, Template
from django.utils import translation

import loa
from loa.core.audit import ACTION_LABELS, action_label
from loa.core.labels import code_label, code_labels, period_label, registered_catalogs

ROOT = Path(loa.__file__).resolve().parent


def _loa_choices() -> set[type[models.TextChoices]]:
    """Every TextChoices class defined in Loa's code (tests and migrations aside)."""
    for module in pkgutil.walk_packages([str(ROOT)], prefix="loa."):
        if ".tests" in module.name or ".migrations" in module.name or module.name.endswith(("__main__", "wsgi")):
            continue
        importlib.import_module(module.name)
    found: set[type[models.TextChoices]] = set()
    pending: list[type[models.TextChoices]] = [models.TextChoices]
    while pending:
        sub: type[models.TextChoices]
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("loa."):
                found.add(sub)
    return found


def test_every_catalog_is_registered_under_a_kind():
    """A catalog without a kind has no filter for its labels, and the page walk would not know its codes."""
    missing = {c.__qualname__ for c in _loa_choices()} - {c.__qualname__ for c in registered_catalogs().values()}
    assert missing == set(), f"register these with loa.core.labels.register_catalog: {sorted(missing)}"


def _reasons_in_code() -> set[str]:
    """The action codes services write: `reason="x.y"`, `default_change_reason="x.y"`, `_upsert(..., "x.y")`."""
    found: set[str] = set()
    pattern = re.compile(r"""(?:reason=f?|_upsert\([^)]*?)["']([a-z_]+(?:\.[a-z_]+)+|load-vn[^"']*)""")
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for code in pattern.findall(path.read_text(encoding="utf-8")):
            found.add(code.removesuffix(".v"))  # f"report.submitted.v{n}": the version follows
    return found


def test_every_action_written_by_a_service_has_a_label():
    reasons = _reasons_in_code()
    assert {"activity.created", "report.submitted", "report.returned", "load-vn"} <= reasons  # the reader works
    assert reasons - set(ACTION_LABELS) == set()


@pytest.mark.parametrize(
    ("reason", "history_type", "vi", "en"),
    [
        ("activity.created", "+", "Ghi nhận hoạt động", "Activity recorded"),
        ("report.submitted.v2", "~", "Gửi báo cáo (lần 2)", "Report submitted (version 2)"),
        (
            "report.returned: Thiếu minh chứng",
            "~",
            "Trả lại báo cáo: Thiếu minh chứng",
            "Report returned: Thiếu minh chứng",
        ),
        ("", "-", "Xóa", "Deleted"),
        (None, "+", "Tạo mới", "Created"),
        ("Sửa tay trong trang quản trị", "~", "Sửa tay trong trang quản trị", "Sửa tay trong trang quản trị"),
    ],
)
def test_action_labels_in_both_languages(reason, history_type, vi, en):
    with translation.override("vi"):
        assert action_label(reason, history_type) == vi
    with translation.override("en"):
        assert action_label(reason, history_type) == en


def test_code_labels_and_period_labels_in_both_languages():
    with translation.override("vi"):
        assert code_label("area", "tthc") == "Cải cách thủ tục hành chính"
        assert code_labels("unit_type", ["ubnd_xa", "so_noi_vu"]) == ["UBND xã, phường, đặc khu", "Sở Nội vụ"]
        assert code_label("report_status", "returned") == "Trả lại"
        assert period_label("2026Q1") == "Quý I năm 2026"
    with translation.override("en"):
        assert code_label("area", "chinh_phu_so") != "chinh_phu_so"
        assert code_label("role", "coordinator").startswith("Department of Home Affairs")
        assert period_label("2026H1") == "First half of 2026"
    # Unknown codes stay readable rather than vanish; empty ones are empty; a period-like typo is left as typed.
    assert code_label("channel", "kenh_moi") == "kenh_moi"
    assert code_label("channel", "") == "" and code_label("channel", None) == ""
    assert period_label("2026Q5") == "2026Q5"
    with pytest.raises(KeyError):
        code_label("no_such_kind", "x")


def test_template_filters():
    template = Template(
        '{% load labels %}{{ "tthc"|label:"area" }}|{{ codes|labels:"index"|join:", " }}|{{ "2026M9"|period }}'
        '|{{ "activity.created"|action }}|{{ ""|action:"-" }}'
    )
    with translation.override("vi"):
        text = template.render(Context({"codes": ["par_index", "sipas"]}))
    assert text == (
        "Cải cách thủ tục hành chính|Chỉ số cải cách hành chính (PAR INDEX), "
        "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)|9 tháng năm 2026|Ghi nhận hoạt động|Xóa"
    )
