from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "loa.org"
    label = "org"
    verbose_name = _("Tổ chức và người dùng")

    def ready(self) -> None:
        from loa.core.audit import register_audited

        from .models import OrgUnit, User

        register_audited(OrgUnit, unit_path_lookup="path", label=_("Đơn vị"))
        register_audited(User, unit_path_lookup="unit__path", label=_("Người dùng"))
