"""The synthetic country (or one province) the scale benchmark measures, built once and reused.

National: the 34 real provinces and 3,321 real communes, plus per province a Sở Nội vụ and 19 departments and
per commune 2–3 sections (~12,000 units); five years of activities (2022 to today, ≥ 3 million) and reports
(each commune and department, the seven standard periods and twelve months a year, ≥ 250,000). Province: the
same for the one province with the most communes. Rows are inserted with executemany and no history (benchmark
data, not user entries); the rollup is then rebuilt set-based, as after a migration.
"""

import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from loa.activity import rollup
from loa.activity.models import Activity
from loa.core.catalogs import ONLINE_CHANNELS, Channel
from loa.core.periods import parse_period, standard_periods
from loa.org.models import OrgUnit
from loa.org.tree import subtree_q
from loa.reports.models import Report

from .common import TOPICS, WORDS, activity_row, insert_activities

YEARS = 5
SECTIONS = ("Văn phòng HĐND và UBND", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế")
DEPARTMENTS = 19
PER_YEAR = {"ubnd_xa": 110, "phong_xa": 25, "so_nganh": 80, "so_noi_vu": 120}  # activities per unit and year
CHANNELS = list(Channel.values)
WEIGHTS = [12, 12, 3, 2, 14, 3, 3, 8, 5, 6, 6, 2, 1, 10, 10, 3]  # loudspeakers and portals lead, as in real reports


@dataclass
class Dataset:
    scale: str
    provinces: list[OrgUnit]
    units: int
    activities: int
    reports: int
    build_seconds: float

    def as_json(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "provinces": len(self.provinces),
            "communes": OrgUnit.objects.filter(
                unit_type="ubnd_xa", valid_to__isnull=True, path__regex=_paths_regex(self.provinces)
            ).count(),
            "units": self.units,
            "activities": self.activities,
            "reports": self.reports,
            "years": YEARS,
            "build_seconds": round(self.build_seconds, 1),
        }


def _paths_regex(provinces: list[OrgUnit]) -> str:
    return "^(" + "|".join(p.path.replace(".", r"\.") for p in provinces) + ")"


def provinces_for(scale: str) -> list[OrgUnit]:
    current = OrgUnit.objects.filter(unit_type="ubnd_tinh", valid_to__isnull=True, parent__isnull=True)
    if scale == "national":
        return list(current.order_by("code"))
    busiest = (
        current.annotate(n=Count("children", distinct=True)).order_by("-n", "code").first()
    )  # Hà Nội: 126 communes and wards
    assert busiest is not None, "load the administrative units first (loa units load-vn)"
    return [busiest]


def ensure(scale: str, *, seed: int = 2026, log: Any = print) -> Dataset:
    provinces = provinces_for(scale)
    marker = f"BENCH.{scale.upper()}"
    started = time.perf_counter()
    if not OrgUnit.objects.filter(code=marker).exists():
        rng = random.Random(seed)
        log(f"  dựng dữ liệu {scale}: {len(provinces)} tỉnh…")
        for province in provinces:
            _units(province, rng)
        units = _scale_units(provinces)
        log(f"  {len(units)} đơn vị; thêm hoạt động 5 năm…")
        _activities(units, rng, log)
        log("  dựng bảng tổng hợp (rollup)…")
        rollup.rebuild()
        log("  thêm báo cáo…")
        _reports(provinces, rng)
        OrgUnit.objects.create(code=marker, name=f"Dữ liệu benchmark {scale}", unit_type="khac", path=f"{marker}/")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    regex = _paths_regex(provinces)
    return Dataset(
        scale=scale,
        provinces=provinces,
        units=OrgUnit.objects.filter(path__regex=regex).count(),
        activities=Activity.objects.filter(unit_path__regex=regex).count(),
        reports=Report.objects.filter(unit__path__regex=regex).count(),
        build_seconds=time.perf_counter() - started,
    )


def _new_unit(parent: OrgUnit, code: str, name: str, unit_type: str) -> OrgUnit:
    unit = OrgUnit(code=code, name=name, unit_type=unit_type, parent=parent)
    unit.refresh_derived()
    return unit


def _units(province: OrgUnit, rng: random.Random) -> None:
    """A Sở Nội vụ and departments for the province, sections for each commune (skipping what exists)."""
    inside = OrgUnit.objects.filter(subtree_q(province))
    existing = set(inside.values_list("code", flat=True))
    names = set(inside.filter(valid_to__isnull=True).values_list("parent_id", "name"))  # the demo's own sections
    new = []
    if not OrgUnit.objects.filter(parent=province, unit_type="so_noi_vu").exists():
        new.append(_new_unit(province, f"{province.code}.SNV", "Sở Nội vụ", "so_noi_vu"))
    new += [
        _new_unit(province, f"{province.code}.S{i:02d}", f"Sở ngành {i:02d}", "so_nganh")
        for i in range(1, DEPARTMENTS + 1)
    ]
    communes = OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa", valid_to__isnull=True).order_by("code")
    for i, commune in enumerate(communes):
        for j, name in enumerate(SECTIONS[: 3 if i % 5 < 2 else 2]):
            new.append(_new_unit(commune, f"{commune.code}.P{j + 1}", name, "phong_xa"))
    fresh = [u for u in new if u.code not in existing and (u.parent_id, u.name) not in names]
    OrgUnit.objects.bulk_create(fresh, batch_size=2000)


def _scale_units(provinces: list[OrgUnit]) -> list[tuple[int, str, str]]:
    return list(
        OrgUnit.objects.filter(path__regex=_paths_regex(provinces), valid_to__isnull=True, unit_type__in=PER_YEAR)
        .order_by("path")
        .values_list("pk", "path", "unit_type")
    )


def _activities(units: list[tuple[int, str, str]], rng: random.Random, log: Any) -> None:
    today = timezone.localdate()
    now = timezone.now()
    first_year = today.year - YEARS + 1
    batch: list[tuple[Any, ...]] = []
    written = 0

    def flush() -> None:
        nonlocal written
        insert_activities(batch)
        written += len(batch)
        batch.clear()
        if written % 500_000 < 20_000:
            log(f"    {written:,} hoạt động")

    for unit_id, path, unit_type in units:
        for year in range(first_year, today.year + 1):
            days = (min(today, date(year, 12, 31)) - date(year, 1, 1)).days + 1
            count = max(1, int(rng.gauss(PER_YEAR[unit_type], PER_YEAR[unit_type] / 4)) * days // 365)
            for _ in range(count):
                channel = rng.choices(CHANNELS, WEIGHTS)[0]
                title = rng.choice(WORDS).format(t=rng.choice(TOPICS))
                gathering = channel in {"hoi_nghi", "tap_huan", "doan_the", "san_khau_hoa"}
                day = date(year, 1, 1) + timedelta(days=rng.randrange(days))
                areas = (1 << rng.randrange(7)) | ((1 << rng.randrange(7)) if rng.random() < 0.3 else 0)
                batch.append(
                    activity_row(
                        unit_id,
                        path,
                        day,
                        channel,
                        channel in ONLINE_CHANNELS,
                        areas,
                        title,
                        rng.randint(1, 9),
                        now,
                        reached=None if gathering else rng.randint(50, 5000),
                        participants=rng.randint(20, 300) if gathering else None,
                    )
                )
                if len(batch) >= 20_000:
                    flush()
    if batch:
        flush()


def _reports(provinces: list[OrgUnit], rng: random.Random) -> None:
    """Reports of every commune and department to its Sở Nội vụ: the standard periods and the twelve months of
    each year whose cut-off has passed; most accepted, some submitted, returned or still drafts, a few missing."""
    today = timezone.localdate()
    now = timezone.now()
    rows = []
    for province in provinces:
        snv = OrgUnit.objects.get(parent=province, unit_type="so_noi_vu", valid_to__isnull=True)
        reporters = OrgUnit.objects.filter(
            parent=province, unit_type__in=["ubnd_xa", "so_nganh"], valid_to__isnull=True
        ).values_list("pk", flat=True)
        for year in range(today.year - YEARS + 1, today.year + 1):
            periods = standard_periods(year) + [p for m in range(1, 13) if (p := parse_period(f"{year}-{m:02d}"))]
            for period in periods:
                if period.end >= today:
                    continue
                deadline = period.end + timedelta(days=6)
                for unit_id in reporters:
                    roll = rng.random()
                    if roll < 0.03:
                        continue  # never sent
                    status = (
                        "accepted"
                        if roll < 0.85
                        else "submitted"
                        if roll < 0.93
                        else "returned"
                        if roll < 0.97
                        else "draft"
                    )
                    sent = None if status == "draft" else _at(deadline + timedelta(days=rng.randint(-5, 3)))
                    rows.append(
                        Report(
                            unit_id=unit_id,
                            period=period.id,
                            year=year,
                            recipient=snv,
                            window_start=period.start,
                            window_end=period.end,
                            deadline=deadline,
                            status=status,
                            version=0 if sent is None else 1,
                            first_submitted_at=sent,
                            submitted_at=sent,
                            late=bool(sent and sent.date() > deadline),
                            accepted_at=sent if status == "accepted" else None,
                            returned_at=sent if status == "returned" else None,
                            return_reason="Bổ sung số liệu" if status == "returned" else "",
                            created_at=now,
                            updated_at=now,
                        )
                    )
    Report.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)  # the demo province has its own


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 30, tzinfo=timezone.get_current_timezone())
