from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "loa.feedback"
    label = "feedback"
    verbose_name = _("Phản ánh, kiến nghị của người dân")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import Feedback, FeedbackRules

        register_audited(Feedback, unit_path_lookup="unit__path", label=_("Phản ánh, kiến nghị"), repr_fields=("code",))
        register_audited(
            FeedbackRules,
            unit_path_lookup="province__path",
            label=_("Quy định xử lý phản ánh, kiến nghị"),
            repr_fields=("province",),
        )
