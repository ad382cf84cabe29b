from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ColumnConfig(AppConfig):
    name = "loa.column"
    label = "column"
    verbose_name = _("Chuyên mục CCHC")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import ColumnSettings, NewsItem

        register_audited(
            NewsItem, unit_path_lookup="unit__path", label=_("Tin chuyên mục CCHC"), repr_fields=("title",)
        )
        register_audited(
            ColumnSettings, unit_path_lookup="unit__path", label=_("Cài đặt chuyên mục CCHC"), repr_fields=("unit",)
        )
