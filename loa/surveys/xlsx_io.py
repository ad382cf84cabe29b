"""A survey's answers as XLSX "with codes and labels": the results (the same figures as the results page, taken from
`selectors.results`), every answer as a row of codes and numeric levels, and the codebook that says what each code
means, so the file can be analysed in a statistics tool without Loa."""

import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from loa.core.catalogs import label
from loa.core.xlsx import append_row

from . import selectors
from .catalog import NO_ANSWER, SCALE, AgeBand, Gender, ItemKind, ResponseStatus, Source
from .definition import asks, factors, items, scale_labels
from .index import Tally
from .models import Response, Survey

RESULTS_SHEET = "Kết quả"
ANSWERS_SHEET = "Câu trả lời"
CODES_SHEET = "Mã"
# The columns of the answers sheet before the questions, by code; the questions follow, then the respondent fields.
FIXED_COLUMNS = (
    "id",
    "answered_on",
    "unit",
    "unit_name",
    "point",
    "source",
    "source_label",
    "status",
    "status_label",
)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _fixed_labels() -> list[str]:
    return [
        _("Số phiếu"),
        _("Ngày trả lời"),
        _("Mã đơn vị"),
        _("Tên đơn vị"),
        _("Điểm khảo sát"),
        _("Mã nguồn phiếu"),
        _("Nguồn phiếu"),
        _("Mã tình trạng"),
        _("Tình trạng"),
    ]


def _respondent_columns(definition: dict[str, Any], *, dossiers: bool = True) -> list[tuple[str, str]]:
    """(code, label) of the respondent columns the questionnaire asks: codes, each catalog code with its label.
    A dossier code points at a person: only those who run the survey get it (`dossiers`)."""
    columns: list[tuple[str, str]] = []
    if asks(definition, "age_band"):
        columns += [("age_band", _("Mã nhóm tuổi")), ("age_band_label", _("Nhóm tuổi"))]
    if asks(definition, "gender"):
        columns += [("gender", _("Mã giới tính")), ("gender_label", _("Giới tính"))]
    if asks(definition, "service"):
        columns.append(("service", _("Thủ tục hành chính đã thực hiện")))
    if dossiers and asks(definition, "dossier_code"):
        columns.append(("dossier_code", _("Mã hồ sơ")))
    columns.append(("external_id", _("Mã phiếu ngoài thực địa")))
    return columns


