"""A plan as a Nghị định 30 document (DOCX, PDF) and its task appendix as a spreadsheet.

The plan's own text is Vietnamese legal text whatever the interface language, so the document is
built from fixed Vietnamese wording, not from translated interface strings.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.text import slugify

from loa.core.catalogs import Audience, Channel, Index, ReformArea, vi_label
from loa.core.citations import Citation, format_citation
from loa.core.dates import document_date
from loa.core.exports import Document, export_for
from loa.core.http import DOCX, PDF, XLSX
from loa.core.numbers import vn_number
from loa.core.text import fold
from loa.core.xlsx import write_table
from loa.documents.docx_writer import render_docx
from loa.documents.model import Appendix, Block, Nd30Document, Table
from loa.documents.pdf import docx_to_pdf

from . import defaults
from .assignment import coordinating_names, group_label, lead_names, name_units
from .catalog import Frequency, LeadGroup, PlanStatus
from .models import Plan, PlanTask

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
APPENDIX_HEADERS = [
    "STT",
    "Nhiệm vụ",
    "Hình thức",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời gian hoàn thành",
    "Sản phẩm",
    "Chỉ tiêu",
    "Ghi chú",
]
APPENDIX_WIDTHS = [12.0, 62.0, 30.0, 30.0, 30.0, 24.0, 32.0, 16.0, 16.0]


def citation_text(basis: dict[str, Any], like: str = "") -> str:
    """One basis as the document cites it; `like`: a date typed elsewhere in the document, whose form the dates
    Loa writes follow."""
    issued_on = date.fromisoformat(basis["issued_on"]) if basis.get("issued_on") else None
    citation = Citation(
        kind=basis.get("kind", "basis"),
        doc_type=basis.get("doc_type", ""),
        number=basis.get("number", ""),
        year=basis.get("year", ""),
        symbol=basis.get("symbol", ""),
        party=bool(basis.get("party")),
        issued_on=issued_on,
        issuer=basis.get("issuer", ""),
        summary=basis.get("summary", ""),
        raw="",
        warnings=(),
        date_text=basis.get("date_text") or "",
    )
    return format_citation(citation, like=like)


def typed_date_style(bases: list[dict[str, Any]]) -> str:
    """The first date the officer typed among the bases: the form the document's other dates follow."""
    return next((b["date_text"] for b in bases if b.get("date_text")), "")


def bases_lines(plan: Plan) -> list[str]:
    """One basis per line (Nghị định 30): "Căn cứ …;" / "Thực hiện …;", the last ending with "."."""
    lines = []
    like = typed_date_style(plan.bases)
    for basis in plan.bases:
        head = "Thực hiện" if basis.get("kind") == "implements" else "Căn cứ"
        lines.append(f"{head} {citation_text(basis, like)}")
    return [line.rstrip(";.") + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]


def lead_name(task: PlanTask, issuer: Any) -> str:
    """Who leads a task, as the plan writes it: "Sở Nội vụ; UBND các xã, phường; Sở Văn hóa, Thể thao và Du lịch"."""
    names = [task.lead_unit.name] if task.lead_unit is not None else []
    if task.lead_group:
        names.append(group_label(issuer, task.lead_group))
    return "; ".join([*names, *lead_names(task)])


def coordinating_text(task: PlanTask) -> str:
    """The coordinating units by name, then what the officer wrote about them."""
    return ", ".join(filter(None, [*coordinating_names(task), task.coordinating_note]))


def channels_text(task: PlanTask) -> str:
    return "; ".join(vi_label(Channel, c) for c in task.channels)


def audiences_text(task: PlanTask) -> str:
    return "; ".join(vi_label(Audience, a) for a in task.audiences)


def responsibility_label(resp: dict[str, Any], issuer: Any) -> str:
    """Whom a "Tổ chức thực hiện" item names: as written, a group left at its default label written with the kinds
    of commune the issuer really has ("UBND các xã, phường")."""
    who: str = resp.get("label") or resp.get("unit", "")
    if resp.get("group") and who == vi_label(LeadGroup, resp["group"]):
        return group_label(issuer, resp["group"])
    return who


def deadline_text(task: PlanTask) -> str:
    parts = []
    if task.frequency != Frequency.ONCE:
        parts.append(vi_label(Frequency, task.frequency))
    if task.deadline is not None:
        parts.append(f"{'trước ' if parts else ''}{task.deadline.day}/{task.deadline.month}/{task.deadline.year}")
    return ", ".join(parts) or "Trong năm"


def quantity_text(task: PlanTask) -> str:
    if task.quantity is None:
        return ""
    return f"{vn_number(task.quantity)} {task.measure}".strip()


