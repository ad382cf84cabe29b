"""A survey's questionnaire as an XLSForm (KoboToolbox, ODK Collect) for enumerators in the field, that form read back
as a questionnaire, and the results those tools export (XLSX) imported as answers, all or nothing.

The form: one group per factor (named by the factor's key), each question a `select_one` of its kind's list
(`scale_nhan_dinh`, `scale_hai_long`, `scale_mong_doi`, `scale_danh_gia_chung`: choices "1".."5" and "0" for
"Không trả lời"), the overall question after the groups, then the respondent block the questionnaire asks. The
export is read by column names ("XML values and headers" in KoboToolbox): a question's column is its key, or a
group path ending in it (`F1/F1_HL`).
"""

import io
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook
from simple_history.utils import bulk_create_with_history

from loa.core.catalogs import vi_label
from loa.core.dates import parse_day
from loa.core.errors import DomainError, ImportRejected, RowError
from loa.core.text import fold
from loa.core.xlsx import CONTROL, XLSX_MAGIC, cell_str, cell_text, read_rows, sheet_limits, write_sheets
from loa.core.xlsx_guard import check_workbook
from loa.org.models import OrgUnit
from loa.org.scope import Actor
from loa.org.tree import subtree_q

from . import services
from .answers import Answered, read
from .catalog import NO_ANSWER, SCALE, AgeBand, Gender, ItemKind
from .definition import RESPONDENT_FIELDS, asks, factors, items, problems, scale_labels
from .models import CollectionPoint, Response, Survey

SURVEY_COLUMNS = ["type", "name", "label", "hint", "required", "constraint", "constraint_message"]
CHOICE_COLUMNS = ["list_name", "name", "label"]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "default_language"]
LANGUAGE = "Vietnamese (vi)"
SCALE_LIST = "scale_"
INTRO = "intro"
# The respondent block as citizens read it: questionnaire text, Vietnamese whatever the officer's language.
RESPONDENT_NOTE = "Thông tin về người trả lời (không bắt buộc)"
RESPONDENT_LABELS = {
    "age_band": "Nhóm tuổi",
    "gender": "Giới tính",
    "service": "Thủ tục hành chính đã thực hiện",
    "dossier_code": "Mã hồ sơ (nếu muốn cho biết)",
}
DOSSIER_CONSTRAINT = r"regex(., '^[A-Za-z0-9.\-/_]{1,50}$')"
DOSSIER_MESSAGE = "Mã hồ sơ chỉ gồm chữ cái không dấu, chữ số và các dấu . - / _, tối đa 50 ký tự."
MAX_FORM_ROWS = 1000  # a questionnaire has at most 80 questions; the rest is slack for other tools' extra rows


# The form ---------------------------------------------------------------------------------------------------------


def xlsform(survey: Survey) -> bytes:
    """The survey's questionnaire as an XLSForm workbook (sheets `survey`, `choices`, `settings`)."""
    definition = survey.definition
    rows: list[list[Any]] = [
        ["start", "start", "", "", "", "", ""],
        ["end", "end", "", "", "", "", ""],
        ["today", "today", "", "", "", "", ""],
    ]
    intro = str(definition.get("intro") or "")
    if intro:
        rows.append(["note", INTRO, intro, "", "", "", ""])
    for factor in factors(definition):
        rows.append(["begin_group", factor["key"], factor["title"], "", "", "", ""])
        for item in factor.get("items") or []:
            rows.append([f"select_one {SCALE_LIST}{item['kind']}", item["key"], item["text"], "", "yes", "", ""])
        rows.append(["end_group", "", "", "", "", "", ""])
    overall = definition.get("overall")
    if overall:
        rows.append([f"select_one {SCALE_LIST}{ItemKind.OVERALL}", overall["key"], overall["text"], "", "yes", "", ""])
    asked = [f for f in RESPONDENT_FIELDS if asks(definition, f)]
    if asked:
        rows.append(["note", "respondent_note", RESPONDENT_NOTE, "", "", "", ""])
    for field in asked:
        label = RESPONDENT_LABELS[field]
        if field in ("age_band", "gender"):
            rows.append([f"select_one {field}", field, label, "", "no", "", ""])
        elif field == "dossier_code":
            rows.append(["text", field, label, "", "no", DOSSIER_CONSTRAINT, DOSSIER_MESSAGE])
        else:
            rows.append(["text", field, label, "", "no", "", ""])
    choices: list[list[Any]] = []
    no_answer = str(definition.get("no_answer") or "")
    for kind in ItemKind.values:
        name = f"{SCALE_LIST}{kind}"
        for level, text in zip(SCALE, scale_labels(definition, kind), strict=False):
            choices.append([name, str(level), text])
        choices.append([name, str(NO_ANSWER), no_answer])
    if "age_band" in asked:
        choices += [["age_band", code, vi_label(AgeBand, code)] for code in AgeBand.values]
    if "gender" in asked:
        choices += [["gender", code, vi_label(Gender, code)] for code in Gender.values]
    form_settings = [[survey.title, f"loa_{survey.code}", str(survey.revision), LANGUAGE]]
    return write_sheets(
        [
            ("survey", SURVEY_COLUMNS, rows),
            ("choices", CHOICE_COLUMNS, choices),
            ("settings", SETTINGS_COLUMNS, form_settings),
        ]
    )


