from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "loa.channels"
    label = "channels"
    verbose_name = _("Sổ kênh thông tin của đơn vị")

    def ready(self) -> None:
        from loa.core.audit import register_audited
        from loa.core.labels import code_label

        from .models import UnitChannel

        register_audited(
            UnitChannel,
            unit_path_lookup="unit__path",
            label=_("Kênh thông tin của đơn vị"),
            repr_fields=("kind",),
            describe=lambda row: f"{code_label('channel_kind', row.kind)} {row.name}".strip(),
        )
