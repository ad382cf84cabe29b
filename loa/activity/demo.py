"""Demo activities: a year of the demo province's communication work, linked to its plan tasks,
some with evidence files generated here (a PDF, a PNG photo, a DOCX minutes)."""

import io
import random
import struct
import zlib
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from docx import Document

from loa.core.catalogs import ONLINE_CHANNELS, Audience, Channel, ReformArea
from loa.core.text import fold
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM
from loa.org.tree import subtree_q
from loa.plans.models import PlanTask

from .evidence import evidence_add
from .measures import WITH_PARTICIPANTS, default_measure
from .models import Activity, ActivityStatus, to_bits
from .progress import tasks_for_unit
from .services import activities_bulk_create, bulk_link_tasks

# Units that record activities, by code suffix under the province, and how busy each is per year.
PROVINCE_UNITS = {"CTTDT": 90, "DPTTH": 70, "BAO": 50, "SNV": 40, "STP": 25, "TTPVHCC": 30, "SVHTTDL": 20}
COMMUNE_ACTIVITIES = 110  # per demo commune
DEMO_COMMUNES = 24
EVIDENCE_FILES = 45

# Channel → (weight in a commune's work, title patterns, quantity range).
CHANNEL_WORK: dict[str, tuple[int, list[str], tuple[int, int]]] = {
    Channel.PHAT_THANH: (
        22,
        [
            "Phát thanh tin về {topic} trên hệ thống truyền thanh cơ sở",
            "Chuyên mục CCHC trên loa truyền thanh: {topic}",
        ],
        (2, 8),
    ),
    Channel.CONG_TTDT: (
        18,
        ["Tin: {topic} trên trang thông tin điện tử", "Bài viết hướng dẫn {topic}"],
        (1, 3),
    ),
    Channel.MANG_XA_HOI: (
        18,
        ["Tuyên truyền trên Zalo về {topic}", "Bài đăng Facebook: {topic}", "Video ngắn trên Zalo OA: {topic}"],
        (1, 4),
    ),
    Channel.NIEM_YET_TTHC: (8, ["Niêm yết công khai thủ tục hành chính: {topic}"], (5, 40)),
    Channel.HOI_NGHI: (6, ["Hội nghị đối thoại với người dân về {topic}", "Tọa đàm {topic}"], (1, 1)),
    Channel.TAP_HUAN: (4, ["Tập huấn cán bộ, công chức về {topic}"], (1, 1)),
    Channel.TRUC_QUAN: (
        7,
        ["Treo băng rôn, pano tuyên truyền {topic}", "Xe tuyên truyền lưu động về {topic}"],
        (2, 10),
    ),
    Channel.TAI_LIEU: (5, ["Phát tờ rơi hướng dẫn {topic}"], (100, 800)),
    Channel.DOAN_THE: (7, ["Lồng ghép tuyên truyền {topic} trong họp thôn, tổ dân phố"], (1, 3)),
    Channel.BANG_DIEN_TU: (3, ["Thay đổi nội dung bảng LED: {topic}"], (1, 2)),
    Channel.CUOC_THI: (1, ["Cuộc thi tìm hiểu về {topic}"], (1, 1)),
    Channel.TRUYEN_HINH: (1, ["Phóng sự truyền hình: {topic}"], (1, 1)),
    Channel.BAO_CHI: (1, ["Bài báo về {topic}"], (1, 2)),
}
PROVINCE_CHANNELS: dict[str, list[str]] = {
    "CTTDT": [Channel.CONG_TTDT, Channel.MANG_XA_HOI],
    "DPTTH": [Channel.TRUYEN_HINH, Channel.PHAT_THANH],
    "BAO": [Channel.BAO_CHI],
    "SNV": [Channel.HOI_NGHI, Channel.TAP_HUAN, Channel.CUOC_THI, Channel.CONG_TTDT],
    "STP": [Channel.HOI_NGHI, Channel.TAI_LIEU],
    "TTPVHCC": [Channel.NIEM_YET_TTHC, Channel.BANG_DIEN_TU],
    "SVHTTDL": [Channel.TRUC_QUAN, Channel.SAN_KHAU_HOA],
}
TOPICS: list[tuple[str, str]] = [
    ("nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia", "tthc"),
    ("thanh toán trực tuyến phí, lệ phí", "chinh_phu_so"),
    ("sử dụng tài khoản định danh điện tử VNeID", "chinh_phu_so"),
    ("cắt giảm, đơn giản hóa thủ tục hành chính", "tthc"),
    ("chính quyền địa phương hai cấp", "bo_may"),
    ("sắp xếp đơn vị hành chính cấp xã", "bo_may"),
    ("văn bản quy phạm pháp luật mới", "the_che"),
    ("đạo đức công vụ, văn hóa công sở", "cong_vu"),
    ("số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "chinh_phu_so"),
    ("cơ chế tự chủ tài chính đơn vị sự nghiệp", "tai_chinh_cong"),
    ("Chỉ số hài lòng SIPAS và khảo sát PAPI", "chi_dao"),
    ("tiếp nhận, xử lý phản ánh, kiến nghị của người dân", "tthc"),
]


def build_activity_demo(province: OrgUnit, *, seed: int = 2026) -> int:
    """Activities for the demo province's bodies and first communes (idempotent: skipped once any exist)."""
    if Activity.objects.filter(subtree_q(province, field="unit_path")).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    start = date(today.year, 1, 2)
    units: list[tuple[OrgUnit, int, list[str]]] = []
    bodies = {u.code.rsplit(".", 1)[-1]: u for u in OrgUnit.objects.filter(parent=province)}
    for suffix, count in PROVINCE_UNITS.items():
        if suffix in bodies:
            units.append((bodies[suffix], count, PROVINCE_CHANNELS[suffix]))
    communes = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa", valid_to__isnull=True).order_by("code")
    for commune in communes[:DEMO_COMMUNES]:
        units.append((commune, COMMUNE_ACTIVITIES, []))
    built: list[tuple[Activity, int | None]] = []
    for unit, count, channels in units:
        tasks = tasks_for_unit(unit)
        for _i in range(int(count * rng.uniform(0.7, 1.1))):
            built.append(_one(rng, unit, channels, tasks, start, today))
    with transaction.atomic():
        created = activities_bulk_create(actor=SYSTEM, activities=[a for a, _t in built])
        bulk_link_tasks([(a.pk, t) for a, (_b, t) in zip(created, built, strict=True) if t is not None])
        _evidence(rng, [a for a in created if a.status == ActivityStatus.CONFIRMED])
    return len(created)


def _one(
    rng: random.Random, unit: OrgUnit, channels: list[str], tasks: list[PlanTask], start: date, today: date
) -> tuple[Activity, int | None]:
    if channels:
        channel = rng.choice(channels)
    else:
        codes = list(CHANNEL_WORK)
        channel = rng.choices(codes, weights=[CHANNEL_WORK[c][0] for c in codes])[0]
    patterns, (low, high) = CHANNEL_WORK.get(channel, (0, ["Hoạt động tuyên truyền về {topic}"], (1, 2)))[1:]
    topic, area = rng.choice(TOPICS)
    day = start + timedelta(days=rng.randrange(max(1, (today - start).days + 1)))
    areas = sorted({area, rng.choice(ReformArea.values)} if rng.random() < 0.3 else {area})
    participants = rng.randrange(30, 250) if channel in WITH_PARTICIPANTS else None
    reached = participants or rng.randrange(200, 5000)
    matching = [t for t in tasks if t.channel == channel]
    task = rng.choice(matching) if matching and rng.random() < 0.85 else None
    title = rng.choice(patterns).format(topic=topic)
    activity = Activity(
        unit=unit,
        unit_path=unit.path,
        date=day,
        channel=channel,
        online=channel in ONLINE_CHANNELS,
        area_bits=to_bits(areas, ReformArea),
        title=title[0].upper() + title[1:],
        description="",
        quantity=Decimal(rng.randint(low, high)),
        # Linked work is counted in the task's unit, as the entry form proposes it.
        measure=task.measure if task is not None and task.measure else default_measure(channel),
        audience=rng.choice([Audience.NGUOI_DAN, Audience.NGUOI_DAN, Audience.CBCCVC, Audience.DOANH_NGHIEP]),
        reached=reached,
        participants=participants,
        url="https://example.gov.vn/cchc" if channel in ONLINE_CHANNELS else "",
        status=ActivityStatus.DRAFT if rng.random() < 0.04 else ActivityStatus.CONFIRMED,
    )
    activity.search_text = fold(activity.title)
    return activity, task.pk if task is not None else None


def _evidence(rng: random.Random, activities: list[Activity]) -> None:
    for index, activity in enumerate(rng.sample(activities, min(EVIDENCE_FILES, len(activities)))):
        kind = index % 3
        if kind == 0:
            name, content = f"bien-ban-{activity.pk}.pdf", demo_pdf(activity.title)
        elif kind == 1:
            name, content = f"anh-hoat-dong-{activity.pk}.png", demo_png(rng)
        else:
            name, content = f"bao-cao-nhanh-{activity.pk}.docx", demo_docx(activity)
        evidence_add(actor=SYSTEM, activity=activity, name=name, size=len(content), content=io.BytesIO(content))


def demo_pdf(title: str) -> bytes:
    """A one-page PDF with an ASCII line (the title folded): valid, small, readable by pypdf."""
    text = fold(title).replace("(", "").replace(")", "")[:90]
    stream = f"BT /F1 14 Tf 60 760 Td (Bien ban: {text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def demo_png(rng: random.Random, width: int = 160, height: int = 100) -> bytes:
    """A small striped PNG standing in for a photo of a banner."""
    colour = (rng.randrange(120, 230), rng.randrange(20, 80), rng.randrange(20, 80))
    rows = b"".join(
        b"\x00" + b"".join(bytes(colour if (x // 20 + y // 20) % 2 else (250, 220, 90)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def demo_docx(activity: Activity) -> bytes:
    document = Document()
    document.add_heading("BÁO CÁO NHANH KẾT QUẢ HOẠT ĐỘNG", level=1)
    document.add_paragraph(f"Đơn vị: {activity.unit.name}")
    document.add_paragraph(f"Ngày: {activity.date:%d/%m/%Y}")
    document.add_paragraph(f"Nội dung: {activity.title}")
    document.add_paragraph(
        f"Số lượng: {activity.quantity} {activity.measure}; số người được tiếp cận: {activity.reached}"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
