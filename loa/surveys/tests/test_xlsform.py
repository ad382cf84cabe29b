"""The questionnaire as an XLSForm (KoboToolbox, ODK), read back, and a field tool's results imported all or nothing."""

import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from loa.core.errors import DomainError, ImportRejected, PermissionDenied
from loa.surveys import selectors, services
from loa.surveys.catalog import Source
from loa.surveys.definition import items
from loa.surveys.models import Response
from loa.surveys.xlsform import import_results, read_xlsform, xlsform


def open_survey(world: Any, unit: Any = None, template: Any = None) -> Any:
    """A survey of this year (the province's by default), opened by the province's coordinator."""
    coordinator = world.users["coordinator"]
    year = timezone.localdate().year
    survey = services.survey_create(
        actor=coordinator,
        unit=unit or world.province,
        data=services.SurveyInput(
            title="Khảo sát sự hài lòng năm nay",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            population=1000,
        ),
        template=template,
    )
    return services.survey_set_status(actor=coordinator, survey=survey, status="survey_open", revision=survey.revision)


def all_levels(survey: Any, level: int, **overrides: Any) -> dict[str, Any]:
    """Every question of `survey` answered `level`, except those (and the respondent fields) in `overrides`."""
    return {**{q.key: level for q in items(survey.definition)}, **overrides}


