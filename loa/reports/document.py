"""A unit's periodic report as a Nghị định 30 document (DOCX, PDF) (domain.md §3 and §8); its data tables as a
spreadsheet are in `workbook`, the files offered for download in `exports`.

A report is a Vietnamese administrative document whatever the interface language, so, like the plan document, it is
built from fixed Vietnamese wording. The narrative comes from `ReportState.sections` (edited or generated text:
"- " lines are bullets, "+ " lines sub-bullets, other lines paragraphs); the appendices come from its figures.
"""

import re
from datetime import date
from typing import Any

from django.utils import timezone, translation

from loa.activity.progress import ProgressStatus, measure_note
from loa.core.catalogs import Channel, ReformArea, vi_label
from loa.core.dates import document_date
from loa.documents.docx_writer import render_docx
from loa.documents.model import Appendix, Block, BlockKind, Nd30Document, Table
from loa.documents.numbering import roman
from loa.documents.pdf import docx_to_pdf
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.plans import defaults
from loa.plans.models import Plan

from .catalog import EDITABLE, SECTION_KEYS, ReportStatus
from .consolidation import ANNEX_FIGURES, annex_totals
from .narrative import fmt_number, heading, period_text, quantities
from .selectors import ReportState, guiding_plan

SUBJECT = "công tác thông tin, tuyên truyền cải cách hành chính"
EMPTY_ROW = "Không có số liệu trong kỳ."
TOTAL = "Tổng cộng"
DETAIL_NOTE = "(Số liệu chi tiết tại các phụ lục kèm theo)"
BLANK_NUMBER = "      "  # the Văn thư writes the number and date on the signed paper copy

CHANNEL_HEADERS = ["STT", "Hình thức", "Số hoạt động", "Số lượng", "Số người tham dự", "Lượt người được tiếp cận"]
CHANNEL_WIDTHS = [12.0, 50.0, 20.0, 36.0, 21.0, 26.0]  # portrait, 165 mm
AREA_HEADERS = ["STT", "Lĩnh vực", "Số hoạt động", "Lượt người được tiếp cận"]
AREA_WIDTHS = [12.0, 101.0, 24.0, 28.0]  # portrait, 165 mm
TASK_HEADERS = ["STT", "Nhiệm vụ", "Kế hoạch", "Chỉ tiêu", "Trong kỳ", "Lũy kế", "Tỷ lệ (%)", "Tình trạng"]
TASK_WIDTHS = [12.0, 92.0, 28.0, 27.0, 24.0, 24.0, 16.0, 34.0]  # landscape, 257 mm
ANNEX_HEADERS = [
    "STT",
    "Đơn vị",
    "Tình trạng báo cáo",
    "Số hoạt động",
    "Trực tuyến",
    "Truyền thống",
    "Lượt người được tiếp cận",
    "Minh chứng",
]
ANNEX_WIDTHS = [12.0, 80.0, 37.0, 24.0, 24.0, 24.0, 32.0, 24.0]  # landscape, 257 mm

_LIST_ITEM = re.compile(r"^([-+•–])\s+(.*)$")


# --- text pieces -----------------------------------------------------------------------------------------------------


def addressee(recipient: OrgUnit) -> str:
    """ "Kính gửi" of a report: the recipient as documents name it; the ministry through the department that
    receives the provinces' CCHC reports."""
    if recipient.unit_type == UnitType.BO_NOI_VU:
        return f"{defaults.issuer_display(recipient)} (Vụ Cải cách hành chính)"
    return defaults.issuer_display(recipient)


def _year_now() -> int:
    return timezone.localdate().year


def symbol(state: ReportState) -> str:
    return defaults.symbol_for(state.unit, "BC")


def _numbered(state: ReportState) -> tuple[int, date] | None:
    """The number and signing day, when the report has both; drafts without them are never numbered."""
    report = state.report
    if report is None or report.number is None or report.issued_on is None:
        return None
    return report.number, report.issued_on


