"""The shared half of the XLSX import pages: size limit, all-or-nothing refusal, errors on the form."""

from django.core.files.uploadedfile import SimpleUploadedFile

from loa.core.errors import DomainError, ImportRejected, RowError
from loa.core.uploads import ROW_ERRORS_SHOWN, XlsxImportForm, run_import


def _form(content: bytes = b"PK..", dry_run: bool = False) -> XlsxImportForm:
    form = XlsxImportForm({"dry_run": "on"} if dry_run else {}, {"file": SimpleUploadedFile("gia-tri.xlsx", content)})
    assert form.is_valid()
    return form


def test_a_file_over_the_limit_is_refused_unread() -> None:
    calls: list[bytes] = []

    def record(content: bytes, dry: bool) -> int:
        calls.append(content)
        return 1

    form = _form(b"x" * (3 * 2**20))
    count, errors = run_import(form, limit=2 * 2**20, run=record)
    assert (count, errors, calls) == (None, [], [])
    assert form.errors["file"] == ["Tệp quá lớn (tối đa 2 MB)."]


def test_the_import_gets_the_content_and_the_check_only_flag() -> None:
    seen: list[tuple[bytes, bool]] = []

    def record(content: bytes, dry: bool) -> int:
        seen.append((content, dry))
        return 7

    count, errors = run_import(_form(b"abc", dry_run=True), limit=100, run=record)
    assert (count, errors, seen) == (7, [], [(b"abc", True)])


def test_a_refused_file_lists_its_row_errors_on_the_form_capped() -> None:
    rows = [RowError(i, "Ngày", "sai") for i in range(2, ROW_ERRORS_SHOWN + 12)]

    def refuse(content: bytes, dry: bool) -> int:
        raise ImportRejected("Tệp có lỗi, chưa nhập dòng nào.", rows)

    form = _form()
    count, errors = run_import(form, limit=100, run=refuse)
    assert count is None and errors == rows[:ROW_ERRORS_SHOWN]
    assert form.non_field_errors() == ["Tệp có lỗi, chưa nhập dòng nào."]


def test_any_other_refusal_is_put_on_the_file_field() -> None:
    def refuse(content: bytes, dry: bool) -> int:
        raise DomainError("Không đọc được tệp Excel.")

    form = _form()
    assert run_import(form, limit=100, run=refuse) == (None, [])
    assert form.errors["file"] == ["Không đọc được tệp Excel."]
