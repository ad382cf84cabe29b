"""Matrix rows for importing documents as draft plans: drafters of a unit may upload for it and review
its imports; anyone else meets a 403 (no drafting right at all) or a 404 (not their unit). Each
review POST gets a fresh import, made by its `body` callable right before the request."""

from pathlib import Path

from .matrix import Case, statuses, unit_of

FIXTURES = Path(__file__).resolve().parents[2] / "intake" / "tests" / "fixtures" / "docs"
SAMPLE = FIXTURES / "04-xa-kim-lien-plan-2026.docx"

UPLOAD_PAGE = statuses(200, anon=302, viewer=403)
# The unit field only offers units the user drafts for: a stranger's upload is a form error (200).
UPLOAD_OWN = statuses(200, anon=302, viewer=403, coordinator=302, leader=302, editor=302)
UPLOAD_FOREIGN = statuses(200, anon=302, viewer=403, foreign=302)
REVIEW_OWN = statuses(404, anon=302, admin=200, coordinator=200, leader=200, editor=200)
REVIEW_FOREIGN = statuses(404, anon=302, admin=200, foreign=200)
SAVE_OWN = statuses(404, anon=302, admin=302, coordinator=302, leader=302, editor=302)
SAVE_FOREIGN = statuses(404, anon=302, admin=302, foreign=302)


def fresh_import(world, target):
    from loa.intake.services import import_start
    from loa.org.scope import SYSTEM

    record = import_start(actor=SYSTEM, unit=unit_of(world, target), name=SAMPLE.name, data=SAMPLE.read_bytes())
    world.imports = {**getattr(world, "imports", {}), target: record.pk}
    return record.pk


def _upload(world, target, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"unit": unit_of(world, target).pk, "file": SimpleUploadedFile(SAMPLE.name, SAMPLE.read_bytes())}


def _review_url(world, target):
    imports = getattr(world, "imports", {})
    return f"/plans/import/{imports[target] if target in imports else fresh_import(world, target)}/"


def _save(world, target, persona):
    fresh_import(world, target)
    # "unit": the admin, who may draft for xã Kim Liên too, is asked whose draft it becomes (intake/issuer.py).
    form = {"year": "2026", "title": "Tuyên truyền CCHC năm 2026", "place": "Kim Liên", "symbol": "KH-UBND"}
    return form | {"unit": unit_of(world, target).pk}


INTAKE_CASES = [
    Case("intake:upload", "GET", lambda w, t: "/plans/import/", {"own": UPLOAD_PAGE}, targets=("own",)),
    Case(
        "intake:upload",
        "POST",
        lambda w, t: "/plans/import/",
        {"own": UPLOAD_OWN, "foreign": UPLOAD_FOREIGN},
        body=_upload,
        fmt="multipart",
    ),
    Case("intake:review", "GET", _review_url, {"own": REVIEW_OWN, "foreign": REVIEW_FOREIGN}),
    Case("intake:review", "POST", _review_url, {"own": SAVE_OWN, "foreign": SAVE_FOREIGN}, body=_save),
]
