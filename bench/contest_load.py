"""A quiz round under load (issue 21 item 7): N people take part within a window (default 2,000 in 10 minutes),
against gunicorn as deployed (3 sync workers) on loopback. Each person does what a phone does: opens the contest
page, names themselves (POST), gets the attempt page with its questions, thinks, and sends the answers (POST). The
answer page is the submission: its p50/p95 is the figure the issue asks for (≤ 300 ms, 0 errors). The floor is the
same server's sign-in page (no database) read at the same time by one client, so the ratio says what the contest
adds to a request through this stack.

    LOA_BENCH_PEOPLE=2000 LOA_BENCH_WINDOW=600 loa bench contest_load

Arrivals are spread evenly over the window; each person thinks 20–90 s before answering. Every answer that is not a
redirect to the result page (302) is an error, and so is every request that could not be sent.
"""

import contextlib
import json
import os
import random
import re
import signal
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.client import HTTPConnection, HTTPException
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.utils import timezone

from loa.contests import bank, services
from loa.contests.catalog import ContestKind, ContestStatus
from loa.contests.models import Contest
from loa.org.catalog import UnitType
from loa.org.models import OrgUnit
from loa.org.scope import SYSTEM

from .common import Timing
from .logins import WORKERS, _free_port, _percentile, _server

TITLE = "Cuộc thi benchmark"
FAILURES = (OSError, HTTPException)


def _contest() -> tuple[Contest, list[str]]:
    """The benchmark quiz (10 questions of a 40-question bank, 10 minutes, one open round) and the unit codes."""
    province = OrgUnit.objects.get(code=settings.LOA_DEMO_PROVINCE_CODE)
    snv = OrgUnit.objects.get(parent=province, unit_type=UnitType.SO_NOI_VU)
    units = list(OrgUnit.objects.filter(parent=province, valid_to=None).values_list("code", flat=True))
    found = Contest.objects.filter(unit=snv, title=TITLE).first()
    if found is None:
        for i in range(40):
            question = bank.QuestionInput(
                area="tthc" if i % 2 else "the_che",
                text=f"Câu hỏi benchmark {i}: cơ quan nào tiếp nhận hồ sơ thủ tục hành chính?",
                options=[f"Phương án {c} của câu {i}" for c in "ABCD"],
                answer=i % 4,
                code=f"BENCH{i:03d}",
            )
            with contextlib.suppress(Exception):  # already there from an earlier run
                bank.question_create(actor=SYSTEM, owner=snv, data=question)
        data = services.ContestInput(
            kind=ContestKind.QUIZ,
            title=TITLE,
            attempts_per_round=1,
            time_limit=600,
            blueprint=[{"area": "tthc", "topic": "", "count": 5}, {"area": "the_che", "topic": "", "count": 5}],
            prediction="pred_people",
        )
        found = services.contest_create(actor=SYSTEM, unit=snv, data=data)
    now = timezone.now()
    found.rounds.all().delete()
    services.round_save(
        actor=SYSTEM,
        contest=found,
        data=services.RoundInput(opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(hours=3)),
    )
    found.status = ContestStatus.PUBLISHED
    found.save(update_fields=["status"])
    return found, units


class Person:
    """One phone: its own connection and cookies, as a browser keeps them."""

    def __init__(self, port: int, code: str) -> None:
        self.port, self.code = port, code
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, str, str, float]:
        conn = HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        elapsed = (time.perf_counter() - started) * 1000
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";")[0]
        conn.close()
        return response.status, response.headers.get("Location", ""), text, elapsed


