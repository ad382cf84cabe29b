"""A small HTTP load generator, run as its own process by `loa bench`: N clients, each with a connection of its
own (kept alive when the server allows it; gunicorn's sync workers close it after each answer, and the client
connects again, as a browser does), first a few untimed requests, then timed ones. It prints one JSON object:
the latencies in ms, the errors and the wall time. Every request that did not answer 200 is an error, including
those a client could not even send.

Why a separate process without Django: run inside the benchmark's own process, whose heap holds the dataset it
has just built, the clients' garbage collection and GIL waits doubled the latencies they measured (about 180
requests per second instead of 320, for the same server). A load tool should measure the server, not itself.
Standard library only, so that it can be pointed at any Loa server:

    python bench/http_load.py --port 8000 --path '/dashboard/' --cookie 'sessionid=…' --clients 32 --requests 20
"""

import argparse
import contextlib
import json
import sys
import threading
import time
from http.client import HTTPConnection, HTTPException
from typing import Any


def run(*, host: str, port: int, path: str, cookie: str, clients: int, requests: int, warm: int) -> dict[str, Any]:
    headers = {"Cookie": cookie, "Host": host}
    samples: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    ready = threading.Barrier(clients + 1, timeout=600)  # a warm-up that hangs must not hang the benchmark
    failures = (OSError, HTTPException)  # refused, reset, timed out, or a broken answer

    def get(conn: HTTPConnection) -> int:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status

    def client() -> None:
        conn = HTTPConnection(host, port, timeout=60)
        try:
            for _ in range(warm):
                get(conn)
        except failures as exc:
            conn = HTTPConnection(host, port, timeout=60)
            with lock:
                errors.append(f"{type(exc).__name__}: {exc}")
        # Everyone starts the timed part together, once every client has warmed up (if one never does, the
        # barrier breaks after its timeout and the others are timed anyway).
        with contextlib.suppress(threading.BrokenBarrierError):
            ready.wait()
        for _ in range(requests):
            started = time.perf_counter()
            try:
                status = get(conn)
                problem = None if status == 200 else str(status)
            except failures as exc:
                problem = f"{type(exc).__name__}: {exc}"
                conn = HTTPConnection(host, port, timeout=60)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                samples.append(elapsed)
                if problem:
                    errors.append(problem)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    with contextlib.suppress(threading.BrokenBarrierError):
        ready.wait()
    wall = time.perf_counter()
    for t in threads:
        t.join()
    missing = clients * requests - len(samples)  # a client that died: what it never timed counts as errors
    errors.extend(["not sent"] * missing)
    return {"samples_ms": samples, "errors": errors, "wall_s": time.perf_counter() - wall}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--cookie", default="")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per client")
    parser.add_argument("--warm", type=int, default=2, help="untimed requests per client first")
    args = parser.parse_args(argv)
    result = run(**vars(args))  # the options are run()'s keyword arguments, one for one
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
