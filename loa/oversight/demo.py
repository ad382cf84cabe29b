"""The demo's oversight: the province's Ủy ban MTTQ (account mttq.tinh) has written two recommendations, one to the
first commune still waiting for its answer, one to the Sở Nội vụ already answered. Through the services."""

from datetime import timedelta

from django.utils import timezone

from loa.org.catalog import Role, UnitType
from loa.org.models import OrgUnit, User
from loa.org.scope import SYSTEM

from . import services
from .models import Recommendation


def build_oversight_demo(province: OrgUnit) -> int:
    """The recommendations (none when the Front already has some); how many were made."""
    front = (
        User.objects.filter(role=Role.OVERSIGHT, unit__parent=province, is_active=True).select_related("unit").first()
    )
    commune = OrgUnit.objects.filter(parent=province, unit_type=UnitType.UBND_XA).order_by("code").first()
    snv = OrgUnit.objects.filter(parent=province, unit_type=UnitType.SO_NOI_VU).first()
    if front is None or commune is None or snv is None or Recommendation.objects.filter(by_unit=front.unit).exists():
        return 0
    today = timezone.localdate()
    services.recommend(
        actor=front,
        data=services.RecommendationInput(
            to_unit=commune,
            subject="Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa",
            text=(
                "Qua giám sát, bảng niêm yết tại Bộ phận Một cửa còn thủ tục hết hiệu lực và mức lệ phí cũ. "
                "Đề nghị UBND phường rà soát, cập nhật và báo cáo kết quả."
            ),
            due_on=today + timedelta(days=20),
            reference="15/KN-MTTQ",
        ),
    )
    answered = services.recommend(
        actor=front,
        data=services.RecommendationInput(
            to_unit=snv,
            subject="Khảo sát sự hài lòng tại các xã, phường",
            text="Đề nghị Sở Nội vụ hướng dẫn các xã, phường tổ chức khảo sát sự hài lòng bằng mã QR tại quầy.",
            due_on=today + timedelta(days=30),
            reference="16/KN-MTTQ",
        ),
    )
    services.respond(
        actor=SYSTEM,
        item=answered,
        text="Sở Nội vụ đã ban hành hướng dẫn và mẫu phiếu khảo sát dùng chung cho các xã, phường.",
        revision=answered.revision,
    )
    return 2
