"""The built-in questionnaire, after the SIPAS method of the Bộ Nội vụ (Quyết định 1001/QĐ-BNV, 2023).

Five factors, each with perception statements (nhận định), one satisfaction question (hài lòng) and one expectation
question (mong đợi), all on five points with "Không trả lời"; one overall question; the respondent block.
The questionnaire is what citizens read, in Vietnamese whatever the officer's language, and it is stored whole in
every copy and every survey (a survey keeps the version it ran with), so its texts are data here, not UI strings.
"""

from typing import Any

BUILT_IN_KEY = "sipas-2023"
BUILT_IN_VERSION = 1
BUILT_IN_NAME = "Phiếu khảo sát sự hài lòng theo phương pháp SIPAS (Quyết định 1001/QĐ-BNV)"

SCALES = {
    "nhan_dinh": ["Rất không đồng ý", "Không đồng ý", "Bình thường", "Đồng ý", "Rất đồng ý"],
    "hai_long": ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"],
    "danh_gia_chung": ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"],
    "mong_doi": ["Rất thấp", "Thấp", "Trung bình", "Cao", "Rất cao"],
}

_FACTORS: list[tuple[str, str, list[str], str, str]] = [
    (
        "F1",
        "Tiếp cận dịch vụ hành chính công",
        [
            "Nơi tiếp nhận, trả kết quả có đủ chỗ ngồi, sạch sẽ, thoáng mát.",
            "Trang thiết bị phục vụ người dân đầy đủ, dễ sử dụng.",
            "Thông tin về thủ tục hành chính dễ tìm hiểu (niêm yết tại nơi giải quyết, trên Cổng dịch vụ công).",
        ],
        "Ông/Bà hài lòng như thế nào về việc tiếp cận dịch vụ?",
        "Ông/Bà mong đợi việc tiếp cận dịch vụ được cải thiện ở mức nào?",
    ),
    (
        "F2",
        "Thủ tục hành chính",
        [
            "Thủ tục hành chính được niêm yết công khai đầy đủ, chính xác.",
            "Thành phần hồ sơ Ông/Bà phải nộp đúng quy định.",
            "Phí, lệ phí Ông/Bà phải nộp đúng quy định.",
            "Thời hạn giải quyết ghi trên giấy hẹn đúng quy định.",
        ],
        "Ông/Bà hài lòng như thế nào về thủ tục hành chính đã thực hiện?",
        "Ông/Bà mong đợi thủ tục hành chính được đơn giản hóa ở mức nào?",
    ),
    (
        "F3",
        "Công chức trực tiếp giải quyết công việc",
        [
            "Công chức có thái độ giao tiếp lịch sự, chú ý lắng nghe ý kiến của Ông/Bà.",
            "Công chức trả lời, giải thích đầy đủ các ý kiến của Ông/Bà.",
            "Công chức hướng dẫn kê khai hồ sơ tận tình, chu đáo, dễ hiểu.",
            "Công chức tuân thủ đúng quy định trong giải quyết công việc.",
        ],
        "Ông/Bà hài lòng như thế nào về sự phục vụ của công chức?",
        "Ông/Bà mong đợi sự phục vụ của công chức được cải thiện ở mức nào?",
    ),
    (
        "F4",
        "Kết quả giải quyết thủ tục hành chính",
        [
            "Kết quả Ông/Bà nhận được đúng quy định.",
            "Kết quả có thông tin đầy đủ, chính xác.",
            "Ông/Bà nhận được kết quả đúng hạn.",
        ],
        "Ông/Bà hài lòng như thế nào về kết quả giải quyết?",
        "Ông/Bà mong đợi thời gian giải quyết được rút ngắn ở mức nào?",
    ),
    (
        "F5",
        "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị",
        [
            "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị.",
            "Ông/Bà dễ dàng thực hiện góp ý, phản ánh, kiến nghị.",
            "Góp ý, phản ánh, kiến nghị được tiếp nhận, xử lý tích cực và được thông báo kết quả kịp thời.",
        ],
        "Ông/Bà hài lòng như thế nào về việc tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị?",
        "Ông/Bà mong đợi việc tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị được cải thiện ở mức nào?",
    ),
]


def built_in() -> dict[str, Any]:
    """A fresh copy of the built-in questionnaire's definition (see `definition.py` for its shape)."""
    factors = []
    for key, title, statements, satisfaction, expectation in _FACTORS:
        items = [
            {"key": f"{key}_N{n}", "kind": "nhan_dinh", "text": text} for n, text in enumerate(statements, start=1)
        ]
        items.append({"key": f"{key}_HL", "kind": "hai_long", "text": satisfaction})
        items.append({"key": f"{key}_MD", "kind": "mong_doi", "text": expectation})
        factors.append({"key": key, "title": title, "items": items})
    return {
        "intro": (
            "Nhằm nâng cao chất lượng phục vụ người dân, tổ chức, cơ quan mong nhận được ý kiến của Ông/Bà về lần "
            "giải quyết thủ tục hành chính vừa qua. Phiếu không ghi tên; mỗi câu chọn một mức, câu nào không muốn "
            "trả lời thì chọn «Không trả lời»."
        ),
        "scales": {kind: list(labels) for kind, labels in SCALES.items()},
        "no_answer": "Không trả lời",
        "factors": factors,
        "overall": {
            "key": "CHUNG",
            "kind": "danh_gia_chung",
            "text": (
                "Nhìn chung, Ông/Bà hài lòng như thế nào về sự phục vụ của cơ quan khi giải quyết thủ tục hành chính?"
            ),
        },
        "respondent": {"age_band": True, "gender": True, "service": True, "dossier_code": True},
    }
