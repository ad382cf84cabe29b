from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "loa.activity"
    label = "activity"
    verbose_name = _("Hoạt động tuyên truyền")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from loa.core.audit import register_audited
        from loa.core.catalogs import Index, ReformArea
        from loa.core.labels import code_labels
        from loa.org.events import units_retyped

        from .models import Activity, Evidence, from_bits
        from .rollup import on_units_retyped
        from .search import ensure_after_migrate

        register_audited(
            Activity,
            unit_path_lookup="unit_path",
            label=_("Hoạt động"),
            repr_fields=("title",),
            formats={
                "area_bits": lambda bits: ", ".join(code_labels("area", from_bits(bits, ReformArea))),
                "index_bits": lambda bits: ", ".join(code_labels("index", from_bits(bits, Index))),
            },
        )
        register_audited(Evidence, unit_path_lookup="activity__unit_path", label=_("Minh chứng"), repr_fields=("name",))
        post_migrate.connect(ensure_after_migrate, sender=self, dispatch_uid="loa.activity.search_index")
        units_retyped.connect(on_units_retyped, dispatch_uid="loa.activity.rollup_retyped")
