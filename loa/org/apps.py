from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "loa.org"
    label = "org"
    verbose_name = _("Tổ chức và người dùng")

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login

        from loa.core.audit import register_audited

        from .models import OrgUnit, User

        register_audited(OrgUnit, unit_path_lookup="path", label=_("Đơn vị"), repr_fields=("name", "code"))
        register_audited(
            User, unit_path_lookup="unit__path", label=_("Người dùng"), repr_fields=("full_name", "username")
        )
        # A login is not a change of the user's data: record last_login without a history row.
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(record_last_login, dispatch_uid="loa_record_last_login")


def record_last_login(sender: Any, user: Any, **kwargs: Any) -> None:
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
