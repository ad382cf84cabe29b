"""`loa bench --scale province|national --json`: roll-ups, completeness, a report, its DOCX, a consolidation
and the dashboard page under 32 concurrent clients, each beside the plain SQL that returns the same numbers
on the same database (the floor). Targets are those of issue 7; a result says whether it met its target.
"""

import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from http.client import HTTPConnection
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.db.models import Count
from django.test import override_settings
from django.utils import timezone

from loa.core.periods import require_period
from loa.dashboards.filters import DashFilter
from loa.dashboards.selectors import children, figures
from loa.documents.converter import converter_for
from loa.documents.pdf import docx_to_pdf, pdf_available
from loa.org.backends import UserBackend
from loa.org.catalog import Role
from loa.org.models import OrgUnit, User
from loa.org.scope import SYSTEM, Actor
from loa.plans.catalog import PlanStatus
from loa.plans.document import plan_docx
from loa.plans.models import Plan
from loa.reports.completeness import completeness
from loa.reports.document import report_docx
from loa.reports.models import Report
from loa.reports.selectors import report_state
from loa.reports.services import report_accept, report_submit

from .common import measure, measure_pair
from .dataset import Dataset, ensure

CONSOLIDATED = 100  # communes whose accepted reports the province consolidates
CLIENTS = 32
# gunicorn on this 2-core machine: 3 sync workers measured best. Sync workers take a connection only when free,
# so the kernel's accept queue serves the 32 clients in turn (p95 ≈ 1.1 × p50). Threaded workers keep the
# connections they accepted, so one worker ends up with more clients than another: 3 × 4 gthread gave p50 65–120 ms
# but p95 130–250 ms; 2 × 8 and 6 × 2 were worse. LOA_BENCH_WORKER_CLASS, _WORKERS and _THREADS try others.
WORKER_CLASS = os.environ.get("LOA_BENCH_WORKER_CLASS", "sync")
WORKERS = int(os.environ.get("LOA_BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("LOA_BENCH_THREADS", "1"))


@dataclass
class Result:
    name: str
    p50_ms: float
    p95_ms: float
    floor_p50_ms: float | None
    target_ms: float | None = None
    target_ratio: float | None = None
    extra: dict[str, Any] | None = None

    @property
    def ratio(self) -> float | None:
        return round(self.p50_ms / self.floor_p50_ms, 2) if self.floor_p50_ms else None

    @property
    def met(self) -> bool:
        fast = self.target_ms is None or self.p95_ms <= self.target_ms
        close = self.target_ratio is None or (self.ratio is not None and self.ratio <= self.target_ratio)
        return fast and close and not (self.extra or {}).get("errors")

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "floor_p50_ms": None if self.floor_p50_ms is None else round(self.floor_p50_ms, 2),
            "ratio": self.ratio,
            "target": {"p95_ms": self.target_ms, "ratio": self.target_ratio},
            "met": self.met,
            **(self.extra or {}),
        }

    def line(self) -> str:
        floor = f"  sàn SQL {self.floor_p50_ms:7.1f} ms  ×{self.ratio}" if self.floor_p50_ms else ""
        verdict = "đạt" if self.met else "CHƯA ĐẠT"
        return f"{self.name:<46} p50 {self.p50_ms:8.1f} ms  p95 {self.p95_ms:8.1f} ms{floor}  [{verdict}]"


def _rows(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _floor_rollup(node: OrgUnit | None, first: int, last: int) -> int:
    """The same three statements the dashboard runs, written by hand over the same tables: months from the
    per-node-month table, channels and per-area sums from the node's detailed rows (the country's own table for
    the nation). Returns the span's total."""
    sums = "SUM(activities), SUM(quantity), SUM(reached), SUM(participants)"
    trend_where = "parent_id IS NULL" if node is None else "node_id = %s"
    node_params: list[Any] = [] if node is None else [node.pk]
    months = _rows(
        f"SELECT month, online, {sums} FROM activity_nodemonthrollup WHERE {trend_where} "
        "AND (month BETWEEN %s AND %s OR month BETWEEN %s AND %s) GROUP BY month, online",
        [*node_params, first, last, first - 100, last - 100],
    )
    table, where = ("activity_countryrollup", "1 = 1") if node is None else ("activity_activityrollup", "node_id = %s")
    _rows(
        f"SELECT channel, online, {sums} FROM {table} WHERE {where} AND month BETWEEN %s AND %s "
        "GROUP BY channel, online",
        [*node_params, first, last],
    )
    areas = ", ".join(f"SUM(CASE WHEN (area_bits & {1 << i}) > 0 THEN activities END)" for i in range(7))
    _rows(f"SELECT {areas} FROM {table} WHERE {where} AND month BETWEEN %s AND %s", [*node_params, first, last])
    return sum(int(r[2]) for r in months if first <= r[0] <= last)


def _rollup(actor: Actor, node: OrgUnit | None, first: int, last: int, repeat: int, name: str) -> Result:
    """The dashboard's figures for a node (None: the country) over a span, beside the same statements by hand and
    a plain scan of the activities they summarise. Loa and the floor must count the same activities."""
    f = DashFilter(node=node, first=first, last=last)
    assert figures(actor=actor, f=f).totals.activities == _floor_rollup(node, first, last)
    p50, p95, floor = measure_pair(lambda: figures(actor=actor, f=f), lambda: _floor_rollup(node, first, last), repeat)
    scan, _ = measure(lambda: _scan(node.path if node else "", first // 100), 3)
    return Result(name, p50, p95, floor, 100, 1.2, {"scan_activities_p50_ms": round(scan, 1)})


def _scan(prefix: str, year: int) -> int:
    """What the roll-up would cost without the rollup: the activities themselves, grouped."""
    rows = _rows(
        "SELECT channel, area_bits, COUNT(*) FROM activity_activity WHERE status = 'confirmed' AND unit_path LIKE %s "
        "AND date BETWEEN %s AND %s GROUP BY channel, area_bits",
        [prefix + "%", date(year, 1, 1), date(year, 12, 31)],
    )
    return sum(int(r[2]) for r in rows)


def _coordinator(snv: OrgUnit) -> User:
    user = User.objects.filter(username=f"bench.{snv.code}").first()
    if user is None:
        user = User.objects.create_user(
            username=f"bench.{snv.code}", password="Loa-bench-2026", role=Role.COORDINATOR, unit=snv
        )
    return user


def _consolidation_setup(snv: OrgUnit, period_id: str) -> list[OrgUnit]:
    """Real submissions and acceptances (services, real snapshots) for the province's first 100 communes."""
    period = require_period(period_id)
    communes = list(
        OrgUnit.objects.filter(parent=snv.parent, unit_type="ubnd_xa", valid_to__isnull=True).order_by("code")[
            :CONSOLIDATED
        ]
    )
    ready = set(
        Report.objects.filter(unit__in=communes, period=period.id, status="accepted", version__gte=1)
        .exclude(versions=None)
        .values_list("unit_id", flat=True)
    )
    for commune in communes:
        if commune.pk in ready:
            continue
        Report.objects.filter(unit=commune, period=period.id, versions=None).delete()
        report_accept(actor=SYSTEM, report=report_submit(actor=SYSTEM, unit=commune, period=period))
    # Reporters outside the 100 keep only synthetic rows (no snapshot): the consolidation counts the 100.
    return communes


def _floor_consolidation(snv: OrgUnit, period_id: str) -> int:
    total = 0
    for (snapshot,) in _rows(
        "SELECT v.snapshot FROM reports_reportversion v JOIN reports_report r ON r.id = v.report_id "
        "WHERE r.recipient_id = %s AND r.period = %s AND r.status = 'accepted' AND v.number = r.version",
        [snv.pk, period_id],
    ):
        data = json.loads(snapshot) if isinstance(snapshot, str) else snapshot
        total += data["figures"]["totals"]["count"]
    return total


def run(*, scale: str, repeat: int, log: Any = print) -> tuple[Dataset, list[Result]]:
    data = ensure(scale, log=log)
    today = timezone.localdate()
    year = today.year - 1  # the last full year
    province = data.provinces[0]
    snv = OrgUnit.objects.get(parent=province, unit_type="so_noi_vu", valid_to__isnull=True)
    coordinator = _coordinator(snv)
    admin = User.objects.filter(role=Role.ADMIN).first() or SYSTEM
    first, last = year * 100 + 1, year * 100 + 12
    results: list[Result] = []

    results.append(
        _rollup(admin, None, first, last, repeat, f"tổng hợp toàn quốc theo lĩnh vực × hình thức, năm {year}")
    )
    results.append(
        _rollup(coordinator, province, first, last, repeat, f"tổng hợp một tỉnh ({province.name}), năm {year}")
    )

    quarter = require_period(f"{year}Q4")
    status = completeness(snv, quarter)
    floor_sql = (
        "SELECT status, late, COUNT(*) FROM reports_report WHERE recipient_id = %s AND period = %s "
        "GROUP BY status, late"
    )
    p50, p95, floor = measure_pair(
        lambda: completeness(snv, quarter), lambda: _rows(floor_sql, [snv.pk, quarter.id]), repeat
    )
    results.append(
        Result(
            f"tình hình báo cáo quý ({status.expected} đơn vị)",
            p50,
            p95,
            floor,
            50,
            None,
        )
    )

    commune = (
        OrgUnit.objects.filter(parent=province, unit_type="ubnd_xa", valid_to__isnull=True).order_by("code").first()
    )
    assert commune is not None
    draft = require_period(f"{today.year}Q1")
    p50, p95, floor = measure_pair(
        lambda: report_state(actor=SYSTEM, unit=commune, period=draft),
        lambda: _rows(
            "SELECT channel, COUNT(*) FROM activity_activity WHERE unit_path LIKE %s AND date BETWEEN %s AND %s "
            "AND status = 'confirmed' GROUP BY channel",
            [commune.path + "%", draft.start, draft.end],
        ),
        repeat,
    )
    results.append(Result("bản nháp báo cáo quý của một xã", p50, p95, floor, 100, None))
    state = report_state(actor=SYSTEM, unit=commune, period=draft)
    p50, p95 = measure(lambda: report_docx(state), max(5, repeat // 3))
    results.append(Result("DOCX báo cáo của xã", p50, p95, None, 300, None))
    results.extend(_pdf("PDF báo cáo của xã", lambda: report_docx(state), repeat, log))
    results.extend(_plan_documents(repeat, log))

    period_id = f"{year}Q4"
    communes = _consolidation_setup(snv, period_id)
    consolidated = report_state(actor=SYSTEM, unit=snv, period=period_id)
    assert consolidated.figures["totals"]["count"] >= _floor_consolidation(snv, period_id)
    p50, p95, floor = measure_pair(
        lambda: report_state(actor=SYSTEM, unit=snv, period=period_id),
        lambda: _floor_consolidation(snv, period_id),
        max(5, repeat // 3),
    )
    results.append(Result(f"tổng hợp báo cáo của {len(communes)} xã (Sở Nội vụ)", p50, p95, floor, 1000, None))

    results.append(_http(coordinator, province, first, last, repeat))
    return data, results


def _plan_documents(repeat: int, log: Any) -> list[Result]:
    """The demo province's issued plan (the plan with the most tasks) as DOCX and as PDF."""
    plan = (
        Plan.objects.filter(status=PlanStatus.ISSUED, parent__isnull=True)
        .annotate(n=Count("tasks"))
        .order_by("-n", "pk")
        .first()
    )
    if plan is None:
        log("  không có kế hoạch đã ban hành: bỏ qua DOCX và PDF kế hoạch")
        return []
    tasks = list(plan.tasks.order_by("position", "pk"))
    name = f"kế hoạch của tỉnh ({len(tasks)} nhiệm vụ)"
    p50, p95 = measure(lambda: plan_docx(plan, tasks), max(5, repeat // 3))
    return [
        Result(f"DOCX {name}", p50, p95, None, 300, None),
        *_pdf(f"PDF {name}", lambda: plan_docx(plan, tasks), repeat, log),
    ]


def _pdf(name: str, docx: Callable[[], bytes], repeat: int, log: Any) -> list[Result]:
    """A download as PDF: the DOCX written, then converted by this process's warm LibreOffice with the PDF cache
    bypassed (`cached=False`), so each round converts; the first, untimed round starts LibreOffice. Beside it
    the same through the cache (a second download of the same document) and, for comparison, cold soffice."""
    if not pdf_available():
        log(f"  LibreOffice chưa cài: bỏ qua «{name}»")
        return []
    p50, p95 = measure(lambda: docx_to_pdf(docx(), cached=False), max(10, repeat // 2))
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    warm = soffice is not None and converter_for(soffice).pid is not None
    with override_settings(LOA_PDF_WARM=False):
        cold, _ = measure(lambda: docx_to_pdf(docx(), cached=False), 3)
    extra = {"converter": "warm" if warm else "cold", "cache": "bypassed", "cold_p50_ms": round(cold, 1)}
    hit50, hit95 = measure(lambda: docx_to_pdf(docx()), max(5, repeat // 3))
    return [
        Result(name, p50, p95, None, 1000, None, extra),
        Result(f"{name}, lần tải lại (bộ nhớ đệm)", hit50, hit95, None, 300, None, {"cache": "hit"}),
    ]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _http(user: User, province: OrgUnit, first: int, last: int, repeat: int) -> Result:
    """The dashboard page for a coordinator from gunicorn (as the README recommends running it) under 32 clients
    at once, from a load generator of its own (bench/http_load.py); any status but 200 is an error."""
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = f"{UserBackend.__module__}.{UserBackend.__qualname__}"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    port = _free_port()
    env = {**os.environ, "LOA_DEBUG": "false", "LOA_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{settings.DATABASES['default']['NAME']}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "loa.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--worker-class",
            WORKER_CLASS,
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(settings.BASE_DIR),
    )
    path = f"/dashboard/?from={first % 100:02d}/{first // 100}&to={last % 100:02d}/{last // 100}"
    headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}", "Host": "127.0.0.1"}
    try:
        for _ in range(100):
            try:
                probe = HTTPConnection("127.0.0.1", port, timeout=30)
                probe.request("GET", path, headers=headers)
                response = probe.getresponse()
                body = response.read()
                if response.status == 200 and b"kpi-activities" in body:
                    break
                raise RuntimeError(f"dashboard answered {response.status}")
            except ConnectionRefusedError:
                time.sleep(0.2)
        load = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).with_name("http_load.py")),
                "--port",
                str(port),
                "--path",
                path,
                "--cookie",
                headers["Cookie"],
                "--clients",
                str(CLIENTS),
                "--requests",
                str(max(40, repeat)),
                "--warm",
                # Untimed first requests: each worker process fills its own cache and settles, as on a server that
                # has been running (with 2 the first timed window's p95 was 20–30 ms above the next ones').
                "10",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        outcome = json.loads(load.stdout)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    samples = sorted(outcome["samples_ms"])
    errors, wall = outcome["errors"], outcome["wall_s"]
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    f = DashFilter(node=province, first=first, last=last)
    floor, _ = measure(lambda: (_floor_rollup(province, first, last), children(actor=user, f=f)), 10)
    return Result(
        f"trang thống kê qua HTTP, {CLIENTS} người dùng đồng thời",
        statistics.median(samples),
        p95,
        floor,
        150,
        None,
        {
            "requests": len(samples),
            "errors": len(errors),
            "requests_per_second": round(len(samples) / wall, 1),
            "server": f"gunicorn {WORKER_CLASS}, {WORKERS} workers × {THREADS} threads",
        },
    )


def _database() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"  # type: ignore[attr-defined]
    version = connection.pg_version  # type: ignore[attr-defined]
    return f"PostgreSQL {version // 10000}.{version % 100}"


def write(data: Dataset, results: list[Result]) -> tuple[dict[str, Any], Path]:
    out = {
        "dataset": data.as_json(),
        "database": _database(),
        "results": [r.as_json() for r in results],
    }
    folder = Path(settings.BASE_DIR) / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{data.scale}-{connection.vendor}-{timezone.now():%Y%m%d-%H%M}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return out, path
