"""The XLSX of a survey's answers, with codes and labels: the results equal the results page's, every answer is a row
of codes and levels, and the codebook says what each code means."""

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from python_calamine import CalamineWorkbook

from loa.surveys import selectors, services
from loa.surveys.models import Response
from loa.surveys.tests.test_xlsform import all_levels, kobo_export, open_survey
from loa.surveys.xlsform import import_results
from loa.surveys.xlsx_io import results_workbook


def sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def answered(world: Any) -> Any:
    """A survey of the province with four paper answers, one answer from the field, one flagged and set aside."""
    survey = open_survey(world)
    editor = world.users["editor"]
    point = services.point_create(actor=editor, unit=world.commune, name="Bộ phận một cửa")
    today = timezone.localdate()
    paper = [
        all_levels(survey, 5, F1_N1=1, F2_HL=0, CHUNG=4, age_band="age_under_25", gender="male"),
        all_levels(survey, 4, F1_HL=2, F3_MD=0, service='=HYPERLINK("http://x")'),
        all_levels(survey, 3, F4_HL=5, CHUNG=5, dossier_code="H42-0001"),
        all_levels(survey, 1, F5_HL=4, CHUNG=0),
    ]
    for n, values in enumerate(paper):
        services.enter_answers(
            actor=world.users["coordinator"],
            survey=survey,
            values=values,
            source="via_paper",
            answered_on=survey.starts_on if n % 2 else today,
            point=point if n == 0 else None,
        )
    import_results(
        actor=world.users["coordinator"],
        survey=survey,
        content=kobo_export(survey, [{**all_levels(survey, 2, CHUNG=5), "today": today, "_uuid": "k-1"}]),
        dry_run=False,
    )
    set_aside = services.enter_answers(
        actor=world.users["coordinator"],
        survey=survey,
        values=all_levels(survey, 5),
        source="via_phone",
        answered_on=today,
    )
    services.review(actor=world.users["coordinator"], response=set_aside, counted=False, seen=set_aside.status)
    return survey


def test_the_results_sheet_has_the_figures_of_the_results_page(world):
    survey = answered(world)
    rows = Response.objects.filter(survey=survey).select_related("unit", "point")
    book = sheets(results_workbook(survey, rows))
    assert list(book) == ["Kết quả", "Câu trả lời", "Mã"]
    found = selectors.results(survey)
    assert found.result.answers == 5 and found.rejected == 1  # the set-aside answer is not counted
    table = book["Kết quả"]
    summary = {r[0]: r[1] for r in table[:10]}
    assert summary["Chỉ số hài lòng chung (%)"] == float(found.result.index)
    assert summary["Số phiếu được tính"] == 5 and summary["Số phiếu không tính"] == 1
    start = next(i for i, r in enumerate(table) if r[0] == "Mã")
    assert table[start][3:] == [
        "Số câu trả lời hợp lệ",
        "Mức 1",
        "Mức 2",
        "Mức 3",
        "Mức 4",
        "Mức 5",
        "Không trả lời",
        "Tỷ lệ mức 4, 5 (%)",
    ]
    lines = {r[0]: r for r in table[start + 1 :]}
    assert len(lines) == 5 + 27 + 1  # five factors, 27 questions in them, the overall question
    rule = found.result.rule
    for key, tally in found.result.items.items():
        line = lines[key]
        assert line[3:10] == [tally.valid, *(tally.levels[n] for n in range(1, 6)), tally.no_answer], key
        assert line[10] == (float(tally.share(rule)) if tally.valid else ""), key
    for key, tally in found.result.factors.items():
        assert lines[key][3] == tally.valid and lines[key][10] == float(found.result.factor_index[key])
    # Counted by hand: F2_HL was answered 4, 3, 1 on paper and 2 in the field; the first paper form skipped it.
    assert lines["F2_HL"][3:10] == [4, 1, 1, 1, 1, 0, 1]
    assert lines["F2_HL"][10] == 25.0
    # CHUNG: 4, 4, 5, (skipped), 5: all four valid answers positive.
    assert lines["CHUNG"][3:10] == [4, 0, 0, 0, 2, 2, 1] and lines["CHUNG"][10] == 100.0
    # The index by hand: the satisfaction questions and CHUNG of the five counted forms, 14 of 28 valid answers 4–5.
    assert found.result.index == Decimal("50.00") and summary["Chỉ số hài lòng chung (%)"] == 50.0


