from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "loa.scoring"
    label = "scoring"
    verbose_name = _("Chấm điểm tiêu chí tuyên truyền CCHC")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import Assessment, Commendation, RuleSet

        register_audited(RuleSet, unit_path_lookup="issuer__path", label=_("Bộ tiêu chí"), repr_fields=("name",))
        register_audited(Assessment, unit_path_lookup="unit__path", label=_("Chấm điểm"), repr_fields=("year",))
        register_audited(
            Commendation, unit_path_lookup="unit__path", label=_("Biểu dương, phê bình"), repr_fields=("reason",)
        )
