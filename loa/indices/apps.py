from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    name = "loa.indices"
    label = "indices"
    verbose_name = _("Chỉ số đánh giá (PAR INDEX, SIPAS, PAPI, PCI, DDCI, 766)")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import IndexValue, recorded_label

        register_audited(
            IndexValue,
            unit_path_lookup="unit__path",
            label=_("Giá trị chỉ số"),
            repr_fields=("index",),
            describe=lambda row: f"{recorded_label(row.index)} {row.year}",
        )
