"""The demo's public CCHC column: news items of the province's people's committee and of its first commune, each
made from an activity with a photo and approved through the services (so each records its portal activity), and
one commune item still waiting for its leader. Idempotent: a province whose column already has items is left as is."""

import io
import random
from datetime import date, timedelta

from django.utils import timezone

from loa.activity.demo import demo_png
from loa.activity.evidence import evidence_add
from loa.activity.services import ActivityInput, activity_create
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from . import services
from .models import NewsItem

# (which unit, days ago, channel, title, summary, text, approved)
ITEMS = [
    (
        "province",
        6,
        "hoi_nghi",
        "Hội nghị triển khai nhiệm vụ cải cách hành chính năm nay",
        "UBND tỉnh tổ chức hội nghị triển khai kế hoạch cải cách hành chính và công tác thông tin, tuyên truyền.",
        "Hội nghị quán triệt các nhiệm vụ trọng tâm: cải cách thủ tục hành chính, chuyển đổi số, nâng cao chỉ số "
        "hài lòng của người dân.\n\nCác sở, ban, ngành và UBND các xã, phường được giao chỉ tiêu tuyên truyền cụ thể, "
        "báo cáo kết quả hằng quý.",
        True,
    ),
    (
        "province",
        2,
        "truc_quan",
        "Ra mắt chuyên mục cải cách hành chính trên Cổng thông tin của tỉnh",
        "Chuyên mục đăng tin hoạt động, kế hoạch, báo cáo và kết quả các chỉ số cải cách hành chính của tỉnh.",
        "Người dân có thể theo dõi tin mới qua nguồn tin Atom, tìm kiếm không cần gõ dấu, và gửi phản ánh, "
        "kiến nghị ngay từ chuyên mục.",
        True,
    ),
    (
        "commune",
        5,
        "truc_quan",
        "Treo pano tuyên truyền dịch vụ công trực tuyến tại nhà văn hóa các thôn",
        "Xã treo pano hướng dẫn người dân nộp hồ sơ trực tuyến và thanh toán phí, lệ phí không dùng tiền mặt.",
        "Mỗi pano có mã QR dẫn đến Cổng Dịch vụ công quốc gia.\n\nCông chức Bộ phận Một cửa hỗ trợ người dân "
        "tạo tài khoản định danh điện tử ngay tại nhà văn hóa vào sáng thứ Bảy hằng tuần.",
        True,
    ),
    (
        "commune",
        3,
        "hoi_nghi",
        "Đối thoại với người dân về thủ tục đăng ký hộ tịch",
        "Lãnh đạo xã đối thoại với người dân về thời hạn giải quyết, hồ sơ đăng ký khai sinh, kết hôn.",
        "Các ý kiến được giải đáp trực tiếp; những kiến nghị về niêm yết phí, lệ phí được tiếp thu và thực hiện "
        "ngay trong tuần.",
        True,
    ),
    (
        "commune",
        1,
        "phat_thanh",
        "Phát thanh chuyên mục cải cách hành chính trên loa truyền thanh",
        "Chuyên mục phát vào sáng thứ Hai và thứ Năm hằng tuần.",
        "Nội dung tuần này: hướng dẫn đăng ký thường trú trực tuyến.",
        False,  # waiting for the commune's leader
    ),
]


def build_column_demo(province: OrgUnit, *, today: date | None = None) -> int:
    """Published items created by this run (0 when the province's column already had items)."""
    today = today or timezone.localdate()
    commune = OrgUnit.objects.filter(parent=province, unit_type=UnitType.UBND_XA).order_by("code").first()
    units = {"province": province, "commune": commune}
    if NewsItem.objects.filter(unit__in=[u for u in units.values() if u is not None]).exists():
        return 0
    rng = random.Random(21)
    published = 0
    for which, days_ago, channel, title, summary, text, approve in ITEMS:
        unit = units[which]
        if unit is None:
            continue
        activity = activity_create(
            actor=SYSTEM,
            unit=unit,
            data=ActivityInput(
                date=today - timedelta(days=days_ago),
                channel=channel,
                title=title,
                description=text,
                reform_areas=["tthc"],
                quantity=1,
            ),
        )
        photo = demo_png(rng, 480, 300)
        evidence_add(
            actor=SYSTEM, activity=activity, name="anh-hoat-dong.png", size=len(photo), content=io.BytesIO(photo)
        )
        data = services.prefill(activity)
        data.summary = summary
        item = services.news_from_activity(actor=SYSTEM, activity=activity, data=data)
        item = services.news_send(actor=SYSTEM, item=item, revision=item.revision)
        if approve:
            services.news_approve(actor=SYSTEM, item=item, revision=item.revision)
            published += 1
    return published
