"""The roots the system trusts, kept by the system administrator (a province's coordinator cannot widen them)."""

import hashlib
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.errors import DomainError, PermissionDenied
from loa.core.text import normalize
from loa.org.models import User
from loa.org.scope import Actor, Perm, scope_prefix

from .models import TrustedRoot
from .verify import load_roots, readable_name


def _require_system_admin(actor: Actor) -> None:
    if scope_prefix(actor, Perm.MANAGE_USERS) != "":
        raise PermissionDenied(_("Chỉ quản trị hệ thống được thay đổi danh sách chứng thư gốc tin cậy."))


@transaction.atomic
def root_add(*, actor: Actor, name: str, blob: bytes) -> TrustedRoot:
    """Trust one more root certificate (PEM or DER)."""
    _require_system_admin(actor)
    [cert] = load_roots([blob])
    der = cert.dump()
    digest = hashlib.sha256(der).hexdigest()
    if TrustedRoot.objects.filter(sha256=digest).exists():
        raise DomainError(_("Chứng thư gốc này đã có trong danh sách."))
    if not cert.ca:
        raise DomainError(_("Chứng thư này không phải chứng thư của tổ chức chứng thực (CA): không dùng làm gốc được."))
    not_after: datetime = cert.not_valid_after
    root = TrustedRoot(
        name=normalize(name)[:200] or readable_name(cert.subject)[:200],
        der=der,
        sha256=digest,
        subject=readable_name(cert.subject)[:500],
        not_after=not_after,
        added_by=actor if isinstance(actor, User) else None,
    )
    stamp(root, actor=actor, reason="signing.root_added")
    root.save()
    return root


@transaction.atomic
def root_remove(*, actor: Actor, root: TrustedRoot) -> None:
    _require_system_admin(actor)
    stamp(root, actor=actor, reason="signing.root_removed")
    root.delete()
