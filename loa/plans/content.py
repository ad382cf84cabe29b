"""The narrative sections of a plan: their shape, validation and normalisation.

Each section is a list of small records stored as JSON on the plan. Every writer (web form, API,
cascade, demo) goes through `clean_sections`, which normalises text to NFC, drops empty rows and
names the first problem of each bad row in Vietnamese.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loa.channels.catalog import MEASURES
from loa.core.catalogs import Audience, Channel, Index, ReformArea, vi_label
from loa.core.citations import written_date
from loa.core.errors import DomainError
from loa.core.numbers import parse_quantity
from loa.core.text import normalize

from .catalog import LeadGroup

SECTION_NAMES = (
    "bases",
    "purposes",
    "requirements",
    "audiences",
    "contents",
    "forms",
    "objectives",
    "responsibilities",
    "recipients",
)


# Sections that are plain lists of text (or codes); the others are lists of records.
TEXT_SECTIONS = frozenset({"purposes", "requirements", "audiences", "recipients"})


@dataclass
class SectionProblems:
    problems: list[str]

    def add(self, section: str, row: int, message: str) -> None:
        self.problems.append(
            _("%(section)s, dòng %(row)s: %(message)s.") % {"section": section, "row": row, "message": message}
        )


def section_label(name: str) -> str:
    return {
        "bases": _("Căn cứ"),
        "purposes": _("Mục đích"),
        "requirements": _("Yêu cầu"),
        "audiences": pgettext("plan section", "Đối tượng"),
        "contents": _("Nội dung tuyên truyền"),
        "forms": _("Hình thức tuyên truyền"),
        "objectives": _("Chỉ tiêu"),
        "responsibilities": _("Tổ chức thực hiện"),
        "recipients": _("Nơi nhận"),
    }[name]


def _text(value: Any) -> str:
    return normalize(str(value)) if value is not None else ""


def _lines(values: Any) -> list[str]:
    if isinstance(values, str):
        values = values.splitlines()
    return [t for t in (_text(v).lstrip("-+• ").strip() for v in values or []) if t]


def clean_sections(data: dict[str, Any], *, unit_codes: set[str] | None = None) -> dict[str, Any]:
    """Validate and normalise the sections present in `data`; raise one DomainError listing every problem.

    `unit_codes` is the set of unit codes a responsibility may name (None skips that check).
    """
    out: dict[str, Any] = {}
    report = SectionProblems([])
    unknown = sorted(set(data) - set(SECTION_NAMES))
    if unknown:
        raise DomainError(_("Kế hoạch không có các phần: %(names)s.") % {"names": ", ".join(unknown)})
    for name in SECTION_NAMES:
        if name not in data:
            continue
        value = data[name] or []
        text_ok = name in TEXT_SECTIONS and isinstance(value, str)
        if not (text_ok or isinstance(value, list)):
            report.problems.append(_("%(section)s phải là một danh sách.") % {"section": section_label(name)})
            continue
        if name not in TEXT_SECTIONS and not all(isinstance(item, dict) for item in value):
            report.problems.append(
                _("%(section)s: mỗi dòng phải là một bản ghi có các trường.") % {"section": section_label(name)}
            )
            continue
        if name not in TEXT_SECTIONS:
            shape = [(row, msg) for row, item in enumerate(value, start=1) if (msg := _shape_problem(name, item))]
            for row, msg in shape:
                report.add(section_label(name), row, msg)
            if shape:
                continue
        if name in TEXT_SECTIONS and not all(isinstance(item, (str, int, float)) for item in value):
            report.problems.append(
                _("%(section)s: mỗi dòng phải là một đoạn văn bản.") % {"section": section_label(name)}
            )
            continue
        out[name] = _CLEANERS[name](value, report, unit_codes)
    if report.problems:
        raise DomainError(" ".join(report.problems))
    return out


# The JSON type each field of a record section may have (None is always allowed).
_FIELD_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    "bases": {
        "kind": (str,),
        "doc_type": (str,),
        "number": (str, int),
        "year": (str, int),
        "symbol": (str,),
        "party": (bool,),
        "issued_on": (str, date),
        "issuer": (str,),
        "summary": (str,),
        "plan_id": (int,),
        "warnings": (list,),
        "date_text": (str,),
    },
    "contents": {"text": (str,), "reform_area": (str,), "indices": (list,)},
    "forms": {"channel": (str,), "text": (str,)},
    "objectives": {
        "metric": (str,),
        "target": (str, int, float),
        "unit": (str,),
        "scope": (str,),
        "index": (str,),
        "measure": (str,),
    },
    "responsibilities": {"unit": (str,), "group": (str,), "label": (str,), "duties": (str, list), "request": (bool,)},
}


def _shape_problem(section: str, item: dict[str, Any]) -> str | None:
    """Why a record does not have the expected shape (unknown field, wrong JSON type), or None."""
    types = _FIELD_TYPES[section]
    for key, value in item.items():
        if key not in types:
            return _("trường «%(field)s» không có trong phần này") % {"field": key}
        if value is None:
            continue
        allowed = types[key]
        wrong_bool = isinstance(value, bool) and bool not in allowed  # True is an int to Python
        if (
            wrong_bool
            or not isinstance(value, allowed)
            or (isinstance(value, list) and not all(isinstance(v, str) for v in value))
        ):
            return _("trường «%(field)s» có kiểu dữ liệu không hợp lệ") % {"field": key}
        if key == "plan_id" and not (isinstance(value, int) and 0 < value < 2**31):
            return _("mã kế hoạch được trích dẫn không hợp lệ")
    return None


def _clean_text_list(values: Any, report: SectionProblems, unit_codes: set[str] | None) -> list[str]:
    return _lines(values)


def _clean_audiences(values: Any, report: SectionProblems, unit_codes: set[str] | None) -> list[str]:
    codes: list[str] = []
    for row, code in enumerate(values, start=1):
        if code not in Audience.values:
            report.add(
                section_label("audiences"), row, _("đối tượng «%(code)s» không có trong danh mục") % {"code": code}
            )
        elif code not in codes:
            codes.append(code)
    return codes


def _clean_bases(values: Any, report: SectionProblems, unit_codes: set[str] | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for row, item in enumerate(values, start=1):
        item = dict(item)
        kind = item.get("kind") or "basis"
        if kind not in {"basis", "implements"}:
            report.add(section_label("bases"), row, _("loại căn cứ «%(kind)s» không hợp lệ") % {"kind": kind})
            continue
        issued_on = item.get("issued_on")
        if isinstance(issued_on, date):
            issued_on = issued_on.isoformat()
        elif issued_on:
            try:
                issued_on = date.fromisoformat(str(issued_on)).isoformat()
            except ValueError:
                report.add(
                    section_label("bases"),
                    row,
                    _("ngày «%(value)s» không hợp lệ (dùng yyyy-mm-dd)") % {"value": issued_on},
                )
                continue
        plan_id = item.get("plan_id")
        clean = {
            "kind": kind,
            "doc_type": _text(item.get("doc_type")),
            "number": _text(item.get("number")),
            "year": _text(item.get("year")),
            "symbol": _text(item.get("symbol")),
            "party": item.get("party") is True,
            "issued_on": issued_on or None,
            "issuer": _text(item.get("issuer")),
            "summary": _text(item.get("summary")),
            "plan_id": plan_id or None,
            # What the citation parser noticed (e.g. "Kế hoạch số 4707/QĐ-UBND"): kept and shown, never rejected.
            "warnings": [_text(w) for w in item.get("warnings") or []],
            # The date as typed ("02/9/2021"), kept only while it names the same day as `issued_on`.
            "date_text": _typed_date(item.get("date_text"), issued_on),
        }
        if not (clean["number"] or clean["summary"]):
            continue
        rows.append(clean)
    return rows


def _typed_date(text: Any, issued_on: str | None) -> str:
    typed = _text(text)
    return typed if typed and issued_on and str(written_date(typed)) == issued_on else ""


def _clean_contents(values: Any, report: SectionProblems, unit_codes: set[str] | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    label = section_label("contents")
    for row, item in enumerate(values, start=1):
        text = _text(item.get("text"))
        area = item.get("reform_area") or ""
        indices = [i for i in item.get("indices") or [] if i]
        if not text:
            if area or indices:
                report.add(label, row, _("chưa nhập nội dung"))
            continue
        if area and area not in ReformArea.values:
            report.add(label, row, _("lĩnh vực «%(code)s» không có trong danh mục") % {"code": area})
        bad = [i for i in indices if i not in Index.values]
        if bad:
            report.add(label, row, _("chỉ số «%(code)s» không có trong danh mục") % {"code": ", ".join(bad)})
            continue
        rows.append({"text": text, "reform_area": area, "indices": sorted(set(indices), key=Index.values.index)})
    return rows


def _clean_forms(values: Any, report: SectionProblems, unit_codes: set[str] | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    label = section_label("forms")
    for row, item in enumerate(values, start=1):
        channel = item.get("channel") or ""
        text = _text(item.get("text"))
        if not channel and not text:
            continue
        if channel not in Channel.values:
            report.add(label, row, _("hãy chọn hình thức tuyên truyền trong danh mục"))
            continue
        rows.append({"channel": channel, "text": text})
    return rows


def _clean_objectives(values: Any, report: SectionProblems, unit_codes: set[str] | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    label = section_label("objectives")
    for row, item in enumerate(values, start=1):
        measure = _text(item.get("measure"))
        if measure and measure not in MEASURES:
            report.add(label, row, _("cách tính «%(value)s» không có trong danh mục") % {"value": measure})
            continue
        # A measure picked with no wording: the measure's own name is the objective's.
        metric = _text(item.get("metric")) or (str(MEASURES[measure].label) if measure else "")
        if not metric:
            if any(_text(item.get(k)) for k in ("target", "unit", "scope")):
                report.add(label, row, _("chưa nhập tên chỉ tiêu"))
            continue
        try:
            target = parse_quantity(item.get("target"))
        except ValueError:
            report.add(label, row, _("giá trị «%(value)s» không phải là số") % {"value": item.get("target")})
            continue
        if target is not None and not 0 <= target < 10**12:
            report.add(label, row, _("giá trị chỉ tiêu phải từ 0 đến dưới 1.000 tỷ"))
            continue
        index = _text(item.get("index"))
        if index and index not in Index.values:
            report.add(label, row, _("chỉ số «%(value)s» không có trong danh mục") % {"value": index})
            continue
        objective = {
            "metric": metric,
            "target": None if target is None else format(target.normalize(), "f"),
            "unit": _text(item.get("unit")),
            "scope": _text(item.get("scope")),
        }
        if index:  # an objective measured by a published index (PAR INDEX ≥ 90%): its actual value shows beside it
            objective["index"] = index
        if measure:  # computed live on the channel registry ("34/69 xã"): shown beside the target
            objective["measure"] = measure
            objective["unit"] = objective["unit"] or "%"
        rows.append(objective)
    return rows


def _clean_responsibilities(values: Any, report: SectionProblems, unit_codes: set[str] | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    label = section_label("responsibilities")
    for row, item in enumerate(values, start=1):
        unit = _text(item.get("unit"))
        group = _text(item.get("group"))
        name = _text(item.get("label"))
        duties = _lines(item.get("duties"))
        if not (unit or group or name or duties):
            continue
        if group and group not in LeadGroup.values:
            report.add(label, row, _("nhóm đơn vị «%(code)s» không hợp lệ") % {"code": group})
            continue
        if unit and unit_codes is not None and unit not in unit_codes:
            report.add(label, row, _("đơn vị «%(code)s» không thuộc phạm vi của đơn vị ban hành") % {"code": unit})
            continue
        if not (unit or group or name):
            report.add(label, row, _("chưa chọn đơn vị hoặc nhập tên đơn vị, nhóm đơn vị"))
            continue
        if not duties:
            report.add(label, row, _("chưa nhập nhiệm vụ của đơn vị"))
            continue
        if group and not name:
            name = vi_label(LeadGroup, group)  # plan text is Vietnamese whatever the interface language
        rows.append(
            {"unit": unit, "group": group, "label": name, "duties": duties, "request": item.get("request") is True}
        )
    return rows


_CLEANERS: dict[str, Any] = {
    "bases": _clean_bases,
    "purposes": _clean_text_list,
    "requirements": _clean_text_list,
    "audiences": _clean_audiences,
    "contents": _clean_contents,
    "forms": _clean_forms,
    "objectives": _clean_objectives,
    "responsibilities": _clean_responsibilities,
    "recipients": _clean_text_list,
}
