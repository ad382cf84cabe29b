from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "loa.plans"
    label = "plans"
    verbose_name = _("Kế hoạch tuyên truyền")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import Plan, PlanTask, RegisterEntry

        register_audited(Plan, unit_path_lookup="issuer__path", label=_("Kế hoạch"), repr_fields=("title",))
        register_audited(
            PlanTask, unit_path_lookup="plan__issuer__path", label=_("Nhiệm vụ kế hoạch"), repr_fields=("title",)
        )
        register_audited(
            RegisterEntry, unit_path_lookup="issuer__path", label=_("Sổ đăng ký văn bản"), repr_fields=("title",)
        )
