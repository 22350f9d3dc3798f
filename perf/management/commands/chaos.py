"""`manage.py chaos`: PostgreSQL killed with SIGKILL under readers and writers of the production set-up.

The server is `make serve-prod`'s (gunicorn; pooled connections, prepared statements, DEBUG off)
under the supervisor, in a throw-away data directory with a throw-away secret key. Nothing
restarts PostgreSQL but the supervisor. Measured from the clients' side: how long requests
failed, the slowest answer while the database was down (goal: 1 s), how long until every kind of
request succeeded again, and the acknowledged writes missing afterwards (a client-side ledger
against the database).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Above gunicorn's 30 s timeout: an answer that never comes is counted, not cut short.
REQUEST_TIMEOUT = 40.0
ANSWER_GOAL = 1.0
READ_PATHS = ["/health/", "/api/v1/topics/?page_size=5", "/admin/login/"]
# `make serve-prod`'s settings (the Makefile's PROD_ENV), on loopback over plain HTTP.
PRODUCTION = {
    "DEBUG": "0",
    "DATABASE_POOL": "1",
    "DATABASE_PREPARED_STATEMENTS": "1",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
}


@dataclass
class Attempt:
    path: str
    began: float  # seconds since the traffic started
    seconds: float
    status: int  # 0: no answer (refused, reset or timed out)
    retry_after: bool = False
    slug: str = ""

    @property
    def ended(self) -> float:
        return self.began + self.seconds

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Command(BaseCommand):
    help = (
        "Crash test: PostgreSQL killed with SIGKILL under API readers and writers of the production set-up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("CHAOS_PORT") or 8799))
        parser.add_argument(
            "--gunicorn-args",
            default="summit.wsgi:application --workers 4 --timeout 30",
            help="gunicorn's arguments but --bind (the Makefile passes make serve-prod's)",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the data directory and the logs.")
        parser.add_argument("--readers", type=int, default=2)
        parser.add_argument("--writers", type=int, default=2)
        parser.add_argument("--before", type=float, default=3.0, help="Seconds of traffic before the kill.")
        parser.add_argument("--after", type=float, default=3.0, help="Seconds of traffic after recovery.")
        parser.add_argument(
            "--max-recovery",
            type=float,
            default=15.0,
            help="Fail unless every request succeeds this soon after the kill.",
        )
        parser.add_argument(
            "--max-answer",
            type=float,
            default=None,
            help=f"Fail if an answer during the outage took longer (the goal, {ANSWER_GOAL} s, is reported either way).",
        )

    def handle(
        self,
        *args,
        port,
        gunicorn_args,
        keep,
        readers,
        writers,
        before,
        after,
        max_recovery,
        max_answer,
        **options,
    ):
        from summit.embedded import EmbeddedServer

        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                raise CommandError(
                    f"port {port} is in use: choose another with --port or CHAOS_PORT"
                ) from None

        workdir = Path(tempfile.mkdtemp(prefix="summit-chaos-"))
        server = EmbeddedServer(workdir / "pg")
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY_FILE")}
        env.update(PRODUCTION)
        env.update(
            EMBEDDED_DATA_DIR=str(server.data_dir),
            SECRET_KEY=secrets.token_urlsafe(50),
            THROTTLE_ANON="1000000/hour",
            THROTTLE_USER="1000000/hour",
        )
        supervisor = None
        try:
            token = self._prepare(env, workdir)
            command = [sys.executable, "-m", "summit.supervisor", "--", sys.executable, "-m", "gunicorn"]
            command += ["--bind", f"127.0.0.1:{port}", *shlex.split(gunicorn_args)]
            with (workdir / "server.log").open("ab") as log:
                supervisor = subprocess.Popen(
                    command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
                )
            base = f"http://127.0.0.1:{port}"
            self._wait_for(base, supervisor, workdir)
            traffic = Traffic(base, token, readers=readers, writers=writers)
            traffic.start()
            time.sleep(before)
            killed_at = traffic.now()
            victims = server.processes()
            for process in victims:
                with contextlib.suppress(Exception):
                    process.send_signal(signal.SIGKILL)
            database_back = self._wait_for_database(server, traffic, deadline=killed_at + max_recovery)
            recovered = traffic.wait_for_recovery(
                since=database_back or killed_at, until=killed_at + max_recovery
            )
            time.sleep(after if recovered is not None else 0)
            traffic.stop()
            stored = self._stored_slugs(server)
        finally:
            stopped = self._stop(supervisor, server)
            if keep:
                self.stdout.write(f"data directory and logs kept in {workdir}")
            else:
                shutil.rmtree(workdir, ignore_errors=True)

        self._report(
            traffic, killed_at, len(victims), database_back, recovered, stored, stopped,
            max_recovery=max_recovery, max_answer=max_answer,
        )  # fmt: skip

    def _prepare(self, env: dict[str, str], workdir: Path) -> str:
        """The schema and a fact-checker's token in the throw-away database; the static files'
        manifest that pages need with DEBUG off, as `make serve-prod` makes it."""
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        static = subprocess.Popen(
            [*manage, "collectstatic", "--no-input", "-v", "0"], env=env, stdout=subprocess.DEVNULL
        )
        subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
        created = subprocess.run(
            [*manage, "create_factchecker", "chaos"], env=env, check=True, capture_output=True, text=True
        )
        if static.wait() != 0:
            raise CommandError("collectstatic failed")
        return created.stdout.strip().splitlines()[-1]

    def _wait_for(self, base: str, supervisor: subprocess.Popen, workdir: Path) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and supervisor.poll() is None:
            try:
                with urllib.request.urlopen(f"{base}/health/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise CommandError(f"the server did not start:\n{(workdir / 'server.log').read_text()[-3000:]}")

    def _wait_for_database(self, server, traffic: Traffic, deadline: float) -> float | None:
        """When PostgreSQL (restarted by the supervisor alone) accepts a connection again."""
        import psycopg

        while traffic.now() < deadline:
            try:
                with psycopg.connect(
                    host=str(server.socket_dir()), user="postgres", dbname="summit", connect_timeout=1
                ):
                    return traffic.now()
            except psycopg.OperationalError:
                time.sleep(0.05)
        return None

    def _stored_slugs(self, server) -> set[str]:
        import psycopg

        try:
            with psycopg.connect(host=str(server.socket_dir()), user="postgres", dbname="summit") as conn:
                rows = conn.execute("SELECT slug FROM claims_topic WHERE slug LIKE 'chaos-%'").fetchall()
        except psycopg.OperationalError as error:
            raise CommandError(
                f"the ledger cannot be checked: the database does not answer ({error})"
            ) from None
        return {slug for (slug,) in rows}

    def _stop(self, supervisor: subprocess.Popen | None, server) -> bool:
        """SIGTERM to the supervisor, as systemd sends: True when gunicorn and PostgreSQL are gone."""
        if supervisor is None:
            return False
        supervisor.send_signal(signal.SIGTERM)
        try:
            supervisor.wait(60)
        except subprocess.TimeoutExpired:
            supervisor.kill()
            supervisor.wait()
            return False
        return not server.processes()

    def _report(
        self,
        traffic,
        killed_at,
        victims,
        database_back,
        recovered,
        stored,
        stopped,
        *,
        max_recovery,
        max_answer,
    ):
        attempts = traffic.attempts
        writes = [a for a in attempts if a.slug]
        acknowledged = {a.slug for a in writes if a.ok}
        lost = sorted(acknowledged - stored)
        end = recovered if recovered is not None else traffic.now()
        # Every request in flight at some moment between the kill and the recovery.
        during = [a for a in attempts if a.ended >= killed_at and a.began <= end]
        failed = [a for a in attempts if not a.ok and a.ended >= killed_at]
        outage = (max(a.ended for a in failed) - killed_at) if failed else 0.0
        slowest = max(during, key=lambda a: a.seconds, default=None)
        refused = [a for a in failed if a.status == 503]
        other = [a for a in failed if a.status != 503]

        out = self.stdout.write
        out(f"requests: {len(attempts)} ({len(writes)} writes, {len(acknowledged)} acknowledged)")
        out(f"PostgreSQL killed (SIGKILL, {victims} processes) at {killed_at:.2f}s")
        if database_back is None:
            out("PostgreSQL back: not within the time allowed")
        else:
            out(
                f"PostgreSQL back (restarted by the supervisor): {database_back - killed_at:.2f}s after the kill"
            )
        down_until = database_back if database_back is not None else end
        answered_down = [a for a in attempts if killed_at <= a.ended <= down_until]
        out(
            f"answers while PostgreSQL was down: {len(answered_down)} ({sum(a.status == 503 for a in answered_down)} 503)"
        )
        out(f"outage window (kill to the last failed answer): {outage:.2f}s")
        out(
            f"answers that failed: {len(failed)}: {len(refused)} 503 "
            f"({sum(a.retry_after for a in refused)} with Retry-After), "
            f"{len(other)} other ({', '.join(sorted({str(a.status) for a in other})) or 'none'}; 0 is no answer)"
        )
        if bare := sorted({a.path for a in refused if not a.retry_after}):
            out(f"503 without Retry-After on: {', '.join(bare)}")
        if slowest is not None:
            verdict = "within" if slowest.seconds <= ANSWER_GOAL else "OVER"
            out(
                f"slowest answer during the outage: {slowest.seconds:.2f}s ({slowest.path}, {slowest.status}); "
                f"goal {ANSWER_GOAL:.1f}s: {verdict}"
            )
        if recovered is None:
            out(f"recovered: no, not within {max_recovery:.0f}s of the kill")
        else:
            out(f"time to recover (kill to every kind of request answered 2xx): {recovered - killed_at:.2f}s")
        out(f"acknowledged writes lost: {len(lost)} (of {len(acknowledged)}; ledger against the database)")
        out(f"SIGTERM to the supervisor stopped gunicorn and PostgreSQL: {'yes' if stopped else 'NO'}")

        problems = []
        if lost:
            problems.append(f"acknowledged writes missing from the database: {lost[:10]}")
        if recovered is None:
            problems.append(f"the API had not recovered {max_recovery:.0f}s after the kill")
        if not stopped:
            problems.append("the supervisor did not stop everything on SIGTERM")
        if max_answer is not None and slowest is not None and slowest.seconds > max_answer:
            problems.append(f"an answer during the outage took {slowest.seconds:.2f}s (over {max_answer}s)")
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write("chaos: ok")


class Traffic:
    """Reader and writer threads, each sending one request after another and noting each answer."""

    def __init__(self, base: str, token: str, *, readers: int, writers: int):
        self.base = base
        self.token = token
        self.attempts: list[Attempt] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._counter = iter(range(10**9))
        self._started = time.monotonic()
        self._threads = [threading.Thread(target=self._read, args=(n,), daemon=True) for n in range(readers)]
        self._threads += [threading.Thread(target=self._write, daemon=True) for _ in range(writers)]

    def now(self) -> float:
        return time.monotonic() - self._started

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(REQUEST_TIMEOUT + 5)

    def wait_for_recovery(self, *, since: float, until: float) -> float | None:
        """When every kind of request (each read path, a write) begun after `since` has
        succeeded, and none failed after: the end of that answer; None if not by `until`."""
        kinds = {*READ_PATHS, "write"}
        while self.now() < until:
            with self._lock:
                later = [a for a in self.attempts if a.began >= since]
            last_failure = max((a.ended for a in later if not a.ok), default=since)
            succeeded = {}
            for attempt in later:
                kind = "write" if attempt.slug else attempt.path
                if attempt.ok and attempt.began >= last_failure and kind not in succeeded:
                    succeeded[kind] = attempt.ended
            if kinds <= succeeded.keys():
                return max(succeeded.values())
            time.sleep(0.05)
        return None

    def _read(self, offset: int) -> None:
        n = offset
        while not self._stopping.is_set():
            path = READ_PATHS[n % len(READ_PATHS)]
            self._note(self._request(path))
            n += 1

    def _write(self) -> None:
        while not self._stopping.is_set():
            slug = f"chaos-{next(self._counter)}"
            body = json.dumps({"slug": slug, "name": f"Chaos write {slug}"}).encode()
            self._note(self._request("/api/v1/topics/", body=body, slug=slug))

    def _note(self, attempt: Attempt) -> None:
        with self._lock:
            self.attempts.append(attempt)

    def _request(self, path: str, *, body: bytes | None = None, slug: str = "") -> Attempt:
        headers = {"Accept": "application/json"}
        if body is not None:
            headers.update({"Content-Type": "application/json", "Authorization": f"Token {self.token}"})
        request = urllib.request.Request(f"{self.base}{path}", data=body, headers=headers)
        began = self.now()
        retry_after = False
        try:
            with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            error.read()
            status, retry_after = error.code, error.headers.get("Retry-After") is not None
        except (urllib.error.URLError, TimeoutError, ConnectionError):
            status = 0
        return Attempt(path, began, self.now() - began, status, retry_after, slug)
