"""Helper processes for test_backup.py (run as `python -m loa.core.tests.backup_helper STEP …`), each against
the throwaway database and media directory named by DATABASE_URL and LOA_MEDIA_ROOT.

- `setup`: a province and a commune, 20 activities, every other one with an evidence file, and a file no row
  names;
- `write STOPFILE`: records activities (every third with a file) until STOPFILE exists; prints "writing" after
  the first one, and the number written at the end;
- `state`: prints the digests of every table, the activities and their creation history rows, and the sha256 of
  every stored file, as JSON.
"""

import hashlib
import io
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loa.settings")


def _record(n: int, with_file: bool) -> None:
    from loa.activity.services import ActivityInput, activity_create
    from loa.org.models import OrgUnit
    from loa.org.scope import SYSTEM

    commune = OrgUnit.objects.get(code="99001")
    files = []
    if with_file:
        content = b"%PDF-1.4\n" + f"Minh chứng {n}\n".encode() + os.urandom(64) + b"\n%%EOF\n"
        files.append((f"minh-chung-{n}.pdf", len(content), io.BytesIO(content)))
    activity_create(
        actor=SYSTEM,
        unit=commune,
        data=ActivityInput(date=date(2026, 3, 1 + n % 28), channel="cong_ttdt", title=f"Đăng tin CCHC số {n}"),
        files=files,
    )


def setup() -> None:
    from loa.org.scope import SYSTEM
    from loa.org.services import unit_create

    province = unit_create(actor=SYSTEM, code="99", name="Tỉnh Thử", unit_type="ubnd_tinh", parent=None)
    unit_create(actor=SYSTEM, code="99001", name="Xã Thử", unit_type="ubnd_xa", parent=province)
    for n in range(20):
        _record(n, with_file=n % 2 == 0)
    # A file no row names, as a save still in flight leaves it (possibly half written): not backed up.
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save("evidence/in-flight.pdf", ContentFile(b"%PDF-1.4\nhalf"))


def write(stop: str) -> None:
    n = 1000
    while not Path(stop).exists():
        _record(n, with_file=n % 3 == 0)
        if n == 1000:
            print("writing", flush=True)
        n += 1
    print(n - 1000, flush=True)


def state() -> None:
    from django.core.files.storage import default_storage

    from loa.activity.models import Activity
    from loa.core.backup import _storage_names, current_digests

    files = {}
    for name in _storage_names(default_storage):
        with default_storage.open(name, "rb") as raw:
            files[name] = hashlib.sha256(raw.read()).hexdigest()
    print(
        json.dumps(
            {
                "tables": current_digests(),
                "activities": Activity.objects.count(),
                "created_history": Activity.history.filter(history_type="+").count(),
                "files": files,
            }
        )
    )


if __name__ == "__main__":
    import django

    django.setup()
    steps: dict[str, Callable[..., None]] = {"setup": setup, "write": write, "state": state}
    steps[sys.argv[1]](*sys.argv[2:])
