"""Simultaneous logins: N people press "Đăng nhập" at the same moment, against gunicorn as deployed (3 sync workers).

Where a login's time goes, measured three ways:
- the password hash alone (Django's PBKDF2, its iterations chosen to be slow), timed in this process;
- the database statements of one login (throttling, session, last login), timed one by one;
- N logins at once through HTTP, with the real hasher and again with one that costs nothing (bench/login_settings.py):
  the second run is everything but the hash under the same load (sessions, throttling, SQLite's write lock).
On a 2-core machine N logins with the real hasher cannot take less than about N × hash / 2 for the last one: that is
the floor printed beside them.
"""

import contextlib
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from http.client import HTTPConnection
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher, check_password, make_password
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.utils import timezone

from loa.org.catalog import Role
from loa.org.models import User

from .common import Timing

PASSWORD = "Loa-bench-dang-nhap-2026"
PREFIX = "bench.login."
WORKERS = int(os.environ.get("LOA_BENCH_WORKERS", "3"))
CORES = os.cpu_count() or 1
TAIL = ["--timeout", "300", "--log-level", "warning"]


def _users(count: int, password_hash: str) -> list[str]:
    """N accounts sharing one password hash (hashing it N times would only slow the set-up)."""
    names = [f"{PREFIX}{i}" for i in range(count)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    new = [User(username=n, role=Role.ADMIN, password=password_hash) for n in names if n not in existing]
    User.objects.bulk_create(new)
    User.objects.filter(username__in=names).update(password=password_hash, must_change_password=False, is_active=True)
    return names


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(q * len(ordered)) - 1)]


def hash_ms(repeat: int = 3) -> float:
    encoded = make_password(PASSWORD)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        check_password(PASSWORD, encoded)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


@contextlib.contextmanager
def _statements() -> Iterator[dict[str, list[float]]]:
    """Each SQL statement's time, by its first words ("INSERT INTO axes_accesslog")."""
    timings: dict[str, list[float]] = defaultdict(list)

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            words = sql.replace('"', "").split()
            key = " ".join(words[:3] if words[0] in {"INSERT", "DELETE"} else words[:2])
            if words[0] == "SELECT":
                key = "SELECT … FROM " + (words[words.index("FROM") + 1] if "FROM" in words else "")
            timings[key].append((time.perf_counter() - started) * 1000)

    with connection.execute_wrapper(wrapper):
        yield timings


def one_login(username: str) -> dict[str, Any]:
    """One login in this process: its total time and its statements."""
    client = Client()
    with _statements() as timings:
        started = time.perf_counter()
        response = client.post("/login/", {"username": username, "password": PASSWORD}, REMOTE_ADDR="192.0.2.1")
        total = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        raise RuntimeError(f"login answered {response.status_code}")
    return {
        "total_ms": round(total, 1),
        "statements": {k: {"count": len(v), "ms": round(sum(v), 2)} for k, v in sorted(timings.items())},
        "sql_ms": round(sum(sum(v) for v in timings.values()), 1),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server(port: int, settings_module: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "LOA_DEBUG": "false",
        "LOA_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(settings.BASE_DIR),
    }
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        env["DATABASE_URL"] = f"sqlite:///{settings.DATABASES['default']['NAME']}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "loa.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(WORKERS), *TAIL],
        env=env,
        cwd=str(settings.BASE_DIR),
    )
    for _ in range(150):
        with contextlib.suppress(ConnectionRefusedError):
            probe = HTTPConnection("127.0.0.1", port, timeout=60)
            probe.request("GET", "/login/")
            if probe.getresponse().status == 200:
                return server
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _login_form(port: int) -> tuple[str, str]:
    """The CSRF cookie and form token a browser gets with the login page."""
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    body = response.read().decode()
    cookie = next(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [] if c.startswith("csrftoken="))
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if match is None:
        raise RuntimeError("no CSRF token on the login page")
    return cookie, match.group(1)