def test_every_answer_is_a_row_of_codes_with_two_header_rows(world):
    survey = answered(world)
    rows = Response.objects.filter(survey=survey).select_related("unit", "point").order_by("pk")
    table = sheets(results_workbook(survey, rows))["Câu trả lời"]
    codes, labels, data = table[0], table[1], table[2:]
    assert codes[:9] == [
        "id",
        "answered_on",
        "unit",
        "unit_name",
        "point",
        "source",
        "source_label",
        "status",
        "status_label",
    ]
    assert codes[9:37] == [
        *(f"F1_N{n}" for n in (1, 2, 3)),
        "F1_HL",
        "F1_MD",
        *(f"F2_N{n}" for n in (1, 2, 3, 4)),
        "F2_HL",
        "F2_MD",
        *(f"F3_N{n}" for n in (1, 2, 3, 4)),
        "F3_HL",
        "F3_MD",
        *(f"F4_N{n}" for n in (1, 2, 3)),
        "F4_HL",
        "F4_MD",
        *(f"F5_N{n}" for n in (1, 2, 3)),
        "F5_HL",
        "F5_MD",
        "CHUNG",
    ]
    assert codes[37:] == [
        "age_band",
        "age_band_label",
        "gender",
        "gender_label",
        "service",
        "dossier_code",
        "external_id",
    ]
    assert labels[:3] == ["Số phiếu", "Ngày trả lời", "Mã đơn vị"]
    assert labels[codes.index("F1_HL")] == survey.definition["factors"][0]["items"][3]["text"]
    assert len(data) == 6  # every answer, counted or not
    by_id = {int(r[0]): dict(zip(codes, r, strict=True)) for r in data}
    first, second, *_rest = sorted(by_id)
    row = by_id[first]
    assert row["unit"] == world.commune.code and row["point"] == "Bộ phận một cửa"
    assert (row["source"], row["source_label"]) == ("via_paper", "Phiếu giấy (cán bộ nhập)")
    assert (row["status"], row["status_label"]) == ("in_tally", "Được tính")
    assert row["answered_on"] == timezone.localdate()
    assert row["F1_N1"] == 1 and row["F2_HL"] == 0 and row["CHUNG"] == 4 and row["F1_HL"] == 5
    assert (row["age_band"], row["age_band_label"]) == ("age_under_25", "Dưới 25 tuổi")
    assert (row["gender"], row["gender_label"]) == ("male", "Nam")
    assert by_id[second]["service"] == '=HYPERLINK("http://x")'  # text, not a live formula
    assert by_id[second]["unit"] == world.province.code and by_id[second]["point"] == ""
    field = next(r for r in by_id.values() if r["source"] == "via_field")
    assert field["external_id"] == "k-1" and field["source_label"].startswith("Phiếu điện tử")
    assert [r["status"] for r in by_id.values()].count("rejected") == 1


def test_the_codebook_names_every_code(world):
    survey = answered(world)
    table = sheets(results_workbook(survey, []))["Mã"]
    assert table[0] == ["Danh mục", "Mã", "Nhãn"]
    pairs = {(r[0], r[1] if isinstance(r[1], str) else int(r[1])): r[2] for r in table[1:]}
    assert pairs[("Câu hỏi", "F3_HL")] == survey.definition["factors"][2]["items"][4]["text"]
    assert pairs[("Nhóm câu hỏi", "F5")] == "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị"
    assert pairs[("Mức trả lời: câu mong đợi", 5)] == "Rất cao"
    assert pairs[("Mức trả lời: câu nhận định", 1)] == "Rất không đồng ý"
    assert pairs[("Mức trả lời: câu hài lòng", 0)] == "Không trả lời"
    assert pairs[("Nguồn phiếu", "via_field")].startswith("Phiếu điện tử")
    assert pairs[("Tình trạng", "flagged")] == "Cần xem xét"
    assert pairs[("Nhóm tuổi", "age_65_up")] == "Từ 65 tuổi trở lên"
    assert pairs[("Giới tính", "other_gender")] == "Khác"
    assert pairs[("Cột của trang «Câu trả lời»", "answered_on")] == "Ngày trả lời"
