from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "loa.intake"
    label = "intake"
    verbose_name = _("Nhập văn bản")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import DocumentImport

        register_audited(
            DocumentImport, unit_path_lookup="unit__path", label=_("Văn bản nhập"), repr_fields=("filename",)
        )
