"""A realistic plan in the Nghị định 30 format, modelled on the 2022 Ninh Giang plan (shared/seeds)."""

from loa.documents.model import Appendix, Block, Nd30Document, Table

REFERENCE = "(Kèm theo Kế hoạch số 18/KH-UBND ngày 28 tháng 01 năm 2022 của Ủy ban nhân dân huyện Ninh Giang)"

_TASKS = [
    ("Tuyên truyền Nghị quyết số 76/NQ-CP của Chính phủ trên Cổng thông tin điện tử huyện", "Văn phòng HĐND&UBND"),
    ("Xây dựng chuyên mục cải cách hành chính trên Đài Phát thanh huyện", "Đài Phát thanh huyện"),
    ("Niêm yết công khai thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả", "Văn phòng HĐND&UBND"),
    ("Tập huấn nghiệp vụ kiểm soát thủ tục hành chính cho cán bộ, công chức cấp xã", "Phòng Nội vụ"),
    ("Tuyên truyền dịch vụ công trực tuyến mức độ 3, 4 tới người dân, doanh nghiệp", "Văn phòng HĐND&UBND"),
    ("Phát hành tờ rơi, tài liệu hỏi - đáp về cải cách hành chính", "Phòng Nội vụ"),
    ("Tuyên truyền Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", "Phòng Nội vụ"),
    ("Đăng tải văn bản chỉ đạo về cải cách hành chính trên trang thông tin điện tử xã", "UBND các xã, thị trấn"),
    ("Lồng ghép nội dung cải cách hành chính trong các lớp bồi dưỡng", "Trung tâm Chính trị huyện"),
    ("Tổ chức Hội thi tìm hiểu về cải cách hành chính", "Phòng Nội vụ"),
    ("Tuyên truyền trên mạng xã hội Zalo, Facebook «Ninh Giang online»", "Văn phòng HĐND&UBND"),
    ("Thông tin về chính quyền số, ứng dụng công nghệ thông tin", "Phòng Văn hóa và Thông tin"),
    ("Tuyên truyền việc sử dụng dịch vụ bưu chính công ích", "Bưu điện huyện"),
    ("Đưa nội dung cải cách hành chính vào họp giao ban thường kỳ", "Các cơ quan, đơn vị"),
    ("Tuyên truyền kết quả Chỉ số cải cách hành chính năm 2021", "Phòng Nội vụ"),
    ("Phóng sự về mô hình một cửa, một cửa liên thông hiện đại", "Đài Phát thanh huyện"),
    ("Tuyên truyền về tinh giản biên chế, vị trí việc làm", "Phòng Nội vụ"),
    ("Báo cáo kết quả tuyên truyền cải cách hành chính 6 tháng, năm", "Các cơ quan, đơn vị"),
]


