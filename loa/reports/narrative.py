"""The factual Vietnamese first draft of each narrative section, written from the report's figures.

A report is a Vietnamese administrative document whatever the interface language, so this text is
fixed Vietnamese (like the plan document), not translated interface strings. Lines starting with
"- " are list items in the document; other lines are paragraphs.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import translation

from loa.core.catalogs import Channel, vi_label
from loa.core.numbers import vn_number
from loa.core.periods import Period
from loa.core.text import join_names
from loa.org.models import OrgUnit
from loa.plans.defaults import issuer_display

from .catalog import SECTION_KEYS

# Section key → (mục, khoản title or "" when the section is the whole mục).
OUTLINE: dict[str, tuple[str, str]] = {
    "direction": ("KẾT QUẢ THỰC HIỆN", "Công tác ban hành văn bản, chỉ đạo, điều hành"),
    "channels": ("KẾT QUẢ THỰC HIỆN", "Kết quả thông tin, tuyên truyền theo từng hình thức"),
    "advantages": ("NHỮNG THUẬN LỢI, KHÓ KHĂN", "Thuận lợi"),
    "difficulties": ("NHỮNG THUẬN LỢI, KHÓ KHĂN", "Khó khăn, hạn chế"),
    "next_tasks": ("PHƯƠNG HƯỚNG, NHIỆM VỤ {next}", ""),
    "proposals": ("ĐỀ XUẤT, KIẾN NGHỊ", ""),
}
assert list(OUTLINE) == SECTION_KEYS

# How each channel's work is said in a report: the verb before its quantities.
PHRASES: dict[str, str] = {
    Channel.CONG_TTDT: "đăng tải",
    Channel.MANG_XA_HOI: "đăng",
    Channel.BANG_DIEN_TU: "thay đổi nội dung",
    Channel.TIN_NHAN: "gửi",
    Channel.PHAT_THANH: "phát",
    Channel.TRUYEN_HINH: "phát sóng",
    Channel.BAO_CHI: "đăng",
    Channel.TRUC_QUAN: "treo, dựng, thực hiện",
    Channel.TAI_LIEU: "in, phát hành",
    Channel.NIEM_YET_TTHC: "niêm yết, cập nhật công khai",
}


def period_text(period: Period) -> str:
    """The period as written inside a Vietnamese sentence: "quý I năm 2026", "6 tháng đầu năm 2026"."""
    with translation.override("vi"):
        label = str(period.label)
    return label[:1].lower() + label[1:]


def fmt_number(value: float | int | Decimal) -> str:
    """A report's figure the Vietnamese way (1.234 and 2,5), at most two decimals."""
    return vn_number(value, places=2)


def next_period_label(period: Period) -> str:
    kind = period.id[4:]
    if kind == "Q1":
        return f"9 tháng cuối năm {period.year}"
    if kind in {"Q2", "H1"}:
        return f"6 tháng cuối năm {period.year}"
    if kind in {"Q3", "M9"}:
        return f"quý IV năm {period.year}"
    if kind.startswith("-"):
        return "tháng tiếp theo"
    return f"năm {period.year + 1}"


def heading(key: str, period: Period) -> tuple[str, str]:
    section, clause = OUTLINE[key]
    return section.format(next=next_period_label(period).upper()), clause


def quantities(measures: dict[str, Any]) -> str:
    return ", ".join(f"{fmt_number(q)} {m}".strip() for m, q in measures.items() if q)


