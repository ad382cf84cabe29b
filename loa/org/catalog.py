"""Unit types and roles (domain.md §4.5 and §1.1). Codes are ASCII and stable; labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from loa.core.labels import register_catalog


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Cấp xã")


class UnitType(models.TextChoices):
    BO_NOI_VU = "bo_noi_vu", _("Bộ Nội vụ")
    BO_NGANH = "bo_nganh", _("Bộ, cơ quan ngang bộ")
    UBND_TINH = "ubnd_tinh", _("UBND tỉnh, thành phố")
    SO_NOI_VU = "so_noi_vu", _("Sở Nội vụ")
    SO_NGANH = "so_nganh", _("Sở, ban, ngành")
    VAN_PHONG_UBND = "van_phong_ubnd", _("Văn phòng UBND tỉnh")
    TRUNG_TAM_PVHCC = "trung_tam_pvhcc", _("Trung tâm Phục vụ hành chính công")
    DAI_PT_TH = "dai_pt_th", _("Đài Phát thanh - Truyền hình")
    BAO = "bao", _("Báo, tạp chí")
    CONG_TTDT = "cong_ttdt", _("Cổng/Trang thông tin điện tử")
    MTTQ_DOAN_THE = "mttq_doan_the", _("Ủy ban MTTQ, tổ chức chính trị - xã hội")
    UBND_XA = "ubnd_xa", _("UBND xã, phường, đặc khu")
    PHONG_XA = "phong_xa", _("Phòng, văn phòng thuộc UBND xã")
    LEGACY_HUYEN = "legacy_huyen", _("UBND huyện, quận, thị xã (trước 01/7/2025)")
    LEGACY_PHONG = "legacy_phong", _("Phòng thuộc UBND huyện (trước 01/7/2025)")
    KHAC = "khac", _("Khác")


# The sở, ban, ngành of a province, as plans assign to them ("Các sở, ban, ngành"), the registry counts them and a
# province's report offers their words: one set, asked everywhere.
DEPARTMENT_TYPES = frozenset({UnitType.SO_NOI_VU, UnitType.SO_NGANH, UnitType.VAN_PHONG_UBND})
# The administration a citizen or the Fatherland Front addresses: the provincial people's committee, its departments
# and service centre, the communes (a commune's sections are reached through the commune).
PUBLIC_BODIES = (UnitType.UBND_TINH, *sorted(DEPARTMENT_TYPES), UnitType.TRUNG_TAM_PVHCC, UnitType.UBND_XA)

# Level and default duties per type; a province's own rules may override the duties later.
TYPE_LEVEL: dict[str, str] = {
    UnitType.BO_NOI_VU: Level.CENTRAL,
    UnitType.BO_NGANH: Level.CENTRAL,
    UnitType.UBND_TINH: Level.PROVINCE,
    UnitType.SO_NOI_VU: Level.PROVINCE,
    UnitType.SO_NGANH: Level.PROVINCE,
    UnitType.VAN_PHONG_UBND: Level.PROVINCE,
    UnitType.TRUNG_TAM_PVHCC: Level.PROVINCE,
    UnitType.DAI_PT_TH: Level.PROVINCE,
    UnitType.BAO: Level.PROVINCE,
    UnitType.CONG_TTDT: Level.PROVINCE,
    UnitType.MTTQ_DOAN_THE: Level.PROVINCE,
    UnitType.UBND_XA: Level.COMMUNE,
    UnitType.PHONG_XA: Level.COMMUNE,
    UnitType.LEGACY_HUYEN: Level.DISTRICT,
    UnitType.LEGACY_PHONG: Level.DISTRICT,
    UnitType.KHAC: Level.PROVINCE,
}


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    COORDINATOR = "coordinator", _("Chuyên viên CCHC Sở Nội vụ (điều phối)")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    EDITOR = "editor", _("Đầu mối CCHC (nhập liệu)")
    VIEWER = "viewer", _("Người xem")
    OVERSIGHT = "oversight", _("Giám sát (Ủy ban MTTQ, tổ chức chính trị - xã hội)")


class DivisionType(models.TextChoices):
    """Kind of administrative unit (loại đơn vị hành chính), as written in official names."""

    TINH = "tinh", _("Tỉnh")
    THANH_PHO_TW = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    HUYEN = "huyen", _("Huyện")
    QUAN = "quan", _("Quận")
    THI_XA = "thi_xa", _("Thị xã")
    THANH_PHO_TINH = "thanh_pho_tinh", _("Thành phố thuộc tỉnh")
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    THI_TRAN = "thi_tran", _("Thị trấn")
    DAC_KHU = "dac_khu", _("Đặc khu")


register_catalog("level", Level)
register_catalog("unit_type", UnitType)
register_catalog("role", Role)
register_catalog("division", DivisionType)