def _appendix_rows() -> tuple[list[list[str]], set[int]]:
    """20 rows: two group headings and 18 tasks, numbered within each group."""
    rows: list[list[str]] = [["I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""]]
    groups = {0}
    for number, (task, unit) in enumerate(_TASKS[:9], start=1):
        rows.append([str(number), task, unit, "Quý I - Quý IV", "Tin, bài; hình ảnh"])
    rows.append(["II. XÂY DỰNG CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "", "", "", ""])
    groups.add(len(rows) - 1)
    for number, (task, unit) in enumerate(_TASKS[9:], start=1):
        rows.append([str(number), task, unit, "Thường xuyên", "Báo cáo kết quả"])
    return rows, groups


def sample_document(*, draft: bool = False) -> Nd30Document:
    rows, groups = _appendix_rows()
    return Nd30Document(
        parent_issuer="",
        issuer=["ỦY BAN NHÂN DÂN", "HUYỆN NINH GIANG"],
        number="Số: 18/KH-UBND",
        place_date="Ninh Giang, ngày 28 tháng 01 năm 2022",
        type_name="KẾ HOẠCH",
        summary=["Tuyên truyền thực hiện cải cách hành chính nhà nước năm 2022", "trên địa bàn huyện Ninh Giang"],
        bases=[
            "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách "
            "hành chính nhà nước giai đoạn 2021-2030;",
            "Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc đẩy mạnh thực hiện "
            "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030;",
            "Thực hiện Kế hoạch số 4347/KH-UBND ngày 25/11/2021 của UBND tỉnh Hải Dương về thực hiện cải cách "
            "hành chính nhà nước tỉnh Hải Dương giai đoạn 2021-2025.",
        ],
        body=[
            Block(
                "para",
                "Để nâng cao hiệu quả công tác cải cách hành chính trên địa bàn huyện, Ủy ban nhân dân huyện ban "
                "hành Kế hoạch tuyên truyền thực hiện cải cách hành chính nhà nước năm 2022 như sau:",
            ),
            Block("section", "Mục đích, yêu cầu"),
            Block("clause", "", title="Mục đích"),
            Block(
                "bullet",
                "Đẩy mạnh công tác thông tin, tuyên truyền kịp thời các chủ trương, chính sách, văn bản chỉ đạo "
                "của Trung ương, của tỉnh, của huyện về công tác cải cách hành chính.",
            ),
            Block(
                "bullet",
                "Đẩy mạnh tuyên truyền trên mạng xã hội, qua Zalo, Cổng thông tin điện tử của huyện để lan tỏa "
                "mạnh mẽ kết quả, hiệu quả của công tác cải cách hành chính trong cộng đồng xã hội.",
            ),
            Block("clause", "", title="Yêu cầu"),
            Block(
                "bullet",
                "Tuyên truyền phải kịp thời, đầy đủ, thường xuyên, hiệu quả, phù hợp với tình hình, đặc điểm "
                "của từng đối tượng; nội dung ngắn gọn, chính xác, dễ hiểu; chú trọng kỹ năng truyền thông.",
            ),
            Block("section", "Đối tượng, nội dung, hình thức tuyên truyền"),
            Block(
                "clause",
                "Cán bộ, công chức, viên chức, người lao động trong các cơ quan hành chính nhà nước và nhân dân "
                "trên địa bàn huyện.",
                title="Đối tượng tuyên truyền",
            ),
            Block("clause", "", title="Nội dung tuyên truyền"),
            Block("point", "Các quan điểm, chủ trương của Đảng, chính sách pháp luật về cải cách hành chính."),
            Block("point", "Chỉ số cải cách hành chính, Chỉ số hài lòng của tổ chức, cá nhân (SIPAS)."),
            Block("point", "Kết quả thực hiện cơ chế một cửa, một cửa liên thông."),
            Block("point", "Xây dựng chính quyền điện tử, chính quyền số; dịch vụ công trực tuyến mức độ 3, 4."),
            Block("point", "Mối quan hệ giữa Nhà nước và nhân dân; quyền, nghĩa vụ của cá nhân, tổ chức."),
            Block("point", "Cải cách chế độ công vụ; tinh giản biên chế gắn với vị trí việc làm."),
            Block("point", "Những mô hình hay, cách làm sáng tạo, hiệu quả trong cải cách hành chính."),
            Block("clause", "", title="Hình thức tuyên truyền"),
            Block("bullet", "Tuyên truyền thông qua việc công khai các thủ tục hành chính tại UBND huyện và xã:"),
            Block("subbullet", "Niêm yết công khai, minh bạch các thủ tục hành chính bằng nhiều hình thức."),
            Block("subbullet", "Thường xuyên cập nhật các thủ tục hành chính được sửa đổi, bổ sung, thay thế."),
            Block("bullet", "Thực hiện các hình thức tuyên truyền khác phù hợp với đặc điểm của cơ quan, đơn vị."),
            Block("note", "(Có phụ lục các nhiệm vụ, sản phẩm thực hiện kế hoạch kèm theo)"),
            Block("section", "Tổ chức thực hiện"),
            Block("clause", "", title="Phòng Nội vụ"),
            Block(
                "para",
                "Theo dõi, hướng dẫn, đôn đốc, kiểm tra các cơ quan, đơn vị, UBND các xã, thị trấn triển khai "
                "thực hiện kế hoạch này; định kỳ tổng hợp báo cáo UBND huyện, Sở Nội vụ.",
            ),
            Block("clause", "Phối hợp xây dựng chuyên mục về cải cách hành chính.", title="Đài Phát thanh huyện"),
        ],
        closing="Trên đây là Kế hoạch tuyên truyền thực hiện cải cách hành chính nhà nước năm 2022 trên địa bàn "
        "huyện. Yêu cầu thủ trưởng các cơ quan, đơn vị và Chủ tịch UBND các xã, thị trấn tổ chức triển khai "
        "thực hiện./.",
        recipients=[
            "Sở Nội vụ;",
            "Thường trực Huyện ủy;",
            "Chủ tịch, các Phó Chủ tịch UBND huyện;",
            "Các cơ quan, ban, ngành, đoàn thể huyện;",
            "UBND các xã, thị trấn;",
            "Lưu: VT.",
        ],
        signature=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        signer_name="Nguyễn Đình Tranh",
        appendices=[
            Appendix(
                label="Phụ lục",
                title="Các nhiệm vụ, sản phẩm thực hiện kế hoạch",
                reference=REFERENCE,
                table=Table(
                    headers=["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", "Sản phẩm"],
                    widths_mm=[14, 103, 55, 40, 45],
                    rows=rows,
                    group_rows=groups,
                ),
            )
        ],
        draft=draft,
        core_title="Kế hoạch tuyên truyền cải cách hành chính năm 2022",
    )
