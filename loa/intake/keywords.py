"""Words that tell which catalog entries (domain.md §4) a document speaks of.

Matched on folded text (no diacritics, lower case) as whole phrases. Add a phrase to teach the
extractor a new way of naming a channel or an audience.
"""

import re

from loa.core.text import fold

PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "reform_areas": {
        "chi_dao": ("chi dao, dieu hanh", "chi dao dieu hanh"),
        "the_che": ("cai cach the che", "van ban quy pham phap luat", "the che"),
        "tthc": ("thu tuc hanh chinh", "tthc", "mot cua"),
        "bo_may": (
            "to chuc bo may",
            "bo may hanh chinh",
            "sap xep to chuc",
            "tinh gon bo may",
            "chinh quyen dia phuong hai cap",
            "chinh quyen hai cap",
        ),
        "cong_vu": (
            "che do cong vu",
            "cai cach cong vu",
            "dao duc cong vu",
            "ky luat, ky cuong",
            "ky cuong",
            "van hoa cong so",
        ),
        "tai_chinh_cong": ("tai chinh cong", "co che tu chu"),
        "chinh_phu_so": (
            "chinh phu dien tu",
            "chinh phu so",
            "chinh quyen dien tu",
            "chinh quyen so",
            "dich vu cong truc tuyen",
            "chuyen doi so",
            "so hoa",
        ),
    },
    "indices": {
        "par_index": ("par index", "chi so cai cach hanh chinh", "chi so cchc"),
        "sipas": ("sipas", "chi so hai long", "su hai long", "muc do hai long"),
        "papi": ("papi",),
        "pci": ("pci", "nang luc canh tranh cap tinh"),
        "ddci": ("ddci",),
        "bo_chi_so_766": ("766/qd-ttg", "bo chi so chi dao, dieu hanh"),
    },
    "channels": {
        "cong_ttdt": ("cong thong tin dien tu", "trang thong tin dien tu", "cong ttdt", "trang ttdt", "cong/trang"),
        "mang_xa_hoi": ("zalo", "facebook", "fanpage", "youtube", "tiktok", "mang xa hoi"),
        "bang_dien_tu": ("bang dien tu", "man hinh led", "bang led"),
        "tin_nhan": ("tin nhan", "sms", "thong bao qua ung dung", "ung dung cong dan so"),
        "phat_thanh": ("phat thanh", "truyen thanh", "loa truyen thanh"),
        "truyen_hinh": ("truyen hinh",),
        "bao_chi": ("bao chi", "co quan bao", "bao in", "bao dien tu", "tap chi", "bao va phat thanh"),
        "hoi_nghi": ("hoi nghi", "hoi thao", "toa dam", "doi thoai"),
        "tap_huan": ("tap huan", "boi duong"),
        "tai_lieu": ("to roi", "to gap", "so tay", "tai lieu tuyen truyen", "an pham", "phat hanh tai lieu"),
        "truc_quan": ("pano", "bang ron", "khau hieu", "ap phich", "truc quan", "xe luu dong", "xe tuyen truyen"),
        "cuoc_thi": ("cuoc thi", "hoi thi"),
        "san_khau_hoa": ("san khau hoa",),
        "niem_yet_tthc": ("niem yet",),
        "doan_the": ("sinh hoat dang", "doan the", "hop thon", "to dan pho", "sinh hoat chi bo", "sinh hoat dinh ky"),
    },
    "audiences": {
        "cbccvc": ("can bo, cong chuc", "cong chuc, vien chuc", "cbccvc", "cbcc", "nguoi lao dong"),
        "lanh_dao": ("nguoi dung dau", "lanh dao co quan", "lanh dao cac"),
        "nguoi_dan": ("nguoi dan", "nhan dan", "cong dan"),
        "doanh_nghiep": ("doanh nghiep", "nha dau tu"),
        "to_chuc_ctxh": ("to chuc chinh tri - xa hoi", "to chuc chinh tri xa hoi", "mat tran to quoc", "mttq"),
        "don_vi_su_nghiep": ("don vi su nghiep",),
        "hoc_sinh_sinh_vien": ("hoc sinh", "sinh vien", "doan vien"),
        "phong_vien": ("phong vien", "bien tap vien"),
        "dai_bieu": ("dai bieu hdnd", "dai bieu hoi dong nhan dan", "dai bieu dan cu"),
    },
}

_PATTERNS = {
    catalog: {
        code: re.compile("|".join(rf"(?<![a-z0-9]){re.escape(p)}(?![a-z0-9])" for p in words))
        for code, words in codes.items()
    }
    for catalog, codes in PHRASES.items()
}


def detect(catalog: str, text: str) -> list[str]:
    """The codes of `catalog` whose phrases occur in the text, in catalog order."""
    folded = fold(text)
    return [code for code, pattern in _PATTERNS[catalog].items() if pattern.search(folded)]
