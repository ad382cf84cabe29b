"""Reads of the import: one import in the actor's reach (drafting rights on its unit)."""

from django.db.models import QuerySet

from loa.org.scope import Actor, Perm, get_in_scope, restrict

from .models import DocumentImport


def import_get(*, actor: Actor, pk: int) -> DocumentImport:
    return get_in_scope(DocumentImport.objects.select_related("unit__parent", "plan"), actor, Perm.DRAFT, pk=pk)


def recent_imports(actor: Actor, limit: int = 10) -> QuerySet[DocumentImport]:
    """The actor's own latest imports, of units still in the actor's drafting reach."""
    mine = DocumentImport.objects.filter(created_by_id=getattr(actor, "pk", None))
    return restrict(mine, actor, Perm.DRAFT, unit_path="unit__path").select_related("unit", "plan")[:limit]