# Reading a form back --------------------------------------------------------------------------------------------


def _sheets(content: bytes) -> dict[str, list[list[Any]]]:
    """The XLSForm's sheets by lower-case name, measured by `xlsx_guard` before calamine reads anything."""
    if not content.startswith(XLSX_MAGIC):
        raise DomainError(_("Tệp không phải là bảng tính Excel (.xlsx)."))
    check_workbook(content, sheet_limits(MAX_FORM_ROWS))
    found: dict[str, list[list[Any]]] = {}
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        for name in workbook.sheet_names:
            key = str(name).strip().lower()
            if key in ("survey", "choices", "settings") and key not in found:
                found[key] = [list(r) for r in workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)]
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # also calamine's Rust panics (pyo3's PanicException is a BaseException)
        raise DomainError(_("Không đọc được tệp Excel: tệp bị hỏng hoặc được bảo vệ bằng mật khẩu.")) from None
    missing = [name for name in ("survey", "choices") if name not in found]
    if missing:
        raise DomainError(
            _("Tệp không phải biểu mẫu XLSForm: thiếu trang %(sheets)s.")
            % {"sheets": ", ".join(f"«{m}»" for m in missing)}
        )
    return found


def _text(value: Any, sheet: str, row: int) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    if CONTROL.search(text):
        raise DomainError(
            _("Trang «%(sheet)s», dòng %(row)s: có ký tự điều khiển không hợp lệ (ký tự ẩn).")
            % {"sheet": sheet, "row": row}
        )
    return text


def _records(table: list[list[Any]], sheet: str) -> list[tuple[int, dict[str, str]]]:
    """Each data row of a sheet as {column: text}; a translated column (`label::Vietnamese (vi)`) stands for the
    plain one when the file has no plain one (Vietnamese first)."""
    if not table:
        return []
    headers = [_text(h, sheet, 1).lower() for h in table[0]]
    columns: dict[str, int] = {}
    for index, header in enumerate(headers):
        if "::" not in header:
            columns.setdefault(header, index)
    for index, header in sorted(enumerate(headers), key=lambda h: LANGUAGE.lower() not in h[1]):
        base = header.split("::", 1)[0].strip()
        if "::" in header:
            columns.setdefault(base, index)
    out = []
    for number, values in enumerate(table[1:], start=2):
        record = {name: _text(values[i], sheet, number) if i < len(values) else "" for name, i in columns.items()}
        if any(record.values()):
            out.append((number, record))
    return out


