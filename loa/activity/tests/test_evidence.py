"""Evidence files: type by content, size limit, safe names, scoped download, atomic with the activity."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from pypdf import PdfReader

from loa.activity.demo import demo_docx, demo_pdf, demo_png
from loa.activity.evidence import display_name, evidence_add, sniff
from loa.activity.models import Activity, Evidence, EvidenceKind
from loa.core.errors import DomainError, PermissionDenied

from .conftest import YEAR, record


@pytest.fixture
def activity(world):
    return record(world.users["editor"], world.commune, day=date(YEAR, 3, 2), quantity=1, tasks=[])


def test_types_are_recognised_by_content_not_name(world, activity):
    import random

    for content, kind in [
        (demo_pdf("Biên bản"), EvidenceKind.PDF),
        (demo_png(random.Random(1)), EvidenceKind.PNG),
        (demo_docx(activity), EvidenceKind.DOCX),
    ]:
        assert sniff(content[:16], io.BytesIO(content)) == kind
    # A script renamed to .pdf, and a zip that is not an Office file, are refused.
    for content in (b"<script>alert(1)</script>", b"PK\x03\x04" + b"\x00" * 40):
        with pytest.raises(DomainError, match="không phải PDF, ảnh"):
            evidence_add(
                actor=world.users["editor"],
                activity=activity,
                name="bien-ban.pdf",
                size=len(content),
                content=io.BytesIO(content),
            )
    assert not activity.evidence.exists()


def test_stored_name_is_chosen_by_loa_and_shown_name_is_cleaned(world, activity):
    content = demo_pdf("x")
    evidence = evidence_add(
        actor=world.users["editor"],
        activity=activity,
        name="../../etc/Biên bản hội nghị.exe",
        size=len(content),
        content=io.BytesIO(content),
    )
    assert evidence.name == "Biên bản hội nghị.pdf"  # path parts dropped, real extension
    assert evidence.file.name.startswith("evidence/") and evidence.file.name.endswith(".pdf")
    stored = str(evidence.file.name)
    assert ".." not in stored and "Bi" not in stored
    assert len(evidence.sha256) == 64 and evidence.size == len(content)
    assert display_name('a<b>:c"|?*.docx', "docx") == "abc.docx"
    assert PdfReader(evidence.file.open("rb")).pages[0].extract_text().startswith("Bien ban")


@override_settings(LOA_EVIDENCE_MAX_BYTES=2**20)
def test_size_limit_is_configurable_and_named(world, activity):
    content = demo_pdf("x") + b"0" * (3 * 2**19)
    with pytest.raises(DomainError, match=r"«lon\.pdf» nặng 1,5 MB, vượt giới hạn 1 MB"):
        evidence_add(
            actor=world.users["editor"],
            activity=activity,
            name="lon.pdf",
            size=len(content),
            content=io.BytesIO(content),
        )


def test_only_editors_of_the_unit_attach_and_downloads_stay_in_scope(world, activity):
    content = demo_pdf("x")
    with pytest.raises(PermissionDenied):
        evidence_add(
            actor=world.users["viewer"], activity=activity, name="a.pdf", size=len(content), content=io.BytesIO(content)
        )
    evidence = evidence_add(
        actor=world.users["editor"], activity=activity, name="a.pdf", size=len(content), content=io.BytesIO(content)
    )
    url = f"/activities/evidence/{evidence.pk}/"
    for persona, expected in {"viewer": 200, "coordinator": 200, "neighbour": 404, "foreign": 404}.items():
        client = Client()
        client.force_login(world.users[persona])
        response = client.get(url)
        assert response.status_code == expected, persona
        if expected == 200:
            assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment")
            assert response["X-Content-Type-Options"] == "nosniff"


def test_form_with_one_bad_file_saves_nothing(world):
    client = Client()
    client.force_login(world.users["editor"])
    before = Activity.objects.count()
    response = client.post(
        "/activities/new/",
        {
            "unit": world.commune.pk,
            "date": "02/03/2026",
            "channel": "hoi_nghi",
            "title": "Hội nghị đối thoại",
            "quantity": "1",
            "evidence": [
                SimpleUploadedFile("bien-ban.pdf", demo_pdf("ok"), content_type="application/pdf"),
                SimpleUploadedFile("anh.jpg", b"not really an image", content_type="image/jpeg"),
            ],
        },
    )
    assert response.status_code == 200
    assert "Tệp «anh.jpg» không phải PDF, ảnh" in response.content.decode()
    assert Activity.objects.count() == before and not Evidence.objects.filter(name="bien-ban.pdf").exists()