def channel_line(code: str, row: dict[str, Any]) -> str:
    label = vi_label(Channel, code)
    count, people = row.get("count", 0), row.get("participants", 0)
    if code == Channel.HOI_NGHI:
        text = f"tổ chức {fmt_number(count)} hội nghị, hội thảo, tọa đàm, đối thoại"
        text += f" với {fmt_number(people)} lượt người tham dự" if people else ""
    elif code == Channel.TAP_HUAN:
        text = f"mở {fmt_number(count)} lớp tập huấn, bồi dưỡng"
        text += f" với {fmt_number(people)} lượt học viên" if people else ""
    elif code == Channel.CUOC_THI:
        text = f"tổ chức {fmt_number(count)} hoạt động thi tìm hiểu ({quantities(row.get('measures', {}))})"
        text += f", {fmt_number(people)} lượt người tham gia" if people else ""
    elif code in PHRASES:
        text = f"{PHRASES[code]} {quantities(row.get('measures', {})) or fmt_number(count)}"
    else:
        text = f"{fmt_number(count)} hoạt động ({quantities(row.get('measures', {}))})"
    reach = row.get("reach", 0)
    if reach:
        text += f", tiếp cận khoảng {fmt_number(reach)} lượt người"
    return f"- {label}: {text}."


def generate(unit: OrgUnit, period: Period, figures: dict[str, Any], recipient: OrgUnit | None) -> dict[str, str]:
    """Section key → first-draft text."""
    who = issuer_display(unit)
    totals = figures["totals"]
    channels = figures["by_channel"]
    tasks = figures["tasks"]
    unfinished = [t for t in tasks if t["status"] != "done"]
    overdue = [t for t in tasks if t["status"] == "overdue"]
    return {
        "direction": "\n".join(
            filter(
                None,
                [
                    reporting_line(figures.get("reporting")),
                    superior_line(figures.get("superior_tasks")),
                    _direction(who, period, figures["documents"], tasks, figures.get("own_plan")),
                ],
            )
        ),
        # The citizens' voice closes the account of the period's communication: what they said, what was answered.
        "channels": "\n".join(
            filter(
                None,
                [
                    _channels(period, totals, channels),
                    feedback_line(figures.get("feedback")),
                    oversight_line(figures.get("oversight")),
                ],
            )
        ),
        "advantages": _advantages(totals, channels, tasks),
        "difficulties": _difficulties(totals, overdue, figures.get("reporting")),
        "next_tasks": _next_tasks(period, unfinished, channels),
        "proposals": _proposals(recipient, overdue, figures.get("reporting")),
    }