def number_symbol(state: ReportState) -> str:
    """`05/BC-UBND`, or `      /BC-UBND` while the report has no number."""
    numbered = _numbered(state)
    return f"{numbered[0]:02d}/{symbol(state)}" if numbered else f"{BLANK_NUMBER}/{symbol(state)}"


def _place_date(state: ReportState) -> str:
    place = defaults.place_for(state.unit)
    issued_on = state.report.issued_on if state.report is not None else None
    if issued_on is not None:
        return document_date(issued_on, place)
    return f"{place}, ngày      tháng      năm {_year_now()}"


def report_reference(state: ReportState) -> str:
    """`Báo cáo số 05/BC-UBND ngày 05 tháng 01 năm 2026 của Ủy ban nhân dân xã …`; blanks while unnumbered."""
    issuer = defaults.issuer_display(state.unit)
    numbered = _numbered(state)
    if numbered is None:
        return f"Báo cáo số {BLANK_NUMBER}/{symbol(state)} ngày      tháng      năm {_year_now()} của {issuer}"
    return f"Báo cáo số {number_symbol(state)} {document_date(numbered[1])} của {issuer}"


def opening(state: ReportState, plan: Plan | None = None) -> str:
    who = defaults.issuer_display(state.unit)
    if plan is not None:
        assert plan.issued_on is not None
        basis = (
            f"Thực hiện Kế hoạch số {plan.number_symbol} {document_date(plan.issued_on)} của "
            f"{defaults.issuer_display(plan.issuer)} về {plan.title.strip().rstrip('.')}"
        )
    else:
        basis = "Thực hiện nhiệm vụ được giao"
    return f"{basis}, {who} báo cáo kết quả {SUBJECT} {period_text(state.period)} như sau:"


def closing(state: ReportState) -> str:
    return (
        f"Trên đây là báo cáo kết quả {SUBJECT} {period_text(state.period)} "
        f"của {defaults.issuer_display(state.unit)}./."
    )


def text_blocks(text: str) -> list[Block]:
    """One block per non-empty line: "- x" a bullet, "+ x" a sub-bullet, anything else a paragraph."""
    blocks = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        found = _LIST_ITEM.match(line)
        if found:
            kind: BlockKind = "subbullet" if found.group(1) == "+" else "bullet"
            blocks.append(Block(kind, found.group(2).strip()))
        else:
            blocks.append(Block("para", line))
    return blocks


def body_blocks(state: ReportState, plan: Plan | None = None) -> list[Block]:
    """The opening, then mục I–IV: consecutive sections sharing a mục title go under it as numbered khoản."""
    body = [Block("para", opening(state, plan))]
    current = None
    for key in SECTION_KEYS:
        section, clause = heading(key, state.period)
        if section != current:
            body.append(Block("section", section))
            current = section
        lines = text_blocks(state.sections.get(key, ""))
        if clause:
            body.append(Block("clause", "", title=clause))
        body += lines or [Block("para", "Không có.")]
        if key == "channels":
            body.append(Block("note", DETAIL_NOTE))
    return body


def recipients_lines(state: ReportState) -> list[str]:
    return ["Như trên;", "Lưu: VT."] if state.terms.recipient is not None else ["Lưu: VT."]


# --- appendices ------------------------------------------------------------------------------------------------------


def _n(value: Any) -> str:
    return fmt_number(value or 0)


def _empty_table(headers: list[str], widths: list[float]) -> Table:
    return Table(headers=headers, widths_mm=widths, rows=[[EMPTY_ROW, *[""] * (len(headers) - 1)]], group_rows={0})


