"""The question bank in XLSX (issue 21 item 2): export, template, import all or nothing, errors by row and column."""

import io
import unicodedata
import zipfile

import pytest
from hypothesis import HealthCheck, assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from loa.contests import bank_xlsx
from loa.contests.bank import QuestionInput, _apply, problems_of, question_create
from loa.contests.bank_xlsx import (
    ANSWER,
    AREA,
    CODE,
    HEADERS,
    OPTIONS,
    BankImport,
    export_bank,
    import_bank,
    import_summary,
    read_bank,
    template,
)
from loa.contests.models import Question
from loa.core.catalogs import ReformArea, vi_label
from loa.core.errors import Conflict, DomainError, ImportRejected, PermissionDenied
from loa.core.tests.hostile_xlsx import HOSTILE, package, text_cell
from loa.core.xlsx import write_table


def _question(world, **changes):
    data = QuestionInput(
        area=ReformArea.TTHC,
        text="Thủ tục hành chính được công khai ở đâu?",
        options=["Tại Bộ phận Một cửa", "Chỉ trong hồ sơ lưu trữ", "Chỉ trong sổ tay nội bộ", "Không công khai"],
        answer=0,
        topic="Công khai thủ tục",
        source="Ví dụ căn cứ",
        explanation="Giải thích ví dụ.",
    )
    for name, value in changes.items():
        setattr(data, name, value)
    return question_create(actor=world.users["editor"], owner=world.commune, data=data)


def _row(code="", area="tthc", answer="A", active="", text="Câu hỏi thử?", options=("Một", "Hai", "Ba", "Bốn")):
    return [code, area, "Chủ đề thử", text, *options, answer, "Căn cứ thử", "Giải thích thử", active]


def _file(rows, headers=HEADERS):
    return write_table("Câu hỏi", headers, rows)


def _bank(world):
    return Question.objects.filter(owner=world.commune)


def _import(world, data, user="editor", **kwargs):
    return import_bank(actor=world.users[user], owner=world.commune, data=data, **kwargs)


# --- round trip and template -------------------------------------------------------------------------------------


def test_export_then_import_leaves_the_bank_unchanged(world):
    _question(world)
    _question(world, active=False, area=ReformArea.CHINH_PHU_SO, topic="")
    _question(world, text="Dòng một\r\nDòng hai  với hai dấu cách", explanation="Một\n\nHai")
    _question(world, options=['=HYPERLINK("http://x","y")', "_x0041_", "100", "-5"], answer=3, source="")
    before = {q.pk: (q.revision, q.search_text) for q in _bank(world)}
    history = Question.history.filter(owner=world.commune).count()

    result = _import(world, export_bank(_bank(world).order_by("code")))

    assert (result.created, result.updated, result.unchanged) == (0, 0, 4)
    assert {q.pk: (q.revision, q.search_text) for q in _bank(world)} == before
    assert Question.history.filter(owner=world.commune).count() == history


