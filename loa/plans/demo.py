"""Demo plans: the province's issued plan for the current year and implementing plans of a few communes.

Content follows real provincial plans (domain.md §2): six reform areas, indices, channels,
objectives, and 18 tasks for departments, media and communes. Built through the services, so the
demo is audited and validated like any officer's work. Idempotent: nothing is added twice.
"""

from datetime import date

from django.utils import timezone

from loa.org.models import OrgUnit, User
from loa.org.scope import SYSTEM

from .cascade import cascade
from .catalog import PlanStatus
from .models import Plan
from .services import IssueInput, plan_create, plan_issue, plan_save
from .tasks_input import TaskInput

BASES = """Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030;
Căn cứ Chỉ thị số 23/CT-TTg ngày 02/9/2021 của Thủ tướng Chính phủ về việc đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021-2030;
Căn cứ Nghị quyết số 60-NQ/TW ngày 12/4/2025 của Ban Chấp hành Trung ương Đảng khóa XIII"""

PURPOSES = [
    "Đẩy mạnh công tác thông tin, tuyên truyền kịp thời các chủ trương, chính sách của Đảng, pháp luật của Nhà nước "
    "về cải cách hành chính, nâng cao nhận thức của cán bộ, công chức, viên chức và Nhân dân",
    "Phát huy vai trò của các cơ quan báo chí, hệ thống thông tin cơ sở trong phản ánh kết quả, gương điển hình "
    "và những hạn chế trong thực hiện cải cách hành chính",
    "Tạo sự đồng thuận của người dân, doanh nghiệp; tăng cường giám sát của xã hội đối với hoạt động của "
    "cơ quan hành chính nhà nước sau khi tổ chức chính quyền địa phương hai cấp",
]
REQUIREMENTS = [
    "Tuyên truyền gắn với lộ trình thực hiện các mục tiêu, nhiệm vụ của Kế hoạch cải cách hành chính năm của tỉnh",
    "Nội dung ngắn gọn, chính xác, dễ hiểu; hình thức đa dạng, phù hợp với từng nhóm đối tượng",
    "Người đứng đầu cơ quan, đơn vị trực tiếp chỉ đạo và chịu trách nhiệm về công tác tuyên truyền tại đơn vị mình",
]
CONTENTS = [
    (
        "Chủ trương, chính sách của Đảng và Nhà nước về cải cách hành chính; Kế hoạch cải cách hành chính năm của tỉnh",
        "chi_dao",
        [],
    ),
    (
        "Kết quả Chỉ số cải cách hành chính, Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính",
        "chi_dao",
        ["par_index", "sipas"],
    ),
    ("Văn bản quy phạm pháp luật mới ban hành liên quan trực tiếp đến người dân, doanh nghiệp", "the_che", []),
    (
        "Kết quả thực hiện cơ chế một cửa, một cửa liên thông; công khai thủ tục hành chính; tiếp nhận, xử lý phản ánh, kiến nghị",
        "tthc",
        ["bo_chi_so_766"],
    ),
    ("Kết quả sắp xếp tổ chức bộ máy, vận hành chính quyền địa phương hai cấp", "bo_may", []),
    ("Đạo đức công vụ, văn hóa công sở, kỷ luật, kỷ cương hành chính của cán bộ, công chức", "cong_vu", []),
    (
        "Cơ chế tự chủ tài chính của đơn vị sự nghiệp công lập; thanh toán không dùng tiền mặt trong dịch vụ công",
        "tai_chinh_cong",
        [],
    ),
    (
        "Dịch vụ công trực tuyến toàn trình, chuyển đổi số, ứng dụng định danh điện tử VNeID trong giải quyết thủ tục hành chính",
        "chinh_phu_so",
        ["pci", "ddci"],
    ),
]
FORMS = [
    (
        "cong_ttdt",
        "Duy trì chuyên mục Cải cách hành chính trên Cổng Thông tin điện tử tỉnh và trang thông tin điện tử các xã, phường",
    ),
    (
        "phat_thanh",
        "Chuyên mục phát thanh về cải cách hành chính trên Đài Phát thanh và Truyền hình tỉnh và hệ thống truyền thanh cơ sở",
    ),
    ("mang_xa_hoi", "Đăng tải tin, bài, video ngắn trên các trang Zalo, Facebook chính thức của cơ quan, đơn vị"),
    ("hoi_nghi", "Lồng ghép nội dung cải cách hành chính trong hội nghị, cuộc họp định kỳ, đối thoại với người dân"),
    (
        "niem_yet_tthc",
        "Niêm yết công khai, cập nhật kịp thời thủ tục hành chính tại Trung tâm Phục vụ hành chính công các cấp",
    ),
    ("truc_quan", "Pano, áp phích, băng rôn, màn hình LED tại trụ sở và nơi công cộng"),
    ("cuoc_thi", "Cuộc thi tìm hiểu về cải cách hành chính và chuyển đổi số trên nền tảng trực tuyến"),
]
OBJECTIVES = [
    (
        "Xã, phường có chuyên mục cải cách hành chính trên trang thông tin điện tử",
        "100",
        "%",
        "UBND các xã, phường",
        "xa_portal_cchc",
    ),
    (
        "Sở, ban, ngành có chuyên mục cải cách hành chính trên trang thông tin điện tử",
        "100",
        "%",
        "các sở, ban, ngành",
        "so_portal_cchc",
    ),
    ("Cơ quan báo chí của tỉnh có chương trình, chuyên mục CCHC", "100", "%", "báo, đài của tỉnh", "press_cchc"),
    ("Tin, bài về cải cách hành chính mỗi đơn vị gửi đăng", "1", "tin/bài/quý", "mỗi cơ quan, đơn vị"),
    (
        "Thủ tục hành chính được niêm yết công khai đúng quy định",
        "100",
        "%",
        "Trung tâm Phục vụ hành chính công các cấp",
    ),
    ("Cán bộ, công chức được tập huấn về cải cách hành chính", "500", "lượt người", "toàn tỉnh"),
]
# (title, area, channel, lead code suffix or group, deadline month/day or None, frequency, product, quantity, measure, coordinating)
TASKS = [
    (
        "Xây dựng, ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm",
        "chi_dao",
        "",
        "SNV",
        (2, 28),
        "once",
        "Kế hoạch được ban hành",
        1,
        "kế hoạch",
        "",
    ),
    (
        "Duy trì chuyên mục Cải cách hành chính trên Cổng Thông tin điện tử tỉnh",
        "chi_dao",
        "cong_ttdt",
        "CTTDT",
        None,
        "monthly",
        "Tin, bài đăng tải",
        48,
        "tin/bài",
        "Sở Nội vụ",
    ),
    (
        "Thực hiện chuyên mục phát thanh, truyền hình về cải cách hành chính",
        "chi_dao",
        "truyen_hinh",
        "DPTTH",
        None,
        "monthly",
        "Chuyên mục phát sóng",
        12,
        "chuyên mục",
        "Sở Nội vụ",
    ),
    (
        "Mở chuyên mục Cải cách hành chính trên Báo tỉnh",
        "chi_dao",
        "bao_chi",
        "BAO",
        None,
        "quarterly",
        "Tin, bài, phóng sự",
        24,
        "tin/bài",
        "Sở Nội vụ",
    ),
    (
        "Tuyên truyền kết quả Chỉ số CCHC, SIPAS năm trước và giải pháp nâng cao",
        "chi_dao",
        "hoi_nghi",
        "SNV",
        (6, 30),
        "once",
        "Hội nghị công bố chỉ số",
        1,
        "hội nghị",
        "Văn phòng UBND tỉnh",
    ),
    (
        "Phổ biến văn bản quy phạm pháp luật mới liên quan đến người dân, doanh nghiệp",
        "the_che",
        "cong_ttdt",
        "STP",
        None,
        "quarterly",
        "Tin, bài phổ biến pháp luật",
        8,
        "tin/bài",
        "Sở Văn hóa, Thể thao và Du lịch",
    ),
    (
        "Niêm yết, cập nhật công khai thủ tục hành chính tại Trung tâm Phục vụ hành chính công tỉnh",
        "tthc",
        "niem_yet_tthc",
        "TTPVHCC",
        None,
        "ongoing",
        "Thủ tục hành chính được niêm yết",
        1500,
        "thủ tục",
        "Văn phòng UBND tỉnh",
    ),
    (
        "Tuyên truyền dịch vụ công trực tuyến toàn trình, thanh toán trực tuyến trên Cổng Dịch vụ công",
        "chinh_phu_so",
        "mang_xa_hoi",
        "VP",
        None,
        "monthly",
        "Bài đăng trên Zalo, Facebook",
        24,
        "bài đăng",
        "Trung tâm Phục vụ hành chính công tỉnh",
    ),
    (
        "Tập huấn nghiệp vụ kiểm soát thủ tục hành chính, cải cách hành chính cho công chức cấp xã",
        "tthc",
        "tap_huan",
        "SNV",
        (9, 30),
        "once",
        "Lớp tập huấn",
        2,
        "lớp",
        "Văn phòng UBND tỉnh",
    ),
    (
        "Tuyên truyền kết quả sắp xếp bộ máy, vận hành chính quyền địa phương hai cấp",
        "bo_may",
        "bao_chi",
        "SNV",
        (10, 31),
        "once",
        "Phóng sự, bài viết",
        6,
        "tin/bài",
        "Báo tỉnh, Đài Phát thanh và Truyền hình tỉnh",
    ),
    (
        "Tuyên truyền đạo đức công vụ, văn hóa công sở, quy tắc ứng xử của cán bộ, công chức",
        "cong_vu",
        "hoi_nghi",
        "all_departments",
        None,
        "yearly",
        "Nội dung lồng ghép trong hội nghị cơ quan",
        1,
        "hội nghị",
        "",
    ),
    (
        "Tuyên truyền cơ chế tự chủ tài chính, thanh toán không dùng tiền mặt",
        "tai_chinh_cong",
        "cong_ttdt",
        "STC",
        None,
        "quarterly",
        "Tin, bài",
        4,
        "tin/bài",
        "Kho bạc Nhà nước khu vực",
    ),
    (
        "Tổ chức Cuộc thi trực tuyến tìm hiểu cải cách hành chính và chuyển đổi số",
        "chinh_phu_so",
        "cuoc_thi",
        "SNV",
        (11, 30),
        "once",
        "Cuộc thi trực tuyến",
        1,
        "cuộc thi",
        "Sở Khoa học và Công nghệ, Tỉnh đoàn",
    ),
    (
        "Duy trì chuyên mục cải cách hành chính trên trang thông tin điện tử của xã, phường",
        "chi_dao",
        "cong_ttdt",
        "all_communes",
        None,
        "quarterly",
        "Tin, bài đăng tải",
        8,
        "tin/bài",
        "",
    ),
    (
        "Phát thanh nội dung cải cách hành chính trên hệ thống truyền thanh cơ sở",
        "chi_dao",
        "phat_thanh",
        "all_communes",
        None,
        "monthly",
        "Lượt phát thanh",
        24,
        "lượt",
        "",
    ),
    (
        "Niêm yết công khai thủ tục hành chính tại Trung tâm Phục vụ hành chính công xã, phường",
        "tthc",
        "niem_yet_tthc",
        "all_communes",
        None,
        "ongoing",
        "Thủ tục được niêm yết",
        300,
        "thủ tục",
        "",
    ),
    (
        "Treo băng rôn, pano tuyên truyền cải cách hành chính tại trụ sở và nơi công cộng",
        "chi_dao",
        "truc_quan",
        "all_communes",
        (5, 31),
        "once",
        "Băng rôn, pano",
        4,
        "cái",
        "",
    ),
    (
        "Hướng dẫn người dân sử dụng dịch vụ công trực tuyến, VNeID tại bộ phận một cửa",
        "chinh_phu_so",
        "hoi_nghi",
        "all_communes",
        None,
        "quarterly",
        "Buổi hướng dẫn",
        4,
        "buổi",
        "Đoàn Thanh niên, Hội Liên hiệp Phụ nữ",
    ),
]
RESPONSIBILITIES = [
    (
        "SNV",
        False,
        [
            "Chủ trì, hướng dẫn, theo dõi, đôn đốc các cơ quan, đơn vị thực hiện Kế hoạch",
            "Tổng hợp kết quả, báo cáo UBND tỉnh và Bộ Nội vụ theo quy định",
        ],
    ),
    (
        "VP",
        False,
        ["Chủ trì tuyên truyền về kiểm soát thủ tục hành chính, dịch vụ công trực tuyến, bưu chính công ích"],
    ),
    ("DPTTH", False, ["Xây dựng chuyên mục cải cách hành chính, phối hợp đưa tin về kết quả thực hiện"]),
    (
        "MTTQ",
        True,
        ["Chỉ đạo các tổ chức thành viên phối hợp tuyên truyền cải cách hành chính trong đoàn viên, hội viên"],
    ),
]
DEMO_COMMUNES = 6
ISSUED_COMMUNES = 3


