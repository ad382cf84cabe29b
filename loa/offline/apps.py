from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfflineConfig(AppConfig):
    name = "loa.offline"
    label = "offline"
    verbose_name = _("Ghi nhận ngoại tuyến")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import SyncRecord

        register_audited(
            SyncRecord, unit_path_lookup="unit__path", label=_("Bản ghi gửi từ thiết bị"), repr_fields=("title",)
        )
