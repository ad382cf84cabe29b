"""Build loa/org/data/vn-units-legacy.json.gz: Vietnam's administrative units before 1 July 2025.

Source: the `vietnam-provinces` package, release 0.6.0 (January 2025, GPL-3.0-or-later, by Nguyễn
Hồng Quân), the last release holding the three-level structure (63 provinces, 696 districts, 10,051
communes). Loa depends on the current release for the post-reform units; this script keeps the
legacy tree as data so both can be loaded. Re-run it only to refresh the file:

    pip download --no-deps vietnam-provinces==0.6.0 -d /tmp/vp
    python scripts/build_legacy_units.py /tmp/vp/vietnam_provinces-0.6.0-py3-none-any.whl
"""

import gzip
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "loa" / "org" / "data" / "vn-units-legacy.json.gz"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as zf:
        provinces = json.loads(zf.read("vietnam_provinces/data/nested-divisions.json"))
    rows = []  # [level, code, name]; parents follow from nesting order
    for province in provinces:
        rows.append(["p", province["code"], province["name"]])
        for district in province["districts"]:
            rows.append(["d", district["code"], district["name"]])
            for ward in district["wards"]:
                rows.append(["c", ward["code"], ward["name"]])
    payload = {"source": "vietnam-provinces 0.6.0 (GPL-3.0-or-later)", "as_of": "2025-01-04", "rows": rows}
    OUT.write_bytes(gzip.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(), mtime=0))
    print(f"{OUT}: {len(rows)} units")


if __name__ == "__main__":
    main(sys.argv[1])