def channel_table(figures: dict[str, Any]) -> Table:
    channels = figures.get("by_channel", {})
    if not channels:
        return _empty_table(CHANNEL_HEADERS, CHANNEL_WIDTHS)
    rows = [
        [
            str(i),
            vi_label(Channel, code),
            _n(row.get("count")),
            quantities(row.get("measures", {})),
            _n(row.get("participants")),
            _n(row.get("reach")),
        ]
        for i, (code, row) in enumerate(channels.items(), start=1)
    ]
    totals = figures["totals"]
    rows.append(["", TOTAL, _n(totals["count"]), "", _n(totals["participants"]), _n(totals["reach"])])
    return Table(
        headers=CHANNEL_HEADERS,
        widths_mm=CHANNEL_WIDTHS,
        rows=rows,
        bold_rows={len(rows) - 1},
        figure_columns={2, 4, 5},
    )


def area_table(figures: dict[str, Any]) -> Table:
    """No total row: one activity may serve several reform areas, so the rows do not add up."""
    areas = figures.get("by_area", {})
    if not areas:
        return _empty_table(AREA_HEADERS, AREA_WIDTHS)
    rows = [
        [str(i), vi_label(ReformArea, code), _n(row.get("count")), _n(row.get("reach"))]
        for i, (code, row) in enumerate(areas.items(), start=1)
    ]
    return Table(headers=AREA_HEADERS, widths_mm=AREA_WIDTHS, rows=rows, figure_columns={2, 3})


def _amount(value: Any, measure: str) -> str:
    return "" if value is None else f"{fmt_number(value)} {measure or ''}".strip()


def _task_title(task: dict[str, Any]) -> str:
    """The task, with the activities in another unit of measure named (their quantities are not in the sums)."""
    if not task.get("other_measures"):
        return str(task["title"])
    with translation.override("vi"):
        return f"{task['title']} ({measure_note(task['other_measures'])})"


def task_table(tasks: list[dict[str, Any]]) -> Table:
    rows = [
        [
            str(i),
            _task_title(task),
            task.get("plan", ""),
            _amount(task.get("target"), task.get("measure", "")),
            _amount(task.get("achieved", 0), task.get("measure", "")),
            _amount(task.get("cumulative", 0), task.get("measure", "")),
            str(task.get("percent", 0)),
            vi_label(ProgressStatus, task.get("status", "")),
        ]
        for i, task in enumerate(tasks, start=1)
    ]
    return Table(headers=TASK_HEADERS, widths_mm=TASK_WIDTHS, rows=rows, figure_columns={3, 4, 5, 6})


def annex_status(row: dict[str, Any]) -> str:
    """`Đã tiếp nhận`, `Đã gửi (muộn)`, `Chưa gửi` …: the reporter's report as the recipient sees it."""
    if row.get("own"):
        return "Số liệu của đơn vị tổng hợp"
    text = vi_label(ReportStatus, row["status"]) if row.get("status") else "Chưa gửi"
    return f"{text} (muộn)" if row.get("late") else text


def annex_table(annex: list[dict[str, Any]]) -> Table:
    """Reporters' figures count only once their report is accepted: the others show the state and no figures."""
    rows = []
    totals = annex_totals(annex)
    for i, row in enumerate(annex, start=1):
        counted = row.get("counted", False)
        figures = [_n(row.get(key)) if counted else "" for key in ANNEX_FIGURES]
        rows.append([str(i), row["name"], annex_status(row), *figures])
    rows.append(["", TOTAL, "", *(_n(totals[key]) for key in ANNEX_FIGURES)])
    return Table(
        headers=ANNEX_HEADERS,
        widths_mm=ANNEX_WIDTHS,
        rows=rows,
        bold_rows={len(rows) - 1},
        figure_columns={3, 4, 5, 6, 7},
    )


SUPERIOR_HEADERS = ["STT", "Nhiệm vụ", "Số đơn vị thực hiện", "Đã hoàn thành", "Quá hạn", "Kết quả", "Tỷ lệ (%)"]
SUPERIOR_WIDTHS = [12.0, 105.0, 26.0, 26.0, 22.0, 44.0, 22.0]  # landscape, 257 mm