def _body(plan: Plan, tasks: list[PlanTask]) -> list[Block]:
    body: list[Block] = [Block("section", "MỤC ĐÍCH, YÊU CẦU")]
    body.append(Block("clause", "", title="Mục đích"))
    body += [Block("bullet", _sentence(p)) for p in plan.purposes]
    body.append(Block("clause", "", title="Yêu cầu"))
    body += [Block("bullet", _sentence(r)) for r in plan.requirements]
    if plan.objectives:
        body.append(Block("clause", "", title="Chỉ tiêu cụ thể"))
        for o in plan.objectives:
            target = f": {o['target'].replace('.', ',')} {o.get('unit', '')}".rstrip() if o.get("target") else ""
            scope = f" ({o['scope']})" if o.get("scope") else ""
            body.append(Block("bullet", _sentence(f"{o['metric']}{target}{scope}")))
    body.append(Block("section", "ĐỐI TƯỢNG, NỘI DUNG, HÌNH THỨC TUYÊN TRUYỀN"))
    body.append(Block("clause", "", title="Đối tượng tuyên truyền"))
    audiences = [vi_label(Audience, a) for a in plan.audiences]
    body.append(
        Block("para", _sentence(", ".join(audiences)) if audiences else "Cán bộ, công chức, viên chức và người dân.")
    )
    body.append(Block("clause", "", title="Nội dung tuyên truyền"))
    by_area: dict[str, list[dict[str, Any]]] = {}
    for item in plan.contents:
        by_area.setdefault(item.get("reform_area") or "", []).append(item)
    for area in [*ReformArea.values, ""]:
        items = by_area.get(area)
        if not items:
            continue
        if area:
            body.append(Block("point", "", title=vi_label(ReformArea, area)))
        elif len(by_area) > 1:  # untagged contents get their own point, not the tail of the last one
            body.append(Block("point", "", title="Nội dung khác"))
        for item in items:
            indices = ", ".join(vi_label(Index, i) for i in item.get("indices", []))
            body.append(Block("bullet", _sentence(item["text"] + (f" ({indices})" if indices else ""))))
    body.append(Block("clause", "", title="Hình thức tuyên truyền"))
    for form in plan.forms:
        label = vi_label(Channel, form["channel"])
        body.append(Block("bullet", _sentence(f"{label}: {form['text']}" if form.get("text") else label)))
    if tasks:
        body.append(Block("note", "(Có phụ lục các nhiệm vụ, sản phẩm thực hiện kế hoạch kèm theo)"))
    body.append(Block("section", "TỔ CHỨC THỰC HIỆN"))
    for resp in plan.responsibilities:
        who = responsibility_label(resp, plan.issuer)
        body.append(Block("clause", "", title=f"Đề nghị {who}" if resp.get("request") else who))
        body += [Block("bullet", _sentence(d)) for d in resp.get("duties", [])]
    return body


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".;:!?" else text + "."


def _appendix(plan: Plan, tasks: list[PlanTask]) -> Appendix:
    rows: list[list[str]] = []
    groups: set[int] = set()
    by_area: dict[str, list[PlanTask]] = {}
    for task in tasks:
        by_area.setdefault(task.reform_area or "", []).append(task)
    number = 0
    group_index = 0
    for area in [*ReformArea.values, ""]:
        items = by_area.get(area)
        if not items:
            continue
        if len(by_area) > 1:
            groups.add(len(rows))
            title = vi_label(ReformArea, area) if area else "Nhiệm vụ khác"
            rows.append([f"{ROMAN[group_index]}. {title.upper()}", *[""] * (len(APPENDIX_HEADERS) - 1)])
            group_index += 1
        for task in items:
            number += 1
            coordinating = coordinating_text(task)
            rows.append(
                [
                    str(number),
                    task.title,
                    channels_text(task),
                    lead_name(task, plan.issuer),
                    coordinating,
                    deadline_text(task),
                    task.product,
                    quantity_text(task),
                    task.note,
                ]
            )
    return Appendix(
        label="Phụ lục",
        title="CÁC NHIỆM VỤ, SẢN PHẨM THỰC HIỆN KẾ HOẠCH",
        reference=f"(Kèm theo {_reference(plan)})",
        table=Table(headers=APPENDIX_HEADERS, widths_mm=APPENDIX_WIDTHS, rows=rows, group_rows=groups),
    )


def _reference(plan: Plan) -> str:
    """`Kế hoạch số 18/KH-UBND ngày 28 tháng 01 năm 2022 của Ủy ban nhân dân huyện Ninh Giang`; blanks on drafts."""
    issuer = defaults.issuer_display(plan.issuer)
    if plan.status == PlanStatus.DRAFT or plan.amending or plan.number is None or plan.issued_on is None:
        return f"Kế hoạch số      /{plan.symbol} ngày      tháng      năm {plan.year} của {issuer}"
    return f"Kế hoạch số {plan.number_symbol} {document_date(plan.issued_on)} của {issuer}"


def recipients_lines(plan: Plan) -> list[str]:
    entries = [r.rstrip(";.") for r in plan.recipients if r.strip()]
    if not entries or not entries[-1].startswith("Lưu"):
        entries.append("Lưu: VT")
    return [e + (";" if i < len(entries) - 1 else ".") for i, e in enumerate(entries)]