def kobo_export(survey: Any, rows: list[dict[str, Any]], *, extra: tuple[str, ...] = ()) -> bytes:
    """A results export as KoboToolbox writes it ("XML values and headers"): metadata columns, each question under
    its group's path, the respondent block, then `_id`, `_uuid`, `_submission_time`, `_index`."""
    questions = items(survey.definition)
    headers = [
        "start",
        "end",
        "today",
        *(f"{q.factor}/{q.key}" if q.factor else q.key for q in questions),
        "age_band",
        "gender",
        "service",
        "dossier_code",
        *extra,
        "meta/instanceID",
        "_id",
        "_uuid",
        "_submission_time",
        "_index",
    ]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Khảo sát"
    sheet.append(headers)
    for n, row in enumerate(rows, start=1):
        values = dict(row)
        for q in questions:
            if q.factor:
                values[f"{q.factor}/{q.key}"] = values.pop(q.key, None)
        uuid = values.get("_uuid", f"0000-{n}")
        values.setdefault("meta/instanceID", f"uuid:{uuid}" if uuid else None)
        values.setdefault("_id", 1000 + n)
        values.setdefault("_index", n)
        sheet.append([values.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# The form ------------------------------------------------------------------------------------------------------


def test_the_form_reads_back_as_the_survey_questionnaire(world):
    survey = open_survey(world)
    survey.refresh_from_db()  # the definition as stored (JSON)
    assert read_xlsform(xlsform(survey)) == survey.definition


def test_a_questionnaire_of_its_own_reads_back_too(world):
    coordinator = world.users["coordinator"]
    template = services.template_copy(actor=coordinator, owner=world.province, source=None, name="Phiếu rút gọn")
    definition = template.definition
    definition["intro"] = ""
    definition["overall"] = None
    definition["factors"] = definition["factors"][:2]
    definition["factors"][0]["items"][0]["text"] = "=Câu bắt đầu bằng dấu bằng, vẫn là chữ."
    definition["respondent"] = {"age_band": False, "gender": True, "service": True, "dossier_code": False}
    definition["scales"]["mong_doi"] = ["Một", "Hai", "Ba", "Bốn", "Năm"]
    definition["no_answer"] = "Không biết / không trả lời"
    template = services.template_save(
        actor=coordinator, template=template, name=template.name, definition=definition, version=template.version
    )
    survey = open_survey(world, template=template)
    survey.refresh_from_db()
    found = read_xlsform(xlsform(survey))
    assert found == survey.definition
    assert found["overall"] is None and found["respondent"]["age_band"] is False


def test_the_form_has_what_the_xlsform_spec_requires(world):
    survey = open_survey(world)
    book = load_workbook(io.BytesIO(xlsform(survey)))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey_rows = list(book["survey"].iter_rows(values_only=True))
    assert {"type", "name", "label", "required"} <= set(survey_rows[0])
    choices = list(book["choices"].iter_rows(values_only=True))
    assert choices[0][:3] == ("list_name", "name", "label")
    settings_rows = list(book["settings"].iter_rows(values_only=True))
    form = dict(zip(settings_rows[0], settings_rows[1], strict=True))
    assert form["form_title"] == survey.title and form["form_id"] == f"loa_{survey.code}"
    assert form["default_language"] == "Vietnamese (vi)" and form["version"]

    col = {name: i for i, name in enumerate(survey_rows[0])}
    types = [r[col["type"]] for r in survey_rows[1:]]
    assert {"start", "end", "today"} <= set(types)  # the export then carries the day answered
    assert types.count("begin_group") == types.count("end_group") == 5
    groups = [r[col["name"]] for r in survey_rows[1:] if r[col["type"]] == "begin_group"]
    assert groups == ["F1", "F2", "F3", "F4", "F5"]
    by_name = {r[col["name"]]: r for r in survey_rows[1:] if r[col["name"]]}
    assert by_name["F1_N1"][col["type"]] == "select_one scale_nhan_dinh"
    assert by_name["F1_HL"][col["type"]] == "select_one scale_hai_long"
    assert by_name["F1_MD"][col["type"]] == "select_one scale_mong_doi"
    assert by_name["CHUNG"][col["type"]] == "select_one scale_danh_gia_chung"
    assert by_name["F1_HL"][col["required"]] == "yes"
    assert by_name["age_band"][col["type"]] == "select_one age_band"
    assert by_name["gender"][col["type"]] == "select_one gender"
    assert by_name["service"][col["type"]] == by_name["dossier_code"][col["type"]] == "text"
    # Every list a question names exists; each scale has "1".."5" and "0" (Không trả lời).
    lists: dict[str, dict[str, str]] = {}
    for list_name, name, label in choices[1:]:
        lists.setdefault(list_name, {})[name] = label
    for kind in ("nhan_dinh", "hai_long", "mong_doi", "danh_gia_chung"):
        scale = lists[f"scale_{kind}"]
        assert list(scale) == ["1", "2", "3", "4", "5", "0"]
        assert [scale[str(n)] for n in range(1, 6)] == survey.definition["scales"][kind]
        assert scale["0"] == "Không trả lời"
    assert lists["scale_hai_long"]["5"] == "Rất hài lòng"
    assert lists["age_band"]["age_25_34"] == "Từ 25 đến 34 tuổi"
    assert lists["gender"] == {"male": "Nam", "female": "Nữ", "other_gender": "Khác"}
    for t in types:
        if t.startswith("select_one"):
            assert t.split()[1] in lists


def test_a_form_edited_with_language_columns_still_reads(world):
    """KoboToolbox writes `label::Vietnamese (vi)` when a form has languages."""
    survey = open_survey(world)
    survey.refresh_from_db()
    book = load_workbook(io.BytesIO(xlsform(survey)))
    for sheet in ("survey", "choices"):
        for cell in book[sheet][1]:
            if cell.value == "label":
                cell.value = "label::Vietnamese (vi)"
    out = io.BytesIO()
    book.save(out)
    assert read_xlsform(out.getvalue()) == survey.definition


def test_what_is_not_an_xlsform_is_refused_with_a_message(world):
    survey = open_survey(world)
    with pytest.raises(DomainError, match="không phải là bảng tính Excel"):
        read_xlsform(b"type,name,label\n")
    with pytest.raises(DomainError, match="thiếu trang «survey», «choices»"):
        read_xlsform(kobo_export(survey, []))
    book = load_workbook(io.BytesIO(xlsform(survey)))
    first_group = next(row for row in book["survey"].iter_rows() if row[0].value == "begin_group")
    first_group[2].value = None  # the first group's title
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(DomainError, match="Nhóm 1: chưa có nội dung"):
        read_xlsform(out.getvalue())


# Importing results ---------------------------------------------------------------------------------------------


def test_a_kobo_export_adds_the_answers_and_their_index(world):
    survey = open_survey(world)
    point = services.point_create(actor=world.users["editor"], unit=world.commune, name="Quầy số 1")
    today = timezone.localdate()
    rows = [
        # Every counted question (F1_HL … F5_HL, CHUNG) at 4: 6 of 6 valid answers positive.
        {**all_levels(survey, 4), "today": today.isoformat(), "_uuid": "a-1", "age_band": "age_35_49"},
        # At 2, F1_HL not answered: 0 of 5 valid. The day from `end` (with its offset).
        {
            **all_levels(survey, 2, F1_HL=0),
            "end": f"{today.isoformat()}T09:15:00.000+07:00",
            "_uuid": "a-2",
            "point": point.code,
            "gender": "Nữ",  # a "Labels" export writes the label
        },
        # At 5, the overall question 3 (written as its label): 5 of 6. A unit under the province.
        {
            **all_levels(survey, 5, CHUNG="Bình thường"),
            # KoboToolbox's server time, UTC: 20:00 on the eve is 03:00 on the first day in Việt Nam.
            "_submission_time": f"{(survey.starts_on - timedelta(days=1)).isoformat()}T20:00:00",
            "_uuid": None,
            "meta/instanceID": "uuid:a-3",
            "unit": world.commune.code,
            "dossier_code": "H42.01-250101-0001",
            "service": "Cấp bản sao   trích lục khai sinh",
        },
    ]
    content = kobo_export(survey, rows, extra=("unit", "point"))
    editor = world.users["coordinator"]
    assert import_results(actor=editor, survey=survey, content=content, dry_run=True).rows == 3
    assert not Response.objects.filter(survey=survey).exists()  # a dry run writes nothing

    result = import_results(actor=editor, survey=survey, content=content, dry_run=False)
    assert (result.rows, result.dry_run) == (3, False)
    saved = {r.external_id: r for r in Response.objects.filter(survey=survey).select_related("unit", "point")}
    assert set(saved) == {"a-1", "a-2", "a-3"}
    assert {r.source for r in saved.values()} == {Source.FIELD}
    assert saved["a-1"].unit == world.province and saved["a-1"].answered_on == today
    assert saved["a-1"].respondent == {"age_band": "age_35_49"}
    assert saved["a-2"].point == point and saved["a-2"].unit == world.commune
    assert saved["a-2"].answers["F1_HL"] == 0 and saved["a-2"].respondent == {"gender": "female"}
    assert saved["a-3"].unit == world.commune and saved["a-3"].answers["CHUNG"] == 3
    assert saved["a-3"].answered_on == survey.starts_on
    assert saved["a-3"].respondent == {
        "service": "Cấp bản sao trích lục khai sinh",
        "dossier_code": "H42.01-250101-0001",
    }
    assert saved["a-3"].entered_by == editor
    # (6 + 0 + 5) positive of (6 + 5 + 6) valid = 64.705… %
    assert selectors.results(survey).result.index == Decimal("64.71")
    history = saved["a-1"].history.get()
    assert history.history_change_reason == "survey.answers.imported" and history.history_user == editor


def test_a_bad_file_is_refused_row_by_row_and_nothing_is_written(world):
    survey = open_survey(world)
    coordinator = world.users["coordinator"]
    today = timezone.localdate()
    import_results(
        actor=coordinator,
        survey=survey,
        content=kobo_export(survey, [{**all_levels(survey, 4), "today": today, "_uuid": "old-1"}]),
        dry_run=False,
    )
    rows = [
        {**all_levels(survey, 4, F2_HL=7), "today": today, "_uuid": "b-1"},  # row 2: no level 7
        {**all_levels(survey, 4), "today": today, "_uuid": "b-2", "unit": "KHONG-CO"},  # row 3
        {**all_levels(survey, 4), "today": date(today.year - 1, 12, 31), "_uuid": "b-3"},  # row 4: before the survey
        {**all_levels(survey, 4), "today": today + timedelta(days=1), "_uuid": "b-4"},  # row 5: tomorrow
        {**all_levels(survey, 4), "today": today, "_uuid": "b-1"},  # row 6: repeats row 2
        {**all_levels(survey, 4), "today": today, "_uuid": "old-1"},  # row 7: imported before
        {**all_levels(survey, 4), "_uuid": "b-7"},  # row 8: no day
        {**all_levels(survey, 4), "today": today, "_uuid": "b-8", "unit": world.foreign_commune.code},  # row 9
        {**all_levels(survey, 0), "today": today, "_uuid": "b-9"},  # row 10: nothing answered
        {**all_levels(survey, 4), "today": today, "_uuid": "b-10", "age_band": "tre"},  # row 11
        {**all_levels(survey, 4), "today": today, "_uuid": "b-11"},  # row 12: a good row
    ]
    before = Response.objects.count()
    with pytest.raises(ImportRejected) as rejected:
        import_results(
            actor=coordinator, survey=survey, content=kobo_export(survey, rows, extra=("unit",)), dry_run=False
        )
    found = {(e.row, e.column) for e in rejected.value.errors}
    assert found == {
        (2, "F2/F2_HL"),
        (3, "unit"),
        (4, "today"),
        (5, "today"),
        (6, "_uuid"),
        (7, "_uuid"),
        (8, "today"),
        (9, "unit"),
        (10, "Câu hỏi"),
        (11, "age_band"),
    }
    messages = {e.row: e.message for e in rejected.value.errors}
    assert "«7»" in messages[2] and "KHONG-CO" in messages[3] and "dòng 2" in messages[6]
    assert "old-1" in messages[7] and "chưa có ngày" in messages[8]
    assert "Dòng 2, cột «F2/F2_HL»" in str(rejected.value.errors[0])
    assert Response.objects.count() == before  # all or nothing


def test_what_cannot_be_read_is_a_message_not_a_traceback(world, settings):
    survey = open_survey(world)
    coordinator = world.users["coordinator"]
    with pytest.raises(DomainError, match="không phải là bảng tính Excel"):
        import_results(actor=coordinator, survey=survey, content=b"%PDF-1.7 not a workbook", dry_run=True)
    with pytest.raises(DomainError, match="bị hỏng"):
        import_results(actor=coordinator, survey=survey, content=b"PK\x03\x04broken", dry_run=True)
    with pytest.raises(DomainError, match="thiếu cột của 1 câu hỏi: «CHUNG»"):
        book = load_workbook(io.BytesIO(kobo_export(survey, [all_levels(survey, 4)])))
        sheet = book.active
        sheet.delete_cols([c.value for c in sheet[1]].index("CHUNG") + 1)
        out = io.BytesIO()
        book.save(out)
        import_results(actor=coordinator, survey=survey, content=out.getvalue(), dry_run=True)
    settings.LOA_IMPORT_MAX_ROWS = 2
    rows = [{**all_levels(survey, 4), "today": timezone.localdate()} for _n in range(3)]
    with pytest.raises(DomainError, match="vượt giới hạn 2 dòng"):
        import_results(actor=coordinator, survey=survey, content=kobo_export(survey, rows), dry_run=True)


def test_only_those_who_run_the_survey_import_and_they_are_checked_first(world):
    survey = open_survey(world)
    for persona in ("viewer", "neighbour", "foreign"):
        with pytest.raises(PermissionDenied):
            import_results(actor=world.users[persona], survey=survey, content=b"not even a file", dry_run=True)
