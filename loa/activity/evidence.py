"""Evidence files: recognised by content, limited in size, stored under names Loa chooses.

Files go through Django's storage API (`Evidence.file`), so production can swap the local disk for
an S3-compatible store without touching this module. Downloads are served by a scoped view, never
from a public media URL.
"""

import hashlib
import io
import zipfile
from typing import IO, TypeAlias
from uuid import UUID

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from loa.core.audit import stamp
from loa.core.errors import DomainError
from loa.core.text import normalize
from loa.org.models import User
from loa.org.scope import Actor, Perm, require

from .locks import require_unlocked
from .models import Activity, Evidence, EvidenceKind

# A file as the entry points hand it over: the name the uploader gave, its size, its content.
Upload: TypeAlias = tuple[str, int, IO[bytes]]

CONTENT_TYPES = {
    EvidenceKind.PDF: "application/pdf",
    EvidenceKind.PNG: "image/png",
    EvidenceKind.JPEG: "image/jpeg",
    EvidenceKind.GIF: "image/gif",
    EvidenceKind.WEBP: "image/webp",
    EvidenceKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    EvidenceKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    EvidenceKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
IMAGES = frozenset({EvidenceKind.PNG, EvidenceKind.JPEG, EvidenceKind.GIF, EvidenceKind.WEBP})
# The part every Office Open XML package of each kind must hold.
_OOXML_PARTS = {
    "word/document.xml": EvidenceKind.DOCX,
    "xl/workbook.xml": EvidenceKind.XLSX,
    "ppt/presentation.xml": EvidenceKind.PPTX,
}


def sniff(head: bytes, content: IO[bytes]) -> EvidenceKind | None:
    """The file's real type from its first bytes (and, for Office files, the package's parts)."""
    if head.startswith(b"%PDF-"):
        return EvidenceKind.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return EvidenceKind.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return EvidenceKind.JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return EvidenceKind.GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return EvidenceKind.WEBP
    if head.startswith(b"PK\x03\x04"):
        try:
            content.seek(0)
            names = set(zipfile.ZipFile(content).namelist())  # reads the directory only, extracts nothing
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "[Content_Types].xml" in names:
            for part, kind in _OOXML_PARTS.items():
                if part in names:
                    return kind
    return None


def display_name(name: str, kind: str) -> str:
    """The uploader's file name kept for display (Vietnamese letters kept), path parts dropped,
    and given the extension of what the file really is."""
    base = normalize(name.replace("\\", "/").rsplit("/", 1)[-1])
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '<>:"|?*').strip(" .") or "minh-chung"
    return f"{stem[:200]}.{kind}"


def check_upload(name: str, size: int, content: IO[bytes]) -> EvidenceKind:
    limit = settings.LOA_EVIDENCE_MAX_BYTES
    if size > limit:
        raise DomainError(
            _("Tệp «%(name)s» nặng %(size)s MB, vượt giới hạn %(limit)s MB.")
            % {"name": name, "size": f"{size / 2**20:.1f}".replace(".", ","), "limit": limit // 2**20}
        )
    if size == 0:
        raise DomainError(_("Tệp «%(name)s» rỗng.") % {"name": name})
    content.seek(0)
    kind = sniff(content.read(16), content)
    if kind is None:
        raise DomainError(
            _(
                "Tệp «%(name)s» không phải PDF, ảnh (PNG, JPEG, GIF, WebP) hay tệp Word, Excel, PowerPoint "
                "(DOCX, XLSX, PPTX): Loa kiểm tra nội dung tệp, không dựa vào phần mở rộng của tên."
            )
            % {"name": name}
        )
    return kind


@transaction.atomic
def evidence_add(
    *, actor: Actor, activity: Activity, name: str, size: int, content: IO[bytes], device_id: UUID | None = None
) -> Evidence:
    require(actor, Perm.EDIT, activity.unit)
    require_unlocked(activity)
    kind = check_upload(name, size, content)
    content.seek(0)
    digest = hashlib.sha256()
    data = io.BytesIO()
    for chunk in iter(lambda: content.read(1 << 20), b""):
        digest.update(chunk)
        data.write(chunk)
    evidence = Evidence(
        activity=activity,
        name=display_name(name, kind),
        kind=kind,
        size=size,
        sha256=digest.hexdigest(),
        device_id=device_id,
        uploaded_by=actor if isinstance(actor, User) else None,
    )
    # The storage name comes from `evidence_path`; the name given here only carries the extension.
    evidence.file.save(get_valid_filename(f"x.{kind}"), ContentFile(data.getvalue()), save=False)
    stamp(evidence, actor=actor, reason="evidence.added")
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, actor: Actor, evidence: Evidence) -> None:
    """Remove the file from the activity. The stored file is kept (the audit trail still names it),
    so an administrator can restore evidence removed by mistake."""
    require(actor, Perm.EDIT, evidence.activity.unit)
    require_unlocked(evidence.activity)
    stamp(evidence, actor=actor, reason="evidence.deleted")
    evidence.delete()
