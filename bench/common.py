"""Shared pieces of the benchmarks: timing with percentiles, synthetic activities inserted fast."""

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from loa.activity.models import Activity
from loa.core.text import fold, normalize
from loa.org.models import OrgUnit


@dataclass
class Timing:
    name: str
    p50_ms: float
    p95_ms: float
    floor_p50_ms: float | None = None

    def line(self) -> str:
        ratio = f"  ×{self.p50_ms / self.floor_p50_ms:.1f} sàn SQL" if self.floor_p50_ms else ""
        floor = f"  (sàn SQL p50 {self.floor_p50_ms:.1f} ms)" if self.floor_p50_ms else ""
        return f"{self.name:<44} p50 {self.p50_ms:7.1f} ms  p95 {self.p95_ms:7.1f} ms{floor}{ratio}"


def measure(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    fn()  # warm caches once, as a server that has been running would have them
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]


def measure_pair(fn: Callable[[], object], floor: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """Loa and its floor timed in turn, one run of each per round: a burst of noise on the machine then falls on
    both rather than on whichever ran during it, so their ratio stays meaningful. Returns p50, p95 and the floor's
    p50."""
    fn()  # warm caches once, as a server that has been running would have them
    floor()
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        for call, samples in ((fn, ours), (floor, theirs)):
            started = time.perf_counter()
            call()
            samples.append((time.perf_counter() - started) * 1000)
    ours.sort()
    return statistics.median(ours), ours[max(0, round(0.95 * len(ours)) - 1)], statistics.median(theirs)


WORDS = [
    "Tuyên truyền trên Zalo về {t}",
    "Phát thanh tin về {t} trên loa truyền thanh cơ sở",
    "Tin: {t} trên trang thông tin điện tử",
    "Hội nghị đối thoại với người dân về {t}",
    "Niêm yết công khai thủ tục hành chính: {t}",
    "Treo băng rôn, pano tuyên truyền {t}",
    "Tập huấn cán bộ, công chức về {t}",
    "Bài đăng Facebook: {t}",
    "Lồng ghép tuyên truyền {t} trong họp thôn, tổ dân phố",
    "Phát tờ rơi hướng dẫn {t}",
]
TOPICS = [
    "nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia",
    "thanh toán trực tuyến phí, lệ phí",
    "tài khoản định danh điện tử VNeID",
    "cắt giảm thủ tục hành chính",
    "chính quyền địa phương hai cấp",
    "đạo đức công vụ, văn hóa công sở",
    "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "tiếp nhận phản ánh, kiến nghị",
    "Chỉ số hài lòng SIPAS",
    "Đề án 06 về dữ liệu dân cư",
    "chuyển đổi số trong y tế",
    "đăng ký kinh doanh qua mạng",
]
CHANNELS = ["mang_xa_hoi", "phat_thanh", "cong_ttdt", "hoi_nghi", "niem_yet_tthc", "truc_quan", "tap_huan"]


_COLUMNS = (
    "unit_id, unit_path, date, channel, online, area_bits, index_bits, title, description, quantity, measure, "
    "audience, url, status, search_text, reached, participants, created_at, updated_at"
)


def activity_row(
    unit_id: int,
    path: str,
    day: date,
    channel: str,
    online: bool,
    area_bits: int,
    title: str,
    quantity: int,
    now: datetime,
    *,
    reached: int | None = None,
    participants: int | None = None,
) -> tuple[Any, ...]:
    """One confirmed synthetic activity, in the column order of `insert_activities`."""
    search = fold(normalize(title))
    return (unit_id, path, day, channel, online, area_bits, 0, title, "", quantity, "lần", "", "", "confirmed", search,
            reached, participants, now, now)  # fmt: skip


def insert_activities(rows: list[tuple[Any, ...]]) -> None:
    """One executemany in one transaction and no history rows: these are benchmark data, not user entries (the
    import benchmark measures the real, audited path)."""
    sql = f"INSERT INTO {Activity._meta.db_table} ({_COLUMNS}) VALUES ({', '.join(['%s'] * 19)})"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def ensure_activities(target: int, *, seed: int = 7, batch: int = 20_000) -> int:
    """Top the database up to `target` synthetic activities spread over every current commune."""
    have = Activity.objects.count()
    if have >= target:
        return have
    rng = random.Random(seed + have)
    units = list(OrgUnit.objects.filter(unit_type="ubnd_xa", valid_to__isnull=True).values_list("pk", "path"))
    start = timezone.localdate() - timedelta(days=720)
    now = timezone.now()
    remaining = target - have
    while remaining > 0:
        rows = []
        for _ in range(min(batch, remaining)):
            unit_id, path = rng.choice(units)
            title = rng.choice(WORDS).format(t=rng.choice(TOPICS))
            channel = rng.choice(CHANNELS)
            day = start + timedelta(days=rng.randrange(720))
            online = channel in {"mang_xa_hoi", "cong_ttdt"}
            rows.append(
                activity_row(unit_id, path, day, channel, online, 1 << rng.randrange(7), title, rng.randint(1, 9), now)
            )
        insert_activities(rows)
        remaining -= len(rows)
    table = Activity._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
    return Activity.objects.count()
