from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "loa.activity"
    label = "activity"
    verbose_name = _("Hoạt động tuyên truyền")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import Activity

        register_audited(Activity, unit_path_lookup="unit_path", label=_("Hoạt động"), repr_fields=("title",))
