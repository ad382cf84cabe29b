"""Reading one questionnaire's answers, whatever brought them (the public form, staff typing a paper form, the API,
a row of a field tool's export): one set of checks, problems named in Vietnamese."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from loa.core.xlsx import CONTROL  # free text reaches the survey's XLSX export

from .catalog import NO_ANSWER, SCALE, AgeBand, Gender
from .definition import asks, items

LEVELS = {str(level): level for level in SCALE}
DOSSIER = re.compile(r"^[A-Za-z0-9.\-/_]{1,50}$")
MAX_SERVICE = 255


@dataclass
class Answered:
    answers: dict[str, int] = field(default_factory=dict)
    respondent: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (question or field, Vietnamese reason)


def _level(value: Any) -> int | None:
    """1..5, 0 for "Không trả lời" (also an empty value), None when unreadable."""
    if value is None:
        return NO_ANSWER
    text = str(value).strip().lower()
    if text in ("", "0", "na", "khong_tra_loi", "không trả lời"):
        return NO_ANSWER
    if text.endswith(".0"):  # a spreadsheet's number 4.0
        text = text[:-2]
    if text in LEVELS:  # not isdigit(): "²" is a digit to Python and not a level
        return LEVELS[text]
    return None


def read(definition: dict[str, Any], values: Mapping[str, Any]) -> Answered:
    """Answers and respondent details from `values` keyed by item keys and respondent field names."""
    found = Answered()
    for question in items(definition):
        level = _level(values.get(question.key))
        if level is None:
            found.problems.append(
                (
                    question.key,
                    _("«%(v)s» không phải một mức từ 1 đến 5 hay «Không trả lời»")
                    % {"v": str(values.get(question.key))[:40]},
                )
            )
        else:
            found.answers[question.key] = level
    if not found.problems and not any(found.answers.values()):
        found.problems.append(("", _("Phiếu chưa trả lời câu nào.")))
    age = str(values.get("age_band") or "").strip()
    if age and asks(definition, "age_band"):
        if age not in AgeBand.values:
            found.problems.append(("age_band", _("nhóm tuổi «%(v)s» không có trong danh mục") % {"v": age[:40]}))
        else:
            found.respondent["age_band"] = age
    gender = str(values.get("gender") or "").strip()
    if gender and asks(definition, "gender"):
        if gender not in Gender.values:
            found.problems.append(("gender", _("giới tính «%(v)s» không có trong danh mục") % {"v": gender[:40]}))
        else:
            found.respondent["gender"] = gender
    service = " ".join(CONTROL.sub(" ", str(values.get("service") or "")).split())
    if service and asks(definition, "service"):
        if len(service) > MAX_SERVICE:
            found.problems.append(("service", _("tên thủ tục dài quá %(max)s ký tự") % {"max": MAX_SERVICE}))
        else:
            found.respondent["service"] = service
    dossier = str(values.get("dossier_code") or "").strip()
    if dossier and asks(definition, "dossier_code"):
        if not DOSSIER.match(dossier):
            found.problems.append(
                ("dossier_code", _("mã hồ sơ chỉ gồm chữ cái không dấu, chữ số và các dấu . - / _, tối đa 50 ký tự"))
            )
        else:
            found.respondent["dossier_code"] = dossier
    return found
