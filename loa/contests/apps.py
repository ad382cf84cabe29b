from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "loa.contests"
    label = "contests"
    verbose_name = _("Cuộc thi tìm hiểu CCHC")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import Attempt, Contest, Entry, Participant, Question, Round, Score

        register_audited(Question, unit_path_lookup="owner__path", label=_("Câu hỏi"), repr_fields=("code",))
        register_audited(Contest, unit_path_lookup="unit__path", label=_("Cuộc thi"), repr_fields=("title",))
        register_audited(Round, unit_path_lookup="contest__unit__path", label=_("Vòng thi"), repr_fields=("number",))
        register_audited(
            Participant, unit_path_lookup="round__contest__unit__path", label=_("Người dự thi"), repr_fields=("name",)
        )
        register_audited(
            Attempt,
            unit_path_lookup="participant__round__contest__unit__path",
            label=_("Lượt thi"),
            repr_fields=("number",),
        )
        register_audited(
            Entry, unit_path_lookup="round__contest__unit__path", label=_("Bài dự thi"), repr_fields=("title",)
        )
        register_audited(
            Score, unit_path_lookup="entry__round__contest__unit__path", label=_("Phiếu chấm"), repr_fields=("total",)
        )
