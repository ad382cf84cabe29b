"""The two real documents of ../shared/seeds import with every citation, number, date, issuer, signer
and recipient right (hand-checked values, not the fixture JSON)."""

from pathlib import Path
from typing import Any

import pytest

from loa.core.tests.needs import need
from loa.intake.extract import extract
from loa.intake.readers import read_document

SEEDS = Path(__file__).parent / "fixtures" / "docs"


def _extract(name: str) -> dict[str, Any]:
    path = next(SEEDS.glob(name))
    return extract(read_document(path.name, path.read_bytes())).as_json()


def _citations(items: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    return [(c["doc_type"], c["number"], c["date"], c["issuer"]) for c in items]


def test_seed_district_plan():
    plan = _extract("01-district-plan-2022.txt")
    assert (plan["doc_type"], plan["number"], plan["date"], plan["year"]) == ("KH", "18/KH-UBND", "2022-01-28", 2022)
    assert (plan["issuer"], plan["place"]) == ("UBND huyện Ninh Giang", "Ninh Giang")
    assert plan["title"] == (
        "Tuyên truyền thực hiện cải cách hành chính nhà nước năm 2022 trên địa bàn huyện Ninh Giang"
    )
    expected = [
        ("Nghị quyết", "76/NQ-CP", "2021-07-15", "Chính phủ"),
        ("Chỉ thị", "23/CT-TTg", "2021-09-02", "Thủ tướng Chính phủ"),
        ("Kế hoạch", "4347/KH-UBND", "2021-11-25", "UBND tỉnh Hải Dương"),
        ("Kế hoạch", "4707/QĐ-UBND", "2021-12-24", "UBND tỉnh Hải Dương"),  # type and symbol disagree, as written
        ("Kế hoạch", "159/KH-UBND", "2021-12-16", "UBND huyện"),
        ("Kế hoạch", "162/KH-UBND", "2021-12-27", "UBND huyện"),
    ]
    assert _citations(plan["legal_bases"]) == expected
    assert [c["kind"] for c in plan["legal_bases"]] == ["basis", "basis", *["implements"] * 4]
    assert _citations(plan["references"]) == expected  # the body repeats the same six
    mismatch = plan["legal_bases"][3]
    assert mismatch["warnings"] == ["Loại văn bản «Kế hoạch» không khớp ký hiệu «QĐ-UBND»."]
    assert plan["recipients"] == [
        "Sở Nội vụ",
        "Thường trực Huyện ủy",
        "Chủ tịch, các Phó chủ tịch UBND huyện",
        "Các cơ quan, ban, ngành, đoàn thể huyện",
        "UBND các xã, thị trấn",
        "Đài Phát thanh huyện",
        "Cổng thông tin điện tử huyện",
        "Lưu: VT",  # Nghị định 30 lists it among the recipients: it stays
    ]
    assert plan["signer"] == {"authority": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Nguyễn Đình Tranh"}
    assert [r["unit"] for r in plan["responsibilities"]] == [
        "Các cơ quan, đơn vị và UBND các xã, thị trấn",
        "Phòng Nội vụ",
        "Văn phòng HĐND&UBND huyện",
        "Đài phát thanh huyện",
        "Ủy ban MTTQ và các tổ chức chính trị - xã hội huyện",
    ]
    assert plan["responsibilities"][4]["request"] is True  # "Đề nghị …"
    assert plan["tasks"] == []  # the appendix is only announced, not attached
    assert {"tthc", "chinh_phu_so"} <= set(plan["reform_areas"])
    assert {"par_index", "sipas"} <= set(plan["indices"])
    assert {"hoi_nghi", "tap_huan", "phat_thanh", "cong_ttdt", "niem_yet_tthc"} <= set(plan["channels"])


def test_seed_commune_report():
    report = _extract("02-commune-report-2024q1.txt")
    assert (report["doc_type"], report["number"], report["date"], report["year"]) == ("BC", "", None, 2024)
    assert report["issuer"] == "UBND xã Hương Long"
    assert report["title"] == "Công tác tuyên truyền cải cách hành chính Quý I năm 2024"
    assert _citations(report["legal_bases"]) == [("Kế hoạch", "15/KH-UBND", "2024-01-19", "UBND huyện Hương Khê")]
    assert _citations(report["references"]) == [
        ("Kế hoạch", "15/KH-UBND", "2024-01-19", "UBND huyện Hương Khê"),
        ("Kế hoạch", "09/KH-UBND", "2024-02-07", ""),
    ]
    assert report["recipients"] == ["Phòng Văn hóa - Thông tin huyện", "Phòng Nội vụ huyện"]
    assert report["signer"] == {"authority": "", "title": "", "name": ""}  # the copy has no signature block
    sections = report["sections"]
    assert sections["advantages"] and sections["difficulties"] and sections["next_tasks"]


@pytest.mark.parametrize("name", ["01-district-plan-2022.txt", "02-commune-report-2024q1.txt"])
def test_seeds_are_the_shared_documents(name):
    shared = Path(__file__).resolve().parents[4] / "shared" / "seeds"
    original = shared / name[3:]
    need(original.exists(), "the shared seeds beside this checkout", f"{shared} holds them in CI")
    assert (SEEDS / name).read_bytes() == original.read_bytes()


def test_citations_split_across_lines_of_plain_text_are_read_whole():
    text = (
        "KẾ HOẠCH\nTuyên truyền cải cách hành chính năm 2022\n"
        "Thực hiện Kế hoạch số 4347/KH-\nUBND ngày 25/11/\n2021 của UBND tỉnh Hải Dương về cải cách hành chính;\n"
        "Nghị quyết số\n76/NQ-CP ngày 15 tháng 7\nnăm 2021 của Chính phủ.\n"
    )
    result = extract(read_document("ke-hoach.txt", text.encode())).as_json()
    assert [(c["number"], c["date"]) for c in result["references"]] == [
        ("4347/KH-UBND", "2021-11-25"),
        ("76/NQ-CP", "2021-07-15"),
    ]


def test_seed_district_plan_forms_as_written():
    """Issue 18's reading of 18/KH-UBND: the appendix note is no form, "+" points stay in their item, and each form's
    channel is the one its words name first (conferences and training before the portal named later)."""
    from loa.intake.drafts import _form

    forms = _extract("01-district-plan-2022.txt")["sections"]["forms"]
    assert not any("phụ lục" in form.lower() for form in forms)
    assert len(forms) == 7 and not any(form.startswith("+") for form in forms)
    posting = next(form for form in forms if form.startswith("Tuyên truyền thông qua việc công khai"))
    assert posting.count("\n+ ") == 2 and "\n+ Niêm yết công khai, minh bạch" in posting
    channels = [_form(form)["channel"] for form in forms]
    assert channels[:2] == ["hoi_nghi", "hoi_nghi"]  # "qua các hội nghị, tập huấn, …"; "các cuộc họp thường kỳ"
    assert channels[2:6] == ["doan_the", "niem_yet_tthc", "phat_thanh", "cong_ttdt"]