def build_plan_demo(province: OrgUnit) -> Plan | None:
    """The province's issued plan for this year and six communes' implementing plans (three issued)."""
    year = timezone.localdate().year
    plan = Plan.objects.filter(issuer=province, year=year, parent__isnull=True).first()
    if plan is not None:
        return plan
    leader = User.objects.filter(unit=province, role="leader").first()
    bodies = {
        u.code.rsplit(".", 1)[-1]: u for u in OrgUnit.objects.filter(parent=province).exclude(unit_type="ubnd_xa")
    }
    from .editor import bases_from_text

    plan = plan_create(
        actor=SYSTEM,
        issuer=province,
        year=year,
        sections={
            "bases": bases_from_text(SYSTEM, Plan(issuer=province, year=year), BASES),
            "purposes": PURPOSES,
            "requirements": REQUIREMENTS,
            "audiences": ["cbccvc", "nguoi_dan", "doanh_nghiep", "to_chuc_ctxh", "phong_vien"],
            "contents": [{"text": t, "reform_area": a, "indices": i} for t, a, i in CONTENTS],
            "forms": [{"channel": c, "text": t} for c, t in FORMS],
            "objectives": [
                {"metric": m, "target": v, "unit": u, "scope": s, "measure": rest[0] if rest else ""}
                for m, v, u, s, *rest in OBJECTIVES
            ],
            "responsibilities": [
                {"unit": bodies[s].code, "label": bodies[s].name, "duties": d, "request": r}
                for s, r, d in RESPONSIBILITIES
            ],
        },
    )
    tasks = []
    for title, area, channel, lead, day, frequency, product, quantity, measure, coordinating in TASKS:
        by_code = lead in bodies
        tasks.append(
            TaskInput(
                title=title,
                reform_area=area,
                channel=channel,
                lead_unit=bodies[lead].code if by_code else "",
                lead_group="" if by_code else lead,
                deadline=date(year, *day) if day else None,
                frequency=frequency,
                product=product,
                quantity=quantity,
                measure=measure,
                coordinating_note=coordinating,
            )
        )
    plan_save(
        actor=SYSTEM, plan=plan, fields={"signer_name": leader.full_name if leader else "Nguyễn Văn Tỉnh"}, tasks=tasks
    )
    issued_on = min(date(year, 1, 20), timezone.localdate())
    plan = plan_issue(actor=SYSTEM, plan=plan, data=IssueInput(number=18, issued_on=issued_on))
    communes = list(OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa").order_by("code")[:DEMO_COMMUNES])
    result = cascade(actor=SYSTEM, plan=plan, targets=communes)
    for index, child in enumerate(result.created[:ISSUED_COMMUNES], start=1):
        child_leader = User.objects.filter(unit=child.issuer, role="leader").first()
        plan_save(
            actor=SYSTEM, plan=child, fields={"signer_name": child_leader.full_name if child_leader else "Trần Văn Xã"}
        )
        child_day = min(date(year, 2, 5 + index), timezone.localdate())
        plan_issue(actor=SYSTEM, plan=child, data=IssueInput(number=index + 8, issued_on=child_day))
    assert plan.status == PlanStatus.ISSUED
    return plan
