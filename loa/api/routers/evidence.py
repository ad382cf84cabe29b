"""Evidence files of activities: upload, download, delete (one scoping call each, then the activity services)."""

from typing import Any

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from loa.activity import evidence as evidence_service
from loa.activity import selectors
from loa.activity.evidence import CONTENT_TYPES
from loa.activity.models import Evidence, EvidenceKind
from loa.core.http import stored_file

from ..schemas import ERRORS

router = Router(tags=["Minh chứng"])


class EvidenceOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    sha256: str
    uploaded_at: Any
    url: str

    @staticmethod
    def resolve_url(obj: Evidence) -> str:
        return f"/api/evidence/{obj.pk}"


@router.post("/activities/{int:activity_id}/evidence", response={201: EvidenceOut, **ERRORS})
def evidence_upload(request: HttpRequest, activity_id: int, file: File[UploadedFile]) -> Any:
    activity = selectors.activity_get(actor=request.user, pk=activity_id)
    evidence = evidence_service.evidence_add(
        actor=request.user, activity=activity, name=file.name or "", size=file.size or 0, content=file
    )
    return Status(201, evidence)


@router.get("/evidence/{int:evidence_id}", response={200: None, **ERRORS})
def evidence_download(request: HttpRequest, evidence_id: int) -> Any:
    """The file itself, as uploaded (attachment)."""
    evidence = selectors.evidence_get(actor=request.user, pk=evidence_id)
    return stored_file(evidence.file, evidence.name, CONTENT_TYPES[EvidenceKind(evidence.kind)])


@router.delete("/evidence/{int:evidence_id}", response={204: None, **ERRORS})
def evidence_delete(request: HttpRequest, evidence_id: int) -> Any:
    evidence = selectors.evidence_get(actor=request.user, pk=evidence_id)
    evidence_service.evidence_delete(actor=request.user, evidence=evidence)
    return Status(204, None)