def test_the_export_has_the_columns_the_lists_and_drop_downs(world):
    _question(world, active=False)
    book = load_workbook(io.BytesIO(export_bank(_bank(world))))
    assert book.sheetnames[:2] == ["Câu hỏi", "Danh mục"]
    sheet = book["Câu hỏi"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet["B2"].value == vi_label(ReformArea, ReformArea.TTHC)
    assert (sheet["I2"].value, sheet["L2"].value) == ("A", "Không")
    assert sheet["A1"].font.bold
    lists = book["Danh mục"]
    assert [(r[0].value, r[1].value) for r in lists.iter_rows(min_row=2)] == [
        (code, vi_label(ReformArea, code)) for code in ReformArea.values
    ]
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert ranges == {"B2": "'Danh mục'!$B$2:$B$8", "I2": '"A,B,C,D"', "L2": '"Có,Không"'}


def test_a_filled_template_creates_questions_with_codes_search_text_and_history(world):
    book = load_workbook(io.BytesIO(template()))
    sheet = book["Câu hỏi"]
    assert sheet["A2"].value is None and sheet["D2"].value  # the example has no code: importing it adds a question
    sheet.append(_row(area=vi_label(ReformArea, ReformArea.CONG_VU), answer="b", active="x"))
    sheet.append(_row(area="Cai cach the che", answer=3, active="Không", text="Câu khác?"))
    sheet.append(_row(code="TC-01", answer="4", text="Câu thứ tư?"))
    out = io.BytesIO()
    book.save(out)

    result = _import(world, out.getvalue())

    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    assert import_summary(result) == "Đã nhập ngân hàng câu hỏi: thêm 4 câu hỏi, sửa 0, giữ nguyên 0."
    found = {q.code: q for q in _bank(world)}
    assert set(found) == {"CH0001", "CH0002", "CH0003", "TC-01"}
    assert (found["CH0002"].area, found["CH0002"].answer, found["CH0002"].active) == ("cong_vu", 1, True)
    assert (found["CH0003"].area, found["CH0003"].answer, found["CH0003"].active) == ("the_che", 2, False)
    assert found["TC-01"].answer == 3
    assert "dich vu cong truc tuyen" in found["CH0001"].search_text
    history = Question.history.filter(owner=world.commune)
    assert history.count() == 4
    assert {(h.history_type, h.history_user) for h in history} == {("+", world.users["editor"])}


def test_a_row_with_a_known_code_updates_that_question_once(world):
    q = _question(world)
    book = load_workbook(io.BytesIO(export_bank([q])))
    book["Câu hỏi"]["I2"] = "C"
    out = io.BytesIO()
    book.save(out)

    result = _import(world, out.getvalue())
    q.refresh_from_db()

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert (q.answer, q.revision) == (2, 1)
    assert q.history.first().history_type == "~"
    again = _import(world, out.getvalue())
    assert (again.updated, again.unchanged) == (0, 1)


def test_blank_codes_take_free_codes_around_the_bank_and_the_file(world):
    _question(world)  # CH0001
    result = _import(world, _file([_row(text="Mới 1?"), _row(code="CH0002", text="Mới 2?"), _row(text="Mới 3?")]))
    assert result.created == 3
    assert {q.code: q.text for q in _bank(world)} == {
        "CH0001": "Thủ tục hành chính được công khai ở đâu?",
        "CH0002": "Mới 2?",
        "CH0003": "Mới 1?",
        "CH0004": "Mới 3?",
    }


def test_a_dry_run_counts_and_writes_nothing(world):
    q = _question(world)
    data = _file([[q.code, *_row(answer="D")[1:]], _row()])
    result = _import(world, data, dry_run=True)
    assert result == BankImport(created=1, updated=1, unchanged=0, dry_run=True)
    assert _bank(world).count() == 1
    q.refresh_from_db()
    assert q.revision == 0


def test_headers_are_matched_whatever_their_diacritics_case_and_spacing(world):
    headers = [
        "ma cau hoi",
        "LĨNH VỰC  CCHC",
        "Chu de",
        " Nội dung câu hỏi ",
        "phuong an A",
        "Phương án b",
        "PHUONG AN C",
        "Phương án D",
        "Đáp án đúng (A/B/C/D)",
        "Căn cứ pháp lý",
        "Giai thich",
        "Đang dùng (Có/Không)",
    ]
    inputs, errors = read_bank(_file([_row(answer="c")], headers=headers))
    assert errors == []
    assert (inputs[0].area, inputs[0].answer, inputs[0].options[1]) == ("tthc", 2, "Hai")


# --- errors by row and column ------------------------------------------------------------------------------------


def test_an_error_in_row_5_names_the_row_and_the_column_and_nothing_is_written(world):
    _question(world)
    before = _bank(world).count()
    rows = [_row(text=f"Câu {n}?") for n in range(4)]
    rows[3][HEADERS.index(ANSWER)] = "E"  # the header is row 1: the fourth question is row 5

    with pytest.raises(ImportRejected) as refused:
        _import(world, _file(rows))

    assert [(e.row, e.column) for e in refused.value.errors] == [(5, ANSWER)]
    assert str(refused.value.errors[0]) == "Dòng 5, cột «Đáp án đúng»: «E» không phải là A, B, C hoặc D"
    assert "chưa nhập câu hỏi nào" in refused.value.message
    assert _bank(world).count() == before


def test_a_code_twice_in_the_file_is_an_error_on_the_second_row(world):
    inputs, errors = read_bank(_file([_row(code="X1"), _row(code="X2"), _row(code="X1", text="Khác?")]))
    assert [(e.row, e.column) for e in errors] == [(4, CODE)]
    assert "trùng với dòng 2" in errors[0].message
    assert [i.code for i in inputs] == ["X1", "X2"]


def test_an_unknown_area_and_other_cell_problems_each_name_their_column(world):
    _inputs, errors = read_bank(
        _file(
            [
                _row(area="Cải cách kinh tế"),
                _row(options=("Một", "Hai", "", "Bốn")),
                _row(options=("Một", "Hai", "một", "Bốn")),
                _row(code="MÃ SAI!", active="có lẽ", text=" "),
            ]
        )
    )
    assert [(e.row, e.column) for e in errors] == [
        (2, AREA),
        (3, OPTIONS[2]),
        (4, OPTIONS[2]),
        (5, CODE),
        (5, "Nội dung câu hỏi"),
        (5, "Đang dùng"),
    ]
    assert "«Cải cách kinh tế» không có trong danh mục lĩnh vực CCHC" in errors[0].message
    before = Question.objects.count()
    with pytest.raises(ImportRejected):
        _import(world, _file([_row(), _row(area="Cải cách kinh tế")]))
    assert Question.objects.count() == before


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers(world):
    inputs, errors = read_bank(_file([_row(), [None] * 12, [""] * 12, _row(answer="Z")]))
    assert len(inputs) == 1
    assert [(e.row, e.column) for e in errors] == [(5, ANSWER)]


def test_a_missing_required_column_is_refused(world):
    with pytest.raises(DomainError, match="thiếu cột bắt buộc: «Đáp án đúng»"):
        read_bank(_file([_row()[:8]], headers=HEADERS[:8]))


# --- files that are not a bank -----------------------------------------------------------------------------------


def test_a_text_file_renamed_xlsx_is_refused(world):
    with pytest.raises(DomainError, match=r"không phải là bảng tính Excel \(.xlsx\)"):
        _import(world, "Mã câu hỏi;Nội dung\nCH0001;Câu hỏi\n".encode())


def test_a_password_protected_file_is_refused(world):
    protected = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096)
    with pytest.raises(DomainError, match="đặt mật khẩu"):
        read_bank(protected)


