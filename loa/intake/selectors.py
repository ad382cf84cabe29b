"""Reads of the import: one import in the actor's reach (drafting rights on its unit)."""

from django.db.models import QuerySet

from loa.org.scope import Actor, Perm, can, out_of_reach, restrict

from .models import DocumentImport


def import_get(*, actor: Actor, pk: int) -> DocumentImport:
    record = DocumentImport.objects.select_related("unit", "plan").filter(pk=pk).first()
    if record is None or not can(actor, Perm.DRAFT, record.unit):
        raise out_of_reach()
    return record


def recent_imports(actor: Actor, limit: int = 10) -> QuerySet[DocumentImport]:
    """The actor's own latest imports, of units still in the actor's drafting reach."""
    mine = DocumentImport.objects.filter(created_by_id=getattr(actor, "pk", None))
    return restrict(mine, actor, Perm.DRAFT, unit_path="unit__path").select_related("unit", "plan")[:limit]
