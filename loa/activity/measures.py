"""Units of measure per channel (domain.md §4.3): the form's default and its suggestions."""

from loa.core.catalogs import Channel

# The first entry is the default offered when the channel is picked.
MEASURES: dict[str, list[str]] = {
    Channel.CONG_TTDT: ["tin/bài", "bài đăng", "văn bản"],
    Channel.MANG_XA_HOI: ["bài đăng", "video", "lượt tương tác"],
    Channel.BANG_DIEN_TU: ["lượt", "màn hình", "ngày phát"],
    Channel.TIN_NHAN: ["tin nhắn", "lượt gửi"],
    Channel.PHAT_THANH: ["tin/bài", "phút", "lượt phát sóng"],
    Channel.TRUYEN_HINH: ["phóng sự", "tin", "phút", "lượt phát sóng"],
    Channel.BAO_CHI: ["tin/bài", "chuyên mục"],
    Channel.HOI_NGHI: ["cuộc"],
    Channel.TAP_HUAN: ["lớp"],
    Channel.TAI_LIEU: ["bản", "tờ", "cuốn"],
    Channel.TRUC_QUAN: ["cái", "pano", "băng rôn", "lượt xe"],
    Channel.CUOC_THI: ["cuộc", "bài dự thi", "lượt thi"],
    Channel.SAN_KHAU_HOA: ["buổi"],
    Channel.NIEM_YET_TTHC: ["thủ tục", "điểm niêm yết"],
    Channel.DOAN_THE: ["buổi"],
    Channel.KHAC: ["lần"],
}

# Channels where the people attending matter (conferences, classes, performances, meetings).
WITH_PARTICIPANTS = frozenset(
    {Channel.HOI_NGHI, Channel.TAP_HUAN, Channel.SAN_KHAU_HOA, Channel.DOAN_THE, Channel.CUOC_THI}
)


def default_measure(channel: str) -> str:
    return MEASURES.get(channel, [""])[0]


def all_measures() -> list[str]:
    return sorted({m for ms in MEASURES.values() for m in ms})
