"""Canonical catalogs of CCHC communication (domain.md §4): reform areas, indices, channels, audiences.

Codes are ASCII and stable (stored in data, exchanged over the API); labels are translated.
"""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class ReformArea(models.TextChoices):
    """PAR INDEX fields, in their official order (Nghị quyết 76/NQ-CP)."""

    CHI_DAO = "chi_dao", _("Công tác chỉ đạo, điều hành cải cách hành chính")
    THE_CHE = "the_che", _("Cải cách thể chế")
    TTHC = "tthc", _("Cải cách thủ tục hành chính")
    BO_MAY = "bo_may", _("Cải cách tổ chức bộ máy hành chính nhà nước")
    CONG_VU = "cong_vu", _("Cải cách chế độ công vụ")
    TAI_CHINH_CONG = "tai_chinh_cong", _("Cải cách tài chính công")
    CHINH_PHU_SO = "chinh_phu_so", _("Xây dựng và phát triển Chính phủ điện tử, Chính phủ số")


class Index(models.TextChoices):
    PAR_INDEX = "par_index", _("Chỉ số cải cách hành chính (PAR INDEX)")
    SIPAS = "sipas", _("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)")
    PAPI = "papi", _("Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)")
    PCI = "pci", _("Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)")
    DDCI = "ddci", _("Chỉ số năng lực cạnh tranh cấp sở, ban, ngành và địa phương (DDCI)")
    BO_CHI_SO_766 = "bo_chi_so_766", _("Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766/QĐ-TTg)")


class Channel(models.TextChoices):
    CONG_TTDT = "cong_ttdt", _("Cổng/Trang thông tin điện tử")
    MANG_XA_HOI = "mang_xa_hoi", _("Mạng xã hội (Zalo, Facebook, YouTube…)")
    BANG_DIEN_TU = "bang_dien_tu", _("Bảng điện tử, màn hình LED")
    TIN_NHAN = "tin_nhan", _("Tin nhắn SMS, thông báo qua ứng dụng")
    PHAT_THANH = "phat_thanh", _("Phát thanh, truyền thanh cơ sở")
    TRUYEN_HINH = "truyen_hinh", _("Truyền hình")
    BAO_CHI = "bao_chi", _("Báo chí")
    HOI_NGHI = "hoi_nghi", _("Hội nghị, hội thảo, tọa đàm, đối thoại")
    TAP_HUAN = "tap_huan", _("Tập huấn, bồi dưỡng")
    TAI_LIEU = "tai_lieu", _("Tài liệu: tờ rơi, tờ gấp, sổ tay")
    TRUC_QUAN = "truc_quan", _("Trực quan: pano, áp phích, băng rôn, xe lưu động")
    CUOC_THI = "cuoc_thi", _("Cuộc thi")
    SAN_KHAU_HOA = "san_khau_hoa", _("Sân khấu hóa")
    NIEM_YET_TTHC = "niem_yet_tthc", _("Niêm yết công khai thủ tục hành chính")
    DOAN_THE = "doan_the", _("Lồng ghép trong sinh hoạt Đảng, đoàn thể, họp thôn, tổ dân phố")
    KHAC = "khac", _("Hình thức khác")


# The diversity criterion (domain.md §7, 4.2) splits channels into online and traditional; contests
# and "other" are set per activity, so they are in neither set.
ONLINE_CHANNELS = frozenset({Channel.CONG_TTDT, Channel.MANG_XA_HOI, Channel.BANG_DIEN_TU, Channel.TIN_NHAN})


class Audience(models.TextChoices):
    CBCCVC = "cbccvc", _("Cán bộ, công chức, viên chức, người lao động")
    LANH_DAO = "lanh_dao", _("Người đứng đầu, lãnh đạo cơ quan, đơn vị")
    NGUOI_DAN = "nguoi_dan", _("Người dân")
    DOANH_NGHIEP = "doanh_nghiep", _("Doanh nghiệp, nhà đầu tư")
    TO_CHUC_CTXH = "to_chuc_ctxh", _("Tổ chức chính trị - xã hội, tổ chức xã hội")
    DON_VI_SU_NGHIEP = "don_vi_su_nghiep", _("Đơn vị sự nghiệp công lập")
    HOC_SINH_SINH_VIEN = "hoc_sinh_sinh_vien", _("Học sinh, sinh viên, đoàn viên thanh niên")
    PHONG_VIEN = "phong_vien", _("Phóng viên, biên tập viên")
    DAI_BIEU = "dai_bieu", _("Đại biểu HĐND")


def label(choices: type[models.TextChoices], code: str) -> str:
    """The label of a code in the active language; an unknown or empty code is shown as it is."""
    return str(choices(code).label) if code in choices.values else code


def vi_label(choices: type[models.TextChoices], code: str) -> str:
    """The Vietnamese label whatever the interface language: documents are always Vietnamese."""
    with translation.override("vi"):
        return label(choices, code)