def results_workbook(survey: Survey, rows: Iterable[Response], *, dossiers: bool = True) -> bytes:
    """The survey's results, its answers (`rows`: Response objects with unit and point loaded) and the codebook;
    the dossier codes only with `dossiers` (for those who run the survey)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    _results_sheet(book.create_sheet(RESULTS_SHEET), survey)
    _answers_sheet(book.create_sheet(ANSWERS_SHEET), survey, rows, dossiers=dossiers)
    _codes_sheet(book.create_sheet(CODES_SHEET), survey)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold(ws: Worksheet, row: int) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True, name="Times New Roman")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def _widths(ws: Worksheet, widths: Sequence[int]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def _tally_row(code: str, text: str, kind: str, tally: Tally | None, share: Any) -> list[Any]:
    if tally is None:
        return [code, text, kind, None, *[None for _level in SCALE], None, share]
    return [code, text, kind, tally.valid, *[tally.levels[level] for level in SCALE], tally.no_answer, share]


def _results_sheet(ws: Worksheet, survey: Survey) -> None:
    found = selectors.results(survey)
    result = found.result
    rule = result.rule
    definition = survey.definition
    summary: list[tuple[str, Any]] = [
        (_("Cuộc khảo sát"), survey.title),
        (_("Đơn vị thực hiện"), survey.unit.name),
        (_("Thời gian khảo sát"), f"{survey.starts_on:%d/%m/%Y} – {survey.ends_on:%d/%m/%Y}"),
        (_("Mẫu phiếu"), survey.template_label),
        (_("Cách tính chỉ số"), rule.describe()),
        (_("Số phiếu được tính"), result.answers),
        (_("Số phiếu cần xem xét (chưa tính)"), found.flagged),
        (_("Số phiếu không tính"), found.rejected),
        (_("Số phiếu cần đạt"), found.target),
        (_("Chỉ số hài lòng chung (%)"), result.index),
    ]
    for name, value in summary:
        append_row(ws, [name, value])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True, name="Times New Roman")
    ws.cell(row=ws.max_row, column=2).number_format = "0.00"
    append_row(ws, [])
    positive = ", ".join(str(p) for p in rule.positive)
    headers = [
        _("Mã"),
        _("Nội dung"),
        _("Loại câu hỏi"),
        _("Số câu trả lời hợp lệ"),
        *[_("Mức %(n)s") % {"n": level} for level in SCALE],
        _("Không trả lời"),
        _("Tỷ lệ mức %(levels)s (%%)") % {"levels": positive},
    ]
    append_row(ws, headers)
    header_row = ws.max_row
    _bold(ws, header_row)
    for factor in factors(definition):
        key = str(factor["key"])
        append_row(
            ws,
            _tally_row(key, str(factor["title"]), _("Nhóm"), result.factors.get(key), result.factor_index.get(key)),
        )
        for cell in ws[ws.max_row]:
            cell.font = Font(bold=True, name="Times New Roman")
        for item in factor.get("items") or []:
            tally = result.items[str(item["key"])]
            append_row(
                ws,
                _tally_row(
                    str(item["key"]), str(item["text"]), label(ItemKind, item["kind"]), tally, tally.share(rule)
                ),
            )
    for question in items(definition):
        if not question.factor:  # the overall question
            tally = result.items[question.key]
            append_row(
                ws, _tally_row(question.key, question.text, label(ItemKind, question.kind), tally, tally.share(rule))
            )
    for row in ws.iter_rows(min_row=header_row + 1, min_col=len(headers), max_col=len(headers)):
        row[0].number_format = "0.00"
    _widths(ws, [28, 70, 16, 12, 9, 9, 9, 9, 9, 12, 14])
    ws.freeze_panes = ws.cell(row=header_row + 1, column=3)


def _answers_sheet(ws: Worksheet, survey: Survey, rows: Iterable[Response], *, dossiers: bool) -> None:
    definition = survey.definition
    questions = items(definition)
    respondent = _respondent_columns(definition, dossiers=dossiers)
    append_row(ws, [*FIXED_COLUMNS, *(q.key for q in questions), *(code for code, _label in respondent)])
    append_row(ws, [*_fixed_labels(), *(q.text for q in questions), *(name for _code, name in respondent)])
    _bold(ws, 1)
    _bold(ws, 2)
    for response in rows:
        given = response.respondent or {}
        values: list[Any] = [
            response.pk,
            response.answered_on,
            response.unit.code,
            response.unit.name,
            response.point.name if response.point else "",
            response.source,
            label(Source, response.source),
            response.status,
            label(ResponseStatus, response.status),
        ]
        for q in questions:
            level = (response.answers or {}).get(q.key, NO_ANSWER)
            values.append(level if isinstance(level, int) and level in SCALE else NO_ANSWER)
        for code, _name in respondent:
            if code == "age_band_label":
                values.append(label(AgeBand, given.get("age_band", "")))
            elif code == "gender_label":
                values.append(label(Gender, given.get("gender", "")))
            elif code == "external_id":
                values.append(response.external_id)
            else:
                values.append(given.get(code, ""))
        append_row(ws, values)
        day = ws.cell(row=ws.max_row, column=2)
        if isinstance(day.value, date):
            day.number_format = "DD/MM/YYYY"
    _widths(ws, [10, 12, 14, 30, 24, 10, 24, 10, 14, *[10 for _q in questions], *[16 for _c in respondent]])
    ws.freeze_panes = "B3"


def _codes_sheet(ws: Worksheet, survey: Survey) -> None:
    definition = survey.definition
    append_row(ws, [_("Danh mục"), _("Mã"), _("Nhãn")])
    _bold(ws, 1)
    questions = _("Câu hỏi")
    for factor in factors(definition):
        append_row(ws, [_("Nhóm câu hỏi"), factor["key"], factor["title"]])
    for q in items(definition):
        append_row(ws, [questions, q.key, q.text])
    no_answer = str(definition.get("no_answer") or "")
    for kind in ItemKind.values:
        scale = _("Mức trả lời: câu %(kind)s") % {"kind": label(ItemKind, kind).lower()}
        append_row(ws, [scale, NO_ANSWER, no_answer])
        for level, text in zip(SCALE, scale_labels(definition, kind), strict=False):
            append_row(ws, [scale, level, text])
    for kind in ItemKind.values:
        append_row(ws, [_("Loại câu hỏi"), kind, label(ItemKind, kind)])
    for name, choices in (
        (_("Nguồn phiếu"), Source),
        (_("Tình trạng"), ResponseStatus),
        (_("Nhóm tuổi"), AgeBand),
        (_("Giới tính"), Gender),
    ):
        for code in choices.values:
            append_row(ws, [name, code, label(choices, code)])
    columns = _("Cột của trang «%(sheet)s»") % {"sheet": ANSWERS_SHEET}
    for code, name in zip(FIXED_COLUMNS, _fixed_labels(), strict=True):
        append_row(ws, [columns, code, name])
    for code, name in _respondent_columns(definition):
        append_row(ws, [columns, code, name])
    _widths(ws, [34, 20, 90])
    ws.freeze_panes = "A2"