def summary_lines(title: str) -> list[str]:
    """Break a long summary where real plans do: before "trên địa bàn" (sample plan, domain.md §2)."""
    head, sep, tail = title.partition(" trên địa bàn ")
    return [head, f"trên địa bàn {tail}"] if sep and len(title) > 60 else [title]


def _tasks(plan: Plan, tasks: list[PlanTask] | None) -> list[PlanTask]:
    if tasks is None:
        tasks = list(plan.tasks.select_related("lead_unit").order_by("position", "pk"))
    if any(not hasattr(t, "co_lead_names") for t in tasks):
        name_units(tasks)
    return tasks


def plan_document(plan: Plan, tasks: list[PlanTask] | None = None) -> Nd30Document:
    tasks = _tasks(plan, tasks)
    parent_line, issuer_lines = defaults.header_lines(plan.issuer)
    draft = plan.status == PlanStatus.DRAFT or plan.amending
    if draft or plan.issued_on is None or plan.number is None:
        number = f"Số:       /{plan.symbol}"
        place_date = f"{plan.place}, ngày      tháng      năm {plan.year}"
    else:
        number = f"Số: {plan.number_symbol}"
        place_date = document_date(plan.issued_on, plan.place)
    closing = plan.closing.strip()
    if closing and not closing.endswith("./."):
        closing = closing.rstrip(".") + "./."
    return Nd30Document(
        parent_issuer=parent_line,
        issuer=issuer_lines,
        number=number,
        place_date=place_date,
        type_name="KẾ HOẠCH",
        summary=summary_lines(plan.title),
        bases=bases_lines(plan),
        body=([Block("para", plan.opening)] if plan.opening else []) + _body(plan, tasks),
        closing=closing,
        recipients=recipients_lines(plan),
        signature=defaults.signature_lines(
            sign_on_behalf=plan.sign_on_behalf,
            sign_mode=plan.sign_mode,
            sign_for_title=plan.sign_for_title,
            signer_title=plan.signer_title,
        ),
        signer_name=plan.signer_name,
        appendices=[_appendix(plan, tasks)] if tasks else [],
        draft=draft,
        core_title=f"Kế hoạch {plan.number_symbol}: {plan.title}",
    )


def plan_docx(plan: Plan, tasks: list[PlanTask] | None = None) -> bytes:
    return render_docx(plan_document(plan, tasks))


def plan_pdf(plan: Plan, tasks: list[PlanTask] | None = None) -> bytes:
    return docx_to_pdf(plan_docx(plan, tasks))


XLSX_HEADERS = [
    "STT",
    "Nhiệm vụ",
    "Lĩnh vực CCHC",
    "Hình thức",
    "Đối tượng",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Tần suất",
    "Sản phẩm",
    "Chỉ tiêu số lượng",
    "Đơn vị tính",
    "Ghi chú",
]


def plan_xlsx(plan: Plan, tasks: list[PlanTask] | None = None) -> bytes:
    """The task appendix as a spreadsheet with Vietnamese headers (numbers and dates as real cells)."""
    tasks = _tasks(plan, tasks)
    rows = [
        [
            i,
            t.title,
            vi_label(ReformArea, t.reform_area),
            channels_text(t),
            audiences_text(t),
            lead_name(t, plan.issuer),
            coordinating_text(t),
            t.deadline,
            vi_label(Frequency, t.frequency),
            t.product,
            float(t.quantity) if t.quantity is not None else None,
            t.measure,
            t.note,
        ]
        for i, t in enumerate(tasks, start=1)
    ]
    notes = [f"{_reference(plan)}", f"Trích yếu: {plan.title}", f"Số nhiệm vụ: {len(tasks)}"]
    return write_table("Phụ lục nhiệm vụ", XLSX_HEADERS, rows, notes=notes)


@dataclass(frozen=True)
class Export:
    writer: Callable[[Plan, list[PlanTask] | None], bytes]
    content_type: str
    suffix: str


EXPORTS: dict[str, Export] = {
    "docx": Export(plan_docx, DOCX, ".docx"),
    "pdf": Export(plan_pdf, PDF, ".pdf"),
    "xlsx": Export(plan_xlsx, XLSX, "-phu-luc.xlsx"),
}


def plan_file(plan: Plan, tasks: list[PlanTask] | None, fmt: str) -> Document:
    """The plan as a file of format `fmt` (a 404 for a format there is not): the page, the API and `loa plan
    export` all call this."""
    export = export_for(EXPORTS, fmt)
    return Document(export.writer(plan, tasks), export_filename(plan, fmt), export.content_type)


def export_filename(plan: Plan, fmt: str) -> str:
    """`ke-hoach-18-kh-ubnd-2026.docx`: ASCII, so every browser keeps it."""
    return slugify(f"ke-hoach-{plan.number or 'du-thao'}-{fold(plan.symbol)}-{plan.year}") + EXPORTS[fmt].suffix
