"""`loa demo [--seed N]`: build (or top up) the deterministic demo province and print the logins."""

from argparse import ArgumentParser
from typing import Any

from django.utils.translation import gettext as _

from loa.core.commands import LoaCommand
from loa.demo.builder import build_demo


class Command(LoaCommand):
    help = "Build the demo province with its departments, commune sections and users (idempotent)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--seed", type=int, default=2026, help="random seed; also part of the demo password")

    def handle(self, *args: Any, **options: Any) -> None:
        result = build_demo(seed=options["seed"])
        self.stdout.write(
            self.style.SUCCESS(
                _("Tỉnh demo: %(name)s (%(n)s đơn vị mới).") % {"name": result.province.name, "n": result.units_created}
            )
        )
        if result.plan is not None:
            self.stdout.write(
                _("Kế hoạch demo: %(ref)s — %(title)s (mã %(id)s).")
                % {"ref": result.plan.number_symbol, "title": result.plan.title, "id": result.plan.pk}
            )
        if result.activities:
            self.stdout.write(_("Hoạt động demo: %(n)s hoạt động mới.") % {"n": result.activities})
        if result.survey_answers:
            self.stdout.write(_("Khảo sát demo: %(n)s phiếu trả lời.") % {"n": result.survey_answers})
        if result.feedback:
            self.stdout.write(_("Phản ánh, kiến nghị demo: %(n)s phản ánh ở các tình trạng.") % {"n": result.feedback})
        if result.contest_attempts:
            self.stdout.write(
                _("Cuộc thi demo: %(n)s lượt thi, vòng 1 đã tổng kết, vòng 2 đang mở.") % {"n": result.contest_attempts}
            )
        if result.recommendations:
            self.stdout.write(_("Giám sát demo: %(n)s kiến nghị của Ủy ban MTTQ tỉnh.") % {"n": result.recommendations})
        if result.device_records:
            self.stdout.write(
                _("Ghi nhận ngoại tuyến demo: %(n)s bản ghi gửi từ điện thoại của xã, một bản chờ chọn (xung đột).")
                % {"n": result.device_records}
            )
        if result.reports is not None and result.reports.submitted:
            self.stdout.write(
                _("Báo cáo demo: %(s)s lần gửi, %(a)s đã tiếp nhận, %(r)s trả lại.")
                % {"s": result.reports.submitted, "a": result.reports.accepted, "r": result.reports.returned}
            )
        self.stdout.write(_("Tài khoản demo (tên đăng nhập / mật khẩu / vai trò / đơn vị):"))
        for login in result.logins:
            self.stdout.write(f"  {login.username:<16} {login.password:<16} {login.role} — {login.unit}")
