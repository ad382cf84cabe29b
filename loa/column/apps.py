from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ColumnConfig(AppConfig):
    name = "loa.column"
    label = "column"
    verbose_name = _("Chuyên mục CCHC")
