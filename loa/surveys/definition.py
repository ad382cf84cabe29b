"""A questionnaire's definition: the JSON a template, and each survey run from it, stores whole.

    {"intro": str, "scales": {kind: [five labels]}, "no_answer": str,
     "factors": [{"key", "title", "items": [{"key", "kind", "text"}]}],
     "overall": {"key", "kind": "danh_gia_chung", "text"} | None,
     "respondent": {"age_band": bool, "gender": bool, "service": bool, "dossier_code": bool}}

Item keys are the codes of the exports (XLSX, XLSForm) and of stored answers: letters, digits and "_", starting with
a letter, unique in the questionnaire.
"""

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .catalog import ItemKind

KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,31}$")
MAX_TEXT = 500
MAX_ITEMS = 80
RESPONDENT_FIELDS = ("age_band", "gender", "service", "dossier_code")


@dataclass(frozen=True)
class Item:
    key: str
    kind: str
    text: str
    factor: str  # the factor's key; "" for the overall question
    factor_title: str


def factors(definition: dict[str, Any]) -> list[dict[str, Any]]:
    return list(definition.get("factors") or [])


def items(definition: dict[str, Any]) -> list[Item]:
    """Every question in the order a respondent reads them: the factors' items, then the overall question."""
    found = [
        Item(str(i["key"]), str(i["kind"]), str(i["text"]), str(f["key"]), str(f["title"]))
        for f in factors(definition)
        for i in f.get("items") or []
    ]
    overall = definition.get("overall")
    if overall:
        found.append(Item(str(overall["key"]), ItemKind.OVERALL, str(overall["text"]), "", ""))
    return found


def scale_labels(definition: dict[str, Any], kind: str) -> list[str]:
    labels = (definition.get("scales") or {}).get(kind) or (definition.get("scales") or {}).get("hai_long")
    return [str(label) for label in labels or ["1", "2", "3", "4", "5"]]


def asks(definition: dict[str, Any], field: str) -> bool:
    return bool((definition.get("respondent") or {}).get(field))


def problems(definition: Any) -> list[str]:
    """What is wrong with a definition, in Vietnamese; empty when it can be stored."""
    if not isinstance(definition, dict):
        return [_("Phiếu khảo sát phải là một đối tượng JSON.")]
    errors: list[str] = []
    seen: set[str] = set()

    def key_ok(key: Any, where: str) -> None:
        if not isinstance(key, str) or not KEY.match(key):
            errors.append(
                _("%(where)s: mã «%(key)s» chỉ được gồm chữ cái không dấu, chữ số và «_», bắt đầu bằng chữ cái.")
                % {"where": where, "key": key}
            )
        elif key.upper() in seen:
            errors.append(_("%(where)s: mã «%(key)s» bị trùng.") % {"where": where, "key": key})
        else:
            seen.add(key.upper())

    def text_ok(text: Any, where: str) -> None:
        if not isinstance(text, str) or not text.strip():
            errors.append(_("%(where)s: chưa có nội dung.") % {"where": where})
        elif len(text) > MAX_TEXT:
            errors.append(_("%(where)s: dài quá %(max)s ký tự.") % {"where": where, "max": MAX_TEXT})

    groups = definition.get("factors")
    if not isinstance(groups, list) or not groups:
        return [_("Phiếu phải có ít nhất một nhóm câu hỏi.")]
    count = 0
    for n, factor in enumerate(groups, start=1):
        where = _("Nhóm %(n)s") % {"n": n}
        if not isinstance(factor, dict):
            errors.append(_("%(where)s: không đọc được.") % {"where": where})
            continue
        key_ok(factor.get("key"), where)
        text_ok(factor.get("title"), where)
        questions = factor.get("items")
        if not isinstance(questions, list) or not questions:
            errors.append(_("%(where)s: chưa có câu hỏi nào.") % {"where": where})
            continue
        for m, item in enumerate(questions, start=1):
            at = _("Nhóm %(n)s, câu %(m)s") % {"n": n, "m": m}
            if not isinstance(item, dict):
                errors.append(_("%(where)s: không đọc được.") % {"where": at})
                continue
            count += 1
            key_ok(item.get("key"), at)
            text_ok(item.get("text"), at)
            if item.get("kind") not in (ItemKind.PERCEPTION, ItemKind.SATISFACTION, ItemKind.EXPECTATION):
                errors.append(_("%(where)s: loại câu hỏi không hợp lệ.") % {"where": at})
    overall = definition.get("overall")
    if overall is not None:
        if not isinstance(overall, dict):
            errors.append(_("Câu đánh giá chung: không đọc được."))
        else:
            count += 1
            key_ok(overall.get("key"), _("Câu đánh giá chung"))
            text_ok(overall.get("text"), _("Câu đánh giá chung"))
    if count > MAX_ITEMS:
        errors.append(_("Phiếu có %(n)s câu hỏi, quá %(max)s câu.") % {"n": count, "max": MAX_ITEMS})
    scales = definition.get("scales")
    if not isinstance(scales, dict):
        errors.append(_("Phiếu chưa có nhãn của các mức trả lời."))
    else:
        for kind in (ItemKind.PERCEPTION, ItemKind.SATISFACTION, ItemKind.EXPECTATION, ItemKind.OVERALL):
            labels = scales.get(kind)
            if (
                not isinstance(labels, list)
                or len(labels) != 5
                or not all(isinstance(x, str) and x.strip() for x in labels)
            ):
                errors.append(
                    _("Nhãn các mức trả lời của loại câu «%(kind)s» phải có đủ 5 mức.") % {"kind": ItemKind(kind).label}
                )
    text_ok(definition.get("no_answer"), _("Nhãn «Không trả lời»"))
    if not isinstance(definition.get("intro", ""), str) or len(definition.get("intro", "")) > 2000:
        errors.append(_("Lời giới thiệu dài quá 2.000 ký tự."))
    if not isinstance(definition.get("respondent", {}), dict):
        errors.append(_("Phần thông tin người trả lời không đọc được."))
    return errors
