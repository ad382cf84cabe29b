"""Reads of the import: one import in the actor's reach (drafting rights on its unit)."""

from loa.org.scope import Actor, Perm, can, out_of_reach

from .models import DocumentImport


def import_get(*, actor: Actor, pk: int) -> DocumentImport:
    record = DocumentImport.objects.select_related("unit", "plan").filter(pk=pk).first()
    if record is None or not can(actor, Perm.DRAFT, record.unit):
        raise out_of_reach()
    return record