def _day(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


_KINDS = {"agencies": "sở, ban, ngành và các cơ quan, đơn vị", "communes": "UBND cấp xã"}


def reporting_line(reporting: dict[str, Any] | None) -> str:
    """What a consolidated report says first: how many of the units expected to report did, on time or late, how
    many were taken into the figures, and by kind of unit ("16/86 đơn vị …"); counts of zero are not written."""
    if not reporting or not reporting.get("expected"):
        return ""
    expected, sent = reporting["expected"], reporting["sent"]
    if not sent:
        return f"Chưa đơn vị nào trong số {expected} đơn vị thuộc diện báo cáo gửi báo cáo kỳ này."
    text = f"Có {sent}/{expected} đơn vị thuộc diện báo cáo đã gửi báo cáo"
    timing = [
        f"{reporting['on_time']} đúng hạn" if reporting["on_time"] else "",
        f"{reporting['late']} gửi muộn" if reporting["late"] else "",
    ]
    if any(timing):
        text += f" ({', '.join(filter(None, timing))})"
    if reporting.get("accepted"):
        text += f"; {reporting['accepted']} báo cáo đã được tiếp nhận và tổng hợp vào báo cáo này"
    if reporting.get("returned"):
        text += f"; {reporting['returned']} báo cáo bị trả lại để bổ sung"
    if reporting.get("missing"):
        text += f"; {reporting['missing']} đơn vị chưa gửi (danh sách tại phụ lục)"
    kinds = reporting.get("by_kind") or {}
    if len(kinds) > 1:
        text += ". Theo loại đơn vị: " + "; ".join(
            f"{_KINDS.get(kind, kind)} {row['sent']}/{row['expected']}" for kind, row in kinds.items()
        )
    return text + "."


def feedback_line(feedback: dict[str, Any] | None) -> str:
    """ "Tiếp nhận 12 phản ánh, kiến nghị của người dân, tổ chức về thủ tục hành chính, cải cách hành chính; đã trả
    lời 9 (8 đúng hạn, 1 quá hạn); 2 phản ánh, kiến nghị quá hạn chưa được trả lời." Zero counts are not written."""
    if not feedback or not feedback.get("received"):
        return ""
    text = (
        f"Tiếp nhận {feedback['received']} phản ánh, kiến nghị của người dân, tổ chức về thủ tục hành chính, "
        "cải cách hành chính"
    )
    answered, on_time, late = feedback["answered"], feedback["on_time"], feedback["late"]
    if answered:
        text += f"; đã trả lời {answered}"
        if on_time and late:
            text += f" ({on_time} đúng hạn, {late} quá hạn)"
        else:
            text += " (đều đúng hạn)" if on_time else " (đều quá hạn)"
    if feedback["overdue"]:
        text += f"; {feedback['overdue']} phản ánh, kiến nghị quá hạn chưa được trả lời"
    return text + "."


def oversight_line(recommendations: list[dict[str, Any]] | None) -> str:
    """ "Ủy ban MTTQ Việt Nam tỉnh … giám sát, kiến nghị 3 nội dung; các đơn vị đã trả lời 2 kiến nghị, còn 1 kiến
    nghị chưa được trả lời." """
    if not recommendations:
        return ""
    by = sorted({r["by"] for r in recommendations})
    answered = sum(1 for r in recommendations if r["answered"])
    waiting = len(recommendations) - answered
    text = f"{join_names(by)} giám sát, kiến nghị {len(recommendations)} nội dung"
    if answered:
        text += f"; các đơn vị đã trả lời {answered} kiến nghị"
        if waiting:
            text += f", còn {waiting} kiến nghị chưa được trả lời"
    else:
        text += "; chưa kiến nghị nào được trả lời"
    return text + "."


def superior_line(superior: dict[str, Any] | None) -> str:
    """ "Kế hoạch số 18/KH-UBND của Ủy ban nhân dân tỉnh … giao 18 nhiệm vụ cho 86 đơn vị (120 lượt nhiệm vụ – đơn vị):
    40 lượt đã hoàn thành, 12 lượt quá hạn (chi tiết tại phụ lục)." Zero counts are not written."""
    if not superior or not superior.get("tasks"):
        return ""
    tasks = superior["tasks"]
    pairs = sum(t["units"] for t in tasks)
    done = sum(t["done"] for t in tasks)
    overdue = sum(t["overdue"] for t in tasks)
    text = f"Kế hoạch số {superior['plan']} của {superior['issuer']} giao {len(tasks)} nhiệm vụ"
    if not pairs:
        return text + "."
    text += f" với {pairs} lượt nhiệm vụ – đơn vị thực hiện: "
    parts = [f"{done} lượt đã hoàn thành" if done else "chưa lượt nào hoàn thành"]
    if overdue:
        parts.append(f"{overdue} lượt quá hạn")
    return text + ", ".join(parts) + " (chi tiết tại phụ lục)."


def _direction(
    who: str,
    period: Period,
    documents: list[dict[str, Any]],
    tasks: list[dict[str, Any]],
    own_plan: dict[str, Any] | None = None,
) -> str:
    lines = []
    if documents:
        lines.append(
            f"Trong {period_text(period)}, {who} đã ban hành {len(documents)} văn bản "
            "chỉ đạo, triển khai công tác thông tin, tuyên truyền cải cách hành chính:"
        )
        lines += [f"- {d['type']} số {d['number']} ngày {_day(d['date'])} về {d['title']};" for d in documents]
    elif own_plan:  # issued before the period: the report names it
        title = inline_label(own_plan["title"])
        lines.append(
            f"Trong {period_text(period)}, {who} tiếp tục triển khai thực hiện Kế hoạch số {own_plan['number']} "
            f"ngày {_day(own_plan['date'])} về {title}."
        )
    else:
        lines.append(
            f"Trong {period_text(period)}, {who} tiếp tục chỉ đạo, triển khai thực hiện "
            "công tác thông tin, tuyên truyền cải cách hành chính theo kế hoạch đã ban hành."
        )
    if tasks:
        lines.append(_task_counts(period, tasks))
    return "\n".join(lines)


def _task_counts(period: Period, tasks: list[dict[str, Any]]) -> str:
    """ "Kế hoạch năm 2026 giao 8 nhiệm vụ; đến ngày 31/03/2026 đã hoàn thành 2, 6 nhiệm vụ đang thực hiện." A count
    of zero is not written ("0 nhiệm vụ quá hạn"); none done is said in words."""
    done = sum(1 for t in tasks if t["status"] == "done")
    overdue = sum(1 for t in tasks if t["status"] == "overdue")
    going = len(tasks) - done - overdue
    parts = [f"đã hoàn thành {done}/{len(tasks)} nhiệm vụ" if done else "chưa hoàn thành nhiệm vụ nào"]
    if going:
        parts.append(f"{going} nhiệm vụ đang hoặc chưa đến hạn thực hiện")
    if overdue:
        parts.append(f"{overdue} nhiệm vụ quá hạn")
    return (
        f"Kế hoạch năm {period.year} giao {len(tasks)} nhiệm vụ; đến ngày {period.end:%d/%m/%Y} "
        + ", ".join(parts)
        + "."
    )


# Words that keep their capital inside a sentence: proper names and brands ("Cổng/Trang thông tin điện tử" names
# the portal; Zalo, Facebook, YouTube and LED are written as their owners write them).
_KEEP_CASE = ("Cổng", "Zalo", "Facebook", "YouTube", "HĐND", "UBND")


def inline_label(label: str) -> str:
    """A catalog label as it sits inside a sentence: "mạng xã hội (Zalo, Facebook, YouTube…)", "bảng điện tử, màn
    hình LED", "Cổng/Trang thông tin điện tử"; only the first letter of an ordinary word is lowered."""
    if not label or label.startswith(_KEEP_CASE) or (len(label) > 1 and label[1].isupper()):
        return label
    return label[:1].lower() + label[1:]


def _channels(period: Period, totals: dict[str, Any], channels: dict[str, Any]) -> str:
    if not totals["count"]:
        return f"Trong {period_text(period)}, chưa ghi nhận hoạt động tuyên truyền nào."
    online, traditional = totals["online"], totals["traditional"]
    if online and traditional:
        split = f"{fmt_number(online)} hoạt động trực tuyến, {fmt_number(traditional)} hoạt động truyền thống"
    else:  # one kind only: said so, no "0 hoạt động truyền thống"
        split = "đều là hoạt động trực tuyến" if online else "đều là hoạt động truyền thống"
    forms = f"trên {len(channels)} hình thức" if len(channels) > 1 else "trên 1 hình thức"
    lead = (
        f"Trong {period_text(period)}, đã thực hiện {fmt_number(totals['count'])} hoạt động "
        f"thông tin, tuyên truyền cải cách hành chính {forms} ({split})"
    )
    if totals["reach"]:
        lead += f", tiếp cận khoảng {fmt_number(totals['reach'])} lượt người"
    if totals["evidence"]:
        lead += f"; {fmt_number(totals['evidence'])} tệp minh chứng kèm theo"
    lead += ". Cụ thể:"
    return "\n".join([lead, *(channel_line(code, row) for code, row in channels.items())])


def _advantages(totals: dict[str, Any], channels: dict[str, Any], tasks: list[dict[str, Any]]) -> str:
    if not totals["count"]:
        return (
            "Công tác tuyên truyền cải cách hành chính tiếp tục nhận được sự quan tâm, chỉ đạo của cấp ủy, chính quyền."
        )
    if len(channels) == 1:  # "trên 1 hình thức" says little: the form is named
        forms = f"hình thức {inline_label(vi_label(Channel, next(iter(channels))))}"
    else:
        forms = f"{len(channels)} hình thức"
    text = (
        "Công tác tuyên truyền cải cách hành chính nhận được sự quan tâm, chỉ đạo của cấp ủy, chính quyền; "
        f"được triển khai trên {forms}"
    )
    if totals["online"] and totals["traditional"]:
        text += ", kết hợp hình thức trực tuyến với hình thức truyền thống"
    text += "."
    done = [t for t in tasks if t["status"] == "done"]
    if done:
        text += f" Đã hoàn thành {len(done)}/{len(tasks)} nhiệm vụ của kế hoạch năm."
    return text


def _listed(items: list[str]) -> list[str]:
    """Bullet lines of a list inside a paragraph: each ends with ";", the last with "."."""
    return [f"- {item}{'.' if i == len(items) - 1 else ';'}" for i, item in enumerate(items)]


def _difficulties(
    totals: dict[str, Any], overdue: list[dict[str, Any]], reporting: dict[str, Any] | None = None
) -> str:
    lines = []
    if reporting and (reporting.get("missing") or reporting.get("late")):
        said = [
            f"{reporting['missing']} đơn vị chưa gửi báo cáo" if reporting.get("missing") else "",
            f"{reporting['late']} đơn vị gửi báo cáo muộn" if reporting.get("late") else "",
        ]
        lines.append(f"Việc chấp hành chế độ báo cáo chưa nghiêm: {', '.join(filter(None, said))}.")
    if overdue:
        lines.append(f"Còn {len(overdue)} nhiệm vụ quá thời hạn nhưng chưa hoàn thành:")
        lines += _listed([f"{t['title']} (đạt {t['percent']}%)" for t in overdue[:10]])
    if totals["count"] and not totals["online"]:
        lines.append(
            "Chưa triển khai tuyên truyền trên các hình thức trực tuyến (Cổng/Trang thông tin điện tử, mạng xã hội)."
        )
    if totals["count"] and not totals["traditional"]:
        lines.append("Chưa triển khai các hình thức tuyên truyền truyền thống (hội nghị, truyền thanh, trực quan).")
    if not totals["count"]:
        lines.append("Chưa ghi nhận hoạt động tuyên truyền nào trong kỳ.")
    return "\n".join(lines) or "Không có khó khăn, vướng mắc lớn phát sinh trong kỳ."


def _next_tasks(period: Period, unfinished: list[dict[str, Any]], channels: dict[str, Any]) -> str:
    lines = [f"Tiếp tục thực hiện các nhiệm vụ còn lại của kế hoạch năm {period.year}:"] if unfinished else []
    for t in unfinished[:10]:
        rest = ""
        if t["target"] is not None:
            remaining = max(float(t["target"]) - float(t["cumulative"]), 0)
            rest = f"còn {fmt_number(remaining)} {t['measure']}".strip()
        due = ""
        if t["deadline"]:  # a deadline already past is not a deadline ahead: said as what it is
            late = date.fromisoformat(t["deadline"]) < period.end
            due = f"{'đã quá hạn từ ngày' if late else 'thời hạn'} {_day(t['deadline'])}"
        detail = "; ".join(filter(None, [rest, due]))
        lines.append(f"- {t['title']}" + (f" ({detail})" if detail else "") + ";")
    if channels:
        names = "; ".join(inline_label(vi_label(Channel, c)) for c in list(channels)[:4])
        lines.append(f"- Duy trì thông tin, tuyên truyền thường xuyên trên các hình thức: {names}.")
    else:
        lines.append("- Triển khai các hình thức thông tin, tuyên truyền cải cách hành chính theo kế hoạch.")
    return "\n".join(lines)


def _proposals(
    recipient: OrgUnit | None, overdue: list[dict[str, Any]], reporting: dict[str, Any] | None = None
) -> str:
    if recipient is None:
        return "Không có."
    lines = []
    if reporting and reporting.get("missing"):
        lines.append(
            f"Đề nghị {issuer_display(recipient)} chỉ đạo {reporting['missing']} đơn vị chưa gửi báo cáo kỳ này "
            "thực hiện nghiêm chế độ báo cáo công tác thông tin, tuyên truyền cải cách hành chính."
        )
    if overdue:
        lines.append(
            f"Đề nghị {issuer_display(recipient)} tiếp tục hướng dẫn, hỗ trợ để hoàn thành các nhiệm vụ còn chậm "
            "tiến độ."
        )
    return "\n".join(lines) or "Không có."