def _take_part(
    port: int, code: str, unit: str, n: int, think: float, record: Callable[[str, float, str], None]
) -> None:
    person = Person(port, code)
    try:
        status, _loc, page, ms = person.request("GET", f"/cuoc-thi/{code}/")
        record("contest", ms, "" if status == 200 else f"contest page {status}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError("no form on the contest page")
        join = {"csrfmiddlewaretoken": token.group(1), "name": f"Người dự thi {n}", "unit": unit}
        join["phone"] = f"08{n:08d}"
        status, location, _page, ms = person.request("POST", f"/cuoc-thi/{code}/vao-thi/", join)
        record("join", ms, "" if status == 302 else f"join {status}")
        if status != 302:
            return
        path = location.replace("http://127.0.0.1", "")
        status, _loc, page, ms = person.request("GET", path)
        record("attempt", ms, "" if status == 200 else f"attempt page {status}")
        questions = sorted(set(re.findall(r'name="(q_\d+)"', page)))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        time.sleep(think)
        answers = {q: str(random.randrange(4)) for q in questions}
        answers |= {"csrfmiddlewaretoken": token.group(1) if token else "", "prediction": str(1500 + n % 1000)}
        status, _loc, _page, ms = person.request("POST", path, answers)
        record("answer", ms, "" if status == 302 else f"answer {status}")
    except FAILURES as exc:
        record("error", 0.0, f"{type(exc).__name__}: {exc}")


def measure(people: int, window: float) -> dict[str, Any]:
    contest, units = _contest()
    port = _free_port()
    server = _server(port, "loa.settings")
    samples: dict[str, list[float]] = {"contest": [], "join": [], "attempt": [], "answer": [], "floor": []}
    errors: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def record(kind: str, ms: float, problem: str) -> None:
        with lock:
            if kind in samples:
                samples[kind].append(ms)
            if problem:
                errors.append(problem)

    def floor() -> None:  # one client reading the sign-in page every half second meanwhile
        probe = Person(port, contest.code)
        while not done.is_set():
            with contextlib.suppress(*FAILURES):
                status, _loc, _page, ms = probe.request("GET", "/login/")
                if status == 200:
                    record("floor", ms, "")
            time.sleep(0.5)

    rng = random.Random(2026)
    think = float(os.environ.get("LOA_BENCH_THINK", "90"))  # the longest a person thinks before answering
    plan = [(i * window / people, rng.choice(units), rng.uniform(min(20, think), think)) for i in range(people)]
    started = time.perf_counter()
    watcher = threading.Thread(target=floor, daemon=True)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=400) as pool:
            for n, (at, unit, think) in enumerate(plan):
                delay = at - (time.perf_counter() - started)
                if delay > 0:
                    time.sleep(delay)
                pool.submit(_take_part, port, contest.code, unit, n, think, record)
    finally:
        done.set()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    wall = time.perf_counter() - started

    def summary(values: list[float]) -> dict[str, float]:
        if not values:
            return {"n": 0}
        return {
            "n": len(values),
            "p50_ms": round(statistics.median(values), 1),
            "p95_ms": round(_percentile(values, 0.95), 1),
        }

    return {
        "people": people,
        "window_s": window,
        "wall_s": round(wall, 1),
        "server": f"gunicorn sync, {WORKERS} workers, {os.cpu_count()} cores",
        "database": connection.vendor,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "requests": {k: summary(v) for k, v in samples.items()},
        "errors": len(errors),
        "first_errors": errors[:20],
        "attempts_scored": contest.rounds.get().participants.filter(attempts__status="att_done").count(),
    }


def run(*, repeat: int = 0, **_ignored: Any) -> list[Timing]:
    """`loa bench contest_load`: also written to bench/results/contest-load-<database>-<time>.json."""
    people = int(os.environ.get("LOA_BENCH_PEOPLE", "2000"))
    window = float(os.environ.get("LOA_BENCH_WINDOW", "600"))
    out = measure(people, window)
    folder = Path(settings.BASE_DIR) / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"contest-load-{out['database']}-{time.strftime('%Y%m%d-%H%M')}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2))
    print(json.dumps(out, ensure_ascii=False, indent=2))
    print(f"→ {path}")
    floor = out["requests"]["floor"].get("p50_ms")
    return [
        Timing(f"{people} người dự thi: {label}", out["requests"][key]["p50_ms"], out["requests"][key]["p95_ms"], floor)
        for key, label in (
            ("contest", "trang cuộc thi"),
            ("join", "vào thi"),
            ("attempt", "trang bài thi"),
            ("answer", "nộp bài"),
        )
        if out["requests"][key].get("n")
    ] + [Timing(f"lỗi: {out['errors']}", 0.0, 0.0)]
