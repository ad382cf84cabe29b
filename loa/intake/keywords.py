"""Words that tell which catalog entries (domain.md §4) a document speaks of.

Matched on folded text (no diacritics, lower case) as whole phrases. Add a phrase to teach the
extractor a new way of naming a channel or an audience.
"""

from functools import lru_cache

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
        "bang_dien_tu": ("bang dien tu", "man hinh led", "bang led", "cong chao dien tu", "cong chao led"),
        "tin_nhan": ("tin nhan", "sms", "thong bao qua ung dung", "ung dung cong dan so"),
        "phat_thanh": ("phat thanh", "truyen thanh", "loa truyen thanh"),
        "truyen_hinh": ("truyen hinh",),
        "bao_chi": ("bao chi", "co quan bao", "bao in", "bao dien tu", "tap chi", "bao va phat thanh"),
        "hoi_nghi": ("hoi nghi", "hoi thao", "toa dam", "doi thoai", "giao ban", "hop dinh ky", "hop thuong ky"),
        "tap_huan": ("tap huan", "boi duong"),
        "tai_lieu": ("to roi", "to gap", "so tay", "tai lieu tuyen truyen", "an pham", "phat hanh tai lieu"),
        "truc_quan": ("pano", "bang ron", "khau hieu", "ap phich", "truc quan", "xe luu dong", "xe tuyen truyen"),
        "cuoc_thi": ("cuoc thi", "hoi thi"),
        "san_khau_hoa": ("san khau hoa",),
        "niem_yet_tthc": ("niem yet", "cong khai thu tuc hanh chinh", "cong khai cac thu tuc hanh chinh"),
        # "Các đoàn thể" as supporters ("sự đồng thuận của Mặt trận, các đoàn thể") is no channel; their meetings are.
        "doan_the": (
            "sinh hoat dang",
            "dang, doan the",
            "sinh hoat cua mat tran",
            "sinh hoat cua cac doan the",
            "sinh hoat doan the",
            "hoi, doan the",
            "hop thon",
            "to dan pho",
            "sinh hoat chi bo",
            "sinh hoat dinh ky",
        ),
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

_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _position(text: str, phrase: str) -> int:
    """Where the phrase first occurs as whole words (not inside a longer word or number); -1 when it does not."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if (start == 0 or text[start - 1] not in _WORD) and (end == len(text) or text[end] not in _WORD):
            return start
        start = text.find(phrase, start + 1)
    return -1


def _occurs(text: str, phrase: str) -> bool:
    return _position(text, phrase) >= 0


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    return fold(text)  # the four catalogs are looked up in the same body text: fold it once


def detect(catalog: str, text: str) -> list[str]:
    """The codes of `catalog` whose phrases occur in the text, in catalog order.

    Substring search, then a look at the two neighbouring characters: a regex with look-arounds tries every
    position of the text, which on a long text without the phrase took seconds."""
    folded = _folded(text)
    return [code for code, phrases in PHRASES[catalog].items() if any(_occurs(folded, p) for p in phrases)]


def first_named(catalog: str, text: str) -> str:
    """The code of `catalog` the text names first: "Tuyên truyền qua các hội nghị, tập huấn, … trên Cổng thông tin
    điện tử" is a conference before it is a portal. "" when it names none."""
    folded = _folded(text)
    first, first_at = "", len(folded)
    for code, phrases in PHRASES[catalog].items():
        for phrase in phrases:
            at = _position(folded, phrase)
            if 0 <= at < first_at:
                first, first_at = code, at
    return first