def concurrent_logins(port: int, usernames: list[str]) -> tuple[list[float], list[str], float]:
    """Every user fetches the login page, then all post their password at once; each login's latency in ms."""
    forms = [_login_form(port) for _ in usernames]
    samples: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(usernames) + 1, timeout=600)

    def login(username: str, cookie: str, token: str) -> None:
        body = urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded", "Referer": "/login/"}
        conn = HTTPConnection("127.0.0.1", port, timeout=600)
        with contextlib.suppress(threading.BrokenBarrierError):
            start.wait()
        started = time.perf_counter()
        try:
            conn.request("POST", "/login/", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            problem = None if response.status == 302 else f"{username}: {response.status}"
        except OSError as exc:
            problem = f"{username}: {type(exc).__name__}: {exc}"
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            samples.append(elapsed)
            if problem:
                errors.append(problem)

    threads = [threading.Thread(target=login, args=(u, *f)) for u, f in zip(usernames, forms, strict=True)]
    for t in threads:
        t.start()
    wall_started = time.perf_counter()
    with contextlib.suppress(threading.BrokenBarrierError):
        start.wait()
    for t in threads:
        t.join()
    return samples, errors, time.perf_counter() - wall_started


def _under_load(clients: int, password_hash: str, settings_module: str) -> dict[str, Any]:
    names = _users(clients, password_hash)
    Session.objects.all().delete()
    port = _free_port()
    server = _server(port, settings_module)
    try:
        samples, errors, wall = concurrent_logins(port, names)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    return {
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(_percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
        "wall_s": round(wall, 2),
        "errors": errors,
    }


def measure_all(clients: int) -> dict[str, Any]:
    one_hash = hash_ms()
    real_hash = make_password(PASSWORD)
    _users(1, real_hash)
    one_login(f"{PREFIX}0")  # warm the process's caches (templates, URL resolver)
    single = one_login(f"{PREFIX}0")
    real = _under_load(clients, real_hash, "loa.settings")
    md5 = MD5PasswordHasher()
    cheap = _under_load(clients, md5.encode(PASSWORD, md5.salt()), "bench.login_settings")
    _users(clients, real_hash)
    return {
        "clients": clients,
        "server": f"gunicorn sync, {WORKERS} workers, {CORES} cores",
        # Other work on the machine slows the hashes down: the load average says how busy it was.
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "database": connection.vendor,
        "hash_ms": round(one_hash, 1),
        "one_login": single,
        "real_hasher": real,
        "no_hash_cost": cheap,
        # The last of N logins cannot finish before N hashes have run on the machine's cores.
        "hash_floor_max_ms": round(one_hash * clients / min(CORES, WORKERS), 1),
    }


def write(out: dict[str, Any]) -> Path:
    folder = Path(settings.BASE_DIR) / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"logins-{connection.vendor}-{timezone.now():%Y%m%d-%H%M}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def run(*, repeat: int = 0, clients: int = 50, **_ignored: Any) -> list[Timing]:
    """`loa bench logins`: the numbers are also written to bench/results/logins-<database>-<time>.json."""
    out = measure_all(clients)
    path = write(out)
    real, cheap = out["real_hasher"], out["no_hash_cost"]
    print(json.dumps(out, ensure_ascii=False, indent=2))
    print(f"→ {path}")
    return [
        Timing("băm mật khẩu một lần (PBKDF2)", out["hash_ms"], out["hash_ms"]),
        Timing("một lần đăng nhập (trong tiến trình)", out["one_login"]["total_ms"], out["one_login"]["total_ms"]),
        Timing(f"{clients} đăng nhập cùng lúc, băm thật", real["p50_ms"], real["p95_ms"]),
        Timing(f"{clients} đăng nhập cùng lúc, băm không tốn", cheap["p50_ms"], cheap["p95_ms"]),
    ]