def test_a_broken_file_is_refused(world):
    data = template()
    with pytest.raises(DomainError, match="bị hỏng"):
        read_bank(data[: len(data) // 2])


def test_a_zip_bomb_is_refused_without_inflating_it(world):
    bomb = package(
        f'<row r="1">{text_cell("A1", "x")}</row>', extra={"xl/media/image1.bin": bytes(20 * 2**20)}
    )  # 20 MB of zeros in about 20 KB
    with pytest.raises(DomainError, match="zip bomb"):
        read_bank(bomb)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_files_are_refused_with_a_message(world, name):
    with pytest.raises(DomainError, match="vượt giới hạn"):
        read_bank(HOSTILE[name]())


def test_a_file_with_formulas_is_refused_naming_their_cells(world):
    book = load_workbook(io.BytesIO(_file([_row(), _row(text="Câu hai?")])))
    book["Câu hỏi"]["I3"] = '=IF(1=1,"B","A")'
    out = io.BytesIO()
    book.save(out)
    before = Question.objects.count()
    with pytest.raises(ImportRejected, match="công thức") as refused:
        _import(world, out.getvalue())
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, ANSWER)]
    assert Question.objects.count() == before


def _sheet_with(data, before_end):
    """The workbook with `before_end` written at the end of its first sheet's XML (as Excel writes extensions)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b"</worksheet>", before_end.encode() + b"</worksheet>")
            target.writestr(entry.filename, content)
    return out.getvalue()


# A drop-down whose list is on another sheet, as Excel saves it: a formula outside any cell.
_EXCEL_DROP_DOWN = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>&apos;Danh mục&apos;!$B$2:$B$8</xm:f>'
    "</x14:formula1><xm:sqref>B2:B5001</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>"
)


def test_drop_downs_are_not_taken_for_formulas(world):
    inputs, errors = read_bank(template())
    assert (len(inputs), errors) == (1, [])
    inputs, errors = read_bank(_sheet_with(_file([_row(), _row(text="Hai?")]), _EXCEL_DROP_DOWN))
    assert (len(inputs), errors) == (2, [])


def test_row_and_size_limits(world, settings):
    settings.LOA_IMPORT_MAX_ROWS = 2
    with pytest.raises(DomainError, match="vượt giới hạn 2 dòng"):
        read_bank(_file([_row(), _row(), _row()]))
    settings.LOA_IMPORT_MAX_BYTES = 1000
    with pytest.raises(DomainError, match="Tệp quá lớn"):
        read_bank(template())


# --- permission and all or nothing -------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["foreign", "neighbour"])
def test_someone_who_does_not_keep_the_bank_is_refused(world, user):
    before = Question.objects.count()
    with pytest.raises(PermissionDenied):
        _import(world, template(), user=user)
    assert Question.objects.count() == before


def test_the_coordinator_of_the_province_may_import(world):
    assert _import(world, template(), user="coordinator").created == 1


def test_a_failure_while_writing_leaves_nothing_written(world, monkeypatch):
    """All or nothing on the database itself (SQLite and PostgreSQL): the questions added before the failing
    update are rolled back with it, and the updated one keeps its revision."""
    q = _question(world)
    before = {x.pk: (x.revision, x.answer) for x in _bank(world)}
    history = Question.history.count()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(bank_xlsx, "stamp", fail)  # the updates come after the new questions
    data = _file([[q.code, *_row(answer="B")[1:]], _row(text="Mới 1?"), _row(text="Mới 2?")])
    with pytest.raises(RuntimeError):
        _import(world, data)

    assert {x.pk: (x.revision, x.answer) for x in _bank(world)} == before
    assert Question.history.count() == history


def test_a_question_added_meanwhile_with_the_same_code_is_a_conflict(world, monkeypatch):
    taken = _question(world).code
    monkeypatch.setattr(bank_xlsx, "_free_codes", lambda owner, codes, count: iter([taken, "CH0099"]))
    before = _bank(world).count()
    with pytest.raises(Conflict):
        _import(world, _file([_row(text="Mới 1?"), _row(text="Mới 2?")]))
    assert _bank(world).count() == before


# --- property: what is valid survives export and reading ---------------------------------------------------------

_CHARS = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
_LINE_CHARS = st.one_of(_CHARS, st.sampled_from("\n\r\t "))


def _nfc(strategy):
    return strategy.map(lambda s: unicodedata.normalize("NFC", s))


_INPUTS = st.builds(
    QuestionInput,
    area=st.sampled_from(ReformArea.values),
    text=_nfc(st.text(_LINE_CHARS, min_size=1, max_size=60)),
    options=st.lists(_nfc(st.text(_CHARS, min_size=1, max_size=20)), min_size=4, max_size=4),
    answer=st.integers(0, 3),
    topic=_nfc(st.text(_CHARS, max_size=20)),
    source=_nfc(st.text(_CHARS, max_size=20)),
    explanation=_nfc(st.text(_LINE_CHARS, max_size=40)),
    active=st.booleans(),
    code=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9.-]{0,10}", fullmatch=True),
)


def _stored(data):
    q = Question(code=data.code)
    _apply(q, data)
    return (q.code, q.area, q.topic, q.text, q.options, q.answer, q.source, q.explanation, q.active)


@hypothesis_settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=_INPUTS)
def test_every_valid_question_survives_export_and_reading(data):
    assume(not problems_of(data))
    q = Question(code=data.code)
    _apply(q, data)
    inputs, errors = read_bank(export_bank([q]))
    assert errors == []
    assert [_stored(i) for i in inputs] == [_stored(data)]