def read_xlsform(content: bytes) -> dict[str, Any]:
    """The questionnaire of an XLSForm written by `xlsform` (or edited in its spirit), as a definition dict (see
    `definition.py`); DomainError naming what cannot be read or stored."""
    sheets = _sheets(content)
    lists: dict[str, dict[str, str]] = {}
    for _row, record in _records(sheets["choices"], "choices"):
        if record.get("list_name") and record.get("name"):
            lists.setdefault(record["list_name"], {}).setdefault(record["name"], record.get("label", ""))
    scales: dict[str, list[str]] = {}
    no_answer = ""
    for kind in ItemKind.values:
        choices = lists.get(f"{SCALE_LIST}{kind}")
        if choices is None:
            continue
        scales[kind] = [choices.get(str(level), "") for level in SCALE]
        no_answer = no_answer or choices.get(str(NO_ANSWER), "")
    intro = ""
    groups: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    overall: dict[str, Any] | None = None
    respondent = dict.fromkeys(RESPONDENT_FIELDS, False)
    for row, record in _records(sheets["survey"], "survey"):
        words = record.get("type", "").split()
        kind = "_".join(words[:2]).lower() if words else ""
        name = record.get("name", "")
        where = _("Trang «survey», dòng %(row)s") % {"row": row}
        if kind in ("begin_group", "begin_repeat"):
            if group is not None or kind == "begin_repeat":
                raise DomainError(
                    _("%(where)s: phiếu khảo sát không có nhóm lồng nhau hay lặp lại.") % {"where": where}
                )
            group = {"key": name, "title": record.get("label", ""), "items": []}
            groups.append(group)
        elif kind in ("end_group", "end_repeat"):
            group = None
        elif words and words[0].lower() == "select_one" and len(words) == 2 and words[1].startswith(SCALE_LIST):
            item = {"key": name, "kind": words[1][len(SCALE_LIST) :], "text": record.get("label", "")}
            if group is not None:
                group["items"].append(item)
            elif item["kind"] == ItemKind.OVERALL and overall is None:
                overall = item
            else:
                raise DomainError(
                    _("%(where)s: câu «%(key)s» phải nằm trong một nhóm câu hỏi.") % {"where": where, "key": name}
                )
        elif name in RESPONDENT_FIELDS and group is None:
            respondent[name] = True
        elif words and words[0].lower() == "note" and name == INTRO:
            intro = record.get("label", "")
    definition: dict[str, Any] = {
        "intro": intro,
        "scales": scales,
        "no_answer": no_answer,
        "factors": groups,
        "overall": overall,
        "respondent": respondent,
    }
    found = problems(definition)
    if found:
        raise DomainError(" ".join(found))
    return definition


# Importing a field tool's results -----------------------------------------------------------------------------


@dataclass
class ImportResult:
    rows: int
    dry_run: bool


DATE_COLUMNS = ("today", "end", "_submission_time")  # the device's day first; the server's time (UTC) last
ID_COLUMNS = ("_uuid", "instanceid")
MAX_EXTERNAL_ID = 100


def _field_name(header: str) -> str:
    """A column's field: the last segment of a group path (`F1/F1_HL`, `meta/instanceID`)."""
    return header.rsplit("/", 1)[-1].strip()


def _columns(survey: Survey, headers: list[str]) -> tuple[dict[str, int], dict[str, str]]:
    """Column index and header (as the file names it) of each field Loa reads; DomainError when questions are
    missing (the export of another form, or one with labels for headers)."""
    keys = {q.key.upper(): q.key for q in items(survey.definition)}
    fixed = {name.lower(): name for name in (*RESPONDENT_FIELDS, *DATE_COLUMNS, *ID_COLUMNS, "unit", "point")}
    index: dict[str, int] = {}
    header_of: dict[str, str] = {}
    for i, header in enumerate(headers):
        name = _field_name(header)
        field = keys.get(name.upper()) or fixed.get(name.lower())
        if field is not None and field not in index:
            index[field], header_of[field] = i, header
    missing = [key for key in keys.values() if key not in index]
    if missing:
        shown = ", ".join(f"«{m}»" for m in missing[:10]) + (", …" if len(missing) > 10 else "")
        raise DomainError(
            _(
                "Tệp thiếu cột của %(n)s câu hỏi: %(cols)s. Hãy xuất kết quả từ đúng biểu mẫu của cuộc khảo sát này, "
                "chọn tên cột và giá trị theo mã («XML values and headers»)."
            )
            % {"n": len(missing), "cols": shown}
        )
    if not any(c in index for c in DATE_COLUMNS):
        raise DomainError(_("Tệp thiếu cột ngày trả lời («today», «end» hoặc «_submission_time»)."))
    return index, header_of


def _level_text(text: str, labels: dict[str, str]) -> str:
    """A level exported as its label ("Hài lòng") turned into its code; anything else is left for `answers.read`."""
    return labels.get(fold(text), text) if text else text


