from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "loa.surveys"
    label = "surveys"
    verbose_name = _("Khảo sát sự hài lòng")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import CollectionPoint, Response, Survey, SurveyTemplate

        register_audited(
            SurveyTemplate, unit_path_lookup="owner__path", label=_("Mẫu phiếu khảo sát"), repr_fields=("name",)
        )
        register_audited(Survey, unit_path_lookup="unit__path", label=_("Cuộc khảo sát"), repr_fields=("title",))
        register_audited(
            CollectionPoint, unit_path_lookup="unit__path", label=_("Điểm khảo sát"), repr_fields=("name",)
        )
        register_audited(
            Response, unit_path_lookup="unit__path", label=_("Phiếu trả lời khảo sát"), repr_fields=("id",)
        )
