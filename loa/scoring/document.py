"""A province's ranking as documents: the Sở Nội vụ's report on the scores (Nghị định 30 layout, the ranking table
as its appendix, unnumbered until the clerical office gives it a number) and the same table as XLSX."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from loa.core.numbers import vn_number
from loa.core.xlsx import write_sheets
from loa.documents.docx_writer import render_docx
from loa.documents.model import Appendix, Block, Nd30Document, Table
from loa.org.models import OrgUnit
from loa.plans import defaults
from loa.reports.regimes import coordinator_of

from .selectors import RankRow

# Who was scored, as the report's subject says it ("… năm 2026 của các sở, ban, ngành").
SCORED_WORDS = {"ubnd_xa": " của các xã, phường", "so_nganh": " của các sở, ban, ngành"}
HEADERS = ["Hạng", "Đơn vị", "Điểm Loa tính", "Điểm tự chấm", "Điểm thẩm định", "Điểm xếp hạng", "Tỷ lệ (%)"]
WIDTHS = [16.0, 90.0, 28.0, 28.0, 30.0, 30.0, 25.0]


def table_rows(rows: list[RankRow]) -> list[list[Any]]:
    return [
        [
            r.rank,
            r.score.unit.name,
            r.score.computed,
            r.score.self_total,
            r.score.appraised_total,
            r.score.final,
            r.score.percent,
        ]
        for r in rows
    ]


def ranking_xlsx(province: OrgUnit, year: int, rows: list[RankRow]) -> bytes:
    rule_set = rows[0].score.rule_set if rows else None
    scored = SCORED_WORDS.get(rule_set.unit_type, "") if rule_set else ""
    notes = [
        f"Kết quả chấm điểm tiêu chí thông tin, tuyên truyền cải cách hành chính năm {year}{scored}, {province.name}.",
        f"Bộ tiêu chí: {rule_set.name}; {rule_set.basis}." if rule_set else "",
        "Điểm xếp hạng: điểm thẩm định nếu đã thẩm định, nếu chưa thì điểm tự chấm, nếu chưa thì điểm Loa tính; "
        "tiêu chí không áp dụng với đơn vị thì điểm được quy đổi theo tổng điểm các tiêu chí áp dụng.",
        f"Xuất lúc {timezone.localtime():%H:%M %d/%m/%Y}.",
    ]
    return write_sheets([(f"Xếp hạng {year}", HEADERS, table_rows(rows))], notes=[n for n in notes if n])


def summary_line(count: int, appraised: int, mean: Decimal, full: int) -> str:
    """ "Tổng số 69 đơn vị được chấm điểm, trong đó 12 đơn vị đã được thẩm định; điểm bình quân 1,25 điểm; 3 đơn vị
    đạt điểm tối đa." A part that would say zero is said in words or left out."""
    if not count:
        return "Chưa có đơn vị nào được chấm điểm."
    text = f"Tổng số {count} đơn vị được chấm điểm, "
    text += f"trong đó {appraised} đơn vị đã được thẩm định" if appraised else "chưa đơn vị nào được thẩm định"
    text += f"; điểm bình quân {vn_number(mean.quantize(Decimal('0.01')))} điểm"
    return text + (f"; {full} đơn vị đạt điểm tối đa." if full else ".")


def _named(rows: list[Any]) -> str:
    return ", ".join(f"{r.score.unit.name} ({vn_number(r.score.final)} điểm)" for r in rows)


