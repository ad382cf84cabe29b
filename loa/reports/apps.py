from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "loa.reports"
    label = "reports"
    verbose_name = _("Báo cáo định kỳ")

    def ready(self) -> None:
        from loa.core.audit import register_audited
        from loa.core.jobs import register_sweep
        from loa.core.labels import code_labels, period_label

        from .jobs import fail_lost_exports
        from .tasks import ensure_reminders

        register_sweep(ensure_reminders)  # the worker retries killed daily runs and keeps the next one queued
        register_sweep(fail_lost_exports)  # an export whose job failed or was given up says so

        from loa.core.workdays import use_holidays

        from .regimes import holiday_set

        use_holidays(holiday_set)  # apps below reports count the same working days (feedback deadlines)

        from .models import Regime, Report

        register_audited(
            Report,
            unit_path_lookup="unit__path",
            label=_("Báo cáo"),
            repr_fields=("period",),
            describe=lambda row: period_label(row.period),
        )
        register_audited(
            Regime,
            unit_path_lookup="recipient__path",
            label=_("Chế độ báo cáo"),
            repr_fields=("name",),
            formats={
                "kinds": lambda kinds: ", ".join(code_labels("period_kind", kinds)),
                "reporter_types": lambda types: ", ".join(code_labels("unit_type", types)),
            },
        )
