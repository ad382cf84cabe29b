"""Keying a task appendix: 40 and 300 rows (the import's limit) pasted from Word, read and checked for the preview
(what "Xem trước" does), and the 40 rows added to a draft (rolled back after each run). The floor is splitting the
pasted text into cells, which any reading must do."""

from django.db import transaction

from loa.intake.appendix import read_appendix, table_from_text
from loa.intake.services import appendix_add
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.plans.models import Plan
from loa.plans.services import plan_create

from .common import Timing, measure

_ROWS = [
    ("Xây dựng chuyên mục cải cách hành chính trên Báo Hà Tĩnh", "Sở Nội vụ", "Báo Hà Tĩnh", "Hằng tháng", "12 số"),
    (
        "Hội nghị đối thoại với người dân, doanh nghiệp",
        "Sở Nội vụ; Văn phòng UBND tỉnh",
        "Các cơ quan báo chí",
        "30/6/2026",
        "01 hội nghị",
    ),
    (
        "Tuyên truyền trên loa truyền thanh cơ sở",
        "UBND các xã, phường",
        "Sở Văn hóa, Thể thao và Du lịch",
        "Thường xuyên",
        "",
    ),
    ("Tập huấn nghiệp vụ cải cách hành chính", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2026", "02 lớp"),
]


def pasted(rows: int) -> str:
    lines = ["STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tSản phẩm"]
    for i in range(rows):
        title, lead, coordinating, deadline, product = _ROWS[i % len(_ROWS)]
        lines.append(f"{i + 1}\t{title} (đợt {i + 1})\t{lead}\t{coordinating}\t{deadline}\t{product}")
    return "\n".join(lines)


def _add(plan: Plan, text: str) -> None:
    with transaction.atomic():
        appendix_add(actor=SYSTEM, plan=plan, text=text, revision=None)
        transaction.set_rollback(True)


def _split(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.split("\n")]


def _preview(plan: Plan, text: str, rows: int, repeat: int) -> Timing:
    floor = measure(lambda: _split(text), repeat)[0]
    p50, p95 = measure(lambda: read_appendix(plan, table_from_text(text)), repeat)
    return Timing(f"xem trước phụ lục {rows} dòng dán từ Word", p50, p95, floor)


def run(*, repeat: int, **_: object) -> list[Timing]:
    province = OrgUnit.objects.get(code="42")
    with transaction.atomic():
        plan = plan_create(actor=SYSTEM, issuer=province, year=2026, title="Kế hoạch đo thời gian")
    results = []
    for rows in (40, 300):
        results.append(_preview(plan, pasted(rows), rows, repeat))
    text = pasted(40)
    floor = measure(lambda: _split(text), repeat)[0]
    p50, p95 = measure(lambda: _add(plan, text), repeat)
    results.append(Timing("thêm 40 nhiệm vụ vào dự thảo", p50, p95, floor))
    plan.delete()
    return results
