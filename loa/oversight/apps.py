from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "loa.oversight"
    label = "oversight"
    verbose_name = _("Giám sát của Mặt trận Tổ quốc")

    def ready(self) -> None:
        from loa.core.audit import register_audited
        from loa.core.labels import register_catalog

        from .models import Recommendation, RecommendationStatus

        register_catalog("recommendation_status", RecommendationStatus)
        register_audited(
            Recommendation, unit_path_lookup="to_unit__path", label=_("Kiến nghị giám sát"), repr_fields=("subject",)
        )
