"""`loa sign verify`, the verification page and the API give the same verdicts (one check), and the trusted roots
are kept by the system administrator alone."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from loa.signing.models import TrustedRoot

from .pki import pki, plain_pdf, signed_pdf, stored_root


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_command_prints_the_contract_in_json_and_exits_0_whatever_the_verdict(db, tmp_path: Path, capsys):
    p = pki()
    good = tmp_path / "ke-hoach.pdf"
    good.write_bytes(signed_pdf(p.signer, [p.issuing]))
    root = tmp_path / "goc.pem"
    root.write_bytes(p.root.pem)
    call_command("sign", "verify", str(good), "--trust", str(root), "--json")
    [signature] = json.loads(capsys.readouterr().out)["signatures"]
    assert signature["signer"] == "Nguyễn Thị Hằng" and signature["intact"] is True and signature["trusted"] is True
    assert signature["signed_at"].startswith("20")
    call_command("sign", "verify", str(good), "--json")  # no root given, none configured: read, not trusted
    [untrusted] = json.loads(capsys.readouterr().out)["signatures"]
    assert untrusted["intact"] is True and untrusted["trusted"] is False
    tampered = bytearray(good.read_bytes())
    at = tampered.index(b"/Title") + 8
    tampered[at] ^= 1
    good.write_bytes(bytes(tampered))
    call_command("sign", "verify", str(good), "--trust", str(root))
    assert "ĐÃ BỊ THAY ĐỔI" in capsys.readouterr().out
    junk = tmp_path / "khong-phai.pdf"
    junk.write_bytes(b"hello")
    with pytest.raises(CommandError, match="không phải PDF"):
        call_command("sign", "verify", str(junk))
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("sign", "verify", str(tmp_path / "khong-co.pdf"))


def test_page_and_api_give_the_same_verdict_with_the_configured_roots(world):
    p = pki()
    stored_root()
    data = signed_pdf(p.signer, [p.issuing])
    client = _client(world.users["editor"])
    page = client.post("/signing/verify/", {"file": SimpleUploadedFile("a.pdf", data, "application/pdf")})
    text = page.content.decode()
    assert page.status_code == 200 and "Nguyễn Thị Hằng" in text and "Chứng thư tin cậy" in text
    api = client.post("/api/signing/verify", {"file": SimpleUploadedFile("a.pdf", data, "application/pdf")}).json()
    [signature] = api["signatures"]
    assert signature["trusted"] and signature["intact"] and signature["organisation"] == "UBND xã Thành Sen"
    plain = client.post("/signing/verify/", {"file": SimpleUploadedFile("b.pdf", plain_pdf(), "application/pdf")})
    assert "Tệp này không có chữ ký số." in plain.content.decode()
    bad = client.post("/signing/verify/", {"file": SimpleUploadedFile("c.pdf", b"\x89PNG....", "application/pdf")})
    assert bad.status_code == 400 and "không phải PDF" in bad.content.decode()


def test_only_the_system_administrator_changes_the_roots(world):
    p = pki()
    coordinator = _client(world.users["coordinator"])
    refused = coordinator.post("/signing/roots/", {"name": "Gốc", "file": SimpleUploadedFile("g.pem", p.root.pem)})
    assert refused.status_code == 403 and not TrustedRoot.objects.exists()
    admin = _client(world.users["admin"])
    added = admin.post("/signing/roots/", {"name": "Gốc thử", "file": SimpleUploadedFile("g.pem", p.root.pem)})
    assert added.status_code == 302 and TrustedRoot.objects.get().name == "Gốc thử"
    twice = admin.post("/signing/roots/", {"name": "Lại", "file": SimpleUploadedFile("g.pem", p.root.pem)})
    assert twice.status_code == 400 and "đã có" in twice.content.decode()
    leaf = admin.post("/signing/roots/", {"name": "Lá", "file": SimpleUploadedFile("l.pem", p.signer.pem)})
    assert leaf.status_code == 400 and "không phải chứng thư của tổ chức chứng thực" in leaf.content.decode()
    junk = admin.post("/signing/roots/", {"name": "Rác", "file": SimpleUploadedFile("r.pem", b"rac")})
    assert junk.status_code == 400 and "không phải chứng thư số" in junk.content.decode()
    assert TrustedRoot.objects.count() == 1
    assert TrustedRoot.history.filter(history_change_reason="signing.root_added").count() == 1