def _scale_codes(definition: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Per kind of question: folded label → level code (the "Labels" export of KoboToolbox)."""
    no_answer = fold(str(definition.get("no_answer") or ""))
    codes: dict[str, dict[str, str]] = {}
    for kind in ItemKind.values:
        found = {fold(text): str(level) for level, text in zip(SCALE, scale_labels(definition, kind), strict=False)}
        if no_answer:
            found[no_answer] = str(NO_ANSWER)
        codes[kind] = found
    return codes


def _catalog_codes(choices: type[models.TextChoices]) -> dict[str, str]:
    return {fold(vi_label(choices, code)): code for code in choices.values}


def _answered_on(
    values: list[Any], index: dict[str, int], header_of: dict[str, str], row: int, errors: list[RowError]
) -> date | None:
    """The day answered, from the first date column that has one; a naive `_submission_time` is the server's UTC."""
    for name in DATE_COLUMNS:
        i = index.get(name)
        if i is None or i >= len(values) or values[i] is None or (isinstance(values[i], str) and not values[i].strip()):
            continue
        value = values[i]
        moment: datetime | None = None
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            return value
        elif isinstance(value, str):
            text = value.strip()[:64]
            day = parse_day(text)
            if day is not None:
                return day
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                moment = None
        if moment is not None:
            if timezone.is_naive(moment):
                if name != "_submission_time":
                    return moment.date()
                moment = moment.replace(tzinfo=UTC)
            try:
                return timezone.localtime(moment).date()
            except (OverflowError, ValueError):  # year 1 or 9999 pushed past the calendar by the offset
                pass
        shown = CONTROL.sub("?", str(value))[:40]
        errors.append(
            RowError(
                row, header_of[name], _("ngày «%(v)s» không đọc được (dùng dd/mm/yyyy hoặc yyyy-mm-dd)") % {"v": shown}
            )
        )
        return None
    first = next(c for c in DATE_COLUMNS if c in header_of)
    errors.append(RowError(row, header_of[first], _("chưa có ngày trả lời")))
    return None


Row = tuple[Answered, OrgUnit, CollectionPoint | None, date, str]


def _read_results(survey: Survey, content: bytes) -> list[tuple[int, Row]]:
    """Every row checked; ImportRejected naming every bad cell, or the rows to write with their row numbers."""
    definition = survey.definition
    headers, rows = read_rows(content, max_rows=settings.LOA_IMPORT_MAX_ROWS)
    if not rows:
        raise DomainError(_("Tệp không có phiếu nào."))
    index, header_of = _columns(survey, headers)
    kinds = {q.key: q.kind for q in items(definition)}
    scale_codes = _scale_codes(definition)
    catalog_codes = {"age_band": _catalog_codes(AgeBand), "gender": _catalog_codes(Gender)}
    unit_codes = {cell_text(v, index.get("unit")) for _r, v in rows} - {""}
    point_codes = {cell_text(v, index.get("point")).lower() for _r, v in rows} - {""}
    units = {u.code: u for u in OrgUnit.objects.filter(subtree_q(survey.unit), code__in=unit_codes)}
    points = {
        p.code: p
        for p in CollectionPoint.objects.filter(
            subtree_q(survey.unit, field="unit__path"), code__in=point_codes
        ).select_related("unit")
    }
    today = timezone.localdate()
    last = min(survey.ends_on, today)
    errors: list[RowError] = []
    built: list[tuple[int, Row]] = []
    seen: dict[str, int] = {}
    for row, values in rows:
        cell_errors: list[RowError] = []
        given: dict[str, str] = {}
        for field, i in index.items():
            if field in kinds or field in RESPONDENT_FIELDS:
                text = cell_str(values, i, row, header_of[field], cell_errors, max_length=1000)
                if field in kinds:
                    text = _level_text(text, scale_codes.get(kinds[field], {}))
                elif field in catalog_codes:
                    text = catalog_codes[field].get(fold(text), text)
                given[field] = text
        found = read(definition, given)
        for where, why in found.problems:
            column = header_of.get(where) or _("Câu hỏi")
            # One reason per cell; "no question answered" means nothing when a cell did not read.
            if not any(e.column == column for e in cell_errors) and (where or not cell_errors):
                cell_errors.append(RowError(row, column, why))
        answered_on = _answered_on(values, index, header_of, row, cell_errors)
        if answered_on is not None and not survey.starts_on <= answered_on <= last:
            column = next(header_of[c] for c in DATE_COLUMNS if c in header_of)
            cell_errors.append(
                RowError(
                    row,
                    column,
                    _("ngày trả lời %(d)s không nằm trong thời gian khảo sát (%(a)s – %(b)s) hoặc sau hôm nay")
                    % {
                        "d": answered_on.strftime("%d/%m/%Y"),
                        "a": survey.starts_on.strftime("%d/%m/%Y"),
                        "b": survey.ends_on.strftime("%d/%m/%Y"),
                    },
                )
            )
        unit = survey.unit
        code = cell_str(values, index.get("unit"), row, header_of.get("unit", "unit"), cell_errors, max_length=64)
        if code:
            found_unit = units.get(code)
            if found_unit is None:
                cell_errors.append(
                    RowError(
                        row,
                        header_of["unit"],
                        _("không có đơn vị «%(v)s» trong phạm vi của cuộc khảo sát") % {"v": code},
                    )
                )
            else:
                unit = found_unit
        point = None
        code = cell_str(values, index.get("point"), row, header_of.get("point", "point"), cell_errors, max_length=64)
        if code:
            point = points.get(code.lower())
            if point is None:
                cell_errors.append(
                    RowError(
                        row,
                        header_of["point"],
                        _("không có điểm khảo sát «%(v)s» trong phạm vi của cuộc khảo sát") % {"v": code},
                    )
                )
            elif "unit" in index and cell_text(values, index["unit"]) and point.unit_id != unit.pk:
                cell_errors.append(
                    RowError(
                        row,
                        header_of["point"],
                        _("điểm khảo sát «%(v)s» thuộc %(u)s, không thuộc đơn vị ghi ở cột «%(c)s»")
                        % {"v": code, "u": point.unit.name, "c": header_of["unit"]},
                    )
                )
            else:
                unit = point.unit
        external_id = ""
        id_column = next((c for c in ID_COLUMNS if c in index and cell_text(values, index[c])), None)
        if id_column is not None:
            external_id = cell_str(values, index[id_column], row, header_of[id_column], cell_errors, max_length=200)
            external_id = external_id.removeprefix("uuid:").strip()
            if len(external_id) > MAX_EXTERNAL_ID:
                cell_errors.append(
                    RowError(row, header_of[id_column], _("mã phiếu dài quá %(max)s ký tự") % {"max": MAX_EXTERNAL_ID})
                )
            elif external_id in seen:
                cell_errors.append(
                    RowError(
                        row,
                        header_of[id_column],
                        _("mã phiếu «%(v)s» trùng với dòng %(r)s") % {"v": external_id, "r": seen[external_id]},
                    )
                )
            elif external_id:
                seen[external_id] = row
        errors += cell_errors
        if not cell_errors and answered_on is not None:
            built.append((row, (found, unit, point, answered_on, external_id)))
    taken = _taken(survey, list(seen))
    for external_id in sorted(taken, key=lambda e: seen[e]):
        column = next(header_of[c] for c in ID_COLUMNS if c in header_of)
        errors.append(
            RowError(
                seen[external_id],
                column,
                _("phiếu «%(v)s» đã được nhập vào cuộc khảo sát này trước đây") % {"v": external_id},
            )
        )
    if errors:
        errors.sort(key=lambda e: e.row)
        raise ImportRejected(
            _("Tệp có %(n)s lỗi; chưa nhập phiếu nào. Sửa các dòng dưới đây rồi nhập lại.") % {"n": len(errors)},
            errors,
        )
    return built


def _taken(survey: Survey, external_ids: list[str]) -> set[str]:
    """The external ids among `external_ids` already stored for `survey`."""
    taken: set[str] = set()
    for start in range(0, len(external_ids), 500):
        chunk = external_ids[start : start + 500]
        taken.update(
            Response.objects.filter(survey=survey, external_id__in=chunk).values_list("external_id", flat=True)
        )
    return taken


def import_results(*, actor: Actor, survey: Survey, content: bytes, dry_run: bool) -> ImportResult:
    """A KoboToolbox/ODK results export (XLSX) as the survey's answers (source «field»): every row checked, then all
    written in one transaction, or nothing. A dry run checks only."""
    services.require_runner(actor, survey.unit)
    built = _read_results(survey, content)
    if dry_run:
        return ImportResult(rows=len(built), dry_run=True)
    user = actor if getattr(actor, "pk", None) else None
    try:
        with transaction.atomic():
            # Two imports of one survey queue here, so the second sees the first one's ids.
            Survey.objects.select_for_update().only("pk").get(pk=survey.pk)
            if _taken(survey, [row[4] for _n, row in built if row[4]]):
                raise IntegrityError("external id imported meanwhile")
            made = services.rows_to_responses(survey, [row for _n, row in built], actor)
            bulk_create_with_history(
                made, Response, batch_size=500, default_user=user, default_change_reason="survey.answers.imported"
            )
    except IntegrityError:
        raise DomainError(_("Một số phiếu vừa được nhập bởi người khác; chưa nhập phiếu nào. Hãy thử lại.")) from None
    return ImportResult(rows=len(built), dry_run=False)
