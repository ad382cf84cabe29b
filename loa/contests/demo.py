"""The demo's contest: a question bank of the Sở Nội vụ, a weekly quiz whose first round is finished (ranked, prizes,
each commune's participation recorded as a contest activity) and whose second round is open, so that both the
results and taking part can be shown. Built through the services, with the first round's times in the past."""

import random
from datetime import timedelta

from django.utils import timezone

from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from . import bank, play, services
from .catalog import ContestKind, ContestStatus, Prediction
from .finish import finish_round
from .models import Contest

# (area, topic, question, options, index of the right one, source). Written for the demo, not taken from an exam.
QUESTIONS = [
    (
        "tthc",
        "Một cửa",
        "Bộ phận Một cửa cấp xã có nhiệm vụ nào sau đây?",
        [
            "Hướng dẫn, tiếp nhận hồ sơ và trả kết quả giải quyết thủ tục hành chính",
            "Ban hành thủ tục hành chính mới",
            "Xử phạt vi phạm hành chính",
            "Thẩm định dự thảo văn bản quy phạm pháp luật",
        ],
        0,
        "Nghị định 118/2025/NĐ-CP",
    ),
    (
        "tthc",
        "Một cửa",
        "Khi hồ sơ quá hạn giải quyết, cơ quan giải quyết phải làm gì?",
        [
            "Không phải làm gì",
            "Gửi phiếu xin lỗi và hẹn lại ngày trả kết quả",
            "Trả lại hồ sơ cho người dân",
            "Thu thêm phí",
        ],
        1,
        "Nghị định 118/2025/NĐ-CP",
    ),
    (
        "tthc",
        "Dịch vụ công",
        "Người dân có thể nộp hồ sơ thủ tục hành chính trực tuyến ở đâu?",
        ["Cổng Dịch vụ công quốc gia", "Trang cá nhân của cán bộ", "Hộp thư góp ý", "Bảng tin thôn"],
        0,
        "Nghị định 42/2022/NĐ-CP",
    ),
    (
        "tthc",
        "Niêm yết",
        "Thủ tục hành chính phải được niêm yết công khai ở đâu?",
        [
            "Tại nơi tiếp nhận, giải quyết thủ tục hành chính",
            "Chỉ trong sổ tay của cán bộ",
            "Không cần niêm yết",
            "Tại nhà văn hóa thôn",
        ],
        0,
        "Nghị định 63/2010/NĐ-CP",
    ),
    (
        "tthc",
        "Phản ánh",
        "Cá nhân, tổ chức có quyền phản ánh, kiến nghị về nội dung nào?",
        [
            "Quy định hành chính và hành vi của cán bộ khi giải quyết thủ tục",
            "Giá cả thị trường",
            "Kết quả xổ số",
            "Lịch thi đấu thể thao",
        ],
        0,
        "Nghị định 20/2008/NĐ-CP",
    ),
    (
        "tthc",
        "Dịch vụ công",
        "Kết quả giải quyết thủ tục hành chính điện tử có giá trị như thế nào?",
        ["Không có giá trị", "Có giá trị pháp lý như kết quả bằng giấy", "Chỉ để tham khảo", "Chỉ dùng trong tỉnh"],
        1,
        "Nghị định 45/2020/NĐ-CP",
    ),
    (
        "tthc",
        "Một cửa",
        "Phiếu đánh giá mức độ hài lòng được dùng để làm gì?",
        ["Đánh giá việc giải quyết thủ tục hành chính", "Thu phí", "Xếp hạng thôn văn hóa", "Chấm điểm học sinh"],
        0,
        "Nghị định 118/2025/NĐ-CP",
    ),
    (
        "tthc",
        "Phí, lệ phí",
        "Khi thu phí, lệ phí thủ tục hành chính, cán bộ phải làm gì?",
        [
            "Giao biên lai, chứng từ cho người nộp",
            "Không cần ghi nhận",
            "Thu theo mức tự định",
            "Thu gấp đôi khi làm nhanh",
        ],
        0,
        "Luật Phí và lệ phí",
    ),
    (
        "the_che",
        "Văn bản",
        "Văn bản hành chính điện tử có chữ ký số hợp lệ có giá trị như thế nào?",
        ["Như bản gốc văn bản giấy", "Thấp hơn bản giấy", "Chỉ để tham khảo", "Phải in ra mới có giá trị"],
        0,
        "Nghị định 30/2020/NĐ-CP",
    ),
    (
        "the_che",
        "Văn bản",
        "Dự thảo văn bản quy phạm pháp luật được lấy ý kiến của ai?",
        ["Đối tượng chịu sự tác động của văn bản", "Chỉ người soạn thảo", "Không cần lấy ý kiến", "Chỉ cấp trên"],
        0,
        "Luật Ban hành văn bản quy phạm pháp luật",
    ),
    (
        "the_che",
        "Rà soát",
        "Vì sao phải rà soát văn bản quy phạm pháp luật định kỳ?",
        [
            "Để phát hiện quy định mâu thuẫn, chồng chéo, không còn phù hợp",
            "Để tăng số lượng văn bản",
            "Để thay tên cơ quan",
            "Không cần rà soát",
        ],
        0,
        "Luật Ban hành văn bản quy phạm pháp luật",
    ),
    (
        "the_che",
        "Văn bản",
        "Thể thức văn bản hành chính được quy định tại văn bản nào?",
        ["Nghị định 30/2020/NĐ-CP về công tác văn thư", "Luật Đất đai", "Luật Giao thông đường bộ", "Bộ luật Dân sự"],
        0,
        "Nghị định 30/2020/NĐ-CP",
    ),
    (
        "the_che",
        "Theo dõi thi hành",
        "Theo dõi thi hành pháp luật nhằm mục đích gì?",
        ["Đánh giá việc thực hiện pháp luật trong thực tế", "Tăng biên chế", "Thay thế xét xử", "Thu thuế"],
        0,
        "Nghị định 59/2012/NĐ-CP",
    ),
    (
        "the_che",
        "Phổ biến",
        "Ngày Pháp luật Việt Nam là ngày nào?",
        ["9 tháng 11", "2 tháng 9", "1 tháng 5", "30 tháng 4"],
        0,
        "Luật Phổ biến, giáo dục pháp luật",
    ),
    (
        "chinh_phu_so",
        "Định danh",
        "Tài khoản định danh điện tử mức 2 (VNeID) giúp người dân làm gì?",
        [
            "Đăng nhập Cổng Dịch vụ công để nộp hồ sơ trực tuyến",
            "Rút tiền ngân hàng không cần thẻ",
            "Thay giấy phép lái xe quân sự",
            "Không có tác dụng",
        ],
        0,
        "Nghị định 69/2024/NĐ-CP",
    ),
    (
        "chinh_phu_so",
        "Dữ liệu",
        "Nguyên tắc “chỉ cung cấp thông tin một lần” nghĩa là gì?",
        [
            "Người dân không phải khai lại thông tin cơ quan nhà nước đã có",
            "Mỗi người chỉ được nộp một hồ sơ",
            "Chỉ được hỏi một lần",
            "Thông tin chỉ lưu một ngày",
        ],
        0,
        "Nghị định 47/2020/NĐ-CP",
    ),
    (
        "chinh_phu_so",
        "Chữ ký số",
        "Chữ ký số của cơ quan trên văn bản điện tử thể hiện điều gì?",
        [
            "Xác thực cơ quan ban hành và bảo đảm văn bản không bị sửa",
            "Trang trí văn bản",
            "Số trang văn bản",
            "Độ mật của văn bản",
        ],
        0,
        "Nghị định 30/2020/NĐ-CP",
    ),
    (
        "chinh_phu_so",
        "An toàn thông tin",
        "Khi nhận thư điện tử lạ yêu cầu cung cấp mật khẩu, cán bộ nên làm gì?",
        [
            "Không cung cấp và báo bộ phận công nghệ thông tin",
            "Gửi mật khẩu ngay",
            "Chuyển cho đồng nghiệp",
            "Đăng lên mạng xã hội",
        ],
        0,
        "Luật An toàn thông tin mạng",
    ),
    (
        "chinh_phu_so",
        "Thanh toán",
        "Thanh toán trực tuyến phí, lệ phí trên Cổng Dịch vụ công giúp gì?",
        [
            "Người dân không phải nộp tiền mặt tại quầy",
            "Tăng mức phí",
            "Kéo dài thời gian giải quyết",
            "Không được chấp nhận",
        ],
        0,
        "Quyết định 06/QĐ-TTg",
    ),
    (
        "chinh_phu_so",
        "Dữ liệu",
        "Cơ sở dữ liệu quốc gia về dân cư do cơ quan nào quản lý?",
        ["Bộ Công an", "Bộ Y tế", "Bộ Giáo dục và Đào tạo", "Ủy ban nhân dân xã"],
        0,
        "Luật Căn cước",
    ),
    (
        "cong_vu",
        "Đạo đức công vụ",
        "Cán bộ, công chức khi tiếp dân phải có thái độ như thế nào?",
        ["Tôn trọng, lắng nghe, hướng dẫn tận tình", "Chỉ tiếp người quen", "Từ chối khi bận", "Yêu cầu quà"],
        0,
        "Luật Cán bộ, công chức",
    ),
    (
        "cong_vu",
        "Đánh giá",
        "Kết quả đánh giá, xếp loại công chức được thực hiện theo chu kỳ nào?",
        ["Hằng năm", "Mười năm", "Khi nghỉ hưu", "Không đánh giá"],
        0,
        "Nghị định 90/2020/NĐ-CP",
    ),
]
BLUEPRINT = [
    {"area": "tthc", "topic": "", "count": 4},
    {"area": "the_che", "topic": "", "count": 2},
    {"area": "chinh_phu_so", "topic": "", "count": 2},
    {"area": "", "topic": "", "count": 2},
]
NAMES = [
    "Nguyễn Văn An",
    "Trần Thị Bình",
    "Lê Văn Cường",
    "Phạm Thị Dung",
    "Hoàng Văn Em",
    "Võ Thị Hoa",
    "Đặng Văn Hùng",
    "Bùi Thị Lan",
    "Đỗ Văn Minh",
    "Hồ Thị Nga",
    "Ngô Văn Phúc",
    "Dương Thị Quỳnh",
]