def superior_table(tasks: list[dict[str, Any]]) -> Table:
    """Each task of the superior plan across the units carrying it: units done and late, achieved of the targets."""
    rows = []
    for i, task in enumerate(tasks, start=1):
        result = _amount(task.get("achieved", 0), task.get("measure", ""))
        if task.get("target") is not None:
            result = f"{result} / {_amount(task['target'], task.get('measure', ''))}"
        units = task.get("units", 0)
        rows.append(
            [
                str(i),
                str(task["title"]),
                str(units),
                f"{task.get('done', 0)}/{units}" if units else "",
                str(task.get("overdue", 0)) if task.get("overdue") else "",
                result,
                str(task.get("percent", 0)),
            ]
        )
    return Table(headers=SUPERIOR_HEADERS, widths_mm=SUPERIOR_WIDTHS, rows=rows, figure_columns={2, 3, 4, 6})


def missing_table(missing: list[dict[str, Any]]) -> Table:
    """The units that sent nothing, with whom to call."""
    rows = [[str(i), m["name"], m.get("contacts") or ""] for i, m in enumerate(missing, start=1)]
    return Table(headers=["STT", "Đơn vị", "Đầu mối liên hệ"], widths_mm=[12, 70, 90], rows=rows)


def appendices(state: ReportState) -> list[Appendix]:
    reference = f"(Kèm theo {report_reference(state)})"
    parts: list[tuple[str, Table, bool]] = [
        ("KẾT QUẢ THÔNG TIN, TUYÊN TRUYỀN THEO HÌNH THỨC", channel_table(state.figures), False),
        ("KẾT QUẢ THEO LĨNH VỰC CẢI CÁCH HÀNH CHÍNH", area_table(state.figures), False),
    ]
    if state.figures.get("tasks"):
        parts.append(("TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ KẾ HOẠCH", task_table(state.figures["tasks"]), True))
    superior = state.figures.get("superior_tasks") or {}
    if superior.get("tasks"):
        title = f"TIẾN ĐỘ CÁC NHIỆM VỤ CỦA KẾ HOẠCH SỐ {superior['plan']}"
        parts.append((title, superior_table(superior["tasks"]), True))
    if state.annex:
        parts.append(("KẾT QUẢ CỦA CÁC ĐƠN VỊ BÁO CÁO", annex_table(state.annex), True))
    missing = (state.figures.get("reporting") or {}).get("missing_units") or []
    if missing:
        parts.append(("CÁC ĐƠN VỊ CHƯA GỬI BÁO CÁO", missing_table(missing), False))
    return [
        Appendix(label=f"Phụ lục {roman(i)}", title=title, reference=reference, table=table, landscape=landscape)
        for i, (title, table, landscape) in enumerate(parts, start=1)
    ]


# --- the document ----------------------------------------------------------------------------------------------------


def report_document(state: ReportState) -> Nd30Document:
    unit = state.unit
    parent_line, issuer_lines = defaults.header_lines(unit)
    recipient = state.terms.recipient
    report = state.report
    summary = f"Kết quả {SUBJECT}"
    return Nd30Document(
        parent_issuer=parent_line,
        issuer=issuer_lines,
        number=f"Số: {number_symbol(state)}",
        place_date=_place_date(state),
        type_name="BÁO CÁO",
        summary=[summary[:1].upper() + summary[1:], period_text(state.period)],
        bases=[],
        body=body_blocks(state, guiding_plan(state)),
        closing=closing(state),
        recipients=recipients_lines(state),
        signature=defaults.signature_lines(**defaults.signature_for(unit)),
        signer_name=report.signer_name if report is not None else "",
        kinh_gui=[addressee(recipient)] if recipient is not None else [],
        appendices=appendices(state),
        draft=report is None or report.status in EDITABLE,
        core_title=f"Báo cáo {period_text(state.period)}: {unit.name}",
    )


def report_docx(state: ReportState) -> bytes:
    return render_docx(report_document(state))


def report_pdf(state: ReportState) -> bytes:
    return docx_to_pdf(report_docx(state))
