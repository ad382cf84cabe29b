"""The system as an actor: who acts when a command runs without `--as` (and the worker's jobs).

It lives in core so that the command base (`core.commands`) can name it without importing org; org's scoping
layer gives it full reach (`org.scope.SYSTEM` is this object).
"""

from typing import Final

from django.utils.translation import gettext as _

# The administrator's role code (org.catalog.Role.ADMIN, which core cannot import); a test keeps them equal.
ADMIN_ROLE: Final[str] = "admin"


class SystemActor:
    """The operator of the server, with full reach."""

    pk = None
    role = ADMIN_ROLE
    is_authenticated = True
    unit = None
    username = "system"

    def __str__(self) -> str:
        return _("Hệ thống")


SYSTEM = SystemActor()