def build_contest_demo(province: OrgUnit, *, seed: int = 2026) -> int:
    """The demo's quiz (none when the Sở Nội vụ already runs one): the attempts made, 0 when nothing was built."""
    snv = OrgUnit.objects.filter(parent=province, unit_type=UnitType.SO_NOI_VU).first()
    if snv is None or Contest.objects.filter(unit=snv).exists():
        return 0
    rng = random.Random(seed)
    for area, topic, text, options, answer, source in QUESTIONS:
        written = bank.QuestionInput(area=area, topic=topic, text=text, options=options, answer=answer, source=source)
        bank.question_create(actor=SYSTEM, owner=snv, data=written)
    year = timezone.localdate().year
    data = services.ContestInput(
        kind=ContestKind.QUIZ,
        title=f"Tìm hiểu về cải cách hành chính năm {year}",
        rules="Cuộc thi trắc nghiệm trực tuyến dành cho cán bộ, công chức, viên chức và người dân trong tỉnh. Mỗi "
        "tuần một vòng thi; mỗi lượt 10 câu hỏi làm trong 10 phút; mỗi người thi tối đa 2 lượt mỗi vòng, tính "
        "lượt cao nhất. Xếp hạng theo số câu đúng, rồi câu dự đoán số người tham gia, rồi thời gian làm bài.",
        attempts_per_round=2,
        time_limit=600,
        blueprint=BLUEPRINT,
        prediction=Prediction.PEOPLE,
        prizes=[
            {"label": "Giải Nhất", "count": 1},
            {"label": "Giải Nhì", "count": 2},
            {"label": "Giải Ba", "count": 3},
            {"label": "Giải Khuyến khích", "count": 5},
        ],
        overall_prizes=[{"label": "Giải Nhất", "count": 1}, {"label": "Giải Nhì", "count": 1}],
    )
    contest = services.contest_create(actor=SYSTEM, unit=snv, data=data)
    now = timezone.now().replace(second=0, microsecond=0)
    first_opens = now - timedelta(days=14)
    for opens in (first_opens, now - timedelta(days=1)):
        round_input = services.RoundInput(opens_at=opens, closes_at=opens + timedelta(days=7))
        services.round_save(actor=SYSTEM, contest=contest, data=round_input)
    contest = services.contest_set_status(
        actor=SYSTEM, contest=contest, status=ContestStatus.PUBLISHED, revision=contest.revision
    )
    communes = list(OrgUnit.objects.filter(parent=province, unit_type=UnitType.UBND_XA).order_by("code")[:8])
    attempts = 0
    for n in range(36):
        unit = communes[n % len(communes)] if n % 5 else snv.parent or snv
        at = first_opens + timedelta(hours=2 + n * 3, minutes=rng.randrange(60))
        person = play.JoinInput(name=NAMES[n % len(NAMES)], unit=unit, phone=f"0912{100000 + n:06d}")
        for _try in range(1 + (n % 3 == 0)):
            attempt = play.join(contest=contest, data=person, now=at)
            answers = {}
            for question, order in play.questions_of(attempt):
                right = rng.random() < 0.8
                chosen = question.answer if right else (question.answer + 1) % 4
                answers[str(question.pk)] = str(order.index(chosen))
            guess = str(30 + rng.randrange(15))
            play.submit(
                attempt=attempt, answers=answers, prediction=guess, now=at + timedelta(seconds=90 + rng.randrange(400))
            )
            attempts += 1
            at += timedelta(hours=1)
    finish_round(actor=SYSTEM, round_=contest.rounds.get(number=1))
    return attempts