def standing_lines(rows: list[Any]) -> list[str]:
    """The leaders and the last of a ranking (rows best first), as the report writes them: units tied on a score are
    named together or counted ("9 đơn vị cùng đạt 2 điểm"), never a few picked out of a tie; units with no point are
    counted, not called the lowest; with six units or fewer the last would repeat the first and are left out."""
    if not rows:
        return []
    top = rows[0].score.final
    if top <= 0:
        return [f"Chưa đơn vị nào có điểm ({len(rows)} đơn vị cùng 0 điểm)."]
    cut = rows[min(3, len(rows)) - 1].score.final  # the first three, and everyone tied with the third
    leaders = [r for r in rows if r.score.final >= cut and r.score.final > 0]
    best = [r for r in rows if r.score.final == top]
    if len(leaders) <= 6:
        lines = [f"Các đơn vị dẫn đầu: {_named(leaders)}."]
    elif len(best) <= 6:
        lines = [f"Các đơn vị dẫn đầu: {_named(best)}."]
        leaders = best
    else:
        lines = [f"{len(best)} đơn vị cùng đạt điểm cao nhất ({vn_number(top)} điểm)."]
        leaders = best
    if len(rows) <= 6:
        return lines
    scored = [r for r in rows if r.score.final > 0 and r not in leaders]
    if scored:
        lowest = scored[-1].score.final
        last = [r for r in scored if r.score.final == lowest]
        if len(last) <= 3:
            lines.append(f"Đơn vị có điểm thấp nhất trong các đơn vị có điểm: {_named(last)}.")
        else:
            lines.append(
                f"{len(last)} đơn vị cùng có điểm thấp nhất trong các đơn vị có điểm ({vn_number(lowest)} điểm)."
            )
    zero = sum(1 for r in rows if r.score.final <= 0)
    if zero:
        lines.append(f"{zero} đơn vị chưa có điểm (0 điểm).")
    return lines


def ranking_document(province: OrgUnit, year: int, rows: list[RankRow]) -> Nd30Document:
    issuer = coordinator_of(province) or province
    parent_line, issuer_lines = defaults.header_lines(issuer)
    maximum = rows[0].score.maximum if rows else Decimal(0)
    appraised = sum(1 for r in rows if r.score.appraised_total is not None)
    full = sum(1 for r in rows if maximum and r.score.final == maximum)
    mean = sum((r.score.final for r in rows), Decimal(0)) / len(rows) if rows else Decimal(0)
    rule_set = rows[0].score.rule_set if rows else None
    scored = SCORED_WORDS.get(rule_set.unit_type, "") if rule_set else ""
    subject = f"kết quả chấm điểm tiêu chí thông tin, tuyên truyền cải cách hành chính năm {year}{scored}"
    body = [
        Block("section", "KẾT QUẢ CHẤM ĐIỂM"),
        Block(
            "para",
            f"Thực hiện chấm điểm theo bộ tiêu chí «{rule_set.name}»"
            + (f" ({rule_set.basis[:1].lower()}{rule_set.basis[1:]})" if rule_set.basis else "")
            + f", tối đa {vn_number(maximum)} điểm."
            if rule_set
            else "Chưa có bộ tiêu chí cho năm này.",
        ),
        Block("para", summary_line(len(rows), appraised, mean, full)),
    ]
    body += [Block("para", line) for line in standing_lines(rows)]
    body.append(Block("para", "Chi tiết kết quả của từng đơn vị tại Phụ lục kèm theo."))
    table = Table(
        headers=HEADERS,
        widths_mm=WIDTHS,
        rows=[
            [
                str(r.rank),
                r.score.unit.name,
                vn_number(r.score.computed),
                vn_number(r.score.self_total),
                vn_number(r.score.appraised_total),
                vn_number(r.score.final),
                vn_number(r.score.percent),
            ]
            for r in rows
        ],
        figure_columns={2, 3, 4, 5, 6},
    )
    place = defaults.place_for(issuer)
    return Nd30Document(
        parent_issuer=parent_line,
        issuer=issuer_lines,
        number=f"Số:        /{defaults.symbol_for(issuer, 'BC')}",
        place_date=f"{place}, ngày      tháng      năm {timezone.localdate().year}",
        type_name="BÁO CÁO",
        summary=[subject[:1].upper() + subject[1:]],
        bases=[],
        body=body,
        closing="",
        recipients=["Như trên;", "Lưu: VT."],
        signature=defaults.signature_lines(**defaults.signature_for(issuer)),
        signer_name="",
        kinh_gui=[defaults.issuer_display(province)],
        appendices=[
            Appendix(
                label="Phụ lục",
                title=f"BẢNG XẾP HẠNG KẾT QUẢ CHẤM ĐIỂM NĂM {year}",
                reference="(Kèm theo Báo cáo của " + defaults.issuer_display(issuer) + ")",
                table=table,
                landscape=True,
            )
        ],
        draft=True,
        core_title=f"Kết quả chấm điểm năm {year}: {province.name}",
    )


def ranking_docx(province: OrgUnit, year: int, rows: list[RankRow]) -> bytes:
    return render_docx(ranking_document(province, year, rows))
